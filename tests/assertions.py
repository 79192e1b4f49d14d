"""Exact assertions on what boto3 raises for an AWS error."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from botocore.exceptions import ClientError

# Codes the service model does not declare: boto3 raises a plain ClientError for them.
UNMODELED = {"ValidationException", "AccessDeniedException", "SerializationException"}


@contextmanager
def raises_aws(
    code: str, message: str, status: int = 400
) -> Iterator[pytest.ExceptionInfo[ClientError]]:
    """Expect the block to fail as AWS fails: the exception class, code, message and status."""
    with pytest.raises(ClientError) as info:
        yield info
    error = info.value
    expected_class = "ClientError" if code in UNMODELED else code
    assert type(error).__name__ == expected_class
    assert error.response["Error"] == {"Code": code, "Message": message}
    assert error.response["ResponseMetadata"]["HTTPStatusCode"] == status
    if code not in UNMODELED:
        # botocore copies a modeled error's Message member to the top of the reply.
        assert error.response.get("Message") == message
