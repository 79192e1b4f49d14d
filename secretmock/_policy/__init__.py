"""An IAM policy evaluator: does a policy allow this request, and which statement decides?

Groundwork for enforcing resource policies (issue 10): the operations use it today to decide
what a public policy is (BlockPublicPolicy, ValidateResourcePolicy). It is a pure function of
a parsed policy and a request context; it imports nothing above the standard library.

* model.py: a grammar-checked JSON document as statements, principals and conditions;
* context.py: the caller and the request (action, resource, time, condition keys);
* wildcard.py, variables.py: ``*``/``?`` matching and ``${...}`` policy variables;
* principals.py, conditions.py: Principal/NotPrincipal and the condition operators;
* evaluate.py: the decision (explicit deny, allowed, implicit deny);
* public.py: whether a statement grants broad access.
"""

from __future__ import annotations

from secretmock._policy.context import Caller, ContextValue, PrincipalType, RequestContext
from secretmock._policy.evaluate import Decision, Outcome, evaluate, statement_applies
from secretmock._policy.model import Policy, Statement, read_policy
from secretmock._policy.public import grants_public_access

__all__ = [
    "Caller",
    "ContextValue",
    "Decision",
    "Outcome",
    "Policy",
    "PrincipalType",
    "RequestContext",
    "Statement",
    "evaluate",
    "grants_public_access",
    "read_policy",
    "statement_applies",
]
