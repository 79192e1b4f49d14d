"""Requests from a client with botocore's parameter validation turned off.

botocore then sends whatever it is given, and AWS's own reading of the JSON body answers: a
SerializationException for a member of the wrong JSON type, a ValidationException for a missing
required member. Nothing in the mock's state changes, and no Python error escapes.
"""

from __future__ import annotations

import pytest
from botocore.config import Config

from tests.assertions import raises_aws


@pytest.fixture
def raw(secretmock, boto3_session):
    """A client that sends requests without botocore's parameter validation."""
    return boto3_session.client("secretsmanager", config=Config(parameter_validation=False))


def test_a_missing_required_member_is_a_validation_error(raw):
    with raises_aws(
        "ValidationException",
        "1 validation error detected: Value null at 'secretId' failed to satisfy constraint: "
        "Member must not be null",
    ):
        raw.get_secret_value()


def test_every_missing_required_member_is_reported_at_once(raw):
    with raises_aws(
        "ValidationException",
        "2 validation errors detected: Value null at 'secretId' failed to satisfy constraint: "
        "Member must not be null; Value null at 'versionStage' failed to satisfy constraint: "
        "Member must not be null",
    ):
        raw.update_secret_version_stage()


def test_none_is_the_same_as_leaving_a_member_out(raw):
    with raises_aws(
        "ValidationException",
        "1 validation error detected: Value null at 'secretId' failed to satisfy constraint: "
        "Member must not be null",
    ):
        raw.describe_secret(SecretId=None)


@pytest.mark.parametrize(
    ("operation", "params", "message"),
    [
        ("get_secret_value", {"SecretId": 5}, "NUMBER_VALUE can not be converted to a String"),
        ("describe_secret", {"SecretId": True}, "TRUE_VALUE can not be converted to a String"),
        (
            "create_secret",
            {"Name": "db", "SecretString": "v", "ForceOverwriteReplicaSecret": "yes"},
            "STRING_VALUE can not be converted to a Boolean",
        ),
        ("list_secrets", {"MaxResults": "5"}, "STRING_VALUE can not be converted to an Integer"),
        ("list_secrets", {"MaxResults": False}, "FALSE_VALUE can not be converted to an Integer"),
        (
            "get_random_password",
            {"PasswordLength": "10"},
            "STRING_VALUE can not be converted to a Long",
        ),
        (
            "delete_secret",
            {"SecretId": "db", "RecoveryWindowInDays": "7"},
            "STRING_VALUE can not be converted to a Long",
        ),
        ("get_secret_value", {"SecretId": ["db"]}, "Start of list found where not expected"),
        (
            "get_secret_value",
            {"SecretId": {"Name": "db"}},
            "Start of structure or map found where not expected.",
        ),
    ],
)
def test_a_member_of_the_wrong_type_is_a_serialization_error(raw, operation, params, message):
    with raises_aws("SerializationException", message):
        getattr(raw, operation)(**params)


def test_a_failing_write_changes_nothing(raw, client, secretmock):
    client.create_secret(Name="db", SecretString="v1")
    before = client.describe_secret(SecretId="db")

    with raises_aws("SerializationException", "NUMBER_VALUE can not be converted to a String"):
        raw.put_secret_value(SecretId="db", SecretString=7)

    after = client.describe_secret(SecretId="db")
    assert after["VersionIdsToStages"] == before["VersionIdsToStages"]
    assert after["LastChangedDate"] == before["LastChangedDate"]
    assert [call.error.code for call in secretmock.calls.of("PutSecretValue")] == [
        "SerializationException"
    ]


def test_well_typed_requests_are_answered_as_usual(raw):
    raw.create_secret(Name="db", SecretBinary=b"\x00\xff")
    assert raw.get_secret_value(SecretId="db")["SecretBinary"] == b"\x00\xff"


def test_a_fractional_number_for_an_integer_member_is_truncated(raw):
    # As AWS's JSON services read it [PEER: measured against Athena]: 1.9 reads as 1.
    for name in ("a", "b"):
        raw.create_secret(Name=name, SecretString="v")
    page = raw.list_secrets(MaxResults=1.9)
    assert len(page["SecretList"]) == 1
    assert "NextToken" in page


def test_a_string_for_a_list_is_sent_as_its_characters(raw):
    # botocore's serializer iterates what it is given for a list member: AWS receives the
    # characters of the string as the list.
    raw.create_secret(Name="db", SecretString="v")
    reply = raw.batch_get_secret_value(SecretIdList="db")
    assert [error["SecretId"] for error in reply["Errors"]] == ["d", "b"]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ('{"SecretIdList": "db"}', "Expected list or null"),
        ('{"SecretIdList": {"a": 1}}', "Start of structure or map found where not expected."),
        ('{"Filters": ["name"]}', "Expected null"),
        ('{"Filters": [["name"]]}', "Start of list found where not expected"),
        ('{"SecretIdList": [true]}', "TRUE_VALUE can not be converted to a String"),
        # Numbers past a float (only a raw body, in server mode, has them), as past an Integer
        ('{"MaxResults": 1e400}', "NUMBER_VALUE can not be converted to an Integer"),
        ('{"MaxResults": -1e400}', "NUMBER_VALUE can not be converted to an Integer"),
        ('{"MaxResults": 1e308}', "NUMBER_VALUE can not be converted to an Integer"),
    ],
)
def test_bodies_botocore_never_serializes_are_refused_too(body, message):
    # botocore turns whatever it is given for a list into a list, and fails itself on a
    # structure that is not a dict; a body built another way still gets AWS's answer.
    import botocore.session

    from secretmock._validation.wire import read_request
    from secretmock.errors import SerializationException

    model = botocore.session.get_session().get_service_model("secretsmanager")
    shape = model.operation_model("BatchGetSecretValue").input_shape
    assert shape is not None
    with pytest.raises(SerializationException) as info:
        read_request(body, shape)
    assert info.value.message == message


def test_a_blob_is_read_from_its_base64_form():
    import botocore.session

    from secretmock._validation.wire import read_request
    from secretmock.errors import SerializationException

    model = botocore.session.get_session().get_service_model("secretsmanager")
    shape = model.operation_model("PutSecretValue").input_shape
    assert shape is not None
    assert read_request(
        '{"SecretId": "db", "SecretBinary": "AP8=", "Unknown": 1, "VersionStages": null}', shape
    ) == {"SecretId": "db", "SecretBinary": b"\x00\xff"}
    with pytest.raises(SerializationException):
        read_request('{"SecretId": "db", "SecretBinary": "not base64!"}', shape)
    with pytest.raises(SerializationException):
        read_request('{"SecretId": "db", "SecretBinary": 5}', shape)


def test_a_body_nested_deeper_than_the_parser_follows_is_refused():
    # botocore can write a body a little deeper than a parser deeper in the stack can read.
    import botocore.session

    from secretmock._validation.wire import read_request
    from secretmock.errors import SerializationException

    model = botocore.session.get_session().get_service_model("secretsmanager")
    shape = model.operation_model("GetSecretValue").input_shape
    assert shape is not None
    body = '{"SecretId": ' + "[" * 100_000 + "]" * 100_000 + "}"
    with pytest.raises(SerializationException) as info:
        read_request(body, shape)
    assert info.value.message == "Document nesting depth exceeds the maximum allowed"


def test_a_null_optional_member_reads_as_absent_in_the_handler(raw):
    # Found by the fuzz test: the handlers saw None where AWS reads JSON null as no member.
    password = raw.get_random_password(PasswordLength=None)["RandomPassword"]
    assert len(password) == 32  # the default length [DOC]

    policy = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}]}'
    with_null = raw.validate_resource_policy(ResourcePolicy=policy, SecretId=None)
    without = raw.validate_resource_policy(ResourcePolicy=policy)
    assert with_null["PolicyValidationPassed"] == without["PolicyValidationPassed"] is False
    assert with_null["ValidationErrors"] == without["ValidationErrors"] != []
