"""CreateSecret, DescribeSecret and DeleteSecret: the life of a secret as a whole."""

from __future__ import annotations

from typing import Any

from secretmock._backend.models import AWSCURRENT, Secret, SecretVersion
from secretmock._clock import to_datetime
from secretmock._ids import parse_secret_arn, random_suffix, secret_arn
from secretmock._operations._common import rotation_members, token_in_use, version_kms_key_ids
from secretmock._request import Handler, Request
from secretmock._validate import (
    check_description,
    check_kms_key_id,
    check_name,
    check_token,
    check_value,
)
from secretmock.errors import (
    InvalidParameterException,
    InvalidRequestException,
    ResourceExistsException,
)

SCHEDULED_NAME = "You can't create this secret because a secret with this name is already scheduled for deletion."
ALREADY_DELETED = "You tried to perform the operation on a secret that's currently marked deleted."
# [PEER] moto's and LocalStack's texts; AWS's wording for these two is unrecorded.
RECOVERY_WINDOW_RANGE = "The RecoveryWindowInDays value must be between 7 and 30 days (inclusive)."
FORCE_AND_WINDOW = (
    "You can't use ForceDeleteWithoutRecovery in conjunction with RecoveryWindowInDays."
)
DEFAULT_RECOVERY_DAYS = 30
SECONDS_PER_DAY = 86400


def create_secret(request: Request) -> dict[str, Any]:
    params = request.params
    name: str = params["Name"]
    token: str = params["ClientRequestToken"]
    secret_string: str | None = params.get("SecretString")
    secret_binary: bytes | None = params.get("SecretBinary")
    check_name(name)
    check_token(token)
    check_value(secret_string, secret_binary)
    if "Description" in params:
        check_description(params["Description"])
    if "KmsKeyId" in params:
        check_kms_key_id(params["KmsKeyId"])

    store = request.store
    existing = store.by_name(name)
    if existing is not None:
        if existing.scheduled_for_deletion:
            raise InvalidRequestException(SCHEDULED_NAME)
        replayed = existing.versions.get(token)
        if replayed is None:
            raise ResourceExistsException(
                f"The operation failed because the secret {name} already exists."
            )
        # Recorded against AWS: the same token with the same value is an idempotent retry and
        # answers exactly as the first call did; with another value it is refused.
        if not replayed.same_value(secret_string, secret_binary):
            raise token_in_use(token, existing)
        return {"ARN": existing.arn, "Name": existing.name, "VersionId": token}

    now = request.now
    created = to_datetime(now)
    backend = request.backend
    secret = Secret(
        name=name,
        arn=secret_arn(store.region, store.account_id, name, random_suffix(backend.rng)),
        created_epoch=now,
        created_date=created,
        last_changed_date=created,
        description=params.get("Description") or None,
        kms_key_id=params.get("KmsKeyId") or None,
        tags=[dict(tag) for tag in params["Tags"]] if params.get("Tags") else None,
        secret_type=params.get("Type"),
    )
    reply: dict[str, Any] = {"ARN": secret.arn, "Name": name}
    if secret_string is not None or secret_binary is not None:
        secret.versions[token] = SecretVersion(
            version_id=token,
            created_epoch=now,
            created_date=created,
            secret_string=secret_string,
            secret_binary=secret_binary,
            kms_key_ids=version_kms_key_ids(secret),
        )
        secret.labels[AWSCURRENT] = token
        reply["VersionId"] = token
    store.add(secret)
    return reply


def describe_secret(request: Request) -> dict[str, Any]:
    secret = request.secret()
    reply: dict[str, Any] = {"ARN": secret.arn, "Name": secret.name}
    if secret.secret_type is not None:
        reply["Type"] = secret.secret_type
    if secret.description is not None:
        reply["Description"] = secret.description
    if secret.kms_key_id is not None:
        # AWS omits KmsKeyId for the default key aws/secretsmanager.
        reply["KmsKeyId"] = secret.kms_key_id
    reply.update(rotation_members(secret))
    reply["LastChangedDate"] = secret.last_changed_date
    if secret.last_accessed_date is not None:
        reply["LastAccessedDate"] = secret.last_accessed_date
    if secret.deleted_date is not None:
        reply["DeletedDate"] = secret.deleted_date
    if secret.tags is not None:
        reply["Tags"] = [dict(tag) for tag in secret.tags]
    stages = secret.version_ids_to_stages()
    if stages:
        reply["VersionIdsToStages"] = stages
    reply["CreatedDate"] = secret.created_date
    return reply


def delete_secret(request: Request) -> dict[str, Any]:
    params = request.params
    force = params.get("ForceDeleteWithoutRecovery", False)
    window = params.get("RecoveryWindowInDays")
    if force and window is not None:
        raise InvalidParameterException(FORCE_AND_WINDOW)
    if window is not None and not 7 <= window <= 30:
        raise InvalidParameterException(RECOVERY_WINDOW_RANGE)

    secret_id: str = params["SecretId"]
    secret = request.find_secret()
    now = request.now
    if secret is None:
        if not force:
            request.store.get(secret_id)  # raises AWS's ResourceNotFoundException
        # Recorded against AWS: force-deleting a secret that does not exist succeeds.
        return _forced_reply_for_missing(request, secret_id)
    store = request.backend.store_for_id(secret_id, request.store)
    if force:
        store.remove(secret)
        return {"ARN": secret.arn, "Name": secret.name, "DeletionDate": to_datetime(now)}
    if secret.scheduled_for_deletion:
        raise InvalidRequestException(ALREADY_DELETED)
    deletion = now + (window or DEFAULT_RECOVERY_DAYS) * SECONDS_PER_DAY
    secret.deleted_date = to_datetime(now)
    store.schedule_deletion(secret, deletion)
    return {"ARN": secret.arn, "Name": secret.name, "DeletionDate": to_datetime(deletion)}


def _forced_reply_for_missing(request: Request, secret_id: str) -> dict[str, Any]:
    """AWS's answer to a force delete of a secret it does not have: an ARN made up for it."""
    arn = parse_secret_arn(secret_id)
    if arn is not None:
        return {
            "ARN": secret_id,
            "Name": arn.resource,
            "DeletionDate": to_datetime(request.now),
        }
    store = request.store
    made_up = secret_arn(
        store.region, store.account_id, secret_id, random_suffix(request.backend.rng)
    )
    return {"ARN": made_up, "Name": secret_id, "DeletionDate": to_datetime(request.now)}


HANDLERS: dict[str, Handler] = {
    "CreateSecret": create_secret,
    "DescribeSecret": describe_secret,
    "DeleteSecret": delete_secret,
}
