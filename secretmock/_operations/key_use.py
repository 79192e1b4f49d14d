"""The KMS side of reading and writing a value: which key, and whether the caller may use it.

Secrets Manager asks KMS on the caller's behalf (secretmock._kms.access has the actions and the
evidence). Two refusals come first, and a key's state last:

* the AWS managed key aws/secretsmanager serves only callers of the secret's own account: a
  caller of another account gets InvalidRequestException [REC, see DEFAULT_KEY_ACROSS_ACCOUNTS];
* a key policy that does not allow the caller is AccessDeniedException "Access to KMS is not
  allowed" [USER];
* a key that is disabled or pending deletion is EncryptionFailure or DecryptionFailure.
  Assumed [INF]: KMS checks the key policy before the key's state, as it authorizes a request
  before acting on it.
"""

from __future__ import annotations

from secretmock._backend.models import Secret, SecretVersion
from secretmock._ids import parse_secret_arn, partition_of, random_uuid
from secretmock._kms.access import (
    DECRYPT,
    ENCRYPT,
    GENERATE_DATA_KEY,
    VALIDATION,
    allows,
    readable,
)
from secretmock._kms.envelope import SealedValue, refuse_unusable_for_encryption, reveal, rewrap
from secretmock._kms.keys import DEFAULT_KEY_ALIAS, KeyChoice, KmsKey
from secretmock._messages import (
    DEFAULT_KEY_ACROSS_ACCOUNTS,
    ENCRYPT_ALIAS_NOT_FOUND,
    ENCRYPT_KEY_NOT_FOUND,
    KMS_ACCESS_DENIED,
    KMS_ACCESS_DENIED_OLD_KEY,
)
from secretmock._request import Request
from secretmock.errors import SecretsManagerError


def key_choice(request: Request, secret: Secret, kms_key_id: str | None) -> KeyChoice:
    """The key ``kms_key_id`` names for this call on ``secret``.

    None, "" and ``alias/aws/secretsmanager`` name the AWS managed key of the secret's account;
    a key or alias ARN names a key of the account in it; a key id or an alias name is looked up
    in the caller's account, as KMS resolves names for the caller Secrets Manager acts for
    [USER hashicorp/terraform-provider-aws#30272] (for the owner's calls, the secret's account).
    """
    arn = parse_secret_arn(secret.arn)
    assert arn is not None  # a secret's own ARN is always complete
    account = arn.account_id
    if kms_key_id and kms_key_id != DEFAULT_KEY_ALIAS and request.caller.account is not None:
        account = request.caller.account
    return request.backend.kms.choose(kms_key_id, account, arn.region)


def stored_key_choice(request: Request, secret: Secret) -> KeyChoice:
    """The key a new value is encrypted under: the one the secret's KmsKeyId names for the
    caller. Another account's caller that has no key of that id or alias name gets KMS's
    NotFoundException wrapped in EncryptionFailure [USER #30272]."""
    try:
        return key_choice(request, secret, secret.kms_key_id)
    except SecretsManagerError:
        # Only another account's lookup can fail: the key was found when the secret got it.
        name = str(secret.kms_key_id)
        arn = parse_secret_arn(secret.arn)
        assert arn is not None
        prefix = f"arn:{partition_of(arn.region)}:kms:{arn.region}:{request.caller.account}"
        request_id = random_uuid(request.backend.kms.rng)
        if name.startswith("alias/"):
            alias_arn = f"{prefix}:{name}"
            raise ENCRYPT_ALIAS_NOT_FOUND.error(
                alias_arn=alias_arn, request_id=request_id
            ) from None
        key_arn = f"{prefix}:key/{name}"
        raise ENCRYPT_KEY_NOT_FOUND.error(key_arn=key_arn, request_id=request_id) from None


def sealing_key(request: Request, secret_arn: str, version_id: str, choice: KeyChoice) -> KmsKey:
    """The key a new value is sealed under, once the caller may use it (kms:GenerateDataKey).

    The AWS managed key is made here, on its first use, so a refused call makes none.
    """
    _refuse_default_key_across_accounts(request, choice)
    kms = request.backend.kms
    key = kms.key_for(choice)
    if not allows(key, request.caller, GENERATE_DATA_KEY, secret_arn, version_id, request.now):
        raise KMS_ACCESS_DENIED.error()
    refuse_unusable_for_encryption(key, kms.rng)
    return key


def check_key_access(request: Request, secret_arn: str, choice: KeyChoice) -> None:
    """What Secrets Manager checks when a secret is given a key: that the caller may use it for
    kms:GenerateDataKey and kms:Decrypt [DOC "Validating access to the KMS key"], and so that
    KMS can: a disabled key or one pending deletion refuses that GenerateDataKey as it refuses
    a new value's, with EncryptionFailure [INF: the same answer as a write's, before any value
    is written]."""
    _refuse_default_key_across_accounts(request, choice)
    key = choice.key
    if key is None:
        return  # the caller's own AWS managed key, not made yet: it serves the whole account
    for action in (GENERATE_DATA_KEY, DECRYPT):
        if not allows(key, request.caller, action, secret_arn, VALIDATION, request.now):
            raise KMS_ACCESS_DENIED.error()
    refuse_unusable_for_encryption(key, request.backend.kms.rng)


def open_value(request: Request, secret: Secret, version: SecretVersion) -> str | bytes:
    """The value of ``version`` decrypted for the caller, through a key it may decrypt with."""
    sealed = version.value
    assert sealed is not None  # only versions with a value are read
    caller, rng = request.caller, request.backend.kms.rng
    wrappings = readable(sealed.wrappings, caller, secret.arn, version.version_id, request.now)
    if wrappings is sealed.wrappings:
        return reveal(sealed, rng)
    # A caller of another account, or a key policy of the test's own. The key the secret is
    # under now is the one its owner gave it, found in the secret's account.
    arn = parse_secret_arn(secret.arn)
    assert arn is not None
    choice = request.backend.kms.choose(secret.kms_key_id, arn.account_id, arn.region)
    _refuse_default_key_across_accounts(request, choice)
    if not wrappings:
        current = _key_of(request, choice)
        if any(wrapping.key is current for wrapping in sealed.wrappings):
            raise KMS_ACCESS_DENIED.error()
        raise KMS_ACCESS_DENIED_OLD_KEY.error()
    return reveal(sealed._replace(wrappings=wrappings), rng)


def reencrypt(
    request: Request, secret: Secret, choice: KeyChoice, versions: dict[SecretVersion, SealedValue]
) -> None:
    """Re-encrypt ``versions`` under the secret's new key, each one the caller may encrypt under
    it (kms:Encrypt) and decrypt through a key that protects it now (kms:Decrypt).

    "If you don't have kms:Encrypt permission to the new key, Secrets Manager does not
    re-encrypt existing secret versions with the new key" [DOC UpdateSecret KmsKeyId]; such a
    version keeps its keys, as ListSecretVersionIds' KmsKeyIds shows.
    """
    if not versions:
        return
    key = request.backend.kms.key_for(choice)
    caller, now = request.caller, request.now
    for version, sealed in versions.items():
        if allows(key, caller, ENCRYPT, secret.arn, version.version_id, now):
            through = readable(sealed.wrappings, caller, secret.arn, version.version_id, now)
            version.value = rewrap(sealed, key, choice.reported, through)


def _refuse_default_key_across_accounts(request: Request, choice: KeyChoice) -> None:
    managed = choice.key is None or choice.key.aws_managed
    if managed and choice.ring[0] != request.caller.account:
        raise DEFAULT_KEY_ACROSS_ACCOUNTS.error()


def _key_of(request: Request, choice: KeyChoice) -> KmsKey | None:
    """The key a choice names, if it exists (the AWS managed key is made on first use)."""
    if choice.key is not None:
        return choice.key
    ring = request.backend.kms.find(*choice.ring)
    return None if ring is None else ring.aliases.get(DEFAULT_KEY_ALIAS)
