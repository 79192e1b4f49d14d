"""An IAM policy evaluator: does a policy allow this request, and which statement decides?

It enforces resource policies (secretmock._authorization) and key policies (secretmock._kms),
and decides what a public policy is (BlockPublicPolicy, ValidateResourcePolicy). It is a pure function of
a parsed policy and a request context; beside the standard library it imports only AWS's
error messages (document.py).

* document.py: the grammar AWS checks a policy's JSON against, with AWS's errors;
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
