"""Whether a resource-policy statement grants public ("broad") access.

AWS asks its automated-reasoning engine (Zelkova) whether a policy lets principals it does not
name reach the secret; its examples are a wildcard principal [DOC PutResourcePolicy
BlockPublicPolicy: "resource-based policies that allow broad access to the secret, for example
those that use a wildcard for the principal"]. The mock's rule, decided with the evaluator:

    An Allow statement is public when a *stranger* can use it: a principal in an account the
    policy does not name, for some request whose keys the stranger controls.

* The stranger is named by the statement only through ``"*"``, ``{"AWS": "*"}`` or a
  NotPrincipal that does not list it (principals.py decides, as for any caller).
* The keys that say who or where a caller is (aws:PrincipalAccount, aws:PrincipalOrgID,
  aws:SourceVpce, aws:SourceIp, ... below) are the stranger's own: a value the policy does not
  name, or, for keys a request may lack, no value at all. A stranger also has whatever a
  wildcard pattern admits, unless the pattern writes out an account or organization
  (``arn:aws:iam::123456789012:role/*``, ``o-1/*``), and an address in an everywhere network
  (``0.0.0.0/0``). The statement is public if one such value per key makes every condition
  on that key hold.
* Every other key (aws:SecureTransport, aws:CurrentTime, tags, ...) is the stranger's to
  choose: a condition on it does not keep a stranger out [INF: it says how, not who].

So ``"Principal": "*"`` is public; with StringEquals aws:SourceAccount or aws:PrincipalOrgID
pinned to values it is not; with ``...IfExists`` on a key a request may lack, with a negated
operator, or with a wildcard in the value, it still is. Deny statements never are.
"""

from __future__ import annotations

import ipaddress
import itertools
import re
from collections import defaultdict

from secretmock._policy.conditions import condition_holds
from secretmock._policy.context import Caller
from secretmock._policy.model import Condition, Effect, Statement
from secretmock._policy.principals import excludes_caller, names_caller

# Keys that identify the caller, its organization, or where the call comes from [INF: the
# keys AWS's examples use to narrow a wildcard principal to known callers].
IDENTIFYING_KEYS = frozenset(
    {
        "aws:principalaccount",
        "aws:principalarn",
        "aws:principalorgid",
        "aws:principalorgpaths",
        "aws:principalservicename",
        "aws:sourceaccount",
        "aws:sourcearn",
        "aws:sourceowner",
        "aws:sourceip",
        "aws:sourcevpc",
        "aws:sourcevpce",
        "aws:userid",
    }
)
# Keys every signed request carries [DOC global condition keys, "Availability" of
# aws:PrincipalAccount, aws:PrincipalArn and aws:userid]; the others may be absent (a caller in
# no organization, a call through no VPC endpoint, a call not made by a service).
_ALWAYS_PRESENT = frozenset({"aws:principalaccount", "aws:principalarn", "aws:userid"})
_PATTERN_OPERATORS = frozenset({"StringLike", "ArnLike", "ArnEquals"})
_STRANGER_TEXT = "stranger"
_WILDCARD = re.compile(r"[*?]")
_ARN_KEYS = frozenset({"aws:principalarn", "aws:sourcearn"})
_ORG_PATHS = "aws:principalorgpaths"


def grants_public_access(statement: Statement) -> bool:
    """Whether ``statement`` lets a principal that the policy does not name use the secret."""
    if statement.effect is not Effect.ALLOW or statement.principals is None:
        return False
    stranger = _stranger(statement)
    if statement.not_principal:
        if excludes_caller(statement.principals, stranger):
            return False
    elif not names_caller(statement.principals, stranger):
        return False
    by_key: defaultdict[str, list[Condition]] = defaultdict(list)
    for condition in statement.conditions:
        if condition.key.lower() in IDENTIFYING_KEYS:
            by_key[condition.key.lower()].append(condition)
    return all(_stranger_passes(key, conditions) for key, conditions in by_key.items())


def _stranger(statement: Statement) -> Caller:
    """A role session in an account that the statement's principals do not name."""
    named = {name for _, name in statement.principals.names} if statement.principals else set()
    account = next(
        f"{number:012d}"
        for number in itertools.count()
        if not any(f"{number:012d}" in name for name in named)
    )
    return Caller.from_arn(f"arn:aws:sts::{account}:assumed-role/{_STRANGER_TEXT}/session")


def _stranger_passes(key: str, conditions: list[Condition]) -> bool:
    """Whether some value a stranger may have for ``key`` meets every condition on it."""
    for candidate in _candidates(key, conditions):

        def lookup(asked: str, value: tuple[str, ...] | None = candidate) -> tuple[str, ...] | None:
            return value if asked.lower() == key else None

        if all(condition_holds(condition, lookup) for condition in conditions):
            return True
    return False


def _candidates(key: str, conditions: list[Condition]) -> list[tuple[str, ...] | None]:
    candidates: list[tuple[str, ...] | None] = [(_STRANGER_TEXT,)]
    if key not in _ALWAYS_PRESENT:
        candidates.append(None)
    for condition in conditions:
        for value in condition.values:
            if condition.base in _PATTERN_OPERATORS and _reaches_strangers(key, value):
                candidates.append((value.replace("*", _STRANGER_TEXT).replace("?", "x"),))
            elif condition.base == "IpAddress" and _everywhere(value):
                candidates.append((str(ipaddress.ip_network(value, strict=False)[0]),))
    return candidates


def _reaches_strangers(key: str, pattern: str) -> bool:
    """Whether a wildcard pattern admits values of callers in accounts it does not name.

    An ARN pattern whose account part is written out names one account, whatever wildcards
    follow (``arn:aws:iam::123456789012:role/*``); an organization path whose organization is
    written out names one organization (``o-1/*``) [INF].
    """
    if not _WILDCARD.search(pattern):
        return False
    if key in _ARN_KEYS:
        parts = pattern.split(":", 5)
        return len(parts) < 6 or not parts[4] or _WILDCARD.search(parts[4]) is not None
    if key == _ORG_PATHS:
        return _WILDCARD.search(pattern.split("/", 1)[0]) is not None
    return True


def _everywhere(value: str) -> bool:
    try:
        return ipaddress.ip_network(value, strict=False).prefixlen == 0
    except ValueError:
        return False
