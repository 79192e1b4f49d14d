"""CreateSecret, UpdateSecret, DescribeSecret, DeleteSecret and RestoreSecret: a secret's life."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from botocore.model import Shape

from secretmock._backend.models import (
    AWSCURRENT,
    AWSPENDING,
    AWSPREVIOUS,
    ScheduledDeletion,
    Secret,
    SecretVersion,
)
from secretmock._backend.versioning import write_value
from secretmock._clock import Instant
from secretmock._ids import parse_secret_arn, random_suffix, secret_arn
from secretmock._kms.envelope import SealedValue
from secretmock._messages import (
    ALREADY_DELETED,
    FORCE_AND_WINDOW,
    RECOVERY_WINDOW_RANGE,
    SCHEDULED_NAME,
    SECRET_EXISTS,
)
from secretmock._operations._common import (
    given_value,
    sealer,
    secret_metadata,
    token_in_use,
    write_value_unless_replayed,
)
from secretmock._operations.key_use import (
    check_key_access,
    key_choice,
    reencrypt,
    stored_key_choice,
)
from secretmock._operations.replication import (
    replication_members,
    requested_replicas,
    start_replicas,
)
from secretmock._operations.rotation import requeue_restored_rotation
from secretmock._operations.tags import merged_tags
from secretmock._request import Handler, Request
from secretmock._validation.rules import (
    Rules,
    client_request_token,
    one_value,
    secret_id,
    secret_name,
    tags,
)

MIN_RECOVERY_DAYS = 7
MAX_RECOVERY_DAYS = 30
DEFAULT_RECOVERY_DAYS = MAX_RECOVERY_DAYS
SECONDS_PER_DAY = 86400
# UpdateSecret's KmsKeyId re-encrypts the versions that carry these labels (AWS docs).
REENCRYPTED_LABELS = (AWSCURRENT, AWSPENDING, AWSPREVIOUS)


def create_secret(request: Request) -> dict[str, Any]:
    params = request.params
    token: str = params["ClientRequestToken"]
    name: str = params["Name"]
    value = given_value(params)

    store = request.store
    existing = store.by_name(name)
    if existing is not None:
        if existing.marked_for_deletion:
            raise SCHEDULED_NAME.error()
        replayed = existing.versions.get(token)
        if replayed is None:
            raise SECRET_EXISTS.error(name=name)
        # Recorded against AWS: the same token with the same value is an idempotent retry and
        # answers exactly as the first call did; with another value it is refused.
        if value is None or not replayed.same_value(value):
            raise token_in_use(token, existing)
        return {"ARN": existing.arn, "Name": existing.name, "VersionId": token}

    replicas = requested_replicas(request)  # checked before anything changes
    created = Instant(request.now)
    secret = Secret(
        name=name,
        # A fresh random suffix on every create: a secret created again after deletion has a
        # new ARN, so grants on the old one do not carry over (AWS docs; recorded).
        arn=secret_arn(store.region, store.account_id, name, random_suffix(request.backend.rng)),
        created_at=created,
        last_changed_at=created,
        description=params.get("Description") or None,
        kms_key_id=params.get("KmsKeyId") or None,
        tags=merged_tags(None, params["Tags"]) if params.get("Tags") else None,
        secret_type=params.get("Type") or None,
    )
    # The key is looked up even without a value: a KmsKeyId that names no key is refused
    # [USER, hashicorp/terraform-provider-aws#13303: a secret created without a value].
    choice = key_choice(request, secret, secret.kms_key_id)
    if secret.kms_key_id is not None:
        check_key_access(request, secret.arn, choice)
    reply: dict[str, Any] = {"ARN": secret.arn, "Name": name}
    if value is not None:
        write_value(secret, token, sealer(request, secret, token, choice, value), None, created)
        reply["VersionId"] = token
    # Without a value there is no version at all: no VersionId in the reply and no
    # VersionIdsToStages in DescribeSecret (recorded against AWS, 2023-09).
    store.add(secret)
    if replicas is not None or "CrossAccountPrimaryARN" in params:
        reply.update(start_replicas(request, secret, replicas))
    return reply


# What UpdateSecret changes besides the value.
_METADATA = frozenset({"Description", "KmsKeyId", "Type"})


def update_secret(request: Request) -> dict[str, Any]:
    """Change the description, the KMS key, the type and/or the value.

    Only a value makes a version (and only then does the reply carry VersionId, recorded
    against AWS); the new version becomes AWSCURRENT and the old current AWSPREVIOUS. The same
    token with the same value again is an idempotent retry that answers VersionId = token
    (recorded; AWS's docs say it is an error, AWS does not).
    """
    params = request.params
    token: str = params["ClientRequestToken"]
    value = given_value(params)
    secret = request.live_secret()

    new_key = "KmsKeyId" in params
    # "" goes back to the default key aws/secretsmanager (AWS docs).
    kms_key_id = (params["KmsKeyId"] or None) if new_key else secret.kms_key_id
    choice = (
        key_choice(request, secret, kms_key_id) if new_key else stored_key_choice(request, secret)
    )
    if new_key:
        # Also refuses a key that cannot encrypt, before anything is re-encrypted or written.
        check_key_access(request, secret.arn, choice)
    reply: dict[str, Any] = {"ARN": secret.arn, "Name": secret.name}
    changed = Instant(request.now)
    replayed = False
    if value is not None:
        # Raises (LimitExceededException, ResourceExistsException, EncryptionFailure) before
        # changing anything, so the metadata below is only written once the value is.
        replayed = not write_value_unless_replayed(
            request, secret, token, value, None, choice, changed
        )
        reply["VersionId"] = token
    if replayed and not params.keys() & _METADATA:
        # A retry of a value change alone changes nothing, as PutSecretValue's retry does
        # [DOC PutSecretValue: a repeated request "succeeds but does nothing"].
        return reply

    if "Description" in params:
        secret.description = params["Description"] or None
    if "Type" in params:
        secret.secret_type = params["Type"] or None
    if new_key:
        secret.kms_key_id = kms_key_id
        # The versions labelled once the new value (if any) is written; each keeps its
        # previous key too, so both can decrypt it [DOC manage_update-encryption-key].
        reencrypt(request, secret, choice, _reencrypted_versions(secret))
    # Assumed [INF]: every successful UpdateSecret counts as a change; recorded against AWS,
    # it moves LastChangedDate even when the new value equals the old one.
    secret.mark_changed(changed)
    return reply


def _reencrypted_versions(secret: Secret) -> dict[SecretVersion, SealedValue]:
    """The versions a new KmsKeyId re-encrypts: AWSCURRENT, AWSPENDING, AWSPREVIOUS [DOC]."""
    found: dict[SecretVersion, SealedValue] = {}
    for label in REENCRYPTED_LABELS:
        version = secret.version_for_label(label)
        if version is not None and version.value is not None:
            found[version] = version.value
    return found


def describe_secret(request: Request) -> dict[str, Any]:
    """Every member that has a value; works on a secret scheduled for deletion (recorded)."""
    secret = request.secret()
    members = secret_metadata(secret, "VersionIdsToStages")
    if secret.replication is not None:
        members.update(replication_members(secret))
    return members


def delete_secret(request: Request) -> dict[str, Any]:
    """Schedule the deletion (7-30 days, default 30) or, with ForceDeleteWithoutRecovery, delete
    now. Force-deleting a secret that does not exist, or one already scheduled, succeeds
    (recorded against AWS)."""
    params = request.params
    force = params.get("ForceDeleteWithoutRecovery", False)
    window = params.get("RecoveryWindowInDays")
    secret_id: str = params["SecretId"]
    secret = request.find_secret()
    now = request.now
    if secret is None:
        if not force:
            request.store.get(secret_id)  # raises AWS's ResourceNotFoundException
        return _forced_reply_for_missing(request, secret_id)
    store = request.backend.store_for_id(secret_id, request.store)
    if force:
        deleted = Instant(now)
        store.remove(secret)
        return {"ARN": secret.arn, "Name": secret.name, "DeletionDate": deleted.date}
    if secret.marked_for_deletion:
        raise ALREADY_DELETED.error()
    # Both dates first: one past datetime's range is refused before anything changes.
    deletion = ScheduledDeletion(
        requested_at=Instant(now),
        takes_effect_at=Instant(now + (window or DEFAULT_RECOVERY_DAYS) * SECONDS_PER_DAY),
    )
    request.backend.schedule_deletion(store, secret, deletion)
    # Assumed [INF]: scheduling and cancelling a deletion are changes to the secret ("the last
    # date and time that this secret was modified in any way").
    secret.mark_changed(deletion.requested_at)
    return {"ARN": secret.arn, "Name": secret.name, "DeletionDate": deletion.takes_effect_at.date}


def recovery_window(params: Mapping[str, Any], shape: Shape) -> None:
    """RecoveryWindowInDays is 7-30 days, and not given with ForceDeleteWithoutRecovery.

    [PEER] the order of the two checks as moto has it: the range first, then the combination.
    """
    window = params.get("RecoveryWindowInDays")
    if window is None:
        return
    if not MIN_RECOVERY_DAYS <= window <= MAX_RECOVERY_DAYS:
        raise RECOVERY_WINDOW_RANGE.error()
    if params.get("ForceDeleteWithoutRecovery", False):
        raise FORCE_AND_WINDOW.error()


def _forced_reply_for_missing(request: Request, secret_id: str) -> dict[str, Any]:
    """AWS's answer to a force delete of a secret it does not have: an ARN made up for it.

    Assumed [INF]: for an ARN, AWS echoes it and names the secret by its last part.
    """
    arn = parse_secret_arn(secret_id)
    deleted = Instant(request.now)
    if arn is not None:
        return {"ARN": secret_id, "Name": arn.resource, "DeletionDate": deleted.date}
    store = request.store
    made_up = secret_arn(
        store.region, store.account_id, secret_id, random_suffix(request.backend.rng)
    )
    return {"ARN": made_up, "Name": secret_id, "DeletionDate": deleted.date}


def restore_secret(request: Request) -> dict[str, Any]:
    """Cancel a scheduled deletion: DeletedDate goes and the secret is usable again.

    Assumed [INF]: restoring a secret that is not scheduled for deletion succeeds and changes
    nothing (moto does so; AWS is unrecorded). A rotation that fell due meanwhile runs on the
    next call.
    """
    secret = request.secret()
    if secret.marked_for_deletion:
        restored = Instant(request.now)
        secret.deletion = None  # its entry in the backend's deletion queue is now stale
        secret.mark_changed(restored)
        requeue_restored_rotation(request.backend.rotations, secret, request.now)
    return {"ARN": secret.arn, "Name": secret.name}


HANDLERS: dict[str, Handler] = {
    "CreateSecret": create_secret,
    "UpdateSecret": update_secret,
    "DescribeSecret": describe_secret,
    "DeleteSecret": delete_secret,
    "RestoreSecret": restore_secret,
}

RULES: dict[str, Rules] = {
    "CreateSecret": (client_request_token(), secret_name, one_value, tags),
    "UpdateSecret": (client_request_token(), one_value, secret_id),
    "DescribeSecret": (secret_id,),
    "DeleteSecret": (recovery_window, secret_id),
    "RestoreSecret": (secret_id,),
}
