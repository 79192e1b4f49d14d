"""GetSecretValue and PutSecretValue: reading and writing a secret's versions."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from botocore.model import Shape

from secretmock._backend.models import AWSCURRENT, Secret, SecretVersion
from secretmock._clock import Instant
from secretmock._messages import NO_VALUE_FOR_STAGE, NO_VALUE_GIVEN, STAGE_NOT_ON_VERSION
from secretmock._operations._common import (
    given_value,
    no_value_for_version,
    write_value_unless_replayed,
)
from secretmock._operations.key_use import open_value, stored_key_choice
from secretmock._request import Handler, Request
from secretmock._validation.rules import Rules, client_request_token, one_value, secret_id

SECONDS_PER_DAY = 86400


def select_version(
    secret: Secret, version_id: str | None, version_stage: str | None
) -> SecretVersion:
    """The version GetSecretValue reads: by id, by label, or AWSCURRENT; it must hold a value."""
    if version_id is not None:
        version = secret.versions.get(version_id)
        if version is None or not version.has_value:
            raise no_value_for_version(version_id)
        if version_stage is not None and secret.labels.get(version_stage) != version_id:
            raise STAGE_NOT_ON_VERSION.error()
        return version
    stage = version_stage or AWSCURRENT
    labelled_id = secret.labels.get(stage)  # version_for_label's lookup, one call less a read
    labelled = None if labelled_id is None else secret.versions[labelled_id]
    # A label on a version without a value (AWSPENDING while a rotation's createSecret step has
    # not run yet) reads as "no value for this label", as on AWS. A secret created without a
    # value answers the same for AWSCURRENT (recorded against AWS).
    if labelled is None or labelled.value is None:  # has_value, without the property's call
        raise NO_VALUE_FOR_STAGE.error(stage=stage)
    return labelled


def read_value(
    request: Request, secret: Secret, version: SecretVersion, day: Instant
) -> dict[str, Any]:
    """The members GetSecretValue answers with for one version, its value decrypted; reading
    stamps LastAccessedDate ``day`` (:func:`access_day`) on the secret and the version.

    Refused, and nothing stamped, when the caller may not decrypt the value or no key that
    encrypts it is usable (secretmock._operations.key_use). Only reading a value stamps the
    date; DescribeSecret and the listings leave it alone (recorded).
    """
    value = open_value(request, secret, version)
    if secret.last_accessed_at is not day:  # access_day reuses the day's Instant: no change
        secret.mark_accessed(day)
    version.last_accessed_at = day
    version_id = version.version_id
    return {
        "ARN": secret.arn,
        "Name": secret.name,
        "VersionId": version_id,
        "SecretString" if isinstance(value, str) else "SecretBinary": value,
        "VersionStages": secret.stages_of(version_id),
        "CreatedDate": version.created_at.date,
    }


def access_day(now: float) -> Instant:
    """LastAccessedDate for a read at ``now``: the day, midnight UTC.

    Worked out once per call (a batch reads up to 20 values); the last day's Instant is reused
    while it was built with the ``datetime`` class in use: freezegun swaps it.
    """
    global _last_day
    epoch = now - now % SECONDS_PER_DAY
    day = _last_day
    if day is None or day.epoch != epoch or type(day.date) is not datetime:
        day = _last_day = Instant(epoch)
    return day


_last_day: Instant | None = None


def get_secret_value(request: Request) -> dict[str, Any]:
    params = request.params
    secret = request.live_secret()
    version_id: str | None = params.get("VersionId")
    version_stage: str | None = params.get("VersionStage")
    version = select_version(secret, version_id, version_stage)
    return read_value(request, secret, version, access_day(request.now))


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
    params = request.params
    token: str = params["ClientRequestToken"]
    value = given_value(params)
    assert value is not None  # the a_value rule
    stages: list[str] | None = params.get("VersionStages")
    secret = request.live_secret()

    # Encrypted under the key the secret names now: a key id or alias is looked up again.
    choice = stored_key_choice(request, secret)
    write_value_unless_replayed(request, secret, token, value, stages, choice, Instant(request.now))
    return {
        "ARN": secret.arn,
        "Name": secret.name,
        "VersionId": token,
        "VersionStages": secret.stages_of(token),
    }


def a_value(params: Mapping[str, Any], shape: Shape) -> None:
    """PutSecretValue needs SecretString or SecretBinary."""
    if params.get("SecretString") is None and params.get("SecretBinary") is None:
        raise NO_VALUE_GIVEN.error()


HANDLERS: dict[str, Handler] = {
    "GetSecretValue": get_secret_value,
    "PutSecretValue": put_secret_value,
}

RULES: dict[str, Rules] = {
    "GetSecretValue": (secret_id,),
    "PutSecretValue": (client_request_token(), one_value, a_value, secret_id),
}
