"""GetSecretValue and PutSecretValue: reading and writing a secret's versions."""

from __future__ import annotations

import re
from typing import Any

from secretmock._backend.models import AWSCURRENT, Secret, SecretVersion
from secretmock._backend.versioning import write_value
from secretmock._clock import to_datetime
from secretmock._operations._common import no_value_for_version, token_in_use, version_kms_key_ids
from secretmock._request import Handler, Request
from secretmock._validate import (
    check_stage,
    check_value,
    check_version_id,
    constraint_violation,
    max_length_violation,
    require_token,
)
from secretmock.errors import InvalidRequestException, ResourceNotFoundException

STAGE_NOT_ON_VERSION = (
    "You provided a VersionStage that is not associated to the provided VersionId."
)
# [PEER] moto's text and code (InvalidRequestException) for a PutSecretValue without a value.
NO_VALUE_GIVEN = "You must provide either SecretString or SecretBinary."
SECONDS_PER_DAY = 86400
MAX_VERSION_STAGES = 20
MAX_ROTATION_TOKEN_LENGTH = 256
ROTATION_TOKEN_PATTERN = r"^[a-zA-Z0-9\-]+$"
_ROTATION_TOKEN = re.compile(ROTATION_TOKEN_PATTERN)


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
    reply["CreatedDate"] = version.created_date
    return reply


def mark_accessed(secret: Secret, version: SecretVersion, now: float) -> None:
    """Reading a value stamps LastAccessedDate on the secret and the version, to the day (UTC).

    Only reading a value does; DescribeSecret and the listings leave it alone (recorded).
    """
    day = to_datetime(now - now % SECONDS_PER_DAY)
    secret.last_accessed_date = day
    version.last_accessed_date = day


def get_secret_value(request: Request) -> dict[str, Any]:
    params = request.params
    version_id: str | None = params.get("VersionId")
    version_stage: str | None = params.get("VersionStage")
    if version_id is not None:
        check_version_id(version_id, "versionId")
    if version_stage is not None:
        check_stage(version_stage, "versionStage")
    secret = request.live_secret()
    version = select_version(secret, version_id, version_stage)
    mark_accessed(secret, version, request.now)
    return value_reply(secret, version)


def _check_stages(stages: list[str]) -> None:
    if len(stages) > MAX_VERSION_STAGES:
        # Assumed [INF]: the generic constraint error, the list written as Java writes one.
        raise constraint_violation(
            "versionStages",
            "[" + ", ".join(stages) + "]",
            f"Member must have length less than or equal to {MAX_VERSION_STAGES}",
        )
    for index, stage in enumerate(stages, start=1):
        check_stage(stage, f"versionStages.{index}.member")


def _check_rotation_token(rotation_token: str) -> None:
    """RotationToken: 36-256 characters of ``[a-zA-Z0-9-]`` (botocore checks the 36).

    The mock accepts it and does nothing more with it: AWS uses it to tie a rotation Lambda's
    write to the rotation that invoked it. The model marks it sensitive, so the error leaves the
    value out.
    """
    if len(rotation_token) > MAX_ROTATION_TOKEN_LENGTH:
        raise max_length_violation("rotationToken", None, MAX_ROTATION_TOKEN_LENGTH, sensitive=True)
    if not _ROTATION_TOKEN.match(rotation_token):
        raise constraint_violation(
            "rotationToken",
            None,
            f"Member must satisfy regular expression pattern: {ROTATION_TOKEN_PATTERN}",
            sensitive=True,
        )


def put_secret_value(request: Request) -> dict[str, Any]:
    """Store a new value as a version; AWSCURRENT moves to it unless VersionStages says else.

    With VersionStages the listed labels move to the new version and AWSCURRENT stays where it
    is unless listed (recorded against AWS). The same token with the same value again changes
    nothing and answers with the labels the version carries now (recorded); with another value
    it is ResourceExistsException.
    """
    params = request.params
    token = require_token(params)
    secret_string: str | None = params.get("SecretString")
    secret_binary: bytes | None = params.get("SecretBinary")
    stages: list[str] | None = params.get("VersionStages")
    check_value(secret_string, secret_binary)
    if secret_string is None and secret_binary is None:
        raise InvalidRequestException(NO_VALUE_GIVEN)
    if stages is not None:
        _check_stages(stages)
    if "RotationToken" in params:
        _check_rotation_token(params["RotationToken"])
    secret = request.live_secret()

    existing = secret.versions.get(token)
    if existing is not None and existing.has_value:
        if not existing.same_value(secret_string, secret_binary):
            raise token_in_use(token, secret)
    else:
        write_value(
            secret,
            token,
            secret_string,
            secret_binary,
            stages,
            version_kms_key_ids(secret),
            request.now,
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
