"""The decision: whether the statements of one or more policies allow a request.

[DOC IAM "Policy evaluation logic"]: every statement that applies to the request counts; an
explicit Deny in any of them wins, whatever the order; otherwise an Allow allows; otherwise
the request is implicitly denied. A statement applies when its principal names the caller (or
its NotPrincipal does not), its action and resource match, and all its conditions hold.

The decision says which statement decided it, and why: an AccessDeniedException reads "with
an explicit deny in a resource-based policy" or "because no resource-based policy allows the
... action".
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from secretmock._policy.conditions import condition_holds
from secretmock._policy.context import RequestContext
from secretmock._policy.model import Effect, Policy, Statement
from secretmock._policy.principals import excludes_caller, names_caller
from secretmock._policy.variables import expand
from secretmock._policy.wildcard import Piece, matches, wildcard_regex


class Outcome(Enum):
    ALLOWED = "allowed"
    EXPLICIT_DENY = "explicit deny"
    IMPLICIT_DENY = "implicit deny"


@dataclass(frozen=True)
class Decision:
    outcome: Outcome
    statement: Statement | None  # the Deny that denied, the first Allow that allowed

    @property
    def allowed(self) -> bool:
        return self.outcome is Outcome.ALLOWED


def evaluate(context: RequestContext, *policies: Policy) -> Decision:
    """The decision ``policies`` together give for the request ``context``."""
    allowing: Statement | None = None
    for policy in policies:
        for statement in policy.statements:
            if not statement_applies(statement, context, variables=policy.reads_variables):
                continue
            if statement.effect is Effect.DENY:
                return Decision(Outcome.EXPLICIT_DENY, statement)
            allowing = allowing or statement
    if allowing is None:
        return Decision(Outcome.IMPLICIT_DENY, None)
    return Decision(Outcome.ALLOWED, allowing)


def statement_applies(
    statement: Statement, context: RequestContext, *, variables: bool = True
) -> bool:
    """Whether ``statement`` speaks about this request (whatever its effect)."""
    return (
        _principal_matches(statement, context)
        and _action_matches(statement, context.action)
        and _resource_matches(statement, context, variables)
        and all(
            condition_holds(condition, context.value, variables=variables)
            for condition in statement.conditions
        )
    )


def _principal_matches(statement: Statement, context: RequestContext) -> bool:
    if statement.principals is None:
        return True  # an identity-based policy: it speaks for its own principal
    if statement.not_principal:
        return not excludes_caller(statement.principals, context.caller)
    return names_caller(statement.principals, context.caller)


def _action_matches(statement: Statement, action: str) -> bool:
    found = any(matches(pattern, action, ignore_case=True) for pattern in statement.actions)
    return found != statement.not_action


def _resource_matches(statement: Statement, context: RequestContext, variables: bool) -> bool:
    if statement.resources is None:
        return True  # a resource policy's own resource [INF: the grammar check requires one]
    found = any(
        wildcard_regex(pieces).fullmatch(context.resource) is not None
        for pieces in _resource_patterns(statement.resources, context, variables)
    )
    return found != statement.not_resource


def _resource_patterns(
    resources: tuple[str, ...], context: RequestContext, variables: bool
) -> list[list[Piece]]:
    if not variables:
        return [[(resource, False)] for resource in resources]
    return [
        pieces for resource in resources if (pieces := expand(resource, context.value)) is not None
    ]
