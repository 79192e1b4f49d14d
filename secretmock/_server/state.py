"""``--state FILE``: the whole state of a server's backend in an SQLite file.

One table per kind of thing, one row per thing (:data:`TABLES`); ``meta`` holds the schema
version, the clock's offset, whether replication is in use, and the seeded random sources'
positions. Values stay sealed as the backend keeps them (AES-GCM under a data key wrapped by KMS
key material, :mod:`secretmock._kms.envelope`): the file holds no plaintext value. The KMS keys'
material is in the file too, so a restarted server can read them, and so are the secret keys of
the credentials the mock minted (``credentials_for``), so they still sign after a restart: the
file protects values from a casual look, not from whoever holds it.

Replication is kept as it stands: each primary's Region replicas and cross-account replica
(their status, and which versions were already copied, so a restart re-encrypts nothing),
each replica's link to its primary, and the Regions a test holds or fails.

The file is written whole (:func:`write`), into a new file that then replaces the old one, and
read when the server starts; :mod:`secretmock._server.autosave` writes it as the state changes
and when the server stops. Rotation functions are code: the server registers them again
(``--rotation``); the rotation log, the recorded calls and injected faults are a test's
inspection tools, not kept. To keep a new piece of state: add its column to :data:`TABLES`,
write it in :func:`save` and read it in :func:`load`, and raise :data:`SCHEMA_VERSION` (a file
of another version is refused, not guessed at), reading the files of the versions before it in
:data:`READABLE_VERSIONS` with the new columns absent (:func:`_added`).
"""

from __future__ import annotations

import json
import os
import random
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, NamedTuple

from secretmock._backend.backend import Backend
from secretmock._backend.models import (
    CrossAccountLink,
    CrossAccountReplica,
    RegionReplica,
    ReplicaOf,
    Replicas,
    RotationConfig,
    ScheduledDeletion,
    Secret,
    SecretVersion,
)
from secretmock._clock import Instant
from secretmock._ids import parse_secret_arn
from secretmock._kms.envelope import SealedValue, Wrapping
from secretmock._kms.keys import KeyState, KmsKey
from secretmock._policy.context import Caller
from secretmock.errors import SecretMockError

SCHEMA_VERSION = 3
#: The versions a file may have: 2 lacks the rotations' external_* columns (added in 3).
READABLE_VERSIONS = ("2", str(SCHEMA_VERSION))

#: Every table: its columns, in the order rows give them.
TABLES: dict[str, tuple[str, ...]] = {
    "meta": ("name", "value"),
    "kms_keys": (
        "arn",
        "account",
        "region",
        "key_id",
        "description",
        "policy",
        "aws_managed",
        "state",
        "aliases",
        "material",
    ),
    "secrets": (
        "arn",
        "account",
        "region",
        "name",
        "created_at",
        "last_changed_at",
        "last_accessed_at",
        "description",
        "kms_key_id",
        "secret_type",
        "owning_service",
        "primary_region",
        "tagged",
        "deletion_requested_at",
        "deletion_takes_effect_at",
        # False for a replica its primary still names after it left its store (a promoted
        # cross-account replica, since deleted: the primary reports it Detached).
        "stored",
    ),
    "versions": (
        "secret_arn",
        "version_id",
        "created_at",
        "last_accessed_at",
        "binary",
        "nonce",
        "ciphertext",
    ),
    "wrappings": ("secret_arn", "version_id", "key_arn", "reported", "nonce", "wrapped"),
    "labels": ("secret_arn", "label", "version_id"),
    "tags": ("secret_arn", "key", "value"),
    "policies": ("secret_arn", "policy"),
    "rotations": (
        "secret_arn",
        "lambda_arn",
        "rules",
        "enabled",
        "last_rotated_at",
        "next_rotation_at",
        "reported_days",
        "scheduled_at",
        "external_metadata",  # ExternalSecretRotationMetadata as JSON (schema 3)
        "external_role_arn",  # ExternalSecretRotationRoleArn (schema 3)
    ),
    # Replication (secretmock._backend.replication): the primaries, in the order replication
    # applies a test's decision to them; their Region replicas, by Region in the order added, and
    # cross-account replica. ``copied``: the ids of the versions whose replica copy is of the
    # primary's current value, so they are not encrypted again.
    "primaries": ("secret_arn",),
    "region_replicas": (
        "primary_arn",
        "region",
        "kms_key_id",
        "force_overwrite",
        "status",
        "message",
        "replica_arn",
        "copied",
    ),
    "cross_account_replicas": (
        "primary_arn",
        "replica_arn",
        "role_arn",
        "status",
        "message",
        "copied",
    ),
    # What a replica knows of its primary: a Region replica its ARN, a cross-account one also
    # its replication status.
    "replica_links": ("secret_arn", "primary_arn", "cross_account", "status", "message"),
    # The Regions a test holds InProgress or fails (``failure``: the StatusMessage).
    "replication_regions": ("region", "held", "failure"),
    # Credentials minted by credentials_for: the caller each access key id acts as.
    "credentials": (
        "access_key_id",
        "secret_access_key",
        "arn",
        "type",
        "account",
        "principal_arn",
        "userid",
        "username",
    ),
}
# Rows are read back in the order they were written (rowid): creation order for secrets,
# versions, labels, tags and keys, which replies list in that order.

_Rows = Iterator[tuple[str, tuple[Any, ...]]]
_Select = Callable[[str], Iterator[sqlite3.Row]]


class Snapshot(NamedTuple):
    """The backend's whole state at one instant, as the file's rows."""

    #: How far the mock's clock is from the system clock, in seconds.
    clock_offset: float
    rows: list[tuple[str, tuple[Any, ...]]]

    def same_state(self, other: Snapshot) -> bool:
        """Whether ``other`` holds the same state: the same rows, and the same clock offset but
        for the jitter of reading two clocks one after the other."""
        return self.rows == other.rows and abs(self.clock_offset - other.clock_offset) < 0.001


def snapshot(backend: Backend) -> Snapshot:
    """The backend's state, taken under its lock: consistent, as between two calls."""
    with backend.lock:
        return Snapshot(backend.clock.now() - time.time(), list(_rows(backend)))


def write(state: Snapshot, path: str | Path) -> None:
    """Write ``state`` to ``path`` atomically: into a new file next to it, which then replaces
    it, so a process killed while writing leaves the previous file whole."""
    path = Path(path)
    temporary = path.with_name(path.name + ".writing")
    temporary.unlink(missing_ok=True)
    connection = sqlite3.connect(temporary)
    try:
        with connection:
            for table, columns in TABLES.items():
                connection.execute(f"CREATE TABLE {table} ({', '.join(columns)})")
            connection.execute(
                "INSERT INTO meta VALUES (?, ?)", ("clock_offset", repr(state.clock_offset))
            )
            for table, row in state.rows:
                marks = ", ".join("?" * len(TABLES[table]))
                connection.execute(f"INSERT INTO {table} VALUES ({marks})", row)
    finally:
        connection.close()
    os.replace(temporary, path)


def save(backend: Backend, path: str | Path) -> None:
    """Write the backend's whole state to ``path`` (replacing the file atomically)."""
    write(snapshot(backend), path)


def load(backend: Backend, path: str | Path) -> None:
    """Restore into an empty backend the state saved at ``path``."""
    connection = sqlite3.connect(f"file:{Path(path)}?mode=ro", uri=True)
    try:
        connection.row_factory = sqlite3.Row
        meta = {row["name"]: row["value"] for row in connection.execute("SELECT * FROM meta")}
        if meta.get("schema_version") not in READABLE_VERSIONS:
            raise SecretMockError(
                f"{path} has state schema version {meta.get('schema_version')}; this "
                f"secretmock reads versions {' and '.join(READABLE_VERSIONS)}"
            )

        def select(table: str) -> Iterator[sqlite3.Row]:
            return connection.execute(f"SELECT * FROM {table} ORDER BY rowid")

        with backend.lock:
            _restore(backend, select, meta)
    except sqlite3.DatabaseError as error:
        raise SecretMockError(f"{path} is no secretmock state file: {error}") from None
    finally:
        connection.close()


# -- writing -------------------------------------------------------------------------------


def _rows(backend: Backend) -> _Rows:
    yield "meta", ("schema_version", str(SCHEMA_VERSION))
    yield "meta", ("replication_in_use", json.dumps(backend.replication.in_use))
    yield from _random_rows(backend)
    yield from _key_rows(backend)
    queued = backend.rotations.queued_at
    for store in backend._stores.values():
        for secret in sorted(store.secrets(), key=lambda secret: secret.sequence):
            yield from _secret_rows(secret, queued, stored=True)
    primaries = [
        primary for primary in backend.replication.primaries.values() if _stored(backend, primary)
    ]
    for replica in _unstored_replicas(backend, primaries):
        yield from _secret_rows(replica, queued, stored=False)
    yield from _replication_rows(backend, primaries)
    yield from _credential_rows(backend)


def _random_rows(backend: Backend) -> _Rows:
    """The positions of the seeded random sources: a restart with the same seed goes on from
    them instead of making the ids (key ids, ARN suffixes) it made before again."""
    seed = backend.kms._seed
    if seed is None:
        return
    yield "meta", ("seed", str(seed))
    for name, source in (("random_state", backend.rng), ("kms_random_state", backend.kms.rng)):
        if not isinstance(source, random.SystemRandom):
            yield "meta", (name, json.dumps(source.getstate()))


def _key_rows(backend: Backend) -> _Rows:
    for (account, region), ring in backend.kms._rings.items():
        for key in ring.keys.values():
            yield (
                "kms_keys",
                (
                    key.arn,
                    account,
                    region,
                    key.key_id,
                    key.description,
                    key.policy,
                    key.aws_managed,
                    key.state.value,
                    json.dumps(key.aliases),
                    key.material,
                ),
            )


def _secret_rows(secret: Secret, queued: Callable[[int], float | None], *, stored: bool) -> _Rows:
    arn = secret.arn
    place = parse_secret_arn(arn)
    assert place is not None
    deletion = secret.deletion
    yield (
        "secrets",
        (
            arn,
            place.account_id,
            place.region,
            secret.name,
            secret.created_at.epoch,
            secret.last_changed_at.epoch,
            _epoch(secret.last_accessed_at),
            secret.description,
            secret.kms_key_id,
            secret.secret_type,
            secret.owning_service,
            secret.primary_region,
            secret.tags is not None,
            None if deletion is None else deletion.requested_at.epoch,
            None if deletion is None else deletion.takes_effect_at.epoch,
            stored,
        ),
    )
    for version in secret.versions.values():
        value = version.value
        yield (
            "versions",
            (
                arn,
                version.version_id,
                version.created_at.epoch,
                _epoch(version.last_accessed_at),
                None if value is None else value.binary,
                None if value is None else value.nonce,
                None if value is None else value.ciphertext,
            ),
        )
        for wrapping in () if value is None else value.wrappings:
            yield (
                "wrappings",
                (
                    arn,
                    version.version_id,
                    wrapping.key.arn,
                    wrapping.reported,
                    wrapping.nonce,
                    wrapping.wrapped,
                ),
            )
    for label, version_id in secret.labels.items():
        yield "labels", (arn, label, version_id)
    for tag in secret.tags or ():
        yield "tags", (arn, tag["Key"], tag["Value"])
    if secret.resource_policy is not None:
        yield "policies", (arn, secret.resource_policy)
    rotation = secret.rotation
    if rotation is not None:
        yield (
            "rotations",
            (
                arn,
                rotation.lambda_arn,
                json.dumps(rotation.rules),
                rotation.enabled,
                _epoch(rotation.last_rotated_at),
                _epoch(rotation.next_rotation_at),
                rotation.reported_days,
                None if rotation.schedule_key is None else queued(rotation.schedule_key),
                None
                if rotation.external_metadata is None
                else json.dumps(rotation.external_metadata),
                rotation.external_role_arn,
            ),
        )
    link = secret.replication
    if isinstance(link, (ReplicaOf, CrossAccountLink)):
        cross = isinstance(link, CrossAccountLink)
        status = link.status if isinstance(link, CrossAccountLink) else None
        message = link.message if isinstance(link, CrossAccountLink) else None
        yield "replica_links", (arn, link.primary_arn, cross, status, message)


def _stored(backend: Backend, secret: Secret) -> bool:
    """Whether ``secret`` is in its store (a primary whose deletion took effect is not)."""
    place = parse_secret_arn(secret.arn)
    assert place is not None
    store = backend._stores.get((place.account_id, place.region))
    return store is not None and store.find(secret.arn) is secret


def _unstored_replicas(backend: Backend, primaries: list[Secret]) -> Iterator[Secret]:
    seen: set[int] = set()
    for primary in primaries:
        for replica in _replica_secrets(primary):
            if id(replica) not in seen and not _stored(backend, replica):
                seen.add(id(replica))
                yield replica


def _replica_secrets(primary: Secret) -> Iterator[Secret]:
    replicas = primary.replication
    assert isinstance(replicas, Replicas)
    for entry in replicas.regions.values():
        if entry.replica is not None:
            yield entry.replica
    if replicas.cross_account is not None:
        yield replicas.cross_account.replica


def _replication_rows(backend: Backend, primaries: list[Secret]) -> _Rows:
    for primary in primaries:
        replicas = primary.replication
        assert isinstance(replicas, Replicas)
        arn = primary.arn
        yield "primaries", (arn,)
        for entry in replicas.regions.values():
            replica_arn = None if entry.replica is None else entry.replica.arn
            yield (
                "region_replicas",
                (
                    arn,
                    entry.region,
                    entry.kms_key_id,
                    entry.force_overwrite,
                    entry.status,
                    entry.message,
                    replica_arn,
                    _copied_ids(primary, entry.copied),
                ),
            )
        cross = replicas.cross_account
        if cross is not None:
            yield (
                "cross_account_replicas",
                (
                    arn,
                    cross.replica.arn,
                    cross.role_arn,
                    cross.status,
                    cross.message,
                    _copied_ids(primary, cross.copied),
                ),
            )
    control = backend.replication
    for region in sorted({*control.held, *control.failing}):
        yield "replication_regions", (region, region in control.held, control.failing.get(region))


def _copied_ids(primary: Secret, copied: dict[str, SealedValue | None]) -> str:
    """The versions whose copy is of the primary's current value (replication re-encrypts the
    others anyway: their copy is compared with the value by identity)."""
    return json.dumps(
        [
            version_id
            for version_id, value in copied.items()
            if version_id in primary.versions and primary.versions[version_id].value is value
        ]
    )


def _credential_rows(backend: Backend) -> _Rows:
    identities = backend.identities
    for access_key_id, caller in identities._minted.items():
        yield (
            "credentials",
            (
                access_key_id,
                identities._secret_keys[access_key_id],
                caller.arn,
                caller.type,
                caller.account,
                caller.principal_arn,
                caller.userid,
                caller.username,
            ),
        )


def _epoch(instant: Instant | None) -> float | None:
    return None if instant is None else instant.epoch


# -- reading -------------------------------------------------------------------------------


def _restore(backend: Backend, select: _Select, meta: dict[str, Any]) -> None:
    advance = getattr(backend.clock, "advance", None)
    if advance is not None:  # a system clock: moved by what tests had moved it by
        advance(float(meta["clock_offset"]) - (backend.clock.now() - time.time()))
    _restore_random(backend, meta)
    keys = _restore_keys(backend, select("kms_keys"))
    secrets = _restore_secrets(backend, select, keys)
    _restore_replication(backend, select, secrets)
    backend.replication.in_use = json.loads(meta["replication_in_use"])
    _restore_credentials(backend, select("credentials"))


def _restore_random(backend: Backend, meta: dict[str, Any]) -> None:
    # Only a server with the seed the file was written with goes on from its positions.
    if backend.kms._seed is None or meta.get("seed") != str(backend.kms._seed):
        return
    for name, source in (("random_state", backend.rng), ("kms_random_state", backend.kms.rng)):
        saved = meta.get(name)
        if saved is not None and not isinstance(source, random.SystemRandom):
            version, internal, gauss = json.loads(saved)
            source.setstate((version, tuple(internal), gauss))


def _restore_keys(backend: Backend, rows: Iterable[sqlite3.Row]) -> dict[str, KmsKey]:
    keys: dict[str, KmsKey] = {}
    for row in rows:
        ring = backend.kms.ring(row["account"], row["region"])
        key = KmsKey(
            key_id=row["key_id"],
            arn=row["arn"],
            description=row["description"],
            policy=row["policy"],
            aws_managed=bool(row["aws_managed"]),
            lock=backend.lock,
            material=row["material"],
        )
        key.state = KeyState(row["state"])
        key.aliases = json.loads(row["aliases"])
        ring.keys[key.key_id] = key
        for alias in key.aliases:
            ring.aliases[alias] = key
        keys[key.arn] = key
    return keys


def _restore_secrets(
    backend: Backend, select: _Select, keys: dict[str, KmsKey]
) -> dict[str, Secret]:
    wrappings: dict[tuple[str, str], list[Wrapping]] = {}
    for row in select("wrappings"):
        wrappings.setdefault((row["secret_arn"], row["version_id"]), []).append(
            Wrapping(keys[row["key_arn"]], row["reported"], row["nonce"], row["wrapped"])
        )
    secrets: dict[str, Secret] = {}
    for row in select("secrets"):
        secret = Secret(
            name=row["name"],
            arn=row["arn"],
            created_at=Instant(row["created_at"]),
            last_changed_at=Instant(row["last_changed_at"]),
            last_accessed_at=_instant(row["last_accessed_at"]),
            description=row["description"],
            kms_key_id=row["kms_key_id"],
            secret_type=row["secret_type"],
            owning_service=row["owning_service"],
            primary_region=row["primary_region"],
            tags=[] if row["tagged"] else None,
        )
        deletion = None
        if row["deletion_takes_effect_at"] is not None:
            deletion = ScheduledDeletion(
                Instant(row["deletion_requested_at"]), Instant(row["deletion_takes_effect_at"])
            )
        if row["stored"]:
            store = backend.store(row["region"], row["account"])
            store.add(secret)
            if deletion is not None:
                backend.schedule_deletion(store, secret, deletion)
        else:
            secret.deletion = deletion
        secrets[secret.arn] = secret
    for row in select("versions"):
        arn, version_id = row["secret_arn"], row["version_id"]
        value = None
        if row["binary"] is not None:
            sealed = tuple(wrappings.get((arn, version_id), ()))
            value = SealedValue(bool(row["binary"]), row["nonce"], row["ciphertext"], sealed)
        secrets[arn].versions[version_id] = SecretVersion(
            version_id, Instant(row["created_at"]), value, _instant(row["last_accessed_at"])
        )
    for row in select("labels"):
        secrets[row["secret_arn"]].labels[row["label"]] = row["version_id"]
    for row in select("tags"):
        tags = secrets[row["secret_arn"]].tags
        assert tags is not None
        tags.append({"Key": row["key"], "Value": row["value"]})
    for row in select("policies"):
        secrets[row["secret_arn"]].resource_policy = row["policy"]
    for row in select("rotations"):
        rotation = RotationConfig(
            lambda_arn=row["lambda_arn"],
            rules=json.loads(row["rules"]),
            enabled=bool(row["enabled"]),
            last_rotated_at=_instant(row["last_rotated_at"]),
            next_rotation_at=_instant(row["next_rotation_at"]),
            reported_days=row["reported_days"],
        )
        metadata = _added(row, "external_metadata")
        if metadata is not None:
            rotation.external_metadata = json.loads(metadata)
        rotation.external_role_arn = _added(row, "external_role_arn")
        due = row["scheduled_at"]
        if due is not None:
            # A date that passed while the state was saved is overdue, as a seed's is.
            rotation.schedule_key = backend.rotations.queue(
                due, row["secret_arn"], overdue=due <= backend.now()
            )
        secrets[row["secret_arn"]].rotation = rotation
    return secrets


def _added(row: sqlite3.Row, column: str) -> Any:
    """A column added after schema 2: None in a file written before it was."""
    return row[column] if column in row.keys() else None  # noqa: SIM118 (`in row`: its values)


def _restore_replication(backend: Backend, select: _Select, secrets: dict[str, Secret]) -> None:
    control = backend.replication
    for row in select("primaries"):
        primary = secrets[row["secret_arn"]]
        primary.replication = Replicas()
        control.primaries[primary.arn] = primary
    for row in select("region_replicas"):
        primary = secrets[row["primary_arn"]]
        replicas = primary.replication
        assert isinstance(replicas, Replicas)
        replica = None if row["replica_arn"] is None else secrets[row["replica_arn"]]
        replicas.regions[row["region"]] = RegionReplica(
            row["region"],
            row["kms_key_id"],
            bool(row["force_overwrite"]),
            row["status"],
            row["message"],
            replica,
            _copied(primary, row["copied"]),
        )
    for row in select("cross_account_replicas"):
        primary = secrets[row["primary_arn"]]
        replicas = primary.replication
        assert isinstance(replicas, Replicas)
        replicas.cross_account = CrossAccountReplica(
            secrets[row["replica_arn"]],
            row["role_arn"],
            row["status"],
            row["message"],
            _copied(primary, row["copied"]),
        )
    for row in select("replica_links"):
        secrets[row["secret_arn"]].replication = (
            CrossAccountLink(row["primary_arn"], row["status"], row["message"])
            if row["cross_account"]
            else ReplicaOf(row["primary_arn"])
        )
    for row in select("replication_regions"):
        if row["held"]:
            control.held.add(row["region"])
        if row["failure"] is not None:
            control.failing[row["region"]] = row["failure"]


def _copied(primary: Secret, version_ids: str) -> dict[str, SealedValue | None]:
    return {
        version_id: primary.versions[version_id].value for version_id in json.loads(version_ids)
    }


def _restore_credentials(backend: Backend, rows: Iterable[sqlite3.Row]) -> None:
    identities = backend.identities
    for row in rows:
        access_key_id = row["access_key_id"]
        identities._minted[access_key_id] = Caller(
            row["arn"],
            row["type"],
            row["account"],
            row["principal_arn"],
            row["userid"],
            row["username"],
        )
        identities._secret_keys[access_key_id] = row["secret_access_key"]
        identities.forget(access_key_id)


def _instant(epoch: float | None) -> Instant | None:
    return None if epoch is None else Instant(epoch)
