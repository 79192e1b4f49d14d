"""secretmock: an in-process mock of AWS Secrets Manager for boto3 and botocore tests.

While a mock is active, every Secrets Manager call of every boto3/botocore client in the process
is answered in-process, as AWS answers it. Nothing reaches the network and no credentials are
needed; other services are untouched.
"""

from __future__ import annotations

from secretmock import _hook
from secretmock._calls import Call, CallList
from secretmock._clock import Clock, FixedClock, SystemClock
from secretmock._hook import patch_client
from secretmock._mock import SecretsManagerMock, current, mock_secrets
from secretmock._rotation import (
    LambdaContext,
    Rotation,
    RotationFunction,
    RotationLog,
    RotationStep,
)

_hook.install()

# Kept equal to the version in pyproject.toml by a test; reading the installed metadata instead
# would cost a few milliseconds on every import.
__version__ = "0.1.0"

__all__ = [
    "Call",
    "CallList",
    "Clock",
    "FixedClock",
    "LambdaContext",
    "Rotation",
    "RotationFunction",
    "RotationLog",
    "RotationStep",
    "SecretsManagerMock",
    "SystemClock",
    "__version__",
    "current",
    "mock_secrets",
    "patch_client",
]
