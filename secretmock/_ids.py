"""Identifiers: secret ARNs, their random suffix, version and request ids.

All randomness comes from the mock's random source, so a seeded mock gives the same ARNs and
ids on every run (an unseeded mock's identifiers come from :func:`identifier_source`).
"""

from __future__ import annotations

import os
import random
import re
import string
from functools import lru_cache
from typing import Any, NamedTuple

from secretmock.errors import SecretMockError

# AWS suffixes are six mixed-case letters and digits (observed: "JOj6kh", "3jLvFd", "knwb3S").
_SUFFIX_ALPHABET = string.ascii_letters + string.digits
SUFFIX_LENGTH = 6
#: The account a mock's secrets belong to unless it is given another; AWS's documentation uses it.
DEFAULT_ACCOUNT_ID = "123456789012"


_ACCOUNT_ID = re.compile(r"[0-9]{12}")
_REGION = re.compile(r"(?:[a-z]+-)+[0-9]+")


def checked_region(region: object) -> str:
    """``region``, refused with SecretMockError unless it is a region name."""
    # Assumed [DOC]: the region pattern of Secrets Manager's AddReplicaRegions, ^([a-z]+-)+\d+$,
    # with ASCII digits. Region names not known today pass, so new regions work.
    if not isinstance(region, str) or not _REGION.fullmatch(region):
        raise SecretMockError(f"region must be a region name such as 'us-east-1', not {region!r}")
    return region


def checked_account_id(account_id: object) -> str:
    """``account_id``, refused with SecretMockError unless it is 12 digits."""
    if not isinstance(account_id, str) or not _ACCOUNT_ID.fullmatch(account_id):
        raise SecretMockError(f"account_id must be a string of 12 digits, not {account_id!r}")
    return account_id


@lru_cache(maxsize=256)
def partition_of(region: str) -> str:
    """The ARN partition a Region belongs to, as the installed botocore knows them: a partition
    that lists the Region, else one whose Region pattern it matches (the order botocore's
    endpoint resolver uses), else ``aws``."""
    partitions = aws_partitions()
    for partition in partitions:
        if region in partition["regions"]:
            return str(partition["id"])
    for partition in partitions:
        if re.match(partition["regionRegex"], region):
            return str(partition["id"])
    return "aws"


@lru_cache(maxsize=1)
def aws_partitions() -> list[dict[str, Any]]:
    """The AWS partitions of the installed botocore's ``partitions.json``."""
    from botocore.loaders import create_loader  # read once, on first need

    partitions: list[dict[str, Any]] = create_loader().load_data("partitions")["partitions"]
    return partitions


def random_suffix(rng: random.Random) -> str:
    """A fresh six-character ARN suffix."""
    return random_chars(identifier_source(rng), _SUFFIX_ALPHABET, SUFFIX_LENGTH)


def identifier_source(rng: random.Random) -> random.Random:
    """Where identifiers (ARN suffixes, request ids) are drawn from: a seeded mock's own source.

    An unseeded mock's source is the operating system's (``random.SystemRandom``), which costs
    a system call per draw, and a request id is drawn for every call: identifiers are not
    secrets, so they come from a fast generator seeded from the operating system instead
    (seeded again in a child process after a fork, so parent and child draw differently).
    """
    return _FAST if type(rng) is random.SystemRandom else rng


_FAST = random.Random()  # seeded from os.urandom
if hasattr(os, "register_at_fork"):  # not on Windows, which does not fork
    os.register_at_fork(after_in_child=_FAST.seed)


def random_chars(rng: random.Random, alphabet: str, count: int) -> str:
    """``count`` characters of ``alphabet`` (ASCII), each equally likely, from random bytes.

    One draw of bytes instead of one per character: a byte stands for
    ``alphabet[byte % len(alphabet)]``, and the bytes of the incomplete last round of the
    alphabet are dropped, so no character is likelier than another.
    """
    table, dropped = _byte_table(alphabet)
    drawn = b""
    while len(drawn) < count:
        # At least two bytes in three are kept, so one round nearly always draws enough.
        drawn += rng.randbytes(count + count // 2 + 8).translate(table, dropped)
    return drawn[:count].decode("ascii")


@lru_cache(maxsize=64)
def _byte_table(alphabet: str) -> tuple[bytes, bytes]:
    size = len(alphabet)
    table = (alphabet * (256 // size + 1))[:256].encode("ascii")
    return table, bytes(range(256 - 256 % size, 256))


def secret_arn(region: str, account_id: str, name: str, suffix: str) -> str:
    return f"arn:{partition_of(region)}:secretsmanager:{region}:{account_id}:secret:{name}-{suffix}"


def random_uuid(rng: random.Random) -> str:
    """A version-4 UUID drawn from ``rng`` (so seeded mocks are reproducible).

    What ``str(uuid.UUID(bytes=..., version=4))`` gives, written out: it runs for every call
    answered.
    """
    drawn = bytearray(identifier_source(rng).randbytes(16))
    drawn[6] = drawn[6] & 0x0F | 0x40  # version 4
    drawn[8] = drawn[8] & 0x3F | 0x80  # variant RFC 4122
    digits = drawn.hex()
    return f"{digits[:8]}-{digits[8:12]}-{digits[12:16]}-{digits[16:20]}-{digits[20:]}"


class SecretArn(NamedTuple):
    """The parts of a secret ARN (or of a partial ARN, which lacks the suffix)."""

    partition: str
    region: str
    account_id: str
    resource: str  # the name, with "-XXXXXX" when the ARN is complete


@lru_cache(maxsize=4096)
def parse_secret_arn(value: str) -> SecretArn | None:
    """Split ``arn:PARTITION:secretsmanager:REGION:ACCOUNT:secret:RESOURCE``; None if it is not one.

    Kept for the ARNs parsed lately: a call by ARN parses it two or three times (validation,
    the store it lives in, the lookup), and a test names the same secrets call after call.
    """
    parts = value.split(":", 6)
    if len(parts) != 7 or parts[0] != "arn" or parts[2] != "secretsmanager" or parts[5] != "secret":
        return None
    if not parts[6]:
        return None
    return SecretArn(parts[1], parts[3], parts[4], parts[6])
