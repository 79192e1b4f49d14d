"""Writing versions and staging labels: the one write path, with the quotas AWS enforces.

PutSecretValue, UpdateSecret and RotateSecret (its AWSPENDING version, see
:mod:`secretmock._operations.rotation`) create versions and attach labels only through
:func:`add_version` and :func:`label_version`. Every check runs before anything changes, so a
refused write leaves the secret exactly as it was.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

from secretmock._backend.models import (
    AWSCURRENT,
    MAX_STAGING_LABELS,
    Secret,
    SecretVersion,
    move_label,
)
from secretmock._clock import Instant
from secretmock._kms.envelope import SealedValue
from secretmock._messages import TOO_MANY_LABELS, TOO_MANY_VERSIONS

# "Secrets Manager keeps 100 of the most recent versions, but it keeps all secret versions
# created in the last 24 hours" and "removes unlabeled versions when there are more than 100,
# but it does not remove versions created less than 24 hours ago" (AWS docs); labelled versions
# are never removed.
MAX_VERSIONS = 100
PRUNE_AFTER_SECONDS = 86400


def check_label_quota(labels: Mapping[str, str]) -> None:
    if len(labels) > MAX_STAGING_LABELS:
        raise TOO_MANY_LABELS.error(quota=MAX_STAGING_LABELS)


def versions_to_prune(secret: Secret, labels_after: Mapping[str, str], now: float) -> list[str]:
    """The versions AWS removes to make room for one more, oldest first.

    When the secret already has 100 versions, the oldest versions that carry no label (with the
    labels as they will be after this write) and are at least 24 hours old make room.

    When none can (every version is labelled or younger than 24 hours), the write is refused
    with LimitExceededException and nothing changes. Assumed [INF]: AWS's docs say a secret
    written more often than versions age out "will reach the quota for secret versions"; the
    mock enforces that quota at 100 rather than letting versions pile up.
    """
    excess = len(secret.versions) + 1 - MAX_VERSIONS
    if excess <= 0:
        return []
    labelled = set(labels_after.values())
    old_enough = now - PRUNE_AFTER_SECONDS
    candidates = [
        version_id
        for version_id, version in secret.versions.items()  # creation order: oldest first
        if version_id not in labelled and version.created_at.epoch <= old_enough
    ]
    if len(candidates) < excess:
        raise TOO_MANY_VERSIONS.error(quota=MAX_VERSIONS)
    return candidates[:excess]


def labels_after_moving(secret: Secret, labels: Iterable[str], version_id: str) -> dict[str, str]:
    """The secret's label map once ``labels`` are on ``version_id``, checked against the quota.

    Works on a copy: the caller keeps it only once every other check has passed too. A label
    counts once however many times it moves (a label is on one version at most), so moving a
    label the secret already has never adds to the count; a label new to the secret, or the
    AWSPREVIOUS that moving AWSCURRENT creates, does.
    """
    labels_after = dict(secret.labels)
    # AWSCURRENT moves first, so that the AWSPREVIOUS its move hands the version it leaves never
    # takes away a label the request names: ["AWSPREVIOUS", "AWSCURRENT"] ends as
    # ["AWSCURRENT", "AWSPREVIOUS"] does, both labels on the new version. Assumed [INF]: AWS
    # documents VersionStages as the labels "to attach to this version", whatever their order.
    for label in sorted(labels, key=lambda label: label != AWSCURRENT):
        move_label(labels_after, label, version_id)
    check_label_quota(labels_after)
    return labels_after


def label_version(secret: Secret, version_id: str, labels: Iterable[str]) -> None:
    """Move ``labels`` onto an existing version; LimitExceededException changes nothing."""
    secret.labels = labels_after_moving(secret, labels, version_id)


def add_version(
    secret: Secret, version: SecretVersion, labels: Iterable[str], now: float
) -> SecretVersion:
    """Add a new version carrying ``labels``, applying AWS's label and retention rules.

    The oldest unlabelled versions at least 24 hours old make room when the secret already has
    100 (:func:`versions_to_prune`). Raises LimitExceededException (the 20-label quota, or no
    room for the version) before changing anything.
    """
    labels_after = labels_after_moving(secret, labels, version.version_id)
    pruned = versions_to_prune(secret, labels_after, now)
    _commit_version(secret, version, labels_after, pruned)
    return version


def _commit_version(
    secret: Secret, version: SecretVersion, labels_after: dict[str, str], pruned: list[str]
) -> None:
    for version_id in pruned:
        del secret.versions[version_id]
    secret.versions[version.version_id] = version
    secret.labels = labels_after


def write_value(
    secret: Secret,
    token: str,
    seal: Callable[[], SealedValue],
    stages: Iterable[str] | None,
    at: Instant,
) -> SecretVersion:
    """Store a value as version ``token`` at ``at`` and label it; the caller has checked the token.

    ``seal`` encrypts the value; it runs once every quota check has passed and may itself
    refuse (EncryptionFailure), so a refused write changes nothing.

    ``token`` is a new version, or an existing version that has no value yet (the AWSPENDING
    version a rotation creates, which its createSecret step fills). Without ``stages`` the
    version becomes AWSCURRENT; AWSCURRENT moving makes the version it leaves AWSPREVIOUS.
    A secret's first value always becomes AWSCURRENT ("If this operation creates the first
    version for the secret, then Secrets Manager automatically attaches the staging label
    AWSCURRENT"); filling a rotation's empty version does not create one, so it adds nothing.
    """
    existing = secret.versions.get(token)
    wanted = list(stages) if stages is not None else [AWSCURRENT]
    if existing is None and AWSCURRENT not in secret.labels and AWSCURRENT not in wanted:
        wanted.insert(0, AWSCURRENT)
    labels_after = labels_after_moving(secret, wanted, token)
    if existing is None:
        pruned = versions_to_prune(secret, labels_after, at.epoch)
        version = SecretVersion(version_id=token, created_at=at, value=seal())
        _commit_version(secret, version, labels_after, pruned)
    else:
        version = existing
        version.value = seal()
        secret.labels = labels_after
    secret.mark_changed(at)
    # LastRotatedDate stays: it is "the last date and time that Secrets Manager rotated the
    # secret" [DOC DescribeSecret], and users report a value changed outside rotation leaving
    # it unchanged [USER, cloud-custodian/cloud-custodian#10416]. NextRotationDate does move
    # when PutSecretValue or UpdateSecret write outside a rotation: see count_manual_change in
    # secretmock._operations.rotation.
    return version
