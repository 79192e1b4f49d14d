"""Principal and NotPrincipal: who a statement names, in each of the forms IAM accepts."""

from __future__ import annotations

from typing import Any

import pytest

from secretmock._policy import Caller, Outcome, evaluate
from tests.policy.support import OTHER, policy, request, statement

ROOT = Caller.from_arn(f"arn:aws:iam::{OTHER}:root")
USER = Caller.from_arn(f"arn:aws:iam::{OTHER}:user/dev/alice")
SESSION = Caller.from_arn(
    f"arn:aws:sts::{OTHER}:assumed-role/app/run-1", role_arn=f"arn:aws:iam::{OTHER}:role/svc/app"
)
FEDERATED = Caller.from_arn(f"arn:aws:sts::{OTHER}:federated-user/bob")
STRANGER = Caller.from_arn("arn:aws:iam::999988887777:user/alice")
ANONYMOUS = Caller("anonymous", "Anonymous")
LAMBDA = Caller("lambda.amazonaws.com", "Service")
EVERYONE = [ROOT, USER, SESSION, FEDERATED, STRANGER, ANONYMOUS, LAMBDA]


def allowed(principal: Any, caller: Caller, key: str = "Principal") -> bool:
    members = {"Principal": None, key: principal}
    document = policy(statement(**members))
    return evaluate(request(caller=caller), document).allowed


@pytest.mark.parametrize(
    ("principal", "named"),
    [
        ("*", EVERYONE),
        ({"AWS": "*"}, EVERYONE),
        # An account, in either form, names every principal of the account.
        ({"AWS": OTHER}, [ROOT, USER, SESSION, FEDERATED]),
        ({"AWS": f"arn:aws:iam::{OTHER}:root"}, [ROOT, USER, SESSION, FEDERATED]),
        ({"AWS": f"arn:aws:iam::{OTHER}:user/dev/alice"}, [USER]),
        # A role names its sessions, with or without the role's path.
        ({"AWS": f"arn:aws:iam::{OTHER}:role/svc/app"}, [SESSION]),
        ({"AWS": f"arn:aws:iam::{OTHER}:role/app"}, [SESSION]),
        ({"AWS": f"arn:aws:sts::{OTHER}:assumed-role/app/run-1"}, [SESSION]),
        ({"AWS": f"arn:aws:sts::{OTHER}:assumed-role/app/run-2"}, []),
        ({"AWS": f"arn:aws:sts::{OTHER}:federated-user/bob"}, [FEDERATED]),
        ({"Service": "lambda.amazonaws.com"}, [LAMBDA]),
        ({"AWS": [f"arn:aws:iam::{OTHER}:user/dev/alice", "999988887777"]}, [USER, STRANGER]),
    ],
)
def test_principal(principal, named):
    assert [caller for caller in EVERYONE if allowed(principal, caller)] == named


@pytest.mark.parametrize(
    ("not_principal", "excluded"),
    [
        ("*", EVERYONE),
        ({"AWS": OTHER}, [ROOT]),
        # A user or session is left out only with its account (and role) listed too [DOC].
        ({"AWS": f"arn:aws:iam::{OTHER}:user/dev/alice"}, []),
        ({"AWS": [OTHER, f"arn:aws:iam::{OTHER}:user/dev/alice"]}, [ROOT, USER]),
        (
            {
                "AWS": [
                    f"arn:aws:iam::{OTHER}:root",
                    f"arn:aws:iam::{OTHER}:role/svc/app",
                    f"arn:aws:sts::{OTHER}:assumed-role/app/run-1",
                ]
            },
            [ROOT, SESSION],
        ),
        ({"Service": "lambda.amazonaws.com"}, [LAMBDA]),
    ],
)
def test_not_principal(not_principal, excluded):
    assert [
        caller for caller in EVERYONE if not allowed(not_principal, caller, key="NotPrincipal")
    ] == excluded


def test_an_explicit_deny_names_its_statement():
    document = policy(
        statement(Sid="Everyone"),
        statement(Sid="NotAlice", Effect="Deny", Principal={"AWS": USER.arn}),
    )

    denied = evaluate(request(caller=USER), document)
    allowed = evaluate(request(caller=ROOT), document)

    assert denied.outcome is Outcome.EXPLICIT_DENY
    assert denied.statement is not None
    assert denied.statement.sid == "NotAlice"
    assert allowed.outcome is Outcome.ALLOWED
    assert allowed.statement is not None
    assert allowed.statement.sid == "Everyone"


def test_no_statement_for_the_caller_is_an_implicit_deny():
    document = policy(statement(Principal={"AWS": "111122223333"}))

    decision = evaluate(request(caller=USER), document)

    assert decision.outcome is Outcome.IMPLICIT_DENY
    assert decision.statement is None
    assert evaluate(request(caller=USER)).outcome is Outcome.IMPLICIT_DENY  # no policy at all


@pytest.mark.parametrize(
    ("arn", "type_", "account", "principal_arn", "username"),
    [
        (f"arn:aws:iam::{OTHER}:root", "Account", OTHER, f"arn:aws:iam::{OTHER}:root", None),
        (
            f"arn:aws:iam::{OTHER}:user/dev/alice",
            "User",
            OTHER,
            f"arn:aws:iam::{OTHER}:user/dev/alice",
            "alice",
        ),
        (
            f"arn:aws-cn:sts::{OTHER}:assumed-role/app/s",
            "AssumedRole",
            OTHER,
            f"arn:aws-cn:iam::{OTHER}:role/app",
            None,
        ),
        (
            f"arn:aws:sts::{OTHER}:federated-user/bob",
            "FederatedUser",
            OTHER,
            f"arn:aws:sts::{OTHER}:federated-user/bob",
            None,
        ),
    ],
)
def test_a_caller_from_its_arn(arn, type_, account, principal_arn, username):
    caller = Caller.from_arn(arn)

    assert (caller.type, caller.account, caller.principal_arn, caller.username) == (
        type_,
        account,
        principal_arn,
        username,
    )


@pytest.mark.parametrize(
    "arn", ["arn:aws:iam::123:root", "arn:aws:s3:::bucket", f"arn:aws:iam::{OTHER}:role/app"]
)
def test_a_caller_needs_the_arn_of_a_caller(arn):
    with pytest.raises(ValueError, match="not the ARN of a caller"):
        Caller.from_arn(arn)


def test_an_identity_based_statement_speaks_for_its_own_principal_on_any_resource():
    document = policy(statement(Principal=None, Resource=None))

    assert all(evaluate(request(caller=caller), document).allowed for caller in EVERYONE)
