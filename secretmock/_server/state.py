"""``--state FILE``: the whole state of a server's backend in an SQLite file.

One table per kind of thing, one row per thing (:data:`TABLES`); ``meta`` holds the schema
version and the clock's offset. Values stay sealed as the backend keeps them (AES-GCM under a
data key wrapped by KMS key material, :mod:`secretmock._kms.envelope`): the file holds no
plaintext value. The KMS keys' material is in the file too, so a restarted server can read
them: the file protects values from a casual look, not from whoever holds it.

The file is written whole when the server stops, into a new file that then replaces the old
one, and read when it starts. Rotation functions are code: the server registers them again
(``--rotation``). To keep a new piece of state: add its column to :data:`TABLES`, write it in
:func:`save` and read it in :func:`load`, and raise :data:`SCHEMA_VERSION` (a file of another
version is refused, not guessed at).
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from secretmock._backend.backend import Backend
from secretmock._backend.models import RotationConfig, ScheduledDeletion, Secret, SecretVersion
from secretmock._clock import Instant
from secretmock._kms.envelope import SealedValue, Wrapping
from secretmock._kms.keys import KeyState, KmsKey
from secretmock.errors import SecretMockError

SCHEMA_VERSION = 1

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
    ),
}
# Rows are read back in the order they were written (rowid): creation order for secrets,
# versions, labels, tags and keys, which replies list in that order.


def save(backend: Backend, path: str | Path) -> None:
    """Write the backend's whole state to ``path`` (replacing the file atomically)."""
    path = Path(path)
    temporary = path.with_name(path.name + ".writing")
    temporary.unlink(missing_ok=True)
    with backend.lock:
        rows = _rows(backend)
    connection = sqlite3.connect(temporary)
    try:
        with connection:
            for table, columns in TABLES.items():
                connection.execute(f"CREATE TABLE {table} ({', '.join(columns)})")
            for table, row in rows:
                marks = ", ".join("?" * len(TABLES[table]))
                connection.execute(f"INSERT INTO {table} VALUES ({marks})", row)
    finally:
        connection.close()
    os.replace(temporary, path)


def load(backend: Backend, path: str | Path) -> None:
    """Restore into an empty backend the state saved at ``path``."""
    connection = sqlite3.connect(f"file:{Path(path)}?mode=ro", uri=True)
    try:
        connection.row_factory = sqlite3.Row
        meta = {row["name"]: row["value"] for row in connection.execute("SELECT * FROM meta")}
        if meta.get("schema_version") != str(SCHEMA_VERSION):
            raise SecretMockError(
                f"{path} has state schema version {meta.get('schema_version')}; this "
                f"secretmock reads version {SCHEMA_VERSION}"
            )

        def select(table: str) -> Iterator[sqlite3.Row]:
            return connection.execute(f"SELECT * FROM {table} ORDER BY rowid")

        with backend.lock:
            _restore(backend, select, float(meta["clock_offset"]))
    except sqlite3.DatabaseError as error:
        raise SecretMockError(f"{path} is no secretmock state file: {error}") from None
    finally:
        connection.close()


# -- writing -------------------------------------------------------------------------------


def _rows(backend: Backend) -> Iterator[tuple[str, tuple[Any, ...]]]:
    yield "meta", ("schema_version", str(SCHEMA_VERSION))
    yield "meta", ("clock_offset", repr(backend.clock.now() - time.time()))
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
    queued = {entry[3]: entry[0] for entry in backend.rotations.schedule}
    for (account, region), store in backend._stores.items():
        for secret in sorted(store.secrets(), key=lambda secret: secret.sequence):
            yield from _secret_rows(secret, account, region, queued)


def _secret_rows(
    secret: Secret, account: str, region: str, queued: dict[int, float]
) -> Iterator[tuple[str, tuple[Any, ...]]]:
    arn = secret.arn
    deletion = secret.deletion
    yield (
        "secrets",
        (
            arn,
            account,
            region,
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
                None if rotation.schedule_key is None else queued.get(rotation.schedule_key),
            ),
        )


def _epoch(instant: Instant | None) -> float | None:
    return None if instant is None else instant.epoch


# -- reading -------------------------------------------------------------------------------


def _restore(backend: Backend, select: Any, clock_offset: float) -> None:
    advance = getattr(backend.clock, "advance", None)
    if advance is not None:  # a system clock: moved by what tests had moved it by
        advance(clock_offset - (backend.clock.now() - time.time()))
    keys: dict[str, KmsKey] = {}
    for row in select("kms_keys"):
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
        store = backend.store(row["region"], row["account"])
        store.add(secret)
        if row["deletion_takes_effect_at"] is not None:
            deletion = ScheduledDeletion(
                Instant(row["deletion_requested_at"]), Instant(row["deletion_takes_effect_at"])
            )
            backend.schedule_deletion(store, secret, deletion)
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
        if row["scheduled_at"] is not None:
            rotation.schedule_key = backend.rotations.queue(row["scheduled_at"], row["secret_arn"])
        secrets[row["secret_arn"]].rotation = rotation


def _instant(epoch: float | None) -> Instant | None:
    return None if epoch is None else Instant(epoch)
