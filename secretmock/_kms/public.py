"""``SecretsManagerMock.kms``: the KMS keys a test creates, inspects, disables and deletes."""

from __future__ import annotations

from secretmock._kms.keys import KeyRings, KmsKey
from secretmock.errors import SecretMockError


class KmsKeys:
    """The KMS keys of one mock, in its account; each method takes the Region (default: the
    mock's region).

    Keys live as long as the mock's state: they are forgotten when the mock stops, with its
    secrets.
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
    ) -> KmsKey:
        """Create an Enabled customer managed key, as KMS CreateKey (and CreateAlias) would.

        :param alias: ``NAME`` or ``alias/NAME``; CreateSecret's ``KmsKeyId`` then takes
            ``alias/NAME`` or the alias ARN as well as the key id and key ARN.
        :param policy: the key policy (JSON text); by default AWS's default key policy, which
            allows the account's root every kms action.
        """
        with self._rings.lock:
            ring = self._rings.ring(self._account_id, region or self._region)
            return ring.create_key(
                alias=alias, description=description, policy=policy, aws_managed=False
            )

    def get_key(self, key_id_or_alias: str, *, region: str | None = None) -> KmsKey:
        """A key by key id, key ARN, ``alias/NAME`` or alias ARN (the AWS managed key too)."""
        with self._rings.lock:
            for key in self.list_keys(region=region):
                prefix = key.arn.rsplit(":", 1)[0]  # arn:PARTITION:kms:REGION:ACCOUNT
                names = {key.key_id, key.arn, *key.aliases}
                names.update(f"{prefix}:{alias}" for alias in key.aliases)
                if key_id_or_alias in names:
                    return key
        raise SecretMockError(f"no KMS key {key_id_or_alias!r} in this mock")

    def list_keys(self, *, region: str | None = None) -> list[KmsKey]:
        """Every key of the Region, oldest first (aws/secretsmanager once a secret used it)."""
        with self._rings.lock:
            ring = self._rings.find(self._account_id, region or self._region)
            return [] if ring is None else list(ring.keys.values())

    def __repr__(self) -> str:
        return f"<KmsKeys account_id={self._account_id!r} region={self._region!r}>"
