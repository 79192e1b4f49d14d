"""The resource-policy operations: Put, Get, Delete, Validate and ListResourcePolicies.

A secret has at most one resource policy, the one called "default": "You can only attach the
default policy; if you specify any other name, the operation returns an
InvalidParameterException" (Put and Delete), and Get "returns a ResourceNotFoundException" for
another name [DOC, botocore 1.44 model]. The policy text is kept and returned exactly as put.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from secretmock._clock import Instant
from secretmock._operations._constraints import Violations
from secretmock._operations.pagination import INVALID_NEXT_TOKEN, MAX_TOKEN_LENGTH
from secretmock._operations.policy_document import parse_policy, public_statements, statements
from secretmock._request import Handler, Request
from secretmock.errors import (
    InvalidNextTokenException,
    InvalidParameterException,
    PublicPolicyException,
    ResourceNotFoundException,
)

DEFAULT_POLICY = "default"
MAX_POLICY_LENGTH = 20480  # characters [DOC model and quota page]
MAX_POLICY_NAME_LENGTH = 64
POLICY_NAME_PATTERN = r"[0-9A-Za-z\-\_]+"
_POLICY_NAME = re.compile(POLICY_NAME_PATTERN)

# Assumed [INF]: AWS's texts for these are unrecorded. PUBLIC_POLICY is the model's own
# description of PublicPolicyException; the others say what the documentation says.
ONLY_DEFAULT = "You can only modify the resource policy named default."
NO_SUCH_POLICY = "Secrets Manager can't find the specified resource policy."
PUBLIC_POLICY = (
    "The BlockPublicPolicy parameter is set to true, and the resource policy did not prevent "
    "broad access to the secret."
)
# Assumed [INF]: ValidateResourcePolicy's check names are undocumented.
BROAD_ACCESS_CHECK = "BROAD_ACCESS"
BROAD_ACCESS_MESSAGE = (
    "The resource policy grants broad access to the secret: statement {index} allows a "
    "wildcard principal without a condition that narrows it."
)


def _policy_name(params: Mapping[str, Any], violations: Violations) -> str:
    name: str = params.get("PolicyName", DEFAULT_POLICY)
    if len(name) > MAX_POLICY_NAME_LENGTH:
        violations.max_length("policyName", name, MAX_POLICY_NAME_LENGTH)
    if not _POLICY_NAME.fullmatch(name):
        violations.add(
            "policyName",
            name,
            f"Member must satisfy regular expression pattern: {POLICY_NAME_PATTERN}",
        )
    return name


def _policy_text(params: Mapping[str, Any], violations: Violations) -> str:
    text: str = params["ResourcePolicy"]
    if len(text) > MAX_POLICY_LENGTH:
        violations.max_length("resourcePolicy", text, MAX_POLICY_LENGTH)
    return text


def put_resource_policy(request: Request) -> dict[str, Any]:
    params = request.params
    violations = Violations()
    text = _policy_text(params, violations)
    name = _policy_name(params, violations)
    violations.raise_if_any()
    if name != DEFAULT_POLICY:
        raise InvalidParameterException(ONLY_DEFAULT)
    # A secret scheduled for deletion refuses every policy operation with the usual text.
    # [USER] for GetResourcePolicy: "error reading Secrets Manager Secret policy:
    # InvalidRequestException: You can't perform this operation on the secret because it was
    # marked for deletion." (hashicorp/terraform-provider-aws#23998, 2022; the provider's
    # acceptance tests, run against AWS, accept that answer). Assumed [INF] for Put and Delete.
    secret = request.live_secret()
    document = parse_policy(text)
    if params.get("BlockPublicPolicy", False) and any(public_statements(document)):
        raise PublicPolicyException(PUBLIC_POLICY)
    changed = Instant(request.now)
    secret.resource_policy = text
    # Assumed [INF]: the policy is part of the secret's metadata (see tags.py).
    secret.mark_changed(changed)
    return {"ARN": secret.arn, "Name": secret.name, "PolicyName": DEFAULT_POLICY}


def get_resource_policy(request: Request) -> dict[str, Any]:
    violations = Violations()
    name = _policy_name(request.params, violations)
    violations.raise_if_any()
    secret = request.live_secret()
    if name != DEFAULT_POLICY:
        raise ResourceNotFoundException(NO_SUCH_POLICY)
    reply: dict[str, Any] = {"ARN": secret.arn, "Name": secret.name}
    # Without a policy AWS answers ARN and Name only (moto PR #6049, "in line with what AWS
    # does") [PEER]; the new PolicyName member is always there [DOC: "If you didn't specify
    # PolicyName in the request, this is default"].
    if secret.resource_policy is not None:
        reply["ResourcePolicy"] = secret.resource_policy
    reply["PolicyName"] = DEFAULT_POLICY
    return reply


def delete_resource_policy(request: Request) -> dict[str, Any]:
    violations = Violations()
    name = _policy_name(request.params, violations)
    violations.raise_if_any()
    if name != DEFAULT_POLICY:
        raise InvalidParameterException(ONLY_DEFAULT)
    secret = request.live_secret()
    # Assumed [INF]: deleting when there is no policy succeeds and changes nothing.
    if secret.resource_policy is not None:
        changed = Instant(request.now)
        secret.resource_policy = None
        secret.mark_changed(changed)
    return {"ARN": secret.arn, "Name": secret.name, "PolicyName": DEFAULT_POLICY}


def validate_resource_policy(request: Request) -> dict[str, Any]:
    params = request.params
    violations = Violations()
    text = _policy_text(params, violations)
    violations.raise_if_any()
    if "SecretId" in params:
        request.live_secret()  # only looked up: the mock has no callers to lock out
    # Assumed [INF]: a syntax error is the declared MalformedPolicyDocumentException, as on
    # PutResourcePolicy; broad access is reported in ValidationErrors.
    document = parse_policy(text)
    public = {id(statement) for statement in public_statements(document)}
    errors = [
        {"CheckName": BROAD_ACCESS_CHECK, "ErrorMessage": BROAD_ACCESS_MESSAGE.format(index=index)}
        for index, statement in enumerate(statements(document), 1)
        if id(statement) in public
    ]
    return {"PolicyValidationPassed": not errors, "ValidationErrors": errors}


def list_resource_policies(request: Request) -> dict[str, Any]:
    params = request.params
    violations = Violations()
    if "MaxResults" in params:
        violations.range("maxResults", params["MaxResults"], 1, 100)
    token: str | None = params.get("NextToken")
    if token is not None and len(token) > MAX_TOKEN_LENGTH:
        violations.max_length("nextToken", token, MAX_TOKEN_LENGTH)
    violations.raise_if_any()
    secret = request.live_secret()
    # A secret has at most the one policy, so every answer fits one page and the mock never
    # hands out a NextToken: any token it is given was not issued by it.
    if token is not None:
        raise InvalidNextTokenException(INVALID_NEXT_TOKEN)
    policies = [] if secret.resource_policy is None else [{"PolicyName": DEFAULT_POLICY}]
    return {"ResourcePolicies": policies}


HANDLERS: dict[str, Handler] = {
    "PutResourcePolicy": put_resource_policy,
    "GetResourcePolicy": get_resource_policy,
    "DeleteResourcePolicy": delete_resource_policy,
    "ValidateResourcePolicy": validate_resource_policy,
    "ListResourcePolicies": list_resource_policies,
}
