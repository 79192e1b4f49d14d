"""Replicas: their state, and how a primary's changes reach them.

A secret's ``replication`` says what it is to replication: ``None`` for a plain secret (so every
write pays one attribute check and nothing more), :class:`Replicas` on a primary,
:class:`ReplicaOf` on a Region replica and :class:`CrossAccountLink` on a cross-account replica.

Replicas are real secrets in the stores of their Regions (or accounts): same versions, labels and
values, each value encrypted again under the replica's own KMS key. AWS replicates
asynchronously; the mock brings a replica up to date at once, unless the test holds or fails its
Region through :class:`ReplicationControl` (``SecretsManagerMock.replication``). The state
itself, plain data, is in models.py.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from typing import TYPE_CHECKING

from secretmock._backend.models import (
    DEFAULT_FAILURE,
    DETACHED,
    FAILED,
    IN_PROGRESS,
    IN_SYNC,
    SUCCEEDED,
    CrossAccountLink,
    CrossAccountReplica,
    RegionReplica,
    ReplicaOf,
    Replicas,
    ReplicationFailed,
    Secret,
    SecretVersion,
)
from secretmock._clock import Instant
from secretmock._ids import parse_secret_arn
from secretmock._kms.envelope import SealedValue, refuse_unusable_for_encryption, reveal, seal
from secretmock._kms.keys import DEFAULT_KEY_ALIAS, KmsKey
from secretmock.errors import SecretsManagerError

if TYPE_CHECKING:
    from secretmock._backend.backend import Backend


def replica_arn(primary_arn: str, region: str) -> str:
    """A Region replica's ARN: the primary's, with the replica's Region [DOC]."""
    parts = primary_arn.split(":", 4)
    parts[3] = region
    return ":".join(parts)


def replicas_of(secret: Secret) -> Replicas | None:
    replication = secret.replication
    return replication if isinstance(replication, Replicas) else None


def is_replica(secret: Secret) -> bool:
    return isinstance(secret.replication, (ReplicaOf, CrossAccountLink))


def add_regions(
    backend: Backend, primary: Secret, wanted: dict[str, str | None], force: bool, now: float
) -> list[RegionReplica]:
    """Replicate ``primary`` to each Region of ``wanted`` (Region -> KmsKeyId) and return those
    Regions' entries. A Region already replicated takes the new key [INF: the API path for
    re-keying a replica is unknown; this one re-encrypts it]."""
    replicas = replicas_of(primary)
    if replicas is None:
        replicas = Replicas()
        primary.replication = replicas
    region_of = parse_secret_arn(primary.arn)
    assert region_of is not None
    primary.primary_region = region_of.region
    backend.replication.primaries[primary.arn] = primary
    backend.replication.in_use = True
    entries = []
    for region, kms_key_id in wanted.items():
        entry = replicas.regions.get(region)
        if entry is None or entry.kms_key_id != kms_key_id:
            entry = replicas.regions[region] = RegionReplica(
                region, kms_key_id, force, replica=None if entry is None else entry.replica
            )
        entry.force_overwrite = force  # asking again, with it, overwrites a name clash
        replicate(backend, primary, entry, now)
        entries.append(entry)
    return entries


def remove_regions(backend: Backend, primary: Secret, regions: Iterable[str]) -> None:
    """Delete the replicas of ``regions``; a Region that is not replicated is skipped [INF]."""
    replicas = replicas_of(primary)
    if replicas is None:
        return
    account = _account_of(primary)
    for region in regions:
        entry = replicas.regions.pop(region, None)
        if entry is not None and entry.replica is not None:
            backend.store(region, account).remove(entry.replica)
    _forget_if_unreplicated(backend, primary, replicas)


def promote(backend: Backend, replica: Secret) -> None:
    """StopReplicationToReplica: the replica becomes a standalone secret in its Region."""
    link = replica.replication
    assert isinstance(link, (ReplicaOf, CrossAccountLink))
    replica.replication = None
    # Looked up from the replica's own store, which exists; the ARN routes to the primary's.
    primary = backend.find(link.primary_arn, backend.store(*_place_of(replica.arn)))
    replicas = None if primary is None else replicas_of(primary)
    if isinstance(link, ReplicaOf):
        replica.primary_region = None
        if primary is not None and replicas is not None:
            replicas.regions.pop(_place_of(replica.arn)[0], None)
            _forget_if_unreplicated(backend, primary, replicas)
    else:
        cross = None if replicas is None else replicas.cross_account
        if cross is not None and cross.replica is replica:
            cross.status, cross.message = DETACHED, None  # [DOC] the primary's entry


def associate(backend: Backend, primary: Secret, replica: Secret, role_arn: str | None) -> str:
    """Link ``primary`` to its cross-account ``replica`` and replicate; the replication status.

    Associating the same replica again keeps what was already copied.
    """
    replicas = replicas_of(primary)
    if replicas is None:
        replicas = primary.replication = Replicas()
    current = replicas.cross_account
    cross = CrossAccountReplica(replica, role_arn)
    if current is not None and current.replica is replica:
        cross.copied = current.copied
    replicas.cross_account = cross
    backend.replication.primaries[primary.arn] = primary
    backend.replication.in_use = True
    sync_cross_account(backend, primary, cross)
    return cross.status


def disassociate(backend: Backend, primary: Secret, replicas: Replicas) -> Secret:
    """Stop replicating to the cross-account replica, which becomes Detached [DOC]; it."""
    cross = replicas.cross_account
    assert cross is not None
    replicas.cross_account = None
    _forget_if_unreplicated(backend, primary, replicas)
    link = cross.replica.replication
    if isinstance(link, CrossAccountLink):
        link.status, link.message = DETACHED, None
    return cross.replica


def _forget_if_unreplicated(backend: Backend, primary: Secret, replicas: Replicas) -> None:
    if not replicas.regions:
        # [INF] a secret without Region replicas again reports no PrimaryRegion, as before.
        primary.primary_region = None
    if replicas.empty:
        primary.replication = None
        backend.replication.primaries.pop(primary.arn, None)


def propagate(backend: Backend, secret: Secret, now: float) -> None:
    """Bring every replica of ``secret`` up to date after a change; nothing for other secrets."""
    replicas = secret.replication
    if not isinstance(replicas, Replicas):
        return
    for entry in replicas.regions.values():
        replicate(backend, secret, entry, now)
    cross = replicas.cross_account
    if cross is not None and cross.status != DETACHED:
        sync_cross_account(backend, secret, cross)


def refresh(backend: Backend, regions: Iterable[str], now: float) -> None:
    """Apply a test's decision about ``regions`` to every replica there at once."""
    wanted = set(regions)
    for primary in list(backend.replication.primaries.values()):
        replicas = replicas_of(primary)
        assert replicas is not None
        for entry in replicas.regions.values():
            if entry.region in wanted:
                replicate(backend, primary, entry, now)
        cross = replicas.cross_account
        if (
            cross is not None
            and cross.status != DETACHED
            and _place_of(cross.replica.arn)[0] in wanted
        ):
            sync_cross_account(backend, primary, cross)


class ReplicationControls:
    """Asynchronous replication, made testable: ``SecretsManagerMock.replication``.

    AWS replicates asynchronously: a replica is InProgress, then InSync (or Failed). The mock
    brings every replica up to date at once unless a test holds its Region (InProgress, the
    replica receives nothing) or fails it (Failed, with a StatusMessage); :meth:`release` then
    completes the replication. Each applies at once to the replicas already in those Regions,
    and to every replication to them after.
    """

    def __init__(self, backend: Backend) -> None:
        self._backend = backend

    @property
    def held(self) -> frozenset[str]:
        """The Regions held InProgress."""
        return frozenset(self._backend.replication.held)

    @property
    def failing(self) -> dict[str, str]:
        """The Regions that fail replication, with their StatusMessage."""
        return dict(self._backend.replication.failing)

    def hold(self, *regions: str) -> None:
        """Keep replication to ``regions`` InProgress until :meth:`release`."""
        backend = self._backend
        with backend.lock:
            backend.replication.held.update(_checked(regions))
            refresh(backend, regions, backend.now())

    def fail(self, region: str, message: str = DEFAULT_FAILURE) -> None:
        """Make replication to ``region`` fail with the StatusMessage ``message``."""
        backend = self._backend
        if not message:
            raise TypeError("fail() takes a non-empty StatusMessage")
        with backend.lock:
            backend.replication.failing[_checked((region,))[0]] = message
            refresh(backend, (region,), backend.now())

    def release(self, *regions: str) -> None:
        """Complete replication to ``regions`` (all held and failing Regions if none given)."""
        backend = self._backend
        control = backend.replication
        with backend.lock:
            chosen = _checked(regions) if regions else (*control.held, *control.failing)
            for region in chosen:
                control.held.discard(region)
                control.failing.pop(region, None)
            refresh(backend, chosen, backend.now())


def _checked(regions: tuple[object, ...]) -> tuple[str, ...]:
    for region in regions:
        if not isinstance(region, str) or not region:
            raise TypeError(f"a Region is a non-empty str, not {region!r}")
    return tuple(str(region) for region in regions)


def replicate(backend: Backend, primary: Secret, entry: RegionReplica, now: float) -> None:
    """Bring one Region's replica up to the primary, or record why it cannot be."""
    control = backend.replication
    failure = control.failing.get(entry.region)
    if failure is not None:
        entry.status, entry.message = FAILED, failure
        return
    if entry.region in control.held:
        entry.status, entry.message = IN_PROGRESS, None
        return
    try:
        _copy_to_region(backend, primary, entry, now)
    except ReplicationFailed as failed:
        # [DOC replicate-secrets_troubleshoot] versions already replicated stay in the Region.
        entry.status, entry.message = FAILED, str(failed)
        return
    entry.status, entry.message = IN_SYNC, SUCCEEDED


def _copy_to_region(backend: Backend, primary: Secret, entry: RegionReplica, now: float) -> None:
    account = _account_of(primary)
    store = backend.store(entry.region, account)
    replica = entry.replica
    clash = store.by_name(primary.name)
    if clash is not None and clash is not replica:
        _refuse_clash(clash, primary.name, entry)
    old = {} if replica is None else replica.versions
    place = (account, entry.region, entry.kms_key_id)
    versions = _reencrypted(backend, primary, old, place, entry.copied)
    if clash is not None and clash is not replica:
        store.remove(clash)  # ForceOverwriteReplicaSecret
    if replica is None or store.find(replica.arn) is not replica:
        replica = Secret(
            name=primary.name,
            arn=replica_arn(primary.arn, entry.region),
            created_at=Instant(now),  # [INF] the replica is created when it is first made
            last_changed_at=primary.last_changed_at,
        )
        store.add(replica)
        entry.replica = replica
    _commit(replica, versions, primary, entry)
    replica.kms_key_id = entry.kms_key_id
    replica.description = primary.description
    replica.secret_type = primary.secret_type
    replica.tags = None if primary.tags is None else [dict(tag) for tag in primary.tags]
    # [DOC replicate-secrets] "replicates the encrypted secret data and metadata such as tags
    # and resource policies"; [INF] the rotation settings too, but only the primary rotates.
    replica.resource_policy = primary.resource_policy
    replica.owning_service = primary.owning_service
    replica.rotation = (
        None
        if primary.rotation is None
        else dataclasses.replace(
            primary.rotation, rules=dict(primary.rotation.rules), schedule_key=None
        )
    )
    replica.primary_region = primary.primary_region
    replica.mark_changed(primary.last_changed_at)  # a replica changes when its primary did
    replica.replication = ReplicaOf(primary.arn)


def _refuse_clash(clash: Secret, name: str, entry: RegionReplica) -> None:
    region = entry.region
    if isinstance(clash.replication, ReplicaOf):
        # [USER a live-probed verifier, 2026]: ForceOverwriteReplicaSecret does not clear it.
        raise ReplicationFailed(
            f"Replication failed: Secret name {name} is currently replicated to {region} with "
            "a different arn"
        )
    if not entry.force_overwrite or clash.replication is not None:
        # [INF] AWS's text for a plain name clash is unknown (the model's example says "Secret
        # with this name already exists in this region"); moto's shape, its name bug fixed.
        raise ReplicationFailed(
            f"Replication failed: Secret name {name} already exists in region {region}."
        )


def sync_cross_account(backend: Backend, primary: Secret, cross: CrossAccountReplica) -> None:
    """Bring a cross-account replica's versions and labels up to the primary's [DOC]."""
    replica = cross.replica
    arn = parse_secret_arn(replica.arn)
    assert arn is not None
    link = replica.replication
    assert isinstance(link, CrossAccountLink)
    control = backend.replication
    failure = control.failing.get(arn.region)
    if failure is not None or arn.region in control.held:
        # A test's hold or failure of the Region applies to cross-account replicas there too.
        cross.status = link.status = FAILED if failure is not None else IN_PROGRESS
        cross.message = link.message = failure
        return
    try:
        # [INF] only the values flow (versions and labels): the replica keeps its own name,
        # key and metadata [DOC cross-account-replicate-permissions speaks of the value].
        place = (arn.account_id, arn.region, replica.kms_key_id)
        versions = _reencrypted(backend, primary, replica.versions, place, cross.copied)
    except ReplicationFailed as failed:
        cross.status = link.status = FAILED
        cross.message = link.message = str(failed)
        return
    _commit(replica, versions, primary, cross)
    replica.mark_changed(primary.last_changed_at)  # a replica changes when its primary did
    cross.status = link.status = IN_SYNC
    cross.message = link.message = None


def _reencrypted(
    backend: Backend,
    primary: Secret,
    old: dict[str, SecretVersion],
    place: tuple[str, str, str | None],
    copied: dict[str, SealedValue | None],
) -> dict[str, SecretVersion]:
    """The replica's versions once up to date: new or changed values sealed under its key.

    ``place`` is the replica's (account, Region, KmsKeyId). Nothing changes yet: a KMS failure
    (no such key, a disabled key, a primary key that cannot decrypt) is raised as the replica's
    failure and leaves the replica as it was.
    """
    kms = backend.kms
    account, region, kms_key_id = place
    versions: dict[str, SecretVersion] = {}
    sealing: tuple[KmsKey, str] | None = None
    for version_id, version in primary.versions.items():
        mine = old.get(version_id)
        if mine is not None and copied.get(version_id) is version.value:
            versions[version_id] = mine
            continue
        value = None
        if version.value is not None:
            try:
                if sealing is None:
                    choice = kms.choose(kms_key_id, account, region)
                    key = kms.key_for(choice)
                    refuse_unusable_for_encryption(key, kms.rng)
                    sealing = (key, choice.reported)
                value = seal(reveal(version.value, kms.rng), *sealing)
            except SecretsManagerError as error:
                # [INF] AWS's StatusMessage for a KMS failure is unknown: KMS's reason, prefixed.
                raise ReplicationFailed(f"Replication failed: {error.message}") from error
        last_read = None if mine is None else mine.last_accessed_at
        versions[version_id] = SecretVersion(version_id, version.created_at, value, last_read)
    return versions


def _commit(
    replica: Secret,
    versions: dict[str, SecretVersion],
    primary: Secret,
    entry: RegionReplica | CrossAccountReplica,
) -> None:
    replica.versions = versions
    replica.labels = dict(primary.labels)
    entry.copied = {version_id: version.value for version_id, version in primary.versions.items()}


def _account_of(secret: Secret) -> str:
    arn = parse_secret_arn(secret.arn)
    assert arn is not None
    return arn.account_id


def _place_of(arn: str) -> tuple[str, str]:
    """(region, account) of a secret ARN."""
    parsed = parse_secret_arn(arn)
    assert parsed is not None
    return parsed.region, parsed.account_id


def status_entries(entries: Iterable[RegionReplica]) -> list[dict[str, object]]:
    """ReplicationStatus: one entry per Region."""
    found: list[dict[str, object]] = []
    for entry in entries:
        item: dict[str, object] = {
            "Region": entry.region,
            # [DOC] the default key shows as its alias.
            "KmsKeyId": entry.kms_key_id or DEFAULT_KEY_ALIAS,
            "Status": entry.status,
        }
        if entry.message is not None:
            item["StatusMessage"] = entry.message
        replica = entry.replica
        if replica is not None and replica.last_accessed_at is not None:
            item["LastAccessedDate"] = replica.last_accessed_at.date
        found.append(item)
    return found
