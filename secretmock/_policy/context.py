"""The request context a policy is evaluated against: who calls, what, on what, when, and keys.

Condition key names are case-insensitive [DOC IAM "Condition element": "Condition key names
are not case-sensitive"]; their values are compared as each operator says. A key the request
does not carry is absent (``value`` answers None), which is not the same as a multivalued key
with no values (an empty tuple): see conditions.py.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Literal, TypeAlias

# aws:PrincipalType's values [DOC IAM global condition keys, aws:PrincipalType], and Service
# for a service principal (which that key does not describe).
PrincipalType = Literal["Account", "User", "FederatedUser", "AssumedRole", "Anonymous", "Service"]

# What a test or the mock may put in the context for a key: a string, a boolean, a number, a
# moment, bytes (for BinaryEquals), or several strings for a multivalued key (aws:TagKeys).
ContextValue: TypeAlias = str | bool | int | float | datetime | bytes | Sequence[str]

_ROOT = re.compile(r"arn:(?P<partition>[\w-]+):iam::(?P<account>\d{12}):root")
_USER = re.compile(
    r"arn:(?P<partition>[\w-]+):iam::(?P<account>\d{12}):user/(?:.*/)?(?P<name>[^/]+)"
)
_SESSION = re.compile(
    r"arn:(?P<partition>[\w-]+):sts::(?P<account>\d{12}):assumed-role/(?P<role>[^/]+)/[^/]+"
)
_FEDERATED = re.compile(r"arn:(?P<partition>[\w-]+):sts::(?P<account>\d{12}):federated-user/.+")


@dataclass(frozen=True)
class Caller:
    """The principal that makes a request.

    ``arn`` is the caller as AWS names it in an AccessDeniedException ("User: <arn> is not
    authorized ..."); ``principal_arn`` is aws:PrincipalArn, the same but for a role session,
    where it is the role's ARN [DOC aws:PrincipalArn: "For IAM roles, the request context
    returns the ARN of the role, not the ARN of the user that assumed the role"].
    """

    arn: str
    type: PrincipalType
    account: str | None = None
    principal_arn: str | None = None
    userid: str | None = None
    username: str | None = None

    @classmethod
    def from_arn(cls, arn: str, *, role_arn: str | None = None) -> Caller:
        """A caller named by its ARN: an account root, IAM user, role session or federated user.

        For a role session give ``role_arn`` when the role has a path: a session ARN names
        only the role (arn:aws:sts::111122223333:assumed-role/app/session).
        """
        if found := _ROOT.fullmatch(arn):
            return cls(arn, "Account", found["account"], arn, userid=found["account"])
        if found := _USER.fullmatch(arn):
            return cls(arn, "User", found["account"], arn, username=found["name"])
        if found := _SESSION.fullmatch(arn):
            partition, account = found["partition"], found["account"]
            role = role_arn or f"arn:{partition}:iam::{account}:role/{found['role']}"
            return cls(arn, "AssumedRole", account, role)
        if found := _FEDERATED.fullmatch(arn):
            return cls(arn, "FederatedUser", found["account"], arn)
        raise ValueError(f"not the ARN of a caller: {arn!r}")


@dataclass(frozen=True)
class RequestContext:
    """One request: the caller, the action and resource, the time, and its condition keys.

    The caller and the time give aws:PrincipalArn, aws:PrincipalAccount, aws:PrincipalType,
    aws:userid, aws:username, aws:CurrentTime and aws:EpochTime; ``keys`` holds the others
    (aws:ResourceTag/*, aws:RequestTag/*, aws:TagKeys, secretsmanager:*) and may override these.
    """

    caller: Caller
    action: str  # secretsmanager:GetSecretValue
    resource: str  # the secret's ARN
    now: datetime
    keys: Mapping[str, ContextValue] = field(default_factory=dict)
    _values: dict[str, tuple[str, ...]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        values: dict[str, tuple[str, ...]] = {}
        caller = self.caller
        for key, known in (
            ("aws:principalarn", caller.principal_arn),
            ("aws:principalaccount", caller.account),
            ("aws:principaltype", caller.type if caller.type != "Service" else None),
            ("aws:userid", caller.userid),
            ("aws:username", caller.username),
        ):
            if known is not None:
                values[key] = (known,)
        values["aws:currenttime"] = (iso_time(self.now),)
        values["aws:epochtime"] = (str(int(self.now.timestamp())),)
        for key, value in self.keys.items():
            values[key.lower()] = context_values(value)
        object.__setattr__(self, "_values", values)

    def value(self, key: str) -> tuple[str, ...] | None:
        """The values of condition key ``key`` in this request, None when it is absent."""
        return self._values.get(key.lower())


def context_values(value: ContextValue) -> tuple[str, ...]:
    """A context value as the strings the operators compare."""
    if isinstance(value, bool):
        return ("true" if value else "false",)
    if isinstance(value, (int, float)):
        return (str(value),)
    if isinstance(value, datetime):
        return (iso_time(value),)
    if isinstance(value, bytes):
        return (base64.b64encode(value).decode("ascii"),)
    if isinstance(value, str):
        return (value,)
    return tuple(value)


def iso_time(moment: datetime) -> str:
    """ISO 8601 in UTC with a Z, as aws:CurrentTime reads: 2026-03-04T05:06:07Z."""
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
