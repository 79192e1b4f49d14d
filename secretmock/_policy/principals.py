"""Whether a Principal or NotPrincipal element names the caller.

A caller is known to IAM by several identities at once, and a policy names it by any of them
[DOC IAM "AWS JSON policy elements: Principal" and "NotPrincipal"]:

* its account: ``"123456789012"`` and ``"arn:aws:iam::123456789012:root"`` are the same
  principal, and in a resource policy they stand for every principal of that account (the
  account then decides through its own IAM policies, which the mock does not model);
* an IAM user by its ARN;
* a role by its ARN, which names every session of the role; a session is named by its
  ``arn:aws:sts::...:assumed-role/ROLE/SESSION`` ARN. A session ARN carries the role's name but
  not its path, so a role is matched by account and name [INF: role names are unique in an
  account whatever their path];
* a federated user by its ARN; a service by its service principal name (``Service``).

``"*"`` and ``{"AWS": "*"}`` name everyone, anonymous callers included. ARNs are compared
exactly: IAM refuses wildcards in principal ARNs.

NotPrincipal excludes a caller only when it lists every identity the caller has: "if you use
NotPrincipal with Deny ... you must also include the account ARN" of an excluded user or
session [DOC IAM NotPrincipal]; the mock applies the same rule under Allow [INF].
"""

from __future__ import annotations

import re

from secretmock._policy.context import Caller
from secretmock._policy.model import Principals

_ACCOUNT = re.compile(r"\d{12}")
_ROOT = re.compile(r"arn:[\w-]+:iam::(?P<account>\d{12}):root")
_ROLE = re.compile(
    r"arn:(?P<partition>[\w-]+):iam::(?P<account>\d{12}):role/(?:.*/)?(?P<name>[^/]+)"
)


def names_caller(principals: Principals, caller: Caller) -> bool:
    """Whether a Principal element names ``caller``."""
    if principals.everyone:
        return True
    named = _identities_named(principals)
    return any(identity in named for identity in _identities(caller))


def excludes_caller(principals: Principals, caller: Caller) -> bool:
    """Whether a NotPrincipal element leaves ``caller`` out of its statement."""
    if principals.everyone:
        return True
    identities = _identities(caller)
    named = _identities_named(principals)
    return bool(identities) and all(identity in named for identity in identities)


def _identities(caller: Caller) -> list[str]:
    if caller.type == "Service":
        return [f"Service:{caller.arn}"]
    if caller.type == "Anonymous" or caller.account is None:
        return []
    identities = [f"account:{caller.account}"]
    if caller.type == "AssumedRole" and caller.principal_arn is not None:
        identities.append(_aws_identity(caller.principal_arn))
    if caller.type != "Account":
        identities.append(f"AWS:{caller.arn}")
    return identities


def _identities_named(principals: Principals) -> set[str]:
    return {
        _aws_identity(name) if kind == "AWS" else f"{kind}:{name}"
        for kind, name in principals.names
    }


def _aws_identity(name: str) -> str:
    if _ACCOUNT.fullmatch(name):
        return f"account:{name}"
    if found := _ROOT.fullmatch(name):
        return f"account:{found['account']}"
    if found := _ROLE.fullmatch(name):
        return f"role:{found['partition']}:{found['account']}:{found['name']}"
    return f"AWS:{name}"
