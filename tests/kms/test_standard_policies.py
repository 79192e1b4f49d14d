"""A key whose policy is the standard one is decided without the evaluator (one comparison per
call); that shortcut must answer exactly as evaluating the policy would, for every caller."""

from __future__ import annotations

import json
import threading

from hypothesis import given
from hypothesis import strategies as st

from secretmock._kms.access import DECRYPT, ENCRYPT, GENERATE_DATA_KEY, allows
from secretmock._kms.key_policy import KeyPolicy
from secretmock._kms.keys import KmsKey
from secretmock._policy import Caller, read_policy

ACCOUNTS = ("123456789012", "444455556666")
SECRET = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:app-AbCdEf"


def callers(account: str) -> list[Caller]:
    return [
        Caller.from_arn(f"arn:aws:iam::{account}:root"),
        Caller.from_arn(f"arn:aws:iam::{account}:user/ops/alice"),
        Caller.from_arn(f"arn:aws:sts::{account}:assumed-role/app/session-1"),
    ]


def key(aws_managed: bool) -> KmsKey:
    return KmsKey(
        key_id="1234abcd-12ab-34cd-56ef-1234567890ab",
        arn="arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
        description="",
        policy=None,
        aws_managed=aws_managed,
        lock=threading.RLock(),
    )


@given(
    aws_managed=st.booleans(),
    caller=st.sampled_from([caller for account in ACCOUNTS for caller in callers(account)]),
    action=st.sampled_from([DECRYPT, ENCRYPT, GENERATE_DATA_KEY]),
    version_id=st.sampled_from(
        ["EXAMPLE1-90ab-cdef-fedc-ba987SECRET1", "RequestToValidateKeyAccess"]
    ),
)
def test_the_standard_policy_shortcut_answers_as_the_evaluator(
    aws_managed: bool, caller: Caller, action: str, version_id: str
) -> None:
    standard = key(aws_managed)
    assert standard.serves == "123456789012"
    # The same key, its policy read as any other: a different but equal text is evaluated.
    evaluated = key(aws_managed)
    evaluated.rules = KeyPolicy(standard.policy, read_policy(json.loads(standard.policy)))
    evaluated.serves = None

    shortcut = allows(standard, caller, action, SECRET, version_id, 1_700_000_000.0)
    answer = allows(evaluated, caller, action, SECRET, version_id, 1_700_000_000.0)

    assert shortcut == answer == (caller.account == "123456789012")
