"""Secret values sealed as Secrets Manager seals them: envelope encryption under KMS keys.

"Secrets Manager uses the KMS key to generate and encrypt a symmetric 256-bit AES data key,
and uses the data key to encrypt the secret value" [DOC security-encryption]: each version has
a data key of its own, the value is AES-GCM under it, and the data key is kept only wrapped
(AES-GCM) by the material of each KMS key that protects the version. A version re-encrypted
under a new key keeps its wrapping under the previous one too: "Secrets Manager keeps all
existing versions encrypted with the previous key. That means you can decrypt AWSCURRENT,
AWSPENDING, and AWSPREVIOUS with the previous key or the new key" [DOC
manage_update-encryption-key]. ListSecretVersionIds' KmsKeyIds lists those keys.

Neither the value nor its data key is kept in the mock's state in the clear; reading unwraps
the data key through a key that is Enabled, and a key in any other state refuses, as KMS does.
"""

from __future__ import annotations

import functools
import os
import random
from typing import Any, NamedTuple

from secretmock._ids import random_uuid
from secretmock._kms.keys import KeyState, KmsKey
from secretmock._messages import (
    DECRYPT_DISABLED_KEY,
    DECRYPT_KEY_PENDING_DELETION,
    ENCRYPT_DISABLED_KEY,
    ENCRYPT_KEY_PENDING_DELETION,
)
from secretmock.errors import SecretsManagerError

_DATA_KEY_BYTES = 32
_NONCE_BYTES = 12
_WRAP_NONCE_AT = _DATA_KEY_BYTES + _NONCE_BYTES
_FRESH_BYTES = _WRAP_NONCE_AT + _NONCE_BYTES  # a data key and two nonces
# An Enum member read from its class costs a metaclass lookup (about 0.1 µs on Python 3.11), and
# every read and write tests a key's state.
_ENABLED = KeyState.ENABLED


class Wrapping(NamedTuple):
    """A version's data key, encrypted under one KMS key."""

    key: KmsKey
    reported: str  # how ListSecretVersionIds' KmsKeyIds names the key
    nonce: bytes
    wrapped: bytes


class SealedValue(NamedTuple):
    """A SecretString or SecretBinary, encrypted; the only form a value is stored in."""

    binary: bool
    nonce: bytes
    ciphertext: bytes
    wrappings: tuple[Wrapping, ...]

    @property
    def kms_key_ids(self) -> list[str]:
        wrappings = self.wrappings
        if len(wrappings) == 1:  # nearly always; ListSecretVersionIds asks for every version
            return [wrappings[0].reported]
        return [wrapping.reported for wrapping in wrappings]


def refuse_unusable_for_encryption(key: KmsKey, rng: random.Random) -> None:
    """EncryptionFailure, with AWS's wrapped KMS message, for a key that is not Enabled."""
    if key.state is not _ENABLED:
        raise _failure(key, rng, encrypting=True)


def seal(value: str | bytes, key: KmsKey, reported: str) -> SealedValue:
    """Encrypt ``value`` under a new data key wrapped by ``key`` (checked usable by the caller)."""
    binary = isinstance(value, bytes)
    plaintext = value if isinstance(value, bytes) else value.encode()
    fresh = _fresh()
    data_key = fresh[:_DATA_KEY_BYTES]
    nonce, wrap_nonce = fresh[_DATA_KEY_BYTES:_WRAP_NONCE_AT], fresh[_WRAP_NONCE_AT:]
    ciphertext = _aesgcm()(data_key).encrypt(nonce, plaintext, None)
    wrapping = Wrapping(key, reported, wrap_nonce, key.cipher.encrypt(wrap_nonce, data_key, None))
    return SealedValue(binary, nonce, ciphertext, (wrapping,))


def _fresh() -> bytes:
    """A data key and two nonces, from the operating system's randomness.

    Drawn for 64 values at a time: a draw is a system call, which costs more than the rest of
    the randomness. ``list.pop`` hands each out once, even to threads that seal at once, and a
    child process after a fork draws its own.
    """
    try:
        return _pool.pop()
    except IndexError:
        drawn = os.urandom(_FRESH_BYTES * _POOL_SIZE)
        _pool.extend(drawn[at : at + _FRESH_BYTES] for at in range(0, len(drawn), _FRESH_BYTES))
        return _pool.pop()


_POOL_SIZE = 64
_pool: list[bytes] = []
if hasattr(os, "register_at_fork"):  # not on Windows, which does not fork
    os.register_at_fork(after_in_child=_pool.clear)


def reveal(sealed: SealedValue, rng: random.Random) -> str | bytes:
    """The value, decrypted through the first of its keys that is Enabled.

    Raises DecryptionFailure naming the newest key when none is (assumed [INF]: which key
    Secrets Manager names when several protect a version is not recorded).
    """
    wrappings = sealed.wrappings
    # Nearly every version has one wrapping, under an Enabled key, and was read lately: that
    # read costs two lookups here rather than two calls (a batch makes it 20 times).
    if len(wrappings) == 1 and wrappings[0].key.state is _ENABLED:
        value = _opened.get(sealed.ciphertext)
        return _open(sealed, wrappings[0]) if value is None else value
    wrapping = _usable_wrapping(wrappings)
    if wrapping is None:
        raise _failure(wrappings[-1].key, rng, encrypting=False)
    return _open(sealed, wrapping)


def reveal_any_state(sealed: SealedValue) -> str | bytes:
    """The value, through its first key whatever that key's state: the mock's own view, for
    dump(), which carries a value under a disabled key as it is."""
    return _open(sealed, sealed.wrappings[0])


def rewrap(
    sealed: SealedValue,
    key: KmsKey,
    reported: str,
    through: tuple[Wrapping, ...] | None = None,
) -> SealedValue:
    """The same value also wrapped under ``key``; unchanged when no current key can unwrap it.

    ``through`` are the wrappings the caller may unwrap (kms:Decrypt), by default all of them.
    "If you don't have kms:Decrypt permissions to the previous key, Secrets Manager can't
    decrypt and re-encrypt the secret version ... existing versions are not re-encrypted"
    [DOC]; assumed [INF]: a previous key that is disabled or pending deletion is treated alike.
    """
    if any(wrapping.key is key for wrapping in sealed.wrappings):
        return sealed
    wrapping = _usable_wrapping(sealed.wrappings if through is None else through)
    if wrapping is None:
        return sealed
    wrappings = (*sealed.wrappings, _wrap(_data_key(wrapping), key, reported))
    return SealedValue(sealed.binary, sealed.nonce, sealed.ciphertext, wrappings)


def holds(sealed: SealedValue, value: str | bytes) -> bool:
    """Whether ``sealed`` holds ``value`` (a retried request's check), whatever its keys' states."""
    if sealed.binary != isinstance(value, bytes):
        return False
    return _open(sealed, sealed.wrappings[0]) == value


def _wrap(data_key: bytes, key: KmsKey, reported: str) -> Wrapping:
    nonce = os.urandom(_NONCE_BYTES)
    return Wrapping(key, reported, nonce, key.cipher.encrypt(nonce, data_key, None))


def _usable_wrapping(wrappings: tuple[Wrapping, ...]) -> Wrapping | None:
    """The first of ``wrappings`` whose KMS key is Enabled: the one a read unwraps."""
    for wrapping in wrappings:
        if wrapping.key.state is _ENABLED:
            return wrapping
    return None


def _data_key(wrapping: Wrapping) -> bytes:
    data_key: bytes = wrapping.key.cipher.decrypt(wrapping.nonce, wrapping.wrapped, None)
    return data_key


def _open(sealed: SealedValue, wrapping: Wrapping) -> str | bytes:
    """The value ``sealed`` holds, decrypted through ``wrapping``; the values read lately are
    kept, by their ciphertext.

    Unwrapping the data key and decrypting cost more than the rest of a read, and a test reads
    the same versions again and again. The values are kept outside the mock's state (a snapshot,
    a dump or a --state file never holds one in the clear) and only behind the checks: a read
    still picks a wrapping whose KMS key is Enabled (:func:`_usable_wrapping`) after the caller
    was allowed to use it, so a key's state and policies decide every read as before. A
    ciphertext is the value's alone: each value is sealed under a data key of its own, and
    :func:`rewrap` keeps the ciphertext with its value.
    """
    ciphertext = sealed.ciphertext
    value = _opened.get(ciphertext)
    if value is None:
        plaintext: bytes = _aesgcm()(_data_key(wrapping)).decrypt(sealed.nonce, ciphertext, None)
        value = plaintext if sealed.binary else plaintext.decode()
        if len(_opened) >= _OPENED_MOST:
            _opened.clear()  # bounded, and thread-safe without a lock
        _opened[ciphertext] = value
    return value


_OPENED_MOST = 1024
_opened: dict[bytes, str | bytes] = {}


def forget_opened_values() -> None:
    """Drop the values read lately: a mock that stops forgets them with the rest of its state,
    so no value of an earlier test stays in the process in the clear."""
    _opened.clear()


@functools.cache
def _aesgcm() -> Any:
    """cryptography's AESGCM class, imported with the first value (not by ``import secretmock``)."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    return AESGCM


def _failure(key: KmsKey, rng: random.Random, *, encrypting: bool) -> SecretsManagerError:
    if key.state is KeyState.DISABLED:
        message = ENCRYPT_DISABLED_KEY if encrypting else DECRYPT_DISABLED_KEY
    else:
        message = ENCRYPT_KEY_PENDING_DELETION if encrypting else DECRYPT_KEY_PENDING_DELETION
    return message.error(key_arn=key.arn, request_id=random_uuid(rng))
