"""Resource-policy documents: IAM's JSON policy grammar, and whether a policy is public.

AWS checks a resource policy's syntax (MalformedPolicyDocumentException) and, for
BlockPublicPolicy and ValidateResourcePolicy, asks its automated reasoning engine (Zelkova)
whether the policy grants broad access. The mock checks the grammar of IAM's JSON policy
language and answers the broad-access question with its policy evaluator (secretmock._policy).

Evidence for the texts:

* "This resource policy contains a syntax error." [DOC old user guide; USER quoted from
  PutResourcePolicy in hashicorp/terraform-provider-aws#28609 (2022) and
  terraform-aws-modules/terraform-aws-secrets-manager#2 (2023)]. Assumed [INF]: AWS gives it
  for every grammar error; it names none of them. In 2020 an unknown Version was answered
  "This policy has invalid syntax." (awsdocs/aws-cloudformation-user-guide#623), taken to be
  the older text, as the facts file advises.
* "This resource policy contains an unsupported principal." [USER] the text terraform-provider-
  aws retries on (secret_policy.go), there for a principal ARN that does not exist (yet). The
  mock cannot know which principals exist; it gives this text for principals that are not of a
  form AWS accepts. The trailing period is assumed [INF].
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

from secretmock._messages import (
    INVALID_SERVICE_PRINCIPAL,
    INVALID_SYNTAX,
    UNSUPPORTED_PRINCIPAL,
    Message,
)
from secretmock.errors import SecretsManagerError

VERSIONS = ("2012-10-17", "2008-10-17")
POLICY_KEYS = {"Version", "Id", "Statement"}
STATEMENT_KEYS = {
    "Sid",
    "Effect",
    "Principal",
    "NotPrincipal",
    "Action",
    "NotAction",
    "Resource",
    "NotResource",
    "Condition",
}
PRINCIPAL_TYPES = {"AWS", "Service", "Federated", "CanonicalUser"}
_ACTION = re.compile(r"\*|[A-Za-z0-9-]+:[A-Za-z0-9*?]+")
# An AWS principal, of any partition: an account id, or the ARN of an account root, an IAM user
# or role (with a path), an assumed-role session or a federated user. Nothing else is a
# principal (a group, an instance profile, a policy), and "You cannot use a wildcard to match
# part of a principal name or ARN" [DOC IAM "AWS JSON policy elements: Principal"]; the
# characters are IAM's for names and paths [DOC IAM CreateUser, AssumeRole] [INF: which
# refusal AWS gives for each, taken to be UNSUPPORTED_PRINCIPAL like a root with a wildcard].
_IAM_NAME = r"[\w+=,.@-]+"
_IAM_PATH = rf"/(?:{_IAM_NAME}/)*"
_AWS_PRINCIPAL = re.compile(
    rf"\d{{12}}|arn:aws[a-z-]*:(?:iam::\d{{12}}:(?:root|(?:user|role){_IAM_PATH}{_IAM_NAME})"
    rf"|sts::\d{{12}}:(?:assumed-role/{_IAM_NAME}/{_IAM_NAME}|federated-user/{_IAM_NAME}))",
    re.ASCII,
)
# A service principal is a service's DNS name: lambda.amazonaws.com, logs.eu-west-1.amazonaws.com,
# ec2.amazonaws.com.cn [DOC IAM "AWS service principals"]. AWS refuses a name of no service
# (invalidservice.amazonaws.com); the mock, which has no list of services, checks the form only
# [INF]: labels of letters, digits and hyphens, at least two of them, no wildcard.
_SERVICE_PRINCIPAL = re.compile(r"[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+", re.ASCII)
_CONDITION_OPERATORS = {
    "StringEquals",
    "StringNotEquals",
    "StringEqualsIgnoreCase",
    "StringNotEqualsIgnoreCase",
    "StringLike",
    "StringNotLike",
    "NumericEquals",
    "NumericNotEquals",
    "NumericLessThan",
    "NumericLessThanEquals",
    "NumericGreaterThan",
    "NumericGreaterThanEquals",
    "DateEquals",
    "DateNotEquals",
    "DateLessThan",
    "DateLessThanEquals",
    "DateGreaterThan",
    "DateGreaterThanEquals",
    "Bool",
    "BinaryEquals",
    "IpAddress",
    "NotIpAddress",
    "ArnEquals",
    "ArnLike",
    "ArnNotEquals",
    "ArnNotLike",
    "Null",
}
_SET_PREFIXES = ("ForAllValues:", "ForAnyValue:")
_IF_EXISTS = "IfExists"


def _invalid(message: Message = INVALID_SYNTAX) -> SecretsManagerError:
    return message.error()


def _refuse_constant(name: str) -> Any:
    raise ValueError(name)  # NaN and Infinity are not JSON


def parse_policy(text: str) -> dict[str, Any]:
    """The policy document ``text`` holds, checked against IAM's policy grammar."""
    try:
        document = json.loads(text, parse_constant=_refuse_constant)
    except (ValueError, RecursionError):
        # Nesting deeper than the parser follows ("[" * 5000) is no policy either. Assumed
        # [INF]: AWS answers it as any other grammar error; no IAM policy nests more than a
        # few levels.
        raise _invalid() from None
    if not isinstance(document, dict) or not set(document) <= POLICY_KEYS:
        raise _invalid()
    if "Version" in document and document["Version"] not in VERSIONS:
        raise _invalid()
    if "Id" in document and not isinstance(document["Id"], str):
        raise _invalid()
    sids: set[str] = set()
    for statement in statements(document):
        _check_statement(statement)
        sid = statement.get("Sid")
        if sid:
            if sid in sids:
                raise _invalid()  # a Sid must be unique within the policy
            sids.add(sid)
    return document


def statements(document: dict[str, Any]) -> list[dict[str, Any]]:
    """The statements of a document: one object, or a non-empty list of objects."""
    found = document.get("Statement")
    listed = [found] if isinstance(found, dict) else found
    if not isinstance(listed, list) or not listed:
        raise _invalid()
    if not all(isinstance(statement, dict) for statement in listed):
        raise _invalid()
    return listed


def _check_statement(statement: dict[str, Any]) -> None:
    if not set(statement) <= STATEMENT_KEYS:
        raise _invalid()
    if "Sid" in statement and not isinstance(statement["Sid"], str):
        raise _invalid()
    if statement.get("Effect") not in ("Allow", "Deny"):
        raise _invalid()
    # A resource policy names who it is for, what they may do, and on what: exactly one of
    # each pair (assumed [INF]: Secrets Manager requires Resource like other resource policies).
    for pair in (
        ("Principal", "NotPrincipal"),
        ("Action", "NotAction"),
        ("Resource", "NotResource"),
    ):
        if sum(key in statement for key in pair) != 1:
            raise _invalid()
    for key in ("Action", "NotAction"):
        if key in statement and not all(
            _ACTION.fullmatch(action) for action in _strings(statement[key])
        ):
            raise _invalid()
    for key in ("Resource", "NotResource"):
        if key in statement:
            for resource in _strings(statement[key]):
                if resource != "*" and not resource.startswith("arn:"):
                    raise _invalid()
    for key in ("Principal", "NotPrincipal"):
        if key in statement:
            _check_principal(statement[key])
    if "Condition" in statement:
        _check_condition(statement["Condition"])


def _strings(value: Any) -> list[str]:
    """A policy element that takes a string or a non-empty list of strings."""
    listed = [value] if isinstance(value, str) else value
    if not isinstance(listed, list) or not listed:
        raise _invalid()
    if not all(isinstance(item, str) and item for item in listed):
        raise _invalid()
    return listed


def _check_principal(principal: Any) -> None:
    if principal == "*":
        return
    if not isinstance(principal, dict) or not principal:
        raise _invalid()
    for kind, value in principal.items():
        if kind not in PRINCIPAL_TYPES:
            raise _invalid(UNSUPPORTED_PRINCIPAL)
        names = _strings(value)
        if kind == "AWS":
            for name in names:
                if name != "*" and not _AWS_PRINCIPAL.fullmatch(name):
                    raise _invalid(UNSUPPORTED_PRINCIPAL)
        elif kind == "Service":
            for name in names:
                if not _SERVICE_PRINCIPAL.fullmatch(name):
                    raise _invalid(INVALID_SERVICE_PRINCIPAL)


def _check_condition(condition: Any) -> None:
    if not isinstance(condition, dict) or not condition:
        raise _invalid()
    for operator, keys in condition.items():
        if _base_operator(operator) not in _CONDITION_OPERATORS:
            raise _invalid()
        if not isinstance(keys, dict) or not keys:
            raise _invalid()
        for values in keys.values():
            listed = values if isinstance(values, list) else [values]
            if not listed or not all(isinstance(item, (str, bool, int, float)) for item in listed):
                raise _invalid()


def _base_operator(operator: str) -> str:
    for prefix in _SET_PREFIXES:
        if operator.startswith(prefix):
            operator = operator[len(prefix) :]
    if operator.endswith(_IF_EXISTS) and operator != "Null" + _IF_EXISTS:
        operator = operator[: -len(_IF_EXISTS)]
    return operator


def public_statements(document: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """The statements of a parsed document that grant broad (public) access.

    The policy evaluator decides: a statement is public when a principal in an account the
    policy does not name can use it (secretmock/_policy/public.py has the rule and its evidence).
    """
    # Loaded here, with the first public-policy check, rather than with the first mock: the
    # evaluator's classes and patterns would add about a third to the mock's first-use cost.
    from secretmock._policy.model import read_policy
    from secretmock._policy.public import grants_public_access

    policy = read_policy(document)
    for item, statement in zip(statements(document), policy.statements, strict=True):
        if grants_public_access(statement):
            yield item
