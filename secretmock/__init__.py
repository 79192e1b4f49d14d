"""secretmock: an in-process mock of AWS Secrets Manager for boto3 and botocore tests.

While a mock is active, every Secrets Manager call of every boto3/botocore client in the process
is answered in-process, as AWS answers it. Nothing reaches the network and no credentials are
needed; other services are untouched.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from secretmock import _credentials, _hook
from secretmock._calls import Call, CallList
from secretmock._clock import Clock, FixedClock, SystemClock
from secretmock._hook import patch_client
from secretmock._mock import SecretsManagerMock, current, mock_secrets
from secretmock.errors import UnmockedCallError

if TYPE_CHECKING:
    from secretmock._backend.replication import ReplicationControls
    from secretmock._faults import Fault
    from secretmock._identity import Credentials
    from secretmock._kms.keys import KeyState, KmsKey
    from secretmock._kms.public import KmsKeys
    from secretmock._rotation.functions import RotationFunction
    from secretmock._rotation.lambda_runtime import LambdaContext
    from secretmock._rotation.log import Rotation, RotationLog, RotationStep
    from secretmock._seeding import SeedRotation, SeedVersion
    from secretmock._server.server import SecretsManagerServer
    from secretmock._snapshot import Snapshot

_hook.install()
_credentials.install()

# The rotation, KMS, replication, fault, seeding and server types are imported when first asked
# for: most tests only ever annotate with them, and the pytest plugin imports secretmock into
# every test run, so `import secretmock` stays cheap.
_LAZY = {
    "Fault": "secretmock._faults",
    "Credentials": "secretmock._identity",
    "KeyState": "secretmock._kms.keys",
    "KmsKey": "secretmock._kms.keys",
    "KmsKeys": "secretmock._kms.public",
    "ReplicationControls": "secretmock._backend.replication",
    "RotationFunction": "secretmock._rotation.functions",
    "LambdaContext": "secretmock._rotation.lambda_runtime",
    "Rotation": "secretmock._rotation.log",
    "RotationLog": "secretmock._rotation.log",
    "RotationStep": "secretmock._rotation.log",
    "SeedRotation": "secretmock._seeding",
    "SeedVersion": "secretmock._seeding",
    "Snapshot": "secretmock._snapshot",
    "SecretsManagerServer": "secretmock._server.server",  # needs the server extra (waitress)
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'secretmock' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # found directly from now on
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY})


# Kept equal to the version in pyproject.toml by a test; reading the installed metadata instead
# would cost a few milliseconds on every import.
__version__ = "0.1.0"

__all__ = [
    "Call",
    "CallList",
    "Clock",
    "Credentials",
    "Fault",
    "FixedClock",
    "KeyState",
    "KmsKey",
    "KmsKeys",
    "LambdaContext",
    "ReplicationControls",
    "Rotation",
    "RotationFunction",
    "RotationLog",
    "RotationStep",
    "SecretsManagerMock",
    "SecretsManagerServer",
    "SeedRotation",
    "SeedVersion",
    "Snapshot",
    "SystemClock",
    "UnmockedCallError",
    "__version__",
    "current",
    "mock_secrets",
    "patch_client",
]
