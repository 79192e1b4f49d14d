"""Small pieces several operation families share."""

from __future__ import annotations

from typing import Any

from secretmock._backend.models import Secret
from secretmock.errors import ResourceExistsException, ResourceNotFoundException

DEFAULT_ENCRYPTION_KEY = "DefaultEncryptionKey"  # how AWS names aws/secretsmanager per version


def token_in_use(token: str, secret: Secret) -> ResourceExistsException:
    """AWS's refusal of a ClientRequestToken already used for another value of the secret."""
    return ResourceExistsException(
        f"You can't use ClientRequestToken {token} because that value is already in use "
        f"for a version of secret {secret.arn}."
    )


def no_value_for_version(version_id: str) -> ResourceNotFoundException:
    """AWS's answer for a VersionId the secret has no value under (recorded for GetSecretValue)."""
    return ResourceNotFoundException(
        f"Secrets Manager can't find the specified secret value for VersionId: {version_id}"
    )


def binary_value(value: Any) -> bytes | None:
    """A SecretBinary parameter as the bytes AWS receives: boto3 also takes a str (sent as its
    UTF-8 bytes, as botocore's serializer does) or a bytearray."""
    if value is None or isinstance(value, bytes):
        return value
    if isinstance(value, str):
        return value.encode("utf-8")
    return bytes(value)


def version_kms_key_ids(secret: Secret) -> list[str]:
    """KmsKeyIds of a version encrypted now: the secret's key, or AWS's default-key marker."""
    return [secret.kms_key_id or DEFAULT_ENCRYPTION_KEY]


def rotation_members(secret: Secret) -> dict[str, Any]:
    """The rotation members DescribeSecret and ListSecrets report; none before rotation was set up.

    AWS omits RotationEnabled (and the rest) for a secret whose rotation was never configured.
    After CancelRotateSecret it keeps RotationLambdaARN and RotationRules ("this field shows the
    previous rotation schedule and rotation function") and omits LastRotatedDate and
    NextRotationDate ("If ... rotation has been disabled, Secrets Manager returns null") [DOC].
    For a ScheduleExpression, RotationRules also carries the AutomaticallyAfterDays AWS computes
    from the schedule [USER, see secretmock._rotation.schedule].
    """
    rotation = secret.rotation
    if rotation is None:
        return {}
    members: dict[str, Any] = {"RotationEnabled": rotation.enabled}
    if rotation.lambda_arn is not None:
        members["RotationLambdaARN"] = rotation.lambda_arn
    if rotation.rules:
        rules = dict(rotation.rules)
        if rotation.reported_days is not None and "AutomaticallyAfterDays" not in rules:
            rules = {"AutomaticallyAfterDays": rotation.reported_days, **rules}
        members["RotationRules"] = rules
    if rotation.enabled:
        if rotation.last_rotated_date is not None:
            members["LastRotatedDate"] = rotation.last_rotated_date
        if rotation.next_rotation_date is not None:
            members["NextRotationDate"] = rotation.next_rotation_date
    return members
