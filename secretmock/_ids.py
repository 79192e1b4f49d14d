"""Identifiers: secret ARNs, their random suffix, version and request ids.

All randomness comes from the mock's random source, so a seeded mock gives the same ARNs and
ids on every run.
"""

from __future__ import annotations

import random
import string
import uuid
from typing import NamedTuple

# AWS suffixes are six mixed-case letters and digits (observed: "JOj6kh", "3jLvFd", "knwb3S").
_SUFFIX_ALPHABET = string.ascii_letters + string.digits
SUFFIX_LENGTH = 6
#: The account a mock's secrets belong to unless it is given another; AWS's documentation uses it.
DEFAULT_ACCOUNT_ID = "123456789012"


def partition_of(region: str) -> str:
    """The ARN partition a region belongs to."""
    if region.startswith("cn-"):
        return "aws-cn"
    if region.startswith("us-gov-"):
        return "aws-us-gov"
    if region.startswith("us-iso-"):
        return "aws-iso"
    if region.startswith("us-isob-"):
        return "aws-iso-b"
    return "aws"


def random_suffix(rng: random.Random) -> str:
    """A fresh six-character ARN suffix."""
    return "".join(rng.choices(_SUFFIX_ALPHABET, k=SUFFIX_LENGTH))


def secret_arn(region: str, account_id: str, name: str, suffix: str) -> str:
    return f"arn:{partition_of(region)}:secretsmanager:{region}:{account_id}:secret:{name}-{suffix}"


def random_uuid(rng: random.Random) -> str:
    """A version-4 UUID drawn from ``rng`` (so seeded mocks are reproducible)."""
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


class SecretArn(NamedTuple):
    """The parts of a secret ARN (or of a partial ARN, which lacks the suffix)."""

    partition: str
    region: str
    account_id: str
    resource: str  # the name, with "-XXXXXX" when the ARN is complete


def parse_secret_arn(value: str) -> SecretArn | None:
    """Split ``arn:PARTITION:secretsmanager:REGION:ACCOUNT:secret:RESOURCE``; None if it is not one."""
    parts = value.split(":", 6)
    if len(parts) != 7 or parts[0] != "arn" or parts[2] != "secretsmanager" or parts[5] != "secret":
        return None
    if not parts[6]:
        return None
    return SecretArn(parts[1], parts[3], parts[4], parts[6])
