"""UpdateSecretVersionStage and ListSecretVersionIds: a secret's versions and their labels."""

from __future__ import annotations

from typing import Any

from secretmock._backend.models import AWSCURRENT, Secret, SecretVersion, move_label
from secretmock._backend.versioning import check_label_quota
from secretmock._clock import Instant
from secretmock._messages import (
    CANNOT_REMOVE_CURRENT,
    INVALID_NEXT_TOKEN,
    MUST_NAME_HOLDER,
    NOTHING_TO_DO,
    WRONG_HOLDER,
)
from secretmock._operations._common import no_value_for_version
from secretmock._operations.pagination import decode_token, encode_token
from secretmock._request import Handler, Request
from secretmock._validation import model_maximum
from secretmock._validation.rules import Rules, secret_id


def update_secret_version_stage(request: Request) -> dict[str, Any]:
    """Move, add or remove one staging label.

    The rules, in the order they are checked (every refusal leaves the secret as it was):

    * a version named in MoveToVersionId or RemoveFromVersionId must exist;
    * if RemoveFromVersionId is given while the label is on a version, it must be that version;
    * moving a label that is on another version needs RemoveFromVersionId (AWS's recorded
      message). A label on no version needs none: that is how a rotation's finishSecret step
      gives AWSCURRENT to the first value of a secret created without one;
    * AWSCURRENT can be moved, never just removed (assumed [INF]: AWS keeps exactly one current
      version once a secret has a value);
    * at most 20 labels across the secret's versions (LimitExceededException).

    Moving AWSCURRENT moves AWSPREVIOUS to the version it left (:func:`move_label`). A version
    left with no label is deprecated: it stays readable by VersionId and listed only with
    IncludeDeprecated.
    """
    params = request.params
    stage: str = params["VersionStage"]
    move_to: str | None = params.get("MoveToVersionId")
    remove_from: str | None = params.get("RemoveFromVersionId")
    secret = request.live_secret()
    if move_to is None and remove_from is None:
        raise NOTHING_TO_DO.error()
    for version_id in (remove_from, move_to):
        # Assumed [INF]: an unknown version gets GetSecretValue's recorded answer for one.
        if version_id is not None and version_id not in secret.versions:
            raise no_value_for_version(version_id)

    holder = secret.labels.get(stage)
    if remove_from is not None and holder is not None and remove_from != holder:
        raise WRONG_HOLDER.error(stage=stage)
    labels = dict(secret.labels)
    if move_to is not None:
        if holder is not None and holder != move_to and remove_from is None:
            raise MUST_NAME_HOLDER.error(stage=stage, holder=holder)
        move_label(labels, stage, move_to)
    elif holder is not None:
        if stage == AWSCURRENT:
            raise CANNOT_REMOVE_CURRENT.error()
        del labels[stage]
    # A label on no version with only RemoveFromVersionId: AWS documents the failure only "if
    # the label is attached", so this removes nothing and succeeds. Assumed [INF].
    check_label_quota(labels)

    if labels != secret.labels:
        changed = Instant(request.now)
        secret.labels = labels
        # Assumed [INF]: moving a label is a change to the secret, as AWS's "last date and time
        # that this secret was modified in any way" suggests.
        secret.mark_changed(changed)
    return {"ARN": secret.arn, "Name": secret.name}


def _resume_at(secret: Secret, token: str) -> str:
    """The version a NextToken of this secret's listing starts at; it must still exist."""
    version_id: str = decode_token(token, "ListSecretVersionIds", secret.arn)
    if version_id not in secret.versions:
        raise INVALID_NEXT_TOKEN.error()
    return version_id


def _version_entry(version: SecretVersion, stages: list[str] | None) -> dict[str, Any]:
    entry: dict[str, Any] = {"VersionId": version.version_id}
    if stages:  # recorded against AWS: deprecated versions come without VersionStages
        entry["VersionStages"] = stages
    if version.last_accessed_at is not None:
        entry["LastAccessedDate"] = version.last_accessed_at.date
    entry["CreatedDate"] = version.created_at.date
    entry["KmsKeyIds"] = version.kms_key_ids  # a new list on every read
    return entry


def list_secret_version_ids(request: Request) -> dict[str, Any]:
    """The versions that hold a value, oldest first, a page at a time.

    Versions without a label (deprecated) are listed only with IncludeDeprecated, and then
    without VersionStages (recorded against AWS). A version that has no value (the empty
    AWSPENDING version of a rotation that has not written one) is never listed: AWS lists
    versions "that contain a secret value". Assumed [INF]: oldest first (AWS's recordings were
    sorted before they were kept, so its order is unknown), and a secret scheduled for
    deletion is still listed (the model declares no InvalidRequestException here).
    """
    params = request.params
    # Assumed [INF]: without MaxResults a page holds the most MaxResults allows.
    max_results: int = params.get("MaxResults") or model_maximum(request.operation, "MaxResults")
    token: str | None = params.get("NextToken")
    include_deprecated = params.get("IncludeDeprecated", False)
    secret = request.secret()

    versions = list(secret.versions.values())
    start = 0
    if token is not None:
        resume_at = _resume_at(secret, token)
        start = next(i for i, version in enumerate(versions) if version.version_id == resume_at)
    labelled = set(secret.labels.values())
    listed = [
        version
        for version in versions[start:]
        if version.has_value and (include_deprecated or version.version_id in labelled)
    ]
    stages = secret.version_ids_to_stages()  # once, not a walk of the labels per version
    reply: dict[str, Any] = {
        "Versions": [
            _version_entry(version, stages.get(version.version_id))
            for version in listed[:max_results]
        ]
    }
    if len(listed) > max_results:
        reply["NextToken"] = encode_token(
            "ListSecretVersionIds", secret.arn, listed[max_results].version_id
        )
    reply["ARN"] = secret.arn
    reply["Name"] = secret.name
    return reply


HANDLERS: dict[str, Handler] = {
    "UpdateSecretVersionStage": update_secret_version_stage,
    "ListSecretVersionIds": list_secret_version_ids,
}

RULES: dict[str, Rules] = {
    "UpdateSecretVersionStage": (secret_id,),
    "ListSecretVersionIds": (secret_id,),
}
