"""The SecretId rule on the operations tests/operations/test_identifiers.py does not list, found
by rule changes the suite missed (each operation's RULES entry renamed away).

Through boto3 as users call it; see docs/mutation-testing.md.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.assertions import raises_aws
from tests.botocore_model import has
from tests.operations.support import START

pytestmark = pytest.mark.secretmock(clock=START, seed=103)

INVALID_NAME = (
    "Invalid name. Must be a valid name containing alphanumeric characters, "
    "or any of the following: -/_+=.@!"
)
POLICY = (
    '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":'
    '"arn:aws:iam::123456789012:root"},"Action":"secretsmanager:GetSecretValue","Resource":"*"}]}'
)
FUNCTION = "arn:aws:lambda:us-east-1:123456789012:function:rotator"

OTHERS: dict[str, Callable[[Any, str], Any]] = {
    "TagResource": lambda c, i: c.tag_resource(SecretId=i, Tags=[{"Key": "k", "Value": "v"}]),
    "UntagResource": lambda c, i: c.untag_resource(SecretId=i, TagKeys=["k"]),
    "RotateSecret": lambda c, i: c.rotate_secret(SecretId=i, RotationLambdaARN=FUNCTION),
    "CancelRotateSecret": lambda c, i: c.cancel_rotate_secret(SecretId=i),
    "PutResourcePolicy": lambda c, i: c.put_resource_policy(SecretId=i, ResourcePolicy=POLICY),
    "GetResourcePolicy": lambda c, i: c.get_resource_policy(SecretId=i),
    "DeleteResourcePolicy": lambda c, i: c.delete_resource_policy(SecretId=i),
    "ValidateResourcePolicy": lambda c, i: c.validate_resource_policy(
        SecretId=i, ResourcePolicy=POLICY
    ),
}
if has("ListResourcePolicies"):  # an operation of newer botocore models
    OTHERS["ListResourcePolicies"] = lambda c, i: c.list_resource_policies(SecretId=i)


@pytest.mark.parametrize("operation", sorted(OTHERS))
def test_every_other_operation_refuses_a_secret_id_that_is_neither_an_arn_nor_a_valid_name(
    client, operation
):
    # Recorded for every operation that takes a SecretId (secretmock/_validation/rules.py).
    with raises_aws("ValidationException", INVALID_NAME):
        OTHERS[operation](client, "has space")
