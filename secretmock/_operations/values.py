"""GetSecretValue and PutSecretValue: reading and writing a secret's versions."""

from __future__ import annotations

from typing import Any

from secretmock._backend.models import AWSCURRENT, Secret, SecretVersion
from secretmock._clock import to_datetime
from secretmock._operations._common import token_in_use, version_kms_key_ids
from secretmock._request import Handler, Request
from secretmock._validate import check_token, check_value, max_length_violation
from secretmock.errors import (
    InvalidParameterException,
    InvalidRequestException,
    ResourceNotFoundException,
)

STAGE_NOT_ON_VERSION = (
    "You provided a VersionStage that is not associated to the provided VersionId."
)
NO_VALUE_GIVEN = "You must provide either SecretString or SecretBinary."  # [PEER] text
SECONDS_PER_DAY = 86400
MAX_STAGE_LENGTH = 256


def _no_value_for_stage(stage: str) -> ResourceNotFoundException:
    return ResourceNotFoundException(
        f"Secrets Manager can't find the specified secret value for staging label: {stage}"
    )


def _no_value_for_version(version_id: str) -> ResourceNotFoundException:
    return ResourceNotFoundException(
        f"Secrets Manager can't find the specified secret value for VersionId: {version_id}"
    )


def select_version(
    secret: Secret, version_id: str | None, version_stage: str | None
) -> SecretVersion:
    """The version GetSecretValue reads: by id, by label, or AWSCURRENT; it must hold a value."""
    if version_id is not None:
        check_token(version_id, "versionId")
        version = secret.versions.get(version_id)
        if version is None or not version.has_value:
            raise _no_value_for_version(version_id)
        if version_stage is not None and secret.labels.get(version_stage) != version_id:
            raise InvalidRequestException(STAGE_NOT_ON_VERSION)
        return version
    stage = version_stage or AWSCURRENT
    labelled = secret.version_for_label(stage)
    # A label on a version without a value (AWSPENDING while a rotation's createSecret step has
    # not run yet) reads as "no value for this label", as on AWS.
    if labelled is None or not labelled.has_value:
        raise _no_value_for_stage(stage)
    return labelled


def value_reply(secret: Secret, version: SecretVersion) -> dict[str, Any]:
    """The members GetSecretValue answers with for one version."""
    reply: dict[str, Any] = {
        "ARN": secret.arn,
        "Name": secret.name,
        "VersionId": version.version_id,
    }
    if version.secret_string is not None:
        reply["SecretString"] = version.secret_string
    else:
        reply["SecretBinary"] = version.secret_binary
    reply["VersionStages"] = secret.stages_of(version.version_id)
    reply["CreatedDate"] = version.created_date
    return reply


def mark_accessed(secret: Secret, version: SecretVersion, now: float) -> None:
    """Reading a value stamps LastAccessedDate on the secret and the version, to the day (UTC)."""
    day = to_datetime(now - now % SECONDS_PER_DAY)
    secret.last_accessed_date = day
    version.last_accessed_date = day


def get_secret_value(request: Request) -> dict[str, Any]:
    params = request.params
    secret = request.live_secret()
    version = select_version(secret, params.get("VersionId"), params.get("VersionStage"))
    mark_accessed(secret, version, request.now)
    return value_reply(secret, version)


def put_secret_value(request: Request) -> dict[str, Any]:
    params = request.params
    token: str = params["ClientRequestToken"]
    secret_string: str | None = params.get("SecretString")
    secret_binary: bytes | None = params.get("SecretBinary")
    stages: list[str] | None = params.get("VersionStages")
    check_token(token)
    check_value(secret_string, secret_binary)
    if secret_string is None and secret_binary is None:
        raise InvalidParameterException(NO_VALUE_GIVEN)
    if stages is not None:
        for stage in stages:
            if len(stage) > MAX_STAGE_LENGTH:
                raise max_length_violation("versionStages.member", stage, MAX_STAGE_LENGTH)
    secret = request.live_secret()

    existing = secret.versions.get(token)
    if existing is not None and existing.has_value:
        # Recorded against AWS: a retry with the same token and value changes nothing and
        # answers with the labels the version carries now; another value is refused.
        if not existing.same_value(secret_string, secret_binary):
            raise token_in_use(token, secret)
        return _put_reply(secret, token)

    now = request.now
    first_version = not secret.versions
    if existing is None:
        existing = secret.versions[token] = SecretVersion(
            version_id=token,
            created_epoch=now,
            created_date=to_datetime(now),
            kms_key_ids=version_kms_key_ids(secret),
        )
    # A version created empty (the AWSPENDING version a rotation starts with) gets its value.
    existing.secret_string = secret_string
    existing.secret_binary = secret_binary
    labels = list(stages) if stages is not None else [AWSCURRENT]
    if first_version and AWSCURRENT not in labels:
        # "If this operation creates the first version for the secret, then Secrets Manager
        # automatically attaches the staging label AWSCURRENT to the new version." Filling the
        # empty version a rotation created does not create a version, so it adds nothing.
        labels.insert(0, AWSCURRENT)
    for label in labels:
        secret.attach_label(label, token)
    secret.last_changed_date = to_datetime(now)
    return _put_reply(secret, token)


def _put_reply(secret: Secret, version_id: str) -> dict[str, Any]:
    return {
        "ARN": secret.arn,
        "Name": secret.name,
        "VersionId": version_id,
        "VersionStages": secret.stages_of(version_id),
    }


HANDLERS: dict[str, Handler] = {
    "GetSecretValue": get_secret_value,
    "PutSecretValue": put_secret_value,
}
