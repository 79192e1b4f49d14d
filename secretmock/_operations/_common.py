"""Small pieces several operation families share."""

from __future__ import annotations

from secretmock._backend.models import Secret
from secretmock.errors import ResourceExistsException

DEFAULT_ENCRYPTION_KEY = "DefaultEncryptionKey"  # how AWS names aws/secretsmanager per version


def token_in_use(token: str, secret: Secret) -> ResourceExistsException:
    """AWS's refusal of a ClientRequestToken already used for another value of the secret."""
    return ResourceExistsException(
        f"You can't use ClientRequestToken {token} because that value is already in use "
        f"for a version of secret {secret.arn}."
    )


def version_kms_key_ids(secret: Secret) -> list[str]:
    """KmsKeyIds of a version encrypted now: the secret's key, or AWS's default-key marker."""
    return [secret.kms_key_id or DEFAULT_ENCRYPTION_KEY]
