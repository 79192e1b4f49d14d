"""UpdateSecretVersionStage and ListSecretVersionIds: a secret's versions and their labels."""

from __future__ import annotations

from typing import Any

from secretmock._backend.models import AWSCURRENT, MAX_STAGING_LABELS, move_label
from secretmock._clock import to_datetime
from secretmock._operations._common import no_value_for_version
from secretmock._request import Handler, Request
from secretmock._validate import check_stage, check_version_id
from secretmock.errors import InvalidParameterException, LimitExceededException


def must_name_holder(stage: str, holder: str) -> InvalidParameterException:
    """Recorded against AWS (for AWSCURRENT): the label is elsewhere and RemoveFromVersionId is
    missing. Assumed [INF]: every label gets the same sentence with its own name."""
    return InvalidParameterException(
        f"The parameter RemoveFromVersionId can't be empty. Staging label {stage} is currently "
        f"attached to version {holder}, so you must explicitly reference that version in "
        "RemoveFromVersionId."
    )


def wrong_holder(stage: str) -> InvalidParameterException:
    """RemoveFromVersionId names a version that does not carry the label. [PEER] text (floci);
    AWS documents that the call fails, not its words."""
    return InvalidParameterException(
        f"When you move staging label {stage}, if you specify RemoveFromVersionId, it must be "
        f"set to the version that currently has the staging label {stage}."
    )


# [INF] AWS's words for these three refusals are unrecorded.
NOTHING_TO_DO = "You must specify MoveToVersionId or RemoveFromVersionId."
CANNOT_REMOVE_CURRENT = (
    "You can only move staging label AWSCURRENT to a different secret version. "
    "It can't be completely removed."
)
TOO_MANY_LABELS = (
    f"You can't attach more than {MAX_STAGING_LABELS} staging labels to the versions of a secret."
)


def too_many_labels() -> LimitExceededException:
    return LimitExceededException(TOO_MANY_LABELS)


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
    check_stage(stage, "versionStage")
    if remove_from is not None:
        check_version_id(remove_from, "removeFromVersionId")
    if move_to is not None:
        check_version_id(move_to, "moveToVersionId")
    secret = request.live_secret()
    if move_to is None and remove_from is None:
        raise InvalidParameterException(NOTHING_TO_DO)
    for version_id in (remove_from, move_to):
        # Assumed [INF]: an unknown version gets GetSecretValue's recorded answer for one.
        if version_id is not None and version_id not in secret.versions:
            raise no_value_for_version(version_id)

    holder = secret.labels.get(stage)
    if remove_from is not None and holder is not None and remove_from != holder:
        raise wrong_holder(stage)
    labels = dict(secret.labels)
    if move_to is not None:
        if holder is not None and holder != move_to and remove_from is None:
            raise must_name_holder(stage, holder)
        move_label(labels, stage, move_to)
    elif holder is not None:
        if stage == AWSCURRENT:
            raise InvalidParameterException(CANNOT_REMOVE_CURRENT)
        del labels[stage]
    # A label on no version with only RemoveFromVersionId: AWS documents the failure only "if
    # the label is attached", so this removes nothing and succeeds. Assumed [INF].
    if len(labels) > MAX_STAGING_LABELS:
        raise too_many_labels()

    if labels != secret.labels:
        secret.labels = labels
        # Assumed [INF]: moving a label is a change to the secret, as AWS's "last date and time
        # that this secret was modified in any way" suggests.
        secret.last_changed_date = to_datetime(request.now)
    return {"ARN": secret.arn, "Name": secret.name}


HANDLERS: dict[str, Handler] = {
    "UpdateSecretVersionStage": update_secret_version_stage,
}
