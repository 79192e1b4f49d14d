"""KMS keys for one mock: key rings per (account, Region), and envelope encryption of values.

* :mod:`~secretmock._kms.keys`: a key (id, ARN, aliases, key policy, state, secret material)
  and the key ring of one account and Region, which makes the AWS managed key
  ``aws/secretsmanager`` on first use and resolves a KmsKeyId in any of AWS's four forms.
* :mod:`~secretmock._kms.envelope`: a secret value sealed as AWS does it: AES-GCM under a
  data key of its own, the data key wrapped (AES-GCM) by each KMS key that protects the value.
  ``cryptography`` is imported with the first value sealed, not with ``import secretmock``.
* :mod:`~secretmock._kms.public`: the API tests use, ``SecretsManagerMock.kms``.

Every caller acts as its account's root today, which the default key policy allows. Where the
identity work plugs in: :attr:`KmsKey.policy` is the key policy's text, ready for
``secretmock._policy.evaluate`` (kms:Encrypt, kms:Decrypt, kms:GenerateDataKey), and a key ARN
names its own account's ring (:meth:`KeyRings.find`), so a key of another account resolves there.
"""

from __future__ import annotations

from secretmock._kms.keys import DEFAULT_KEY_ALIAS, KeyRing, KeyRings, KeyState, KmsKey

__all__ = ["DEFAULT_KEY_ALIAS", "KeyRing", "KeyRings", "KeyState", "KmsKey"]
