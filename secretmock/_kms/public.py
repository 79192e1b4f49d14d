"""``SecretsManagerMock.kms``: the KMS keys a test creates, inspects, disables and deletes."""

from __future__ import annotations

from secretmock._ids import checked_account_id, checked_region
from secretmock._kms.keys import KeyRings, KmsKey
from secretmock.errors import SecretMockError


class KmsKeys:
    """The KMS keys of one mock, in every account and Region.

    Each method takes ``account_id`` (default: the mock's account) and ``region`` (default: the
    mock's region): keys and aliases belong to one account and Region, as in KMS. Keys live as
    long as the mock's state: they are forgotten when the mock stops, with its secrets.
    """

    def __init__(self, rings: KeyRings, account_id: str, region: str) -> None:
        self._rings = rings
        self._account_id = account_id
        self._region = region

    def create_key(
        self,
        *,
        alias: str | None = None,
        description: str = "",
        policy: str | None = None,
        region: str | None = None,
        account_id: str | None = None,
        key_id: str | None = None,
    ) -> KmsKey:
        """Create an Enabled customer managed key, as KMS CreateKey (and CreateAlias) would.

        :param alias: ``NAME`` or ``alias/NAME``, unique in the key's account and Region;
            CreateSecret's ``KmsKeyId`` then takes ``alias/NAME`` or the alias ARN as well as the
            key id and key ARN.
        :param policy: the key policy (JSON text); by default AWS's default key policy, which
            allows the key's own account's root every kms action.
        :param account_id: the account that owns the key (default: the mock's).
        :param key_id: the key id, a lowercase UUID no key of the mock has (default: a new
            one), so the key's ARN can be fixed in advance.
        """
        account, where = self._place(account_id, region)
        with self._rings.lock:
            return self._rings.create_key(
                account, where, alias=alias, description=description, policy=policy, key_id=key_id
            )

    def get_key(
        self, key_id_or_alias: str, *, region: str | None = None, account_id: str | None = None
    ) -> KmsKey:
        """A key by key id, key ARN, ``alias/NAME`` or alias ARN (the AWS managed key too).

        A key or alias ARN names its own account and Region; a key id or alias name is looked
        up in ``account_id`` and ``region``.
        """
        account, where = self._place(account_id, region)
        if key_id_or_alias.startswith("arn:"):
            parts = key_id_or_alias.split(":", 5)
            if len(parts) == 6:
                account, where = parts[4], parts[3]
        with self._rings.lock:
            ring = self._rings.find(account, where)
            for key in [] if ring is None else ring.keys.values():
                prefix = key.arn.rsplit(":", 1)[0]  # arn:PARTITION:kms:REGION:ACCOUNT
                names = {key.key_id, key.arn, *key.aliases}
                names.update(f"{prefix}:{alias}" for alias in key.aliases)
                if key_id_or_alias in names:
                    return key
        raise SecretMockError(f"no KMS key {key_id_or_alias!r} in account {account} in {where}")

    def list_keys(
        self, *, region: str | None = None, account_id: str | None = None
    ) -> list[KmsKey]:
        """Every key of the account and Region, oldest first (aws/secretsmanager once a secret
        used it)."""
        account, where = self._place(account_id, region)
        with self._rings.lock:
            ring = self._rings.find(account, where)
            return [] if ring is None else list(ring.keys.values())

    def _place(self, account_id: str | None, region: str | None) -> tuple[str, str]:
        return (
            self._account_id if account_id is None else checked_account_id(account_id),
            self._region if region is None else checked_region(region),
        )

    def __repr__(self) -> str:
        return f"<KmsKeys account_id={self._account_id!r} region={self._region!r}>"
