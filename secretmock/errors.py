"""Errors: the AWS errors the backend answers with, and the library's own misuse errors.

Every AWS error a handler raises is a :class:`SecretsManagerError` subclass named after the AWS
error code. The hook turns it into the reply AWS would send, so the user's client raises its own
modeled exception class (``client.exceptions.ResourceNotFoundException``) or, for codes the
service model does not declare (``ValidationException``, ``AccessDeniedException``), a plain
``botocore.exceptions.ClientError`` carrying that code, exactly as against AWS.

:class:`SecretMockError` is different: it means the mock itself was misused or asked for something
it does not do, and it reaches the test as a Python exception.
"""

from __future__ import annotations

from typing import ClassVar


class SecretsManagerError(Exception):
    """An error AWS Secrets Manager answers with: a code, a message and an HTTP status."""

    code: ClassVar[str] = "InternalServiceError"
    http_status: ClassVar[int] = 400
    # Whether the service model declares this code. AWS sends {"__type", "Message"}; botocore
    # copies the modeled error shape's Message member to the top of the parsed reply, which it
    # cannot do for codes the model does not know.
    modeled: ClassVar[bool] = True

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.message!r})"


# AWS answers every client error of Secrets Manager with HTTP 400, ResourceNotFoundException
# included (recorded against AWS; moto uses 404). Only InternalServiceError is a 5xx.


class ResourceNotFoundException(SecretsManagerError):
    code = "ResourceNotFoundException"


class InvalidParameterException(SecretsManagerError):
    code = "InvalidParameterException"


class InvalidRequestException(SecretsManagerError):
    code = "InvalidRequestException"


class InvalidNextTokenException(SecretsManagerError):
    code = "InvalidNextTokenException"


class ResourceExistsException(SecretsManagerError):
    code = "ResourceExistsException"


class LimitExceededException(SecretsManagerError):
    code = "LimitExceededException"


class EncryptionFailure(SecretsManagerError):
    code = "EncryptionFailure"


class DecryptionFailure(SecretsManagerError):
    code = "DecryptionFailure"


class MalformedPolicyDocumentException(SecretsManagerError):
    code = "MalformedPolicyDocumentException"


class PreconditionNotMetException(SecretsManagerError):
    code = "PreconditionNotMetException"


class PublicPolicyException(SecretsManagerError):
    code = "PublicPolicyException"


class InternalServiceError(SecretsManagerError):
    code = "InternalServiceError"
    http_status = 500


class ValidationException(SecretsManagerError):
    """Not in the service model: boto3 raises a plain ``ClientError`` with this code."""

    code = "ValidationException"
    modeled = False


class SerializationException(SecretsManagerError):
    """A member of the wrong JSON type; only a client with botocore's parameter validation off
    can send one. Not in the service model: boto3 raises a plain ``ClientError``."""

    code = "SerializationException"
    modeled = False


class AccessDeniedException(SecretsManagerError):
    """Not in the service model: boto3 raises a plain ``ClientError`` with this code."""

    code = "AccessDeniedException"
    modeled = False


class MissingAuthenticationTokenException(SecretsManagerError):
    """AWS's answer to a request without a signature, before it reaches Secrets Manager. The code
    is not in the service model: boto3 raises a plain ``ClientError`` with it."""

    code = "MissingAuthenticationTokenException"
    modeled = False


class SecretMockError(Exception):
    """The mock was misused, or asked for something it does not do."""


class UnsupportedOperationError(SecretMockError, NotImplementedError):
    """A Secrets Manager operation the mock does not implement was called while it was active.

    It never falls through to the network: the call fails here, naming the operation.
    """

    def __init__(self, operation: str) -> None:
        super().__init__(
            f"secretmock does not implement the Secrets Manager operation {operation!r} yet; "
            "the call was not sent to AWS. See the support matrix in the docs."
        )
        self.operation = operation


class UnmockedCallError(SecretMockError):
    """Under the pytest plugin's guard, a Secrets Manager call bound for AWS was made while no
    secretmock was active; it was not sent."""


__all__ = [
    "AccessDeniedException",
    "DecryptionFailure",
    "EncryptionFailure",
    "InternalServiceError",
    "InvalidNextTokenException",
    "InvalidParameterException",
    "InvalidRequestException",
    "LimitExceededException",
    "MalformedPolicyDocumentException",
    "MissingAuthenticationTokenException",
    "PreconditionNotMetException",
    "PublicPolicyException",
    "ResourceExistsException",
    "ResourceNotFoundException",
    "SecretMockError",
    "SecretsManagerError",
    "SerializationException",
    "UnmockedCallError",
    "UnsupportedOperationError",
    "ValidationException",
]
