"""Whether the caller may act on a secret: its resource policy, evaluated as AWS does.

Called once for each secret an operation resolves (:meth:`secretmock._request.Request.lookup`),
and only when there is something to decide: a secret of another account, or one with a
resource policy. A same-account call on a secret without a policy never reaches this module.

The rules [DOC Secrets Manager "Permissions for users in a different account", IAM "Policy
evaluation logic"]:

* a caller in the secret's own account is allowed unless the resource policy denies it: the
  mock does not model identity-based IAM policies, so the caller's own permissions are taken
  to allow everything [INF];
* a caller in another account is allowed only when the policy allows it (an account root, a
  principal ARN or a wildcard, with its conditions); AWS also needs an Allow in the caller's
  identity policies, which the mock takes as given [INF];
* an explicit Deny wins in any account, the owner's included;
* a secret of another account that does not exist has no policy, so it is refused as not
  allowed rather than reported missing: IAM is evaluated before existence [USER
  jenkinsci/aws-secrets-manager-credentials-provider-plugin#65; INF for the exact answer].

Which actions an operation needs, and which condition keys its request carries, follow the
Service Authorization Reference for Secrets Manager [DOC, its programmatic JSON]; what a key
holds when the request leaves its parameter out is noted beside it.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from datetime import datetime, timezone
from functools import lru_cache
from typing import Any, Protocol

from secretmock._backend.models import Secret
from secretmock._backend.store import SecretStore
from secretmock._messages import (
    EXPLICIT_DENY_IN_RESOURCE_POLICY,
    NO_RESOURCE_POLICY_ALLOWS,
    Message,
)
from secretmock._policy import (
    Caller,
    ContextValue,
    Outcome,
    Policy,
    RequestContext,
    evaluate,
    read_policy,
)


class Request(Protocol):
    """What authorization reads of a :class:`secretmock._request.Request`."""

    @property
    def operation(self) -> str: ...

    @property
    def params(self) -> Mapping[str, Any]: ...

    @property
    def now(self) -> float: ...

    @property
    def caller(self) -> Caller: ...


_SERVICE = "secretsmanager"
# Operations authorized as other actions than their own name [DOC, the reference's "API
# operations" table: BatchGetSecretValue reads each secret as GetSecretValue;
# ValidateResourcePolicy needs PutResourcePolicy too].
_ACTIONS: Mapping[str, tuple[str, ...]] = {
    "BatchGetSecretValue": ("secretsmanager:GetSecretValue",),
    "ValidateResourcePolicy": (
        "secretsmanager:ValidateResourcePolicy",
        "secretsmanager:PutResourcePolicy",
    ),
}


def authorize(request: Request, secret_id: str, store: SecretStore, secret: Secret | None) -> None:
    """Raise AWS's AccessDeniedException unless the caller may run the operation on ``secret``
    (None: no secret ``secret_id`` exists in ``store``, the account and Region it names)."""
    caller = request.caller
    same_account = store.account_id == caller.account
    if secret is None or secret.resource_policy is None:
        if same_account:
            return
        raise NO_RESOURCE_POLICY_ALLOWS.error(
            caller=caller.arn, action=_actions(request.operation)[0], resource=secret_id
        )
    policy = _parsed(secret.resource_policy)
    keys = request_keys(request, secret, store)
    now = datetime.fromtimestamp(request.now, timezone.utc)
    for action in _actions(request.operation):
        context = RequestContext(caller, action, secret.arn, now, keys)
        refusal = _refusal(evaluate(context, policy).outcome, same_account)
        if refusal is not None:
            raise refusal.error(caller=caller.arn, action=action, resource=secret_id)


def _refusal(outcome: Outcome, same_account: bool) -> Message | None:
    """The refusal a policy's outcome gives (None: allowed): an explicit Deny refuses anyone, no
    Allow only a caller of another account (the module doc has the rules)."""
    if outcome is Outcome.EXPLICIT_DENY:
        return EXPLICIT_DENY_IN_RESOURCE_POLICY
    if outcome is Outcome.IMPLICIT_DENY and not same_account:
        return NO_RESOURCE_POLICY_ALLOWS
    return None


# What a caller needs to change a secret's resource policy, or to take it off.
_POLICY_ACTIONS = ("secretsmanager:PutResourcePolicy", "secretsmanager:DeleteResourcePolicy")


def locks_out(request: Request, policy: Policy, secret: Secret, store: SecretStore) -> bool:
    """Whether ``policy``, as ``secret``'s resource policy, would leave the caller unable to
    change or remove it: PutResourcePolicy and DeleteResourcePolicy both refused, by the rules
    :func:`authorize` applies."""
    caller = request.caller
    same_account = store.account_id == caller.account
    keys = request_keys(request, secret, store)
    now = datetime.fromtimestamp(request.now, timezone.utc)
    return all(
        _refusal(
            evaluate(RequestContext(caller, action, secret.arn, now, keys), policy).outcome,
            same_account,
        )
        is not None
        for action in _POLICY_ACTIONS
    )


def _actions(operation: str) -> tuple[str, ...]:
    return _ACTIONS.get(operation) or (f"{_SERVICE}:{operation}",)


@lru_cache(maxsize=256)
def _parsed(text: str) -> Policy:
    # A stored policy passed PutResourcePolicy's grammar check.
    return read_policy(json.loads(text))


def request_keys(request: Request, secret: Secret, store: SecretStore) -> dict[str, ContextValue]:
    """The condition keys of the request beyond who calls and when (RequestContext adds those).

    Every action on a secret carries the secret's own keys: secretsmanager:SecretId (its ARN),
    its tags as secretsmanager:ResourceTag/* and aws:ResourceTag/*, and, when it has them,
    secretsmanager:resource/AllowRotationLambdaArn and secretsmanager:resource/Type;
    secretsmanager:SecretPrimaryRegion is the Region it was created in [INF: for a secret that
    is no replica, its own]. Then the operation's parameters, as :data:`_PARAMETER_KEYS` says.
    """
    keys: dict[str, ContextValue] = {
        "secretsmanager:SecretId": secret.arn,
        "secretsmanager:SecretPrimaryRegion": secret.primary_region or store.region,
    }
    for tag in secret.tags or ():
        value = tag.get("Value", "")
        keys[f"secretsmanager:ResourceTag/{tag['Key']}"] = value
        keys[f"aws:ResourceTag/{tag['Key']}"] = value
    if secret.rotation is not None and secret.rotation.lambda_arn is not None:
        keys["secretsmanager:resource/AllowRotationLambdaArn"] = secret.rotation.lambda_arn
    if secret.secret_type is not None:
        keys["secretsmanager:resource/Type"] = secret.secret_type
    add_keys = _PARAMETER_KEYS.get(request.operation)
    if add_keys is not None:
        add_keys(request.params, keys)
    return keys


Keys = dict[str, ContextValue]


def _given(*names: str) -> Callable[[Mapping[str, Any], Keys], None]:
    """Keys named after parameters, present when the request gives the parameter."""

    def add(params: Mapping[str, Any], keys: Keys) -> None:
        for name in names:
            if name in params:
                keys[f"{_SERVICE}:{name}"] = params[name]

    return add


def _update_secret(params: Mapping[str, Any], keys: Keys) -> None:
    _given("Description", "KmsKeyId", "Type")(params, keys)


def _delete_secret(params: Mapping[str, Any], keys: Keys) -> None:
    force = params.get("ForceDeleteWithoutRecovery", False)
    keys["secretsmanager:ForceDeleteWithoutRecovery"] = force
    # The window the request asks for; 30 days when it gives none [INF: AWS's default].
    if not force:
        keys["secretsmanager:RecoveryWindowInDays"] = params.get("RecoveryWindowInDays") or 30


def _put_resource_policy(params: Mapping[str, Any], keys: Keys) -> None:
    # The request's value, false when left out (AWS's default) [INF].
    keys["secretsmanager:BlockPublicPolicy"] = params.get("BlockPublicPolicy", False)


def _rotate_secret(params: Mapping[str, Any], keys: Keys) -> None:
    _given("RotationLambdaARN", "ExternalSecretRotationRoleArn")(params, keys)
    # What the request does: it rotates now unless RotateImmediately is false, and changes the
    # rules when it gives RotationRules [INF].
    keys["secretsmanager:RotateImmediately"] = params.get("RotateImmediately", True)
    keys["secretsmanager:ModifyRotationRules"] = "RotationRules" in params


def _replicate(params: Mapping[str, Any], keys: Keys) -> None:
    # An entry without a Region is the handler's to refuse (after authorization, as on AWS).
    regions = [
        replica["Region"] for replica in params.get("AddReplicaRegions", ()) if "Region" in replica
    ]
    keys["secretsmanager:AddReplicaRegions"] = regions
    keys["secretsmanager:ForceOverwriteReplicaSecret"] = params.get(
        "ForceOverwriteReplicaSecret", False
    )


def _tag_resource(params: Mapping[str, Any], keys: Keys) -> None:
    tags: list[Mapping[str, str]] = params["Tags"]
    for tag in tags:
        keys[f"aws:RequestTag/{tag['Key']}"] = tag.get("Value", "")
    keys["aws:TagKeys"] = [tag["Key"] for tag in tags]


def _untag_resource(params: Mapping[str, Any], keys: Keys) -> None:
    keys["aws:TagKeys"] = list(params["TagKeys"])


_PARAMETER_KEYS: Mapping[str, Callable[[Mapping[str, Any], Keys], None]] = {
    # Absent when the request leaves them out, though it then reads AWSCURRENT: a policy with a
    # VersionStage condition refuses such a request [USER boto/boto3#2957, aws/aws-cli#5031: "you
    # must pass the version stage flag with GetSecretValue API"].
    "GetSecretValue": _given("VersionId", "VersionStage"),
    "UpdateSecretVersionStage": _given("VersionStage"),
    "UpdateSecret": _update_secret,
    "DeleteSecret": _delete_secret,
    "PutResourcePolicy": _put_resource_policy,
    "RotateSecret": _rotate_secret,
    "ReplicateSecretToRegions": _replicate,
    "TagResource": _tag_resource,
    "UntagResource": _untag_resource,
}
