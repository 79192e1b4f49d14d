"""The resource-policy operations: Put, Get, Delete, Validate and ListResourcePolicies.

A secret has at most one resource policy, the one called "default": "You can only attach the
default policy; if you specify any other name, the operation returns an
InvalidParameterException" (Put and Delete), and Get "returns a ResourceNotFoundException" for
another name [DOC, botocore 1.44 model]. The policy text is kept and returned exactly as put.
"""

from __future__ import annotations

from typing import Any

from secretmock._authorization import locks_out
from secretmock._clock import Instant
from secretmock._messages import INVALID_NEXT_TOKEN, NO_SUCH_POLICY, ONLY_DEFAULT, PUBLIC_POLICY
from secretmock._policy import read_policy
from secretmock._policy.document import parse_policy, public_statements, statements
from secretmock._request import Handler, Request
from secretmock._validation.rules import Rules, secret_id

DEFAULT_POLICY = "default"

# Assumed [INF]: ValidateResourcePolicy's check names are undocumented.
BROAD_ACCESS_CHECK = "BROAD_ACCESS"
LOCKOUT_CHECK = "LOCKOUT"
# The console's text for a policy that locks its author out [DOC old user guide]; assumed [INF]
# to be the API's ErrorMessage too.
LOCKOUT_MESSAGE = "Your requested changes will not allow you to manage this secret in the future."
BROAD_ACCESS_MESSAGE = (
    "The resource policy grants broad access to the secret: statement {index} allows a "
    "wildcard principal without a condition that narrows it."
)


def put_resource_policy(request: Request) -> dict[str, Any]:
    params = request.params
    text: str = params["ResourcePolicy"]
    if params.get("PolicyName", DEFAULT_POLICY) != DEFAULT_POLICY:
        raise ONLY_DEFAULT.error()
    # A secret scheduled for deletion refuses every policy operation with the usual text.
    # [USER] for GetResourcePolicy: "error reading Secrets Manager Secret policy:
    # InvalidRequestException: You can't perform this operation on the secret because it was
    # marked for deletion." (hashicorp/terraform-provider-aws#23998, 2022; the provider's
    # acceptance tests, run against AWS, accept that answer). Assumed [INF] for Put and Delete.
    secret = request.live_secret()
    document = parse_policy(text)
    if params.get("BlockPublicPolicy", False) and any(public_statements(document)):
        raise PUBLIC_POLICY.error()
    changed = Instant(request.now)
    secret.resource_policy = text
    # Assumed [INF]: the policy is part of the secret's metadata (see tags.py).
    secret.mark_changed(changed)
    return {"ARN": secret.arn, "Name": secret.name, "PolicyName": DEFAULT_POLICY}


def get_resource_policy(request: Request) -> dict[str, Any]:
    secret = request.live_secret()
    if request.params.get("PolicyName", DEFAULT_POLICY) != DEFAULT_POLICY:
        raise NO_SUCH_POLICY.error()
    reply: dict[str, Any] = {"ARN": secret.arn, "Name": secret.name}
    # Without a policy AWS answers ARN and Name only (moto PR #6049, "in line with what AWS
    # does") [PEER]; the new PolicyName member is always there [DOC: "If you didn't specify
    # PolicyName in the request, this is default"].
    if secret.resource_policy is not None:
        reply["ResourcePolicy"] = secret.resource_policy
    reply["PolicyName"] = DEFAULT_POLICY
    return reply


def delete_resource_policy(request: Request) -> dict[str, Any]:
    if request.params.get("PolicyName", DEFAULT_POLICY) != DEFAULT_POLICY:
        raise ONLY_DEFAULT.error()
    secret = request.live_secret()
    # Assumed [INF]: deleting when there is no policy succeeds and changes nothing.
    if secret.resource_policy is not None:
        changed = Instant(request.now)
        secret.resource_policy = None
        secret.mark_changed(changed)
    return {"ARN": secret.arn, "Name": secret.name, "PolicyName": DEFAULT_POLICY}


def validate_resource_policy(request: Request) -> dict[str, Any]:
    params = request.params
    text: str = params["ResourcePolicy"]
    secret = request.live_secret() if "SecretId" in params else None
    # Assumed [INF]: a syntax error is the declared MalformedPolicyDocumentException, as on
    # PutResourcePolicy; broad access and a lockout are reported in ValidationErrors.
    document = parse_policy(text)
    public = {id(statement) for statement in public_statements(document)}
    errors = [
        {"CheckName": BROAD_ACCESS_CHECK, "ErrorMessage": BROAD_ACCESS_MESSAGE.format(index=index)}
        for index, statement in enumerate(statements(document), 1)
        if id(statement) in public
    ]
    # "Verifies the policy does not lock out a caller" [DOC ValidateResourcePolicy]: decided
    # for the secret the request names (without SecretId there is none to be locked out of).
    if secret is not None and locks_out(
        request, read_policy(document), secret, request.store_of(params["SecretId"])
    ):
        errors.append({"CheckName": LOCKOUT_CHECK, "ErrorMessage": LOCKOUT_MESSAGE})
    return {"PolicyValidationPassed": not errors, "ValidationErrors": errors}


def list_resource_policies(request: Request) -> dict[str, Any]:
    token: str | None = request.params.get("NextToken")
    secret = request.live_secret()
    # A secret has at most the one policy, so every answer fits one page and the mock never
    # hands out a NextToken: any token it is given was not issued by it.
    if token is not None:
        raise INVALID_NEXT_TOKEN.error()
    policies = [] if secret.resource_policy is None else [{"PolicyName": DEFAULT_POLICY}]
    return {"ResourcePolicies": policies}


HANDLERS: dict[str, Handler] = {
    "PutResourcePolicy": put_resource_policy,
    "GetResourcePolicy": get_resource_policy,
    "DeleteResourcePolicy": delete_resource_policy,
    "ValidateResourcePolicy": validate_resource_policy,
    "ListResourcePolicies": list_resource_policies,
}

RULES: dict[str, Rules] = {
    "PutResourcePolicy": (secret_id,),
    "GetResourcePolicy": (secret_id,),
    "DeleteResourcePolicy": (secret_id,),
    "ValidateResourcePolicy": (secret_id,),
    "ListResourcePolicies": (secret_id,),
}
