"""Registering rotation functions: by name or ARN, on the mock, the decorator and the marker."""

from __future__ import annotations

from typing import Any

import boto3
import pytest

from secretmock import RotationFunction, SecretsManagerMock, mock_secrets
from secretmock.errors import SecretMockError
from tests.rotation.handlers import Recorder

RECORDER = Recorder()


def noop(event: dict[str, Any], context: Any) -> None:
    """A rotation function that does nothing."""


def test_a_function_registered_by_name_gets_an_arn_in_the_mocks_region_and_account():
    mock = SecretsManagerMock(region="eu-central-1", account_id="111122223333")

    function = mock.register_rotation_function("rotator", noop, timeout=60, memory_size=512)

    assert function == mock.rotation_functions[0]
    assert (function.name, function.arn, function.handler) == (
        "rotator",
        "arn:aws:lambda:eu-central-1:111122223333:function:rotator",
        noop,
    )
    assert (function.timeout, function.memory_size, dict(function.environment)) == (60, 512, {})
    assert repr(function) == f"<RotationFunction {function.arn} handler={noop!r}>"


def test_a_name_answers_its_arns_in_every_region_of_the_account_and_with_any_qualifier():
    mock = SecretsManagerMock()
    function = mock.register_rotation_function("rotator", noop)
    functions = mock._backend.rotations.functions

    for arn in (
        "arn:aws:lambda:us-east-1:123456789012:function:rotator",
        "arn:aws:lambda:ap-south-1:123456789012:function:rotator",
        "arn:aws:lambda:us-east-1:123456789012:function:rotator:$LATEST",
        "arn:aws:lambda:us-east-1:123456789012:function:rotator:live",
    ):
        assert functions.resolve(arn, "aws") is function
    for arn in (
        "arn:aws:lambda:us-east-1:999999999999:function:rotator",
        "arn:aws:lambda:us-east-1:123456789012:function:other",
        "rotator",
    ):
        assert functions.resolve(arn, "aws") is None


def test_an_arn_registration_wins_over_a_name_for_that_exact_arn():
    mock = SecretsManagerMock()
    by_name = mock.register_rotation_function("rotator", noop)
    arn = "arn:aws:lambda:us-east-1:123456789012:function:rotator:2"
    by_arn = mock.register_rotation_function(arn, RECORDER)
    functions = mock._backend.rotations.functions

    assert (by_arn.name, by_arn.arn) == ("rotator", arn)
    assert functions.resolve(arn, "aws") is by_arn
    assert functions.resolve(by_name.arn, "aws") is by_name
    assert len(mock.rotation_functions) == 2


def test_registering_a_name_again_replaces_the_function():
    mock = SecretsManagerMock()
    mock.register_rotation_function("rotator", noop)
    replacement = mock.register_rotation_function("rotator", RECORDER)

    assert mock.rotation_functions == [replacement]


def test_unregistering():
    mock = SecretsManagerMock()
    mock.register_rotation_function("rotator", noop)
    arn = "arn:aws:lambda:us-east-1:123456789012:function:exact"
    mock.register_rotation_function(arn, noop)

    mock.unregister_rotation_function("rotator")
    mock.unregister_rotation_function(arn)

    assert mock.rotation_functions == []
    with pytest.raises(SecretMockError, match="no rotation function is registered as 'rotator'"):
        mock.unregister_rotation_function("rotator")


@pytest.mark.parametrize(
    ("name_or_arn", "handler", "options", "message"),
    [
        (
            "bad name",
            noop,
            {},
            "not a Lambda function name: 'bad name' (1-64 letters, digits, - and _)",
        ),
        ("x" * 65, noop, {}, "not a Lambda function name"),
        (
            "arn:aws:lambda:us-east-1:123456789012:layer:x",
            noop,
            {},
            "not a Lambda function ARN: 'arn:aws:lambda:us-east-1:123456789012:layer:x' "
            "(expected arn:aws:lambda:REGION:ACCOUNT:function:NAME)",
        ),
        ("rotator", "not callable", {}, "a rotation function must be callable, not 'not callable'"),
        (
            "rotator",
            noop,
            {"environment": {"PORT": 5432}},
            "environment variables must be strings: 'PORT'=5432",
        ),
    ],
)
def test_registration_mistakes_are_reported(name_or_arn, handler, options, message):
    with pytest.raises(SecretMockError) as mistake:
        SecretsManagerMock().register_rotation_function(name_or_arn, handler, **options)

    assert str(mistake.value).startswith(message)


def test_the_rotation_functions_option_of_mock_secrets_and_the_mock():
    arn = "arn:aws:lambda:us-west-2:123456789012:function:exact"

    @mock_secrets(region="us-west-2", rotation_functions={"rotator": noop, arn: RECORDER})
    def check() -> list[RotationFunction]:
        from secretmock import current

        return current().rotation_functions

    functions = check()

    assert [(function.arn, function.handler) for function in functions] == [
        ("arn:aws:lambda:us-west-2:123456789012:function:rotator", noop),
        (arn, RECORDER),
    ]
    assert [
        f.arn for f in SecretsManagerMock(rotation_functions={"a": noop}).rotation_functions
    ] == ["arn:aws:lambda:us-east-1:123456789012:function:a"]


@pytest.mark.secretmock(rotation_functions={"rotator": noop}, seed=1)
def test_the_marker_registers_functions_on_the_fixture(secretmock, client):
    [function] = secretmock.rotation_functions
    client.create_secret(Name="db", SecretString="v1")

    client.rotate_secret(SecretId="db", RotationLambdaARN=function.arn)

    assert [record.outcome for record in secretmock.rotations] == ["succeeded"]


def test_functions_stay_registered_across_activations_but_the_rotation_log_is_cleared():
    mock = SecretsManagerMock(rotation_functions={"rotator": noop})
    for _ in range(2):
        with mock:
            client = boto3.client("secretsmanager", region_name="us-east-1")
            client.create_secret(Name="db", SecretString="v1")
            client.rotate_secret(SecretId="db", RotationLambdaARN=mock.rotation_functions[0].arn)
            assert len(mock.rotations) == 1

    assert len(mock.rotation_functions) == 1
    assert len(mock.rotations) == 0
