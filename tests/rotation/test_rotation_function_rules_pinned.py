"""Rules of registering rotation functions that no other test pinned down, each found by a rule
change the suite missed (secretmock/_rotation/functions.py).

Through boto3 and the mock's API as users call them; see docs/mutation-testing.md for how the
missed changes were found.
"""

from __future__ import annotations

from typing import Any

import boto3
import pytest

from secretmock import mock_secrets
from secretmock.errors import SecretMockError
from tests.operations.support import START

FUNCTION = "arn:aws:lambda:us-east-1:123456789012:function:rotator"


def no_op_rotation(event: dict[str, Any], context: Any) -> None:
    """A rotation function whose steps all succeed and change nothing."""


def test_a_seeded_rotation_names_by_name_only_a_function_registered_by_name():
    # One registered by ARN answers exactly that ARN, so the bare name does not reach it.
    with mock_secrets(clock=START, rotation_functions={FUNCTION: no_op_rotation}) as mock:
        client = boto3.client("secretsmanager", region_name="us-east-1")

        with pytest.raises(SecretMockError) as refused:
            mock.add_secret("r", "x", rotation={"lambda_arn": "rotator"})

        assert str(refused.value) == (
            "cannot seed secret 'r': no rotation function named 'rotator' is registered; give "
            "its ARN or register it first"
        )
        assert client.list_secrets()["SecretList"] == []


def test_the_functions_registered_by_arn_are_listed(secretmock):
    function = secretmock.register_rotation_function(FUNCTION, no_op_rotation)

    assert secretmock.rotation_functions == [function]
