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

if TYPE_CHECKING:
    from secretmock._kms.keys import KeyState, KmsKey
    from secretmock._kms.public import KmsKeys
    from secretmock._rotation.functions import RotationFunction
    from secretmock._rotation.lambda_runtime import LambdaContext
    from secretmock._rotation.log import Rotation, RotationLog, RotationStep
    from secretmock._server.server import SecretsManagerServer

_hook.install()
_credentials.install()

# The rotation and KMS types are imported when first asked for: most tests only ever annotate with them,
# and the pytest plugin imports secretmock into every test run, so `import secretmock` stays cheap.
_LAZY = {
    "KeyState": "secretmock._kms.keys",
    "KmsKey": "secretmock._kms.keys",
    "KmsKeys": "secretmock._kms.public",
    "RotationFunction": "secretmock._rotation.functions",
    "LambdaContext": "secretmock._rotation.lambda_runtime",
    "Rotation": "secretmock._rotation.log",
    "RotationLog": "secretmock._rotation.log",
    "RotationStep": "secretmock._rotation.log",
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
    "FixedClock",
    "KeyState",
    "KmsKey",
    "KmsKeys",
    "LambdaContext",
    "Rotation",
    "RotationFunction",
    "RotationLog",
    "RotationStep",
    "SecretsManagerMock",
    "SecretsManagerServer",
    "SystemClock",
    "__version__",
    "current",
    "mock_secrets",
    "patch_client",
]
