"""GetSecretValue and PutSecretValue: reading and writing a secret's versions."""

from __future__ import annotations

from typing import Any

from secretmock._backend.models import AWSCURRENT, Secret, SecretVersion
from secretmock._clock import Instant
from secretmock._operations._common import (
    no_value_for_version,
    version_kms_key_ids,
    write_value_unless_replayed,
)
from secretmock._operations._model_checks import check_model_constraints, checked_params
from secretmock._request import Handler, Request
from secretmock._validate import check_value, require_token
from secretmock.errors import InvalidRequestException, ResourceNotFoundException

STAGE_NOT_ON_VERSION = (
    "You provided a VersionStage that is not associated to the provided VersionId."
)
# [PEER] moto's text and code (InvalidRequestException) for a PutSecretValue without a value.
NO_VALUE_GIVEN = "You must provide either SecretString or SecretBinary."
SECONDS_PER_DAY = 86400


def _no_value_for_stage(stage: str) -> ResourceNotFoundException:
    return ResourceNotFoundException(
        f"Secrets Manager can't find the specified secret value for staging label: {stage}"
    )


def select_version(
    secret: Secret, version_id: str | None, version_stage: str | None
) -> SecretVersion:
    """The version GetSecretValue reads: by id, by label, or AWSCURRENT; it must hold a value."""
    if version_id is not None:
        version = secret.versions.get(version_id)
        if version is None or not version.has_value:
            raise no_value_for_version(version_id)
        if version_stage is not None and secret.labels.get(version_stage) != version_id:
            raise InvalidRequestException(STAGE_NOT_ON_VERSION)
        return version
    stage = version_stage or AWSCURRENT
    labelled = secret.version_for_label(stage)
    # A label on a version without a value (AWSPENDING while a rotation's createSecret step has
    # not run yet) reads as "no value for this label", as on AWS. A secret created without a
    # value answers the same for AWSCURRENT (recorded against AWS).
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
    reply["CreatedDate"] = version.created_at.date
    return reply


def mark_accessed(secret: Secret, version: SecretVersion, now: float) -> None:
    """Reading a value stamps LastAccessedDate on the secret and the version, to the day (UTC).

    Only reading a value does; DescribeSecret and the listings leave it alone (recorded).
    """
    day = Instant(now - now % SECONDS_PER_DAY)
    secret.last_accessed_at = day
    version.last_accessed_at = day


def get_secret_value(request: Request) -> dict[str, Any]:
    params = request.params
    check_model_constraints(request.operation, params)
    secret = request.live_secret()
    version_id: str | None = params.get("VersionId")
    version_stage: str | None = params.get("VersionStage")
    version = select_version(secret, version_id, version_stage)
    mark_accessed(secret, version, request.now)
    return value_reply(secret, version)


def put_secret_value(request: Request) -> dict[str, Any]:
    """Store a new value as a version; AWSCURRENT moves to it unless VersionStages says else.

    With VersionStages the listed labels move to the new version and AWSCURRENT stays where it
    is unless listed (recorded against AWS). The same token with the same value again changes
    nothing and answers with the labels the version carries now (recorded); with another value
    it is ResourceExistsException.
    """
    # RotationToken (36-256 characters of [a-zA-Z0-9-]) is checked with the model and otherwise
    # only accepted: AWS uses it to tie a rotation function's write to the rotation that
    # invoked it.
    params = checked_params(request.operation, request.params)
    token = require_token(params)
    secret_string: str | None = params.get("SecretString")
    secret_binary: bytes | None = params.get("SecretBinary")
    stages: list[str] | None = params.get("VersionStages")
    check_value(secret_string, secret_binary)
    if secret_string is None and secret_binary is None:
        raise InvalidRequestException(NO_VALUE_GIVEN)
    secret = request.live_secret()

    write_value_unless_replayed(
        secret,
        token,
        secret_string,
        secret_binary,
        stages,
        version_kms_key_ids(secret),
        Instant(request.now),
    )
    return {
        "ARN": secret.arn,
        "Name": secret.name,
        "VersionId": token,
        "VersionStages": secret.stages_of(token),
    }


HANDLERS: dict[str, Handler] = {
    "GetSecretValue": get_secret_value,
    "PutSecretValue": put_secret_value,
}
