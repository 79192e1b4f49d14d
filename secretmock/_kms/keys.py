"""KMS keys and the key ring of one (account, Region), and how a KmsKeyId names a key.

A key's id comes from the key rings' own random source, seeded from the mock's seed, so a
seeded mock makes the same key ids on every run without moving any other seeded value (ARN
suffixes, version ids). A key's secret material comes from the operating system.
"""

from __future__ import annotations

import json
import os
import random
import re
import threading
from enum import Enum
from typing import Any, NamedTuple

from secretmock._ids import partition_of, random_uuid
from secretmock._kms.key_policy import KeyPolicy, read_key_policy
from secretmock._messages import KMS_ALIAS_NOT_FOUND, KMS_INVALID_KEY_ID, KMS_KEY_NOT_FOUND
from secretmock.errors import SecretMockError

#: The alias of the AWS managed key Secrets Manager uses when a secret names no key.
DEFAULT_KEY_ALIAS = "alias/aws/secretsmanager"
# KMS's key ids are UUIDs; multi-Region keys ("mrk-" + 32 hex digits) are not modelled.
_KEY_ID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
# KMS's alias name rule [DOC CreateAlias]: alias/ then letters, digits, / _ -.
_ALIAS_NAME = re.compile(r"alias/[a-zA-Z0-9/_-]{1,250}")
_MATERIAL_BYTES = 32  # AES-256


class KeyState(str, Enum):
    """The key states that matter to Secrets Manager (KMS's KeyState values)."""

    ENABLED = "Enabled"
    DISABLED = "Disabled"
    PENDING_DELETION = "PendingDeletion"


def default_key_policy(account_id: str, partition: str) -> str:
    """AWS's default key policy: the account's root may do every kms action [DOC]."""
    return json.dumps(
        {
            "Version": "2012-10-17",
            "Id": "key-default-1",
            "Statement": [
                {
                    "Sid": "Enable IAM User Permissions",
                    "Effect": "Allow",
                    "Principal": {"AWS": f"arn:{partition}:iam::{account_id}:root"},
                    "Action": "kms:*",
                    "Resource": "*",
                }
            ],
        },
        indent=2,
    )


def managed_key_policy(account_id: str, region: str, partition: str) -> str:
    """The key policy of aws/secretsmanager, set by AWS: the account's principals use it only
    through Secrets Manager [DOC security-encryption, "Key policy of the AWS managed key"].

    kms:Encrypt is added to the documented list [INF]: "All users and roles in the AWS account
    automatically have access to use aws/secretsmanager" [DOC UpdateSecret], which re-encrypts
    versions under it.
    """
    return json.dumps(
        {
            "Version": "2012-10-17",
            "Id": "auto-secretsmanager-1",
            "Statement": [
                {
                    "Sid": "Allow access through AWS Secrets Manager for all principals in the "
                    "account that are authorized to use AWS Secrets Manager",
                    "Effect": "Allow",
                    "Principal": {"AWS": "*"},
                    "Action": [
                        "kms:Encrypt",
                        "kms:Decrypt",
                        "kms:ReEncrypt*",
                        "kms:GenerateDataKey*",
                        "kms:CreateGrant",
                        "kms:DescribeKey",
                    ],
                    "Resource": "*",
                    "Condition": {
                        "StringEquals": {
                            "kms:ViaService": f"secretsmanager.{region}.amazonaws.com",
                            "kms:CallerAccount": account_id,
                        }
                    },
                },
                {
                    "Sid": "Allow direct access to key metadata to the account",
                    "Effect": "Allow",
                    "Principal": {"AWS": f"arn:{partition}:iam::{account_id}:root"},
                    "Action": ["kms:Describe*", "kms:Get*", "kms:List*", "kms:RevokeGrant"],
                    "Resource": "*",
                },
            ],
        },
        indent=2,
    )


class KmsKey:
    """A KMS key in the mock: what tests see, and the material that seals values.

    Change its state with :meth:`enable`, :meth:`disable`, :meth:`schedule_deletion` and
    :meth:`cancel_deletion`, and its key policy by assigning :attr:`policy`; the next call the
    mock answers sees the change.
    """

    def __init__(
        self,
        *,
        key_id: str,
        arn: str,
        description: str,
        policy: str | None,
        aws_managed: bool,
        lock: Any,
        material: bytes | None = None,
    ) -> None:
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        #: The key id, a UUID.
        self.key_id = key_id
        #: ``arn:aws:kms:REGION:ACCOUNT:key/KEY_ID``.
        self.arn = arn
        _, partition, _, self.region, self.account_id, _ = arn.split(":", 5)
        self.description = description
        #: True for the AWS managed key aws/secretsmanager.
        self.aws_managed = aws_managed
        standard = (
            managed_key_policy(self.account_id, self.region, partition)
            if aws_managed
            else default_key_policy(self.account_id, partition)
        )
        self._set_rules(read_key_policy(policy if policy is not None else standard, standard))
        #: The key's aliases, each ``alias/NAME``.
        self.aliases: list[str] = []
        #: Enabled, Disabled or PendingDeletion.
        self.state = KeyState.ENABLED
        self._lock = lock
        # The key's secret material (new, or a restored key's: server mode's --state file).
        self.material = material if material is not None else os.urandom(_MATERIAL_BYTES)
        self.cipher = AESGCM(self.material)

    @property
    def policy(self) -> str:
        """The key policy, as JSON text; assign a new one as KMS PutKeyPolicy would.

        The mock evaluates it for each call that encrypts or decrypts under the key (see
        docs/kms.md); a text that is not a valid policy is refused with SecretMockError.
        """
        return self.rules.text

    @policy.setter
    def policy(self, text: str) -> None:
        if self.aws_managed:
            raise SecretMockError(
                f"{self.arn} is the AWS managed key {DEFAULT_KEY_ALIAS}: its key policy is "
                "AWS's and cannot be changed"
            )
        standard = default_key_policy(self.account_id, partition_of(self.region))
        self._set_rules(read_key_policy(text, standard))

    def _set_rules(self, rules: KeyPolicy) -> None:
        # The key policy, read once when it is set. ``serves`` is the one account whose
        # principals a standard policy allows; None when the policy must be evaluated.
        self.rules = rules
        self.serves = self.account_id if rules.policy is None else None

    def __deepcopy__(self, memo: dict[int, Any]) -> KmsKey:
        # A key is an identity, not a value: copies of the state that refers to it share it.
        return self

    def __repr__(self) -> str:
        return f"<KmsKey {self.arn} aliases={self.aliases} state={self.state.value}>"

    def enable(self) -> None:
        """Enable the key (KMS EnableKey); a key pending deletion must be cancelled first."""
        self._change(KeyState.ENABLED, refused_when=KeyState.PENDING_DELETION)

    def disable(self) -> None:
        """Disable the key (KMS DisableKey): values under it can be neither read nor written."""
        self._change(KeyState.DISABLED, refused_when=KeyState.PENDING_DELETION)

    def schedule_deletion(self) -> None:
        """Schedule the key's deletion (KMS ScheduleKeyDeletion).

        The key stays PendingDeletion until :meth:`cancel_deletion`: the mock never deletes it.
        """
        self._change(KeyState.PENDING_DELETION, refused_when=None)

    def cancel_deletion(self) -> None:
        """Cancel a scheduled deletion: the key is Disabled, as KMS leaves it [DOC]."""
        with self._lock:
            if self.state is not KeyState.PENDING_DELETION:
                raise SecretMockError(f"{self.arn} is not pending deletion")
            self.state = KeyState.DISABLED

    def _change(self, state: KeyState, refused_when: KeyState | None) -> None:
        with self._lock:
            if self.aws_managed:
                raise SecretMockError(
                    f"{self.arn} is the AWS managed key {DEFAULT_KEY_ALIAS}: AWS does not let "
                    "you disable it or delete it"
                )
            if self.state is refused_when:
                raise SecretMockError(f"{self.arn} is pending deletion; cancel_deletion() first")
            self.state = state


class KeyRing:
    """The KMS keys of one account in one Region, and their aliases."""

    def __init__(self, account_id: str, region: str, rng: random.Random, lock: Any) -> None:
        self.account_id = account_id
        self.region = region
        self._rng = rng
        self._lock = lock
        self.keys: dict[str, KmsKey] = {}  # by key id, in creation order
        self.aliases: dict[str, KmsKey] = {}  # "alias/NAME" -> key

    def create_key(
        self,
        *,
        alias: str | None,
        description: str,
        policy: str | None,
        aws_managed: bool,
        key_id: str | None = None,
    ) -> KmsKey:
        """A new key, with the key id given (checked by :meth:`KeyRings.create_key`) or a new
        one."""
        name = None if alias is None else _alias_name(alias)
        if name is not None:
            if name.startswith("alias/aws/") and not aws_managed:
                raise SecretMockError(f"{name}: the alias/aws/ prefix is reserved for AWS")
            if name in self.aliases:
                raise SecretMockError(f"{name} already exists in {self.account_id}/{self.region}")
        if key_id is None:
            key_id = random_uuid(self._rng)
        partition = partition_of(self.region)
        key = KmsKey(
            key_id=key_id,
            arn=f"arn:{partition}:kms:{self.region}:{self.account_id}:key/{key_id}",
            description=description,
            policy=policy,
            aws_managed=aws_managed,
            lock=self._lock,
        )
        self.keys[key_id] = key
        if name is not None:
            key.aliases.append(name)
            self.aliases[name] = key
        return key

    def default_key(self) -> KmsKey:
        """The AWS managed key aws/secretsmanager, made the first time it is used [DOC]."""
        key = self.aliases.get(DEFAULT_KEY_ALIAS)
        if key is None:
            key = self.create_key(
                alias=DEFAULT_KEY_ALIAS,
                description="Default key that protects my Secrets Manager data when no other "
                "key is defined",
                policy=None,
                aws_managed=True,
            )
        return key


class KeyChoice(NamedTuple):
    """The key a KmsKeyId names, and how ListSecretVersionIds reports it.

    ``key`` None stands for the AWS managed key of ``ring``'s account and Region, which is made
    only when a value is sealed under it (a refused call makes no key).
    """

    key: KmsKey | None
    reported: str
    ring: tuple[str, str]


# How ListSecretVersionIds names the AWS managed key in a version's KmsKeyIds [REC].
DEFAULT_ENCRYPTION_KEY = "DefaultEncryptionKey"


class KeyRings:
    """Every key ring of one mock, with the random source and the lock they share."""

    def __init__(self, seed: int | None, lock: Any) -> None:
        self._seed = seed
        self.lock = lock if lock is not None else threading.RLock()
        self.rng = self._new_random()
        self._rings: dict[tuple[str, str], KeyRing] = {}

    def _new_random(self) -> random.Random:
        # Its own sequence: making a key moves no other seeded value of the mock.
        if self._seed is None:
            return random.SystemRandom()
        return random.Random(f"secretmock-kms:{self._seed}")

    def ring(self, account_id: str, region: str) -> KeyRing:
        key = (account_id, region)
        found = self._rings.get(key)
        if found is None:
            found = self._rings[key] = KeyRing(account_id, region, self.rng, self.lock)
        return found

    def find(self, account_id: str, region: str) -> KeyRing | None:
        """The ring of an account and Region, if it has one: a lookup makes none."""
        return self._rings.get((account_id, region))

    def all_keys(self) -> list[KmsKey]:
        """Every key of every account and Region, ring by ring, oldest first."""
        return [key for ring in self._rings.values() for key in ring.keys.values()]

    def create_key(
        self,
        account_id: str,
        region: str,
        *,
        alias: str | None,
        description: str,
        policy: str | None,
        key_id: str | None,
    ) -> KmsKey:
        """A customer managed key of ``account_id`` in ``region``; ``key_id`` None makes one.

        A given key id must be a UUID that no key of the mock has: KMS's key ids are unique
        across accounts and Regions.
        """
        if key_id is not None:
            if not _KEY_ID.fullmatch(str(key_id)):  # a test may pass any object
                raise SecretMockError(
                    "a KMS key id is a lowercase UUID such as "
                    f"'1234abcd-12ab-34cd-56ef-1234567890ab', not {key_id!r}"
                )
            for key in self.all_keys():
                if key.key_id == key_id:
                    raise SecretMockError(f"the mock already has a KMS key {key_id}: {key.arn}")
        ring = self.ring(account_id, region)
        return ring.create_key(
            alias=alias, description=description, policy=policy, aws_managed=False, key_id=key_id
        )

    def reset(self) -> None:
        self._rings.clear()
        self.rng = self._new_random()

    def key_for(self, choice: KeyChoice) -> KmsKey:
        """The key a choice names, making the AWS managed key if it is that one's first use."""
        return choice.key if choice.key is not None else self.ring(*choice.ring).default_key()

    def choose(self, kms_key_id: str | None, account_id: str, region: str) -> KeyChoice:
        """The key a secret's KmsKeyId names in the secret's account and Region.

        None or "" is the AWS managed key. A key id or ``alias/NAME`` is looked up in the
        secret's own account and Region, a key or alias ARN in the account and Region it names
        ("To use a KMS key in a different account, use the key ARN or the alias ARN" [DOC]).
        Raises InvalidParameterException for a KmsKeyId that names no key.
        """
        if not kms_key_id:
            return KeyChoice(None, DEFAULT_ENCRYPTION_KEY, (account_id, region))
        ring_key = (account_id, region)
        name = kms_key_id
        if kms_key_id.startswith("arn:"):
            parts = kms_key_id.split(":", 5)
            if len(parts) != 6 or parts[2] != "kms" or parts[0] != "arn":
                raise KMS_INVALID_KEY_ID.error()
            ring_key = (parts[4], parts[3])
            name = parts[5]
            if name.startswith("key/"):
                name = name[len("key/") :]
                if not _KEY_ID.fullmatch(name):
                    raise KMS_INVALID_KEY_ID.error()
            elif not name.startswith("alias/"):
                raise KMS_INVALID_KEY_ID.error()
        # Assumed [INF]: Secrets Manager asks KMS in the secret's own Region, where a key or
        # alias of another Region does not exist.
        ring = self._rings.get(ring_key) if ring_key[1] == region else None
        if name.startswith("alias/"):
            if not _ALIAS_NAME.fullmatch(name):
                raise KMS_INVALID_KEY_ID.error()
            if name == DEFAULT_KEY_ALIAS and ring_key[1] == region:
                # The AWS managed key exists for every account and Region, made on first use.
                key = None if ring is None else ring.aliases.get(name)
                return KeyChoice(key, kms_key_id, ring_key)
            key = None if ring is None else ring.aliases.get(name)
            if key is None:
                arn = kms_key_id if kms_key_id.startswith("arn:") else None
                raise KMS_ALIAS_NOT_FOUND.error(alias_arn=arn or _alias_arn(ring_key, name))
            return KeyChoice(key, kms_key_id, ring_key)
        if not _KEY_ID.fullmatch(name):
            raise KMS_INVALID_KEY_ID.error()
        key = None if ring is None else ring.keys.get(name)
        if key is None:
            raise KMS_KEY_NOT_FOUND.error(key_arn=_key_arn(ring_key, name))
        return KeyChoice(key, kms_key_id, ring_key)


def _alias_name(alias: str) -> str:
    name = alias if alias.startswith("alias/") else f"alias/{alias}"
    if not _ALIAS_NAME.fullmatch(name):
        raise SecretMockError(
            f"{alias!r} is not a KMS alias name: letters, digits, '/', '_' and '-' after alias/"
        )
    return name


def _key_arn(ring: tuple[str, str], key_id: str) -> str:
    account_id, region = ring
    return f"arn:{partition_of(region)}:kms:{region}:{account_id}:key/{key_id}"


def _alias_arn(ring: tuple[str, str], name: str) -> str:
    account_id, region = ring
    return f"arn:{partition_of(region)}:kms:{region}:{account_id}:{name}"
