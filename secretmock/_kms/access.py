"""Whether a caller may use a KMS key through Secrets Manager: the key policy decides.

Secrets Manager uses a secret's KMS key "on behalf of the user who is creating or changing the
secret value" [DOC security-encryption, "Permissions for the KMS key"]:

* kms:GenerateDataKey for each new value (CreateSecret, PutSecretValue, UpdateSecret);
* kms:Decrypt to read a value (GetSecretValue, BatchGetSecretValue);
* kms:GenerateDataKey and kms:Decrypt when a secret is given a key, with the SecretVersionId
  ``RequestToValidateKeyAccess`` [DOC "Validating access to the KMS key"];
* kms:Encrypt on the new key to re-encrypt versions when a secret changes key [DOC UpdateSecret
  KmsKeyId], and kms:Decrypt on a key that protects them already [DOC].

Each request carries kms:ViaService (``secretsmanager.REGION.amazonaws.com``),
kms:CallerAccount and the encryption context (kms:EncryptionContext:SecretARN and
...:SecretVersionId) [DOC]. Identity-based IAM policies are not modelled: a statement that names
an account allows every principal of that account, as if its IAM policies allowed everything.

A key whose policy is its standard one (the default key policy of a customer managed key, the
policy of aws/secretsmanager) allows exactly the principals of its own account. That is decided
once, when the policy is set, so a call under such a key pays a comparison, not an evaluation.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from secretmock._kms.envelope import Wrapping
    from secretmock._kms.keys import KmsKey
    from secretmock._policy import Caller, ContextValue, RequestContext

DECRYPT = "kms:Decrypt"
ENCRYPT = "kms:Encrypt"
GENERATE_DATA_KEY = "kms:GenerateDataKey"
#: The SecretVersionId of the requests that check whether a caller may use a key [DOC].
VALIDATION = "RequestToValidateKeyAccess"


def allows(
    key: KmsKey, caller: Caller, action: str, secret_arn: str, version_id: str, now: float
) -> bool:
    """Whether ``key``'s policy lets ``caller`` do ``action`` through Secrets Manager."""
    policy = key.rules.policy
    if policy is None:
        return caller.account == key.serves
    from secretmock._policy import evaluate

    return evaluate(_context(key, caller, action, secret_arn, version_id, now), policy).allowed


def readable(
    wrappings: tuple[Wrapping, ...], caller: Caller, secret_arn: str, version_id: str, now: float
) -> tuple[Wrapping, ...]:
    """The wrappings of a version whose key the caller may decrypt with (kms:Decrypt).

    ``wrappings`` itself when the caller may use every one of them.
    """
    account = caller.account
    if account is not None:
        for wrapping in wrappings:
            if wrapping.key.serves != account:
                break
        else:
            return wrappings
    return tuple(
        wrapping
        for wrapping in wrappings
        if allows(wrapping.key, caller, DECRYPT, secret_arn, version_id, now)
    )


def _context(
    key: KmsKey, caller: Caller, action: str, secret_arn: str, version_id: str, now: float
) -> RequestContext:
    from secretmock._policy import RequestContext

    keys: dict[str, ContextValue] = {
        # Assumed [INF]: the aws partition's service domain in every partition.
        "kms:ViaService": f"secretsmanager.{key.region}.amazonaws.com",
        "kms:EncryptionContext:SecretARN": secret_arn,
        "kms:EncryptionContext:SecretVersionId": version_id,
        "kms:EncryptionContextKeys": ("SecretARN", "SecretVersionId"),
    }
    if caller.account is not None:
        keys["kms:CallerAccount"] = caller.account
    moment = datetime.fromtimestamp(now, timezone.utc)
    return RequestContext(caller, action, key.arn, moment, keys)
