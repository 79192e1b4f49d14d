"""Seeding: secrets added straight to a mock's state, and the documents load() and dump() share.

A seed is first checked as the calls that would make the secret are checked: CreateSecret, a
PutSecretValue per version, PutResourcePolicy, RotateSecret and DeleteSecret, each request
through the validation layer with the operation's own rules (the model's constraints, the name
and tag rules, KmsKeyId resolution, the value's size, the recovery window, the rotation
schedule's rules), with AWS's messages. Only then is it written, at the dates the seed gives,
by CreateSecret's, PutResourcePolicy's and DeleteSecret's handlers and the backend's version
write path, run in-process without a call (no botocore, no recorded call, no injected fault).

What no single call sets is written directly, after its own checks: each version's final staging
labels (a label on one version only, one AWSCURRENT that has a value, the 20-label quota), and
the rotation settings RotateSecret stores (no rotation runs).

A seed that breaks a rule raises :class:`~secretmock.errors.SecretMockError` and changes nothing.
"""

from __future__ import annotations

import base64
import json
import math
import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any, NamedTuple

from secretmock._backend.backend import Backend
from secretmock._backend.models import AWSCURRENT, RotationConfig, Secret, SecretVersion
from secretmock._backend.versioning import MAX_VERSIONS, add_version, check_label_quota
from secretmock._clock import FIRST_MOMENT, LAST_MOMENT, Instant
from secretmock._identity import root_of
from secretmock._ids import parse_secret_arn, partition_of, random_uuid
from secretmock._kms.envelope import reveal_any_state
from secretmock._kms.keys import KeyState, KmsKey, default_key_policy
from secretmock._kms.public import KmsKeys
from secretmock._operations import OPERATIONS, RULES
from secretmock._operations.rotation import NextRotation, next_rotation, plan_next_rotation
from secretmock._operations.secrets import DEFAULT_RECOVERY_DAYS, SECONDS_PER_DAY
from secretmock._policy.document import parse_policy
from secretmock._request import Request
from secretmock._rotation.schedule import parse_rules
from secretmock._validation import validate_request
from secretmock.errors import SecretMockError, SecretsManagerError

#: A date as a seed gives it: a datetime (naive means UTC), epoch seconds, or ISO 8601 text.
SeedDate = datetime | float | int | str


@dataclass(frozen=True)
class SeedVersion:
    """One version of a seeded secret's value.

    :param value: a str (SecretString) or bytes (SecretBinary); None for a version without a
        value (as a rotation's AWSPENDING version is before its createSecret step).
    :param labels: its staging labels; exactly one version of a secret carries AWSCURRENT.
    :param created: its CreatedDate (default: the secret's); versions come oldest first.
    :param version_id: its VersionId (default: a new UUID, as boto3 makes one).
    """

    value: str | bytes | None = None
    labels: Sequence[str] = ()
    created: SeedDate | None = None
    version_id: str | None = None


@dataclass(frozen=True)
class SeedRotation:
    """A seeded secret's rotation settings, as RotateSecret would have stored them.

    :param lambda_arn: the rotation function's ARN, or the name of a registered function.
    :param rules: RotationRules as the API takes them (``AutomaticallyAfterDays``,
        ``ScheduleExpression``, ``Duration``).
    :param enabled: False for a rotation cancelled with CancelRotateSecret.
    :param last_rotated: LastRotatedDate; NextRotationDate is planned from it (or, without it,
        from the secret's last change, as ``RotateImmediately=False`` does).
    :param external_rotation_metadata: ExternalSecretRotationMetadata, a list of
        ``{"Key": ..., "Value": ...}`` (botocore 1.41.0 and later report it).
    :param external_rotation_role_arn: ExternalSecretRotationRoleArn (the same).
    """

    lambda_arn: str
    rules: Mapping[str, Any] = field(default_factory=dict)
    enabled: bool = True
    last_rotated: SeedDate | None = None
    external_rotation_metadata: Sequence[Mapping[str, str]] | None = None
    external_rotation_role_arn: str | None = None


@dataclass(frozen=True)
class SeedSecret:
    """Everything :meth:`SecretsManagerMock.add_secret` takes, checked for types."""

    name: str
    versions: tuple[SeedVersion, ...]
    description: str | None
    tags: tuple[tuple[str, str], ...] | None
    kms_key_id: str | None
    secret_type: str | None
    created: float | None
    region: str
    account_id: str
    rotation: SeedRotation | None
    deleted: float | None
    recovery_window_days: int | None
    policy: str | None


def seed_secret(
    name: object,
    value: object = None,
    *,
    region: str,
    account_id: str,
    description: object = None,
    tags: object = None,
    kms_key_id: object = None,
    secret_type: object = None,
    versions: object = None,
    created: object = None,
    rotation: object = None,
    deleted: object = None,
    recovery_window_days: object = None,
    policy: object = None,
) -> SeedSecret:
    """The seed a user gave, with Python types checked; AWS's rules are checked when it is added."""
    if not isinstance(name, str):
        raise SecretMockError(f"a secret's name must be a str, not {name!r}")
    if value is not None and versions is not None:
        raise SecretMockError(
            f"{name}: give either value (one AWSCURRENT version) or versions, not both"
        )
    seeded_versions = (
        (SeedVersion(_value(name, value), (AWSCURRENT,)),)
        if value is not None
        else tuple(_version(name, item) for item in _sequence(name, "versions", versions))
    )
    if recovery_window_days is not None and deleted is None:
        raise SecretMockError(f"{name}: recovery_window_days needs deleted (the DeletedDate)")
    return SeedSecret(
        name=name,
        versions=seeded_versions,
        description=_optional_str(name, "description", description),
        tags=_tags(name, tags),
        kms_key_id=_optional_str(name, "kms_key_id", kms_key_id),
        secret_type=_optional_str(name, "secret_type", secret_type),
        created=None if created is None else epoch_of(name, "created", created),
        region=region,
        account_id=account_id,
        rotation=None if rotation is None else _rotation(name, rotation),
        deleted=None if deleted is None else epoch_of(name, "deleted", deleted),
        recovery_window_days=_optional_int(name, "recovery_window_days", recovery_window_days),
        policy=_policy(name, policy),
    )


def add_secret(backend: Backend, seed: SeedSecret) -> Secret:
    """Add ``seed`` to ``backend`` as its operations would; on any refusal, change nothing.

    Every check but KMS's runs first (:func:`_plan`), and a KMS refusal comes before any
    value is sealed, so a refused seed leaves the state as it was: no secret, no store, not
    even the AWS managed key a value would have been sealed under.
    """
    with backend.lock:
        try:
            plan = _plan(backend, seed)
            return _make(backend, seed, plan)
        except SecretsManagerError as error:
            raise SecretMockError(
                f"cannot seed secret {seed.name!r}: {error.code}: {error.message}"
            ) from error


@dataclass(frozen=True)
class _Plan:
    """A seed once every check passed: what to write, and when."""

    create: dict[str, Any]  # CreateSecret's parameters
    created: float
    versions: list[tuple[str, float, str | bytes | None]]  # version id, created, value
    labels: dict[str, str]  # the final staging labels: label -> version id
    latest: float  # the last version's date (or the secret's)
    rotation: tuple[RotationConfig, NextRotation | None] | None
    deletion: dict[str, Any] | None  # DeleteSecret's parameters
    deleted: float


def _refuse(seed: SeedSecret, reason: str) -> SecretMockError:
    return SecretMockError(f"cannot seed secret {seed.name!r}: {reason}")


def _plan(backend: Backend, seed: SeedSecret) -> _Plan:
    """Every check the calls that make the secret would pass, before anything changes."""
    # Read only: a refused seed must not even make the store.
    existing = backend._stores.get((seed.account_id, seed.region))
    if existing is not None and existing.by_name(seed.name) is not None:
        raise _refuse(seed, "the mock already has it")
    created = _millis(seed.created) if seed.created is not None else backend.now()
    Instant(created)  # refuses a date past what a reply can carry, as every call does
    create: dict[str, Any] = {"Name": seed.name, "ClientRequestToken": random_uuid(backend.rng)}
    for member, given in (
        ("Description", seed.description),
        ("KmsKeyId", seed.kms_key_id),
        ("Type", seed.secret_type),
    ):
        if given is not None:
            create[member] = given
    if seed.tags is not None:
        create["Tags"] = [{"Key": key, "Value": value} for key, value in seed.tags]
    validate_request("CreateSecret", create, None, RULES["CreateSecret"])

    if len(seed.versions) > MAX_VERSIONS:
        raise _refuse(seed, f"AWS keeps at most {MAX_VERSIONS} versions of a secret")
    versions: list[tuple[str, float, str | bytes | None]] = []
    latest = created
    for version in seed.versions:
        at = latest
        if version.created is not None:
            at = _millis(epoch_of(seed.name, "created", version.created))
        if at < latest:
            raise _refuse(
                seed, "versions come oldest first, and none before the secret's created date"
            )
        Instant(at)
        latest = at
        version_id = version.version_id or random_uuid(backend.rng)
        if any(version_id == seen for seen, _, _ in versions):
            raise _refuse(seed, f"{version_id} twice")
        params: dict[str, Any] = {"SecretId": seed.name, "ClientRequestToken": version_id}
        if version.labels:
            params["VersionStages"] = list(version.labels)
        if version.value is None:
            # Only a rotation makes a version without a value; RotateSecret checks its token.
            validate_request("RotateSecret", params, None, RULES["RotateSecret"])
        else:
            member = "SecretBinary" if isinstance(version.value, bytes) else "SecretString"
            params[member] = version.value
            validate_request("PutSecretValue", params, None, RULES["PutSecretValue"])
        versions.append((version_id, at, version.value))
    labels = {label: versions[index][0] for label, index in _final_labels(seed).items()}
    check_label_quota(labels)
    current = labels.get(AWSCURRENT)
    if current is not None and next(value for vid, _, value in versions if vid == current) is None:
        raise _refuse(seed, "AWSCURRENT needs a value")

    if seed.policy is not None:
        validate_request(
            "PutResourcePolicy",
            {"SecretId": seed.name, "ResourcePolicy": seed.policy},
            None,
            RULES["PutResourcePolicy"],
        )
        parse_policy(seed.policy)
    rotation = None if seed.rotation is None else _rotation_plan(backend, seed, latest)
    deletion: dict[str, Any] | None = None
    deleted = latest  # unused without a deletion
    if seed.deleted is not None:
        deleted = _millis(seed.deleted)
        if deleted < latest:
            raise _refuse(seed, "deleted is before its last change")
        deletion = {"SecretId": seed.name}
        if seed.recovery_window_days is not None:
            deletion = {**deletion, "RecoveryWindowInDays": seed.recovery_window_days}
        validate_request("DeleteSecret", deletion, None, RULES["DeleteSecret"])
        window = seed.recovery_window_days or DEFAULT_RECOVERY_DAYS
        Instant(deleted + window * SECONDS_PER_DAY)
    return _Plan(create, created, versions, labels, latest, rotation, deletion, deleted)


def _final_labels(seed: SeedSecret) -> dict[str, int]:
    """label -> index of the version that carries it, in the order the labels were given."""
    labels: dict[str, int] = {}
    for index, version in enumerate(seed.versions):
        for label in version.labels:
            if label in labels:
                raise _refuse(
                    seed,
                    f"the label {label!r} is on two versions (a staging label is on one "
                    "version at most)",
                )
            labels[label] = index
    if seed.versions and AWSCURRENT not in labels:
        raise _refuse(seed, "one version must carry AWSCURRENT")
    return labels


def _rotation_plan(
    backend: Backend, seed: SeedSecret, latest: float
) -> tuple[RotationConfig, NextRotation | None]:
    """RotateSecret's checks of the function and rules, and the settings it would store."""
    given = seed.rotation
    assert given is not None
    function_arn = given.lambda_arn
    if not function_arn.startswith("arn:"):
        named = [f for f in backend.rotations.functions if f.name == function_arn and not f.by_arn]
        if not named:
            raise _refuse(
                seed,
                f"no rotation function named {function_arn!r} is registered; give its ARN or "
                "register it first",
            )
        function_arn = named[0].arn
    rules = dict(given.rules)
    params: dict[str, Any] = {
        "SecretId": seed.name,
        "ClientRequestToken": random_uuid(backend.rng),
        "RotationLambdaARN": function_arn,
    }
    if rules:
        params["RotationRules"] = rules
    metadata = given.external_rotation_metadata
    if metadata:
        params["ExternalSecretRotationMetadata"] = metadata
    if given.external_rotation_role_arn is not None:
        params["ExternalSecretRotationRoleArn"] = given.external_rotation_role_arn
    validate_request("RotateSecret", params, None, RULES["RotateSecret"])
    schedule = parse_rules(rules) if rules else None
    last = None
    if given.last_rotated is not None:
        last = Instant(_millis(epoch_of(seed.name, "last_rotated", given.last_rotated)))
    plan = next_rotation(schedule, rules, last.epoch if last is not None else latest)
    config = RotationConfig(
        lambda_arn=function_arn,
        rules=rules,
        enabled=given.enabled,
        last_rotated_at=last,
        external_metadata=[dict(item) for item in metadata] if metadata else None,
        external_role_arn=given.external_rotation_role_arn,
    )
    if not given.enabled and plan is not None:
        # What DescribeSecret reports of a ScheduleExpression after CancelRotateSecret.
        config.reported_days = plan.reported_days
    return config, plan


def _make(backend: Backend, seed: SeedSecret, plan: _Plan) -> Secret:
    """Write a checked seed with the operations' handlers and the backend's write paths.

    Only KMS can still refuse (a key that names no key, or one that cannot encrypt); the
    secret, and the store made for it, are then taken away again.
    """
    had_store = (seed.account_id, seed.region) in backend._stores  # read only
    store = backend.store(seed.region, seed.account_id)
    caller = root_of(seed.account_id, partition_of(seed.region))

    def call(operation: str, params: dict[str, Any], at: float) -> dict[str, Any]:
        return OPERATIONS[operation](Request(operation, params, backend, store, at, caller))

    secret: Secret | None = None
    try:
        secret = store.get(call("CreateSecret", plan.create, plan.created)["ARN"])
        for version_id, at, value in plan.versions:
            if value is None:
                # A rotation's write path for its AWSPENDING version, before createSecret.
                add_version(secret, SecretVersion(version_id, Instant(at)), [], at)
                secret.mark_changed(Instant(at))
                continue
            # PutSecretValue itself, under a label of its own so that AWSCURRENT does not move
            # on the way: each version gets the labels the seed gives once all are written.
            member = "SecretBinary" if isinstance(value, bytes) else "SecretString"
            params = {"SecretId": secret.arn, "ClientRequestToken": version_id, member: value}
            call("PutSecretValue", {**params, "VersionStages": [_WRITING]}, at)
        secret.labels = dict(plan.labels)
        if seed.policy is not None:
            policy = {"SecretId": secret.arn, "ResourcePolicy": seed.policy}
            call("PutResourcePolicy", policy, plan.latest)
        if plan.rotation is not None:
            config, next_at = plan.rotation
            secret.rotation = config
            if config.enabled:
                # A date the seed puts in the past is overdue: one rotation, on the first call,
                # makes up no window from before the mock knew the secret.
                plan_next_rotation(backend.rotations, secret, next_at, backend.now())
        if plan.deletion is not None:
            call("DeleteSecret", {**plan.deletion, "SecretId": secret.arn}, plan.deleted)
    except BaseException:
        if secret is not None:
            store.remove(secret)
        if not had_store and not len(store):
            del backend._stores[(seed.account_id, seed.region)]
        raise
    return secret


# The label a seeded version carries while the versions are written (never after).
_WRITING = "secretmock-seeding"


# -- documents: load() and dump() -------------------------------------------------------------

#: The keywords of a secret in a document: add_secret's, with ``value_base64`` for bytes.
SECRET_KEYS = frozenset(
    {
        "name",
        "value",
        "value_base64",
        "description",
        "tags",
        "kms_key_id",
        "secret_type",
        "versions",
        "created",
        "region",
        "account_id",
        "rotation",
        "deleted",
        "recovery_window_days",
        "policy",
    }
)


def read_document(source: object) -> Mapping[str, Any]:
    """A seed document: the mapping itself, or a JSON or YAML file's (by its extension)."""
    if isinstance(source, Mapping):
        return source
    if not isinstance(source, (str, os.PathLike)):
        raise SecretMockError(
            f"load() takes a dict or a path to a JSON or YAML file, not {source!r}"
        )
    path = Path(source)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise SecretMockError(f"cannot read {path}: {error}") from error
    if path.suffix.lower() in (".yaml", ".yml"):
        document = _yaml_load(path, text)
    else:
        try:
            document = json.loads(text)
        except ValueError as error:
            raise SecretMockError(f"{path} is not valid JSON: {error}") from error
    if not isinstance(document, Mapping):
        raise SecretMockError(f"{path} must hold a mapping with a 'secrets' list")
    return document


def _yaml_load(path: Path, text: str) -> Any:
    try:
        import yaml
    except ImportError:
        raise SecretMockError(
            f"loading {path} needs PyYAML: pip install 'secretmock[yaml]'"
        ) from None
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise SecretMockError(f"{path} is not valid YAML: {error}") from error


def secret_entries(document: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The document's secrets, as add_secret's keywords (``value_base64`` decoded)."""
    unknown = set(document) - {"secrets", "kms_keys"}
    if unknown:
        raise SecretMockError(f"unknown top-level keys in the seed document: {sorted(unknown)}")
    entries = []
    for entry in _sequence("document", "secrets", document.get("secrets", [])):
        if not isinstance(entry, Mapping):
            raise SecretMockError(f"each secret in a seed document is a mapping, not {entry!r}")
        extra = set(entry) - SECRET_KEYS
        if extra:
            raise SecretMockError(f"unknown keys for secret {entry.get('name')!r}: {sorted(extra)}")
        if "name" not in entry:
            raise SecretMockError(f"a secret in a seed document has no name: {dict(entry)!r}")
        keywords = dict(entry)
        if "value_base64" in keywords:
            if keywords.get("value") is not None:
                raise SecretMockError(
                    f"{entry['name']}: a secret has value or value_base64, not both"
                )
            keywords["value"] = _from_base64(entry.get("name"), keywords.pop("value_base64"))
        if keywords.get("versions") is not None:
            keywords["versions"] = [
                _document_version(entry.get("name"), item)
                for item in _sequence(entry.get("name"), "versions", keywords["versions"])
            ]
        entries.append(keywords)
    return entries


#: The keywords of a customer managed KMS key in a document: KmsKeys.create_key's, and state.
KEY_KEYS = frozenset({"key_id", "account_id", "region", "alias", "description", "policy", "state"})


def key_entries(document: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The document's customer managed KMS keys, as KmsKeys.create_key's keywords and state."""
    keys = []
    for entry in _sequence("document", "kms_keys", document.get("kms_keys", [])):
        if not isinstance(entry, Mapping):
            raise SecretMockError(f"each KMS key in a seed document is a mapping, not {entry!r}")
        extra = set(entry) - KEY_KEYS
        if extra:
            raise SecretMockError(
                f"unknown keys for a KMS key: {sorted(extra)} (a key takes "
                f"{', '.join(sorted(KEY_KEYS))})"
            )
        what = f"KMS key {entry.get('key_id') or entry.get('alias') or ''}".rstrip()
        keywords: dict[str, Any] = {"policy": _policy(what, entry.get("policy"))}
        for name in sorted(KEY_KEYS - {"policy"}):
            keywords[name] = _optional_str(what, name, entry.get(name))
        if keywords["state"] not in (None, *_KEY_STATES):
            raise SecretMockError(
                f"a KMS key's state is Enabled, Disabled or PendingDeletion, not {entry['state']!r}"
            )
        keys.append(keywords)
    return keys


class LoadedKey(NamedTuple):
    """A key load() made, and the key policy and state it takes once its secrets are added."""

    key: KmsKey
    policy: str
    state: str | None


# A loaded key's policy while load() adds the secrets: every principal may use it.
_LOADING_POLICY = json.dumps(
    {
        "Version": "2012-10-17",
        "Statement": [
            {"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "kms:*", "Resource": "*"}
        ],
    }
)


def add_keys(kms: KmsKeys, entries: Iterable[Mapping[str, Any]]) -> list[LoadedKey]:
    """Create the keys :func:`key_entries` read, each in its account and Region, Enabled and
    open to every principal until :func:`finish_keys`.

    A document is a state, not a sequence of calls: its values were written while their keys
    allowed it, even if a key is disabled or its policy refuses the writer now.
    """
    made = []
    for entry in entries:
        key = kms.create_key(
            alias=entry["alias"],
            description=entry["description"] or "",
            policy=entry["policy"],  # checked now, given back by finish_keys
            region=entry["region"],
            account_id=entry["account_id"],
            key_id=entry["key_id"],
        )
        made.append(LoadedKey(key, key.policy, entry["state"]))
        key.policy = _LOADING_POLICY
    return made


def finish_keys(made: Iterable[LoadedKey]) -> None:
    """Give each loaded key its own key policy and state, once the secrets under it are added."""
    for key, policy, state in made:
        key.policy = policy
        _KEY_STATES[state or KeyState.ENABLED.value](key)


_KEY_STATES: dict[str, Callable[[KmsKey], None]] = {
    KeyState.ENABLED.value: KmsKey.enable,
    KeyState.DISABLED.value: KmsKey.disable,
    KeyState.PENDING_DELETION.value: KmsKey.schedule_deletion,
}


def _document_version(name: object, item: object) -> object:
    if isinstance(item, Mapping) and "value_base64" in item:
        item = dict(item)
        if item.get("value") is not None:
            raise SecretMockError(f"{name}: a version has value or value_base64, not both")
        item["value"] = _from_base64(name, item.pop("value_base64"))
    return item


def _from_base64(name: object, text: object) -> bytes:
    if not isinstance(text, str):
        raise SecretMockError(f"{name}: value_base64 must be base64 text, not {text!r}")
    try:
        return base64.b64decode(text, validate=True)
    except ValueError as error:
        # binascii's own reason differs between Python versions: the message says it once.
        raise SecretMockError(
            f"{name}: value_base64 is not base64 (A-Z, a-z, 0-9, + and /, padded with =)"
        ) from error


def dump_state(backend: Backend, *, values: bool) -> dict[str, Any]:
    """Every account's and Region's secrets and customer managed keys, as load() takes them."""
    with backend.lock:
        now = backend.now()
        backend.expire_deletions(now)
        secrets = [
            _dump_secret(secret, values)
            for store in list(backend._stores.values())  # read only
            for secret in store.secrets()
        ]
        keys = [_dump_key(key) for key in backend.kms.all_keys() if not key.aws_managed]
    document: dict[str, Any] = {}
    if keys:
        document["kms_keys"] = keys
    document["secrets"] = secrets
    return document


def _dump_key(key: KmsKey) -> dict[str, Any]:
    # The key id keeps the key's ARN, which secrets and key policies may name.
    entry: dict[str, Any] = {
        "key_id": key.key_id,
        "account_id": key.account_id,
        "region": key.region,
        "description": key.description,
    }
    if key.aliases:
        entry["alias"] = key.aliases[0]  # create_key gives a key one alias at most
    if key.state is not KeyState.ENABLED:
        entry["state"] = key.state.value
    if key.policy != default_key_policy(key.account_id, partition_of(key.region)):
        entry["policy"] = key.policy
    return entry


def _dump_secret(secret: Secret, values: bool) -> dict[str, Any]:
    arn = parse_secret_arn(secret.arn)
    assert arn is not None
    entry: dict[str, Any] = {
        "name": secret.name,
        "region": arn.region,
        "account_id": arn.account_id,
        "created": _iso(secret.created_at),
    }
    for key, given in (
        ("description", secret.description),
        ("kms_key_id", secret.kms_key_id),
        ("secret_type", secret.secret_type),
        ("policy", secret.resource_policy),
    ):
        if given is not None:
            entry[key] = given
    if secret.tags is not None:
        entry["tags"] = [dict(tag) for tag in secret.tags]
    entry["versions"] = [
        _dump_version(secret, version, values) for version in secret.versions.values()
    ]
    if secret.rotation is not None and secret.rotation.lambda_arn is not None:
        rotation: dict[str, Any] = {
            "lambda_arn": secret.rotation.lambda_arn,
            "rules": dict(secret.rotation.rules),
            "enabled": secret.rotation.enabled,
        }
        if secret.rotation.last_rotated_at is not None:
            rotation["last_rotated"] = _iso(secret.rotation.last_rotated_at)
        if secret.rotation.external_metadata is not None:
            rotation["external_rotation_metadata"] = [
                dict(item) for item in secret.rotation.external_metadata
            ]
        if secret.rotation.external_role_arn is not None:
            rotation["external_rotation_role_arn"] = secret.rotation.external_role_arn
        entry["rotation"] = rotation
    if secret.deletion is not None:
        entry["deleted"] = _iso(secret.deletion.requested_at)
        window = secret.deletion.takes_effect_at.epoch - secret.deletion.requested_at.epoch
        entry["recovery_window_days"] = round(window / SECONDS_PER_DAY)
    return entry


def _dump_version(secret: Secret, version: SecretVersion, values: bool) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "version_id": version.version_id,
        "labels": secret.stages_of(version.version_id),
        "created": _iso(version.created_at),
    }
    if values and version.value is not None:
        value = reveal_any_state(version.value)
        if isinstance(value, bytes):
            entry["value_base64"] = base64.b64encode(value).decode("ascii")
        else:
            entry["value"] = value
    return entry


# -- the Python types of a seed ---------------------------------------------------------------


def epoch_of(name: str, what: str, when: object) -> float:
    """A seed's date as epoch seconds: a datetime (naive is UTC), a date (its midnight, UTC),
    epoch seconds, or ISO text."""
    if isinstance(when, str):
        try:
            when = datetime.fromisoformat(when.replace("Z", "+00:00"))
        except ValueError:
            raise SecretMockError(f"{name}: {what} is not an ISO 8601 date: {when!r}") from None
    if isinstance(when, date) and not isinstance(when, datetime):
        when = datetime(when.year, when.month, when.day)  # YAML reads 2026-01-31 as a date
    if isinstance(when, datetime):
        if when.tzinfo is None:
            when = when.replace(tzinfo=timezone.utc)
        return when.timestamp()
    if isinstance(when, (int, float)) and not isinstance(when, bool):
        if math.isfinite(when) and FIRST_MOMENT <= when <= LAST_MOMENT:
            return float(when)
        raise SecretMockError(
            f"{name}: {what} must be epoch seconds within the years 1 to 9999, not {when!r}"
        )
    raise SecretMockError(f"{name}: {what} must be a datetime, epoch seconds or ISO text")


def _millis(epoch: float) -> float:
    """AWS's millisecond precision, floored as Backend.now floors the clock."""
    micros = round(epoch * 1_000_000)
    return (micros // 1000) / 1000


def _iso(instant: Instant) -> str:
    return datetime.fromtimestamp(instant.epoch, timezone.utc).isoformat()


def _sequence(name: object, what: str, given: object) -> Iterable[Any]:
    if given is None:
        return ()
    if isinstance(given, (str, bytes, Mapping)) or not isinstance(given, Iterable):
        raise SecretMockError(f"{name}: {what} must be a list, not {given!r}")
    return list(given)


def _value(name: str, value: object) -> str | bytes:
    if isinstance(value, (bytearray, memoryview)):
        value = bytes(value)
    if not isinstance(value, (str, bytes)):
        raise SecretMockError(f"{name}: a value is a str (SecretString) or bytes (SecretBinary)")
    return value


def _version(name: str, item: object) -> SeedVersion:
    if isinstance(item, SeedVersion):
        given = item
    elif isinstance(item, Mapping):
        unknown = set(item) - {"value", "labels", "created", "version_id"}
        if unknown:
            raise SecretMockError(f"{name}: unknown keys for a version: {sorted(unknown)}")
        try:
            given = SeedVersion(**item)
        except TypeError as error:
            raise SecretMockError(f"{name}: {error}") from None
    else:
        raise SecretMockError(f"{name}: a version is a SeedVersion or a mapping, not {item!r}")
    labels = given.labels
    if isinstance(labels, str) or not all(isinstance(label, str) for label in labels):
        raise SecretMockError(f"{name}: a version's labels are a list of str, not {labels!r}")
    if given.version_id is not None and not isinstance(given.version_id, str):
        raise SecretMockError(f"{name}: a version_id is a str, not {given.version_id!r}")
    value = None if given.value is None else _value(name, given.value)
    return SeedVersion(value, tuple(labels), given.created, given.version_id)


def _rotation(name: str, given: object) -> SeedRotation:
    if isinstance(given, Mapping):
        unknown = set(given) - _ROTATION_KEYS
        if unknown or "lambda_arn" not in given:
            raise SecretMockError(
                f"{name}: rotation takes lambda_arn (required), rules, enabled, last_rotated, "
                "external_rotation_metadata and external_rotation_role_arn"
            )
        given = SeedRotation(**given)
    if not isinstance(given, SeedRotation):
        raise SecretMockError(f"{name}: rotation is a SeedRotation or a mapping, not {given!r}")
    fields: tuple[object, object, object] = (given.lambda_arn, given.rules, given.enabled)
    if not isinstance(fields[0], str) or not isinstance(fields[1], Mapping):
        raise SecretMockError(f"{name}: rotation's lambda_arn is a str and its rules a mapping")
    if not isinstance(fields[2], bool):
        raise SecretMockError(f"{name}: rotation's enabled is True or False")
    last = (
        None if given.last_rotated is None else epoch_of(name, "last_rotated", given.last_rotated)
    )
    role_arn: object = given.external_rotation_role_arn
    if role_arn is not None and not isinstance(role_arn, str):
        raise SecretMockError(f"{name}: rotation's external_rotation_role_arn is a str")
    return SeedRotation(
        given.lambda_arn,
        dict(given.rules),
        given.enabled,
        last,
        _external_metadata(name, given.external_rotation_metadata),
        role_arn,
    )


def _external_metadata(name: str, given: object) -> tuple[dict[str, str], ...] | None:
    """ExternalSecretRotationMetadata as a seed gives it: a list of Key/Value mappings of str."""
    if given is None:
        return None
    if not isinstance(given, (list, tuple)) or not all(
        isinstance(item, Mapping)
        and set(item) == {"Key", "Value"}
        and all(isinstance(part, str) for part in item.values())
        for item in given
    ):
        raise SecretMockError(
            f"{name}: rotation's external_rotation_metadata is a list of "
            f"{{'Key': str, 'Value': str}}, not {given!r}"
        )
    return tuple({"Key": item["Key"], "Value": item["Value"]} for item in given)


_ROTATION_KEYS = frozenset(
    {
        "lambda_arn",
        "rules",
        "enabled",
        "last_rotated",
        "external_rotation_metadata",
        "external_rotation_role_arn",
    }
)


def _tags(name: str, tags: object) -> tuple[tuple[str, str], ...] | None:
    if tags is None:
        return None
    pairs: Iterable[Any]
    if isinstance(tags, Mapping):
        pairs = tags.items()
    else:
        pairs = []
        for tag in _sequence(name, "tags", tags):
            if not isinstance(tag, Mapping) or set(tag) - {"Key", "Value"}:
                raise SecretMockError(
                    f"{name}: tags are a dict {{key: value}} or a list of {{'Key', 'Value'}}"
                )
            pairs.append((tag.get("Key"), tag.get("Value", "")))
    checked = tuple(pairs)
    for key, value in checked:
        if not isinstance(key, str) or not isinstance(value, str):
            raise SecretMockError(f"{name}: a tag's key and value are str: {key!r}={value!r}")
    return checked


def _policy(name: str, policy: object) -> str | None:
    if policy is None or isinstance(policy, str):
        return policy
    if isinstance(policy, Mapping):
        return json.dumps(policy)
    raise SecretMockError(f"{name}: policy is JSON text or a mapping, not {policy!r}")


def _optional_str(name: str, what: str, given: object) -> str | None:
    if given is None or isinstance(given, str):
        return given
    raise SecretMockError(f"{name}: {what} must be a str, not {given!r}")


def _optional_int(name: str, what: str, given: object) -> int | None:
    if given is None or (isinstance(given, int) and not isinstance(given, bool)):
        return given
    raise SecretMockError(f"{name}: {what} must be an int, not {given!r}")
