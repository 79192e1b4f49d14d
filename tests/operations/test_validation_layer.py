"""The validation layer, through boto3: the cases that crashed or answered inconsistently.

Every refused call answers AWS's error (exact code, message and status) and changes nothing.
"""

from __future__ import annotations

from typing import Any

import boto3
import botocore.session
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from secretmock import SecretsManagerMock
from tests.assertions import raises_aws
from tests.botocore_model import needs
from tests.operations.support import START, state

pytestmark = pytest.mark.secretmock(clock=START, seed=8)

LONE_SURROGATE = "Invalid UTF-8: lone surrogate in a string value"
INVALID_SYNTAX = "This resource policy contains a syntax error."


@pytest.fixture
def raw(secretmock, boto3_session):
    """A client that sends requests without botocore's parameter validation."""
    return boto3_session.client("secretsmanager", config=Config(parameter_validation=False))


def non_numeric(token: str) -> str:
    return (
        f"Non-standard token '{token}': enable JsonParser.Feature.ALLOW_NON_NUMERIC_NUMBERS "
        "to allow"
    )


# -- CreateSecret's tags get TagResource's rules --------------------------------------------------

_BAD_TAGS = [
    pytest.param(
        [{"Value": "v"}], "InvalidParameterException", "Every tag must have a Key.", id="no key"
    ),
    pytest.param(
        [{"Key": "k" * 200, "Value": "v"}],
        "ValidationException",
        f"1 validation error detected: Value '{'k' * 200}' at 'tags.1.member.key' failed to "
        "satisfy constraint: Member must have length less than or equal to 128",
        id="200-character key",
    ),
    pytest.param(
        [{"Key": "a", "Value": "v"}, {"Key": "b", "Value": "v" * 300}],
        "ValidationException",
        f"1 validation error detected: Value '{'v' * 300}' at 'tags.2.member.value' failed to "
        "satisfy constraint: Member must have length less than or equal to 256",
        id="300-character value",
    ),
    pytest.param(
        [{"Key": "aws:team", "Value": "v"}],
        "InvalidParameterException",
        "You can't modify system tags. Tag key: 'aws:team'.",
        id="aws: key",
    ),
    pytest.param(
        [{"Key": f"k{number}", "Value": "v"} for number in range(51)],
        "InvalidParameterException",
        "A secret can have at most 50 tags.",
        id="51 tags",
    ),
]


@pytest.mark.parametrize(("tags", "code", "message"), _BAD_TAGS)
def test_create_secret_refuses_the_tags_tag_resource_refuses(
    client, secretmock, tags, code, message
):
    client.create_secret(Name="tagged", SecretString="v")
    before = state(secretmock)

    with raises_aws(code, message):
        client.create_secret(Name="new", SecretString="v", Tags=tags)
    with raises_aws(code, message):
        client.tag_resource(SecretId="tagged", Tags=tags)

    assert state(secretmock) == before


def test_after_refused_tags_every_tag_operation_and_filter_works(client):
    client.create_secret(Name="app", SecretString="v", Tags=[{"Key": "team", "Value": "core"}])
    with raises_aws("InvalidParameterException", "Every tag must have a Key."):
        client.create_secret(Name="keyless", SecretString="v", Tags=[{"Value": "v"}])

    for key in ("tag-key", "all"):
        listed = client.list_secrets(Filters=[{"Key": key, "Values": ["team"]}])
        assert [entry["Name"] for entry in listed["SecretList"]] == ["app"]
        batch = client.batch_get_secret_value(Filters=[{"Key": key, "Values": ["team"]}])
        assert [value["Name"] for value in batch["SecretValues"]] == ["app"]
    client.tag_resource(SecretId="app", Tags=[{"Key": "env", "Value": "prod"}])
    client.untag_resource(SecretId="app", TagKeys=["team"])
    assert client.describe_secret(SecretId="app")["Tags"] == [{"Key": "env", "Value": "prod"}]


def test_create_secret_keeps_the_last_of_repeated_keys_as_tag_resource_does(client):
    client.create_secret(
        Name="app",
        Tags=[{"Key": "a", "Value": "1"}, {"Key": "b", "Value": "2"}, {"Key": "a", "Value": "3"}],
    )

    assert client.describe_secret(SecretId="app")["Tags"] == [
        {"Key": "a", "Value": "3"},
        {"Key": "b", "Value": "2"},
    ]


_tag_keys = st.one_of(
    st.sampled_from(["a", "b", "aws:x", "AWS:y", "", "k" * 129]),
    st.text(alphabet="abc:", max_size=6),
)
_tags = st.lists(
    st.fixed_dictionaries(
        {},
        optional={
            "Key": _tag_keys,
            "Value": st.sampled_from(["", "v", "w" * 257]),
        },
    ),
    max_size=4,
)


def _answer(call: Any, **params: Any) -> tuple[str, str] | None:
    try:
        call(**params)
    except ClientError as error:
        return error.response["Error"]["Code"], error.response["Error"]["Message"]
    return None


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(tags=_tags)
def test_create_secret_and_tag_resource_answer_the_same_tags_alike(
    boto3_session: boto3.Session, tags: list[dict[str, str]]
) -> None:
    client = boto3_session.client("secretsmanager", config=Config(parameter_validation=False))
    with SecretsManagerMock(clock=START) as mock:
        client.create_secret(Name="existing")
        tagged = _answer(client.tag_resource, SecretId="existing", Tags=tags)
        created = _answer(client.create_secret, Name="new", Tags=tags)

        assert created == tagged
        if created is None:
            expected = {tag["Key"]: tag for tag in tags}
            assert client.describe_secret(SecretId="new").get("Tags") == (
                list(expected.values()) or None
            )
        else:
            assert [secret.name for secret in mock.store().secrets()] == ["existing"]


# -- strings that are not Unicode ------------------------------------------------------------------


def test_a_lone_surrogate_in_a_secret_string_is_refused_by_every_write(client, secretmock):
    client.create_secret(Name="app", SecretString="v1")
    before = state(secretmock)

    with raises_aws("SerializationException", LONE_SURROGATE):
        client.create_secret(Name="new", SecretString="\ud800")
    with raises_aws("SerializationException", LONE_SURROGATE):
        client.put_secret_value(SecretId="app", SecretString="a\udfffb")
    with raises_aws("SerializationException", LONE_SURROGATE):
        client.update_secret(SecretId="app", SecretString="\ud800")

    assert state(secretmock) == before


def test_a_surrogate_pair_is_the_character_aws_reads(client):
    # botocore sends each code point as a JSON escape; AWS reads the pair as one character.
    client.create_secret(Name="app", SecretString="\udbff\udfff")

    assert client.get_secret_value(SecretId="app")["SecretString"] == "\U0010ffff"


# -- policies nested deeper than a parser follows ------------------------------------------------


@pytest.mark.parametrize("policy", ["[" * 5000, '{"a":' * 3000], ids=["lists", "objects"])
def test_a_deeply_nested_policy_is_malformed(client, secretmock, policy):
    client.create_secret(Name="app", SecretString="v")
    before = state(secretmock)

    with raises_aws("MalformedPolicyDocumentException", INVALID_SYNTAX):
        client.put_resource_policy(SecretId="app", ResourcePolicy=policy)
    with raises_aws("MalformedPolicyDocumentException", INVALID_SYNTAX):
        client.validate_resource_policy(ResourcePolicy=policy)

    assert state(secretmock) == before


# -- numbers JSON cannot carry -------------------------------------------------------------------

_INTEGER_MEMBERS = [
    pytest.param("list_secrets", {}, "MaxResults", id="ListSecrets.MaxResults"),
    pytest.param(
        "list_secret_version_ids", {"SecretId": "app"}, "MaxResults", id="ListVersions.MaxResults"
    ),
    pytest.param("delete_secret", {"SecretId": "app"}, "RecoveryWindowInDays", id="Delete"),
    pytest.param("get_random_password", {}, "PasswordLength", id="GetRandomPassword"),
]


@pytest.mark.parametrize("number", ["NaN", "Infinity", "-Infinity"])
@pytest.mark.parametrize(("operation", "params", "member"), _INTEGER_MEMBERS)
def test_nan_and_infinity_in_an_integer_member_are_refused(
    raw, client, secretmock, operation, params, member, number
):
    client.create_secret(Name="app", SecretString="v")
    before = state(secretmock)

    with raises_aws("SerializationException", non_numeric(number)):
        getattr(raw, operation)(**params, **{member: float(number)})

    assert state(secretmock) == before


@pytest.mark.parametrize("number", ["NaN", "Infinity", "-Infinity"])
def test_nan_and_infinity_in_automatically_after_days_are_refused(raw, client, secretmock, number):
    client.create_secret(Name="app", SecretString="v")
    before = state(secretmock)

    with raises_aws("SerializationException", non_numeric(number)):
        raw.rotate_secret(
            SecretId="app",
            RotationLambdaARN="arn:aws:lambda:us-east-1:123456789012:function:rotate",
            RotationRules={"AutomaticallyAfterDays": float(number)},
        )

    assert state(secretmock) == before


def test_a_number_beyond_a_java_long_is_not_read(client):
    # botocore's validation lets any int through; AWS cannot read one past a Long. [INF]
    with raises_aws("SerializationException", "NUMBER_VALUE can not be converted to a Long"):
        client.get_random_password(PasswordLength=2**63)
    with raises_aws("SerializationException", "NUMBER_VALUE can not be converted to an Integer"):
        client.list_secrets(MaxResults=2**31)


def test_a_bool_for_an_integer_is_sent_as_json_true(client):
    # botocore's validation takes a bool for an int; it serializes true, which AWS cannot read.
    with raises_aws("SerializationException", "TRUE_VALUE can not be converted to an Integer"):
        client.list_secrets(MaxResults=True)


# -- one format for every violation ----------------------------------------------------------------


def test_rotate_secret_reports_every_violation(client, secretmock):
    client.create_secret(Name="app", SecretString="v")
    before = state(secretmock)
    function = "f" * 2049

    with raises_aws(
        "ValidationException",
        f"2 validation errors detected: Value '{function}' at 'rotationLambdaARN' failed to "
        "satisfy constraint: Member must have length less than or equal to 2048; Value '1001' "
        "at 'rotationRules.automaticallyAfterDays' failed to satisfy constraint: Member must "
        "have value less than or equal to 1000",
    ):
        client.rotate_secret(
            SecretId="app",
            RotationLambdaARN=function,
            RotationRules={"AutomaticallyAfterDays": 1001},
        )

    assert state(secretmock) == before


def test_lists_of_strings_are_reported_as_a_whole_alike(client, secretmock):
    client.create_secret(Name="app", SecretString="v")
    before = state(secretmock)
    long_key, long_label = "k" * 129, "l" * 257

    with raises_aws(
        "ValidationException",
        f"1 validation error detected: Value '[a, {long_key}]' at 'tagKeys' failed to satisfy "
        "constraint: Member must satisfy constraint: [Member must have length less than or "
        "equal to 128, Member must have length greater than or equal to 1]",
    ):
        client.untag_resource(SecretId="app", TagKeys=["a", long_key])
    with raises_aws(
        "ValidationException",
        f"1 validation error detected: Value '[{long_label}]' at 'versionStages' failed to "
        "satisfy constraint: Member must satisfy constraint: [Member must have length less "
        "than or equal to 256, Member must have length greater than or equal to 1]",
    ):
        client.put_secret_value(SecretId="app", SecretString="v2", VersionStages=[long_label])

    assert state(secretmock) == before


@needs("GetResourcePolicy", "PolicyName")
def test_a_pattern_violation_comes_before_a_length_violation(client):
    expression = "!" * 257

    with raises_aws(
        "ValidationException",
        f"2 validation errors detected: Value '{expression}' at 'rotationRules.scheduleExpression' "
        r"failed to satisfy constraint: Member must satisfy regular expression pattern: "
        r"[0-9A-Za-z\(\)#\?\*\-\/, ]+; "
        f"Value '{expression}' at 'rotationRules.scheduleExpression' failed to satisfy "
        "constraint: Member must have length less than or equal to 256",
    ):
        client.rotate_secret(SecretId="app", RotationRules={"ScheduleExpression": expression})


def test_missing_members_and_constraints_are_reported_together_in_member_order(raw, secretmock):
    with raises_aws(
        "ValidationException",
        "2 validation errors detected: Value null at 'secretId' failed to satisfy constraint: "
        "Member must not be null; Value at 'secretString' failed to satisfy constraint: Member "
        "must have length less than or equal to 65536",
    ):
        raw.put_secret_value(SecretString="x" * 65537)

    assert state(secretmock) == []


def test_a_secret_string_is_limited_in_bytes(client):
    # 65,536 bytes [DOC quota]: 21,846 three-byte characters are 65,538 bytes.
    with raises_aws(
        "ValidationException",
        "1 validation error detected: Value at 'secretString' failed to satisfy constraint: "
        "Member must have length less than or equal to 65536",
    ):
        client.create_secret(Name="app", SecretString="\N{EURO SIGN}" * 21846)
    client.create_secret(Name="app", SecretString="\N{EURO SIGN}" * 21845)


# -- every violation, in the model's member order --------------------------------------------------

KEY_ENUM = "[all, name, tag-key, description, tag-value, primary-region, owning-service]"
VALUE_CONSTRAINT = (
    "Member must satisfy constraint: [Member must have length less than or equal to 512, "
    r"Member must satisfy regular expression pattern: ^\!?[a-zA-Z0-9 :_@\/\+\=\.\-\!]*$]"
)


def _shown(value: Any) -> str:
    """A value as AWS's messages show it (Java's toString)."""
    if isinstance(value, dict):
        return "{" + ", ".join(f"{key}: {_shown(item)}" for key, item in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_shown(item) for item in value) + "]"
    return str(value)


def _violation(path: str, value: Any, constraint: str) -> str:
    return f"Value '{_shown(value)}' at '{path}' failed to satisfy constraint: {constraint}"


_HAS_SORT_BY = "SortBy" in (
    botocore.session.get_session()
    .get_service_model("secretsmanager")
    .operation_model("ListSecrets")
    .input_shape.members  # type: ignore[union-attr]
)
_filters = st.lists(
    st.tuples(st.booleans(), st.booleans(), st.booleans()),  # bad key, 11 values, a bad value
    max_size=12,
)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    max_results=st.one_of(st.none(), st.integers(1, 100), st.integers(101, 10**6)),
    long_token=st.booleans(),
    filters=_filters,
    sort_order=st.sampled_from([None, "asc", "up"]),
    # SortBy is in the model since botocore 1.34.x; an older client cannot send it.
    sort_by=st.sampled_from([None, "name", "size"] if _HAS_SORT_BY else [None]),
)
def test_list_secrets_reports_every_violation_in_member_order(
    client, max_results, long_token, filters, sort_order, sort_by
):
    params: dict[str, Any] = {}
    expected = []
    if max_results is not None:
        params["MaxResults"] = max_results
        if max_results > 100:
            expected.append(
                _violation(
                    "maxResults", max_results, "Member must have value less than or equal to 100"
                )
            )
    if long_token:
        params["NextToken"] = "t" * 4097
        expected.append(
            _violation(
                "nextToken",
                params["NextToken"],
                "Member must have length less than or equal to 4096",
            )
        )
    if filters:
        params["Filters"] = [
            {
                "Key": "bogus" if bad_key else "name",
                "Values": ["v"] * (11 if many else 1) + (["a#b"] if bad_value else []),
            }
            for bad_key, many, bad_value in filters
        ]
        if len(filters) > 10:
            expected.append(
                _violation(
                    "filters",
                    params["Filters"],
                    "Member must have length less than or equal to 10",
                )
            )
        for position, (raw, (bad_key, _, bad_value)) in enumerate(
            zip(params["Filters"], filters, strict=True), 1
        ):
            path = f"filters.{position}.member"
            if bad_key:
                expected.append(
                    _violation(
                        f"{path}.key", "bogus", f"Member must satisfy enum value set: {KEY_ENUM}"
                    )
                )
            if len(raw["Values"]) > 10:
                expected.append(
                    _violation(
                        f"{path}.values",
                        raw["Values"],
                        "Member must have length less than or equal to 10",
                    )
                )
            if bad_value:
                expected.append(_violation(f"{path}.values", raw["Values"], VALUE_CONSTRAINT))
    if sort_order is not None:
        params["SortOrder"] = sort_order
        if sort_order == "up":
            expected.append(
                _violation("sortOrder", "up", "Member must satisfy enum value set: [asc, desc]")
            )
    if sort_by is not None:
        params["SortBy"] = sort_by
        if sort_by == "size":
            expected.append(
                _violation(
                    "sortBy",
                    "size",
                    "Member must satisfy enum value set: [created-date, last-accessed-date, "
                    "last-changed-date, name]",
                )
            )

    if not expected:
        client.list_secrets(**params)  # a valid request is answered
        return
    count = len(expected)
    noun = "error" if count == 1 else "errors"
    with raises_aws(
        "ValidationException", f"{count} validation {noun} detected: " + "; ".join(expected)
    ):
        client.list_secrets(**params)


def test_a_call_answered_without_botocores_wire_form_is_validated_alike(secretmock, client):
    # SecretsManagerMock.answer is what the hook calls; without the serialized request it reads
    # the parameters as botocore would have written them.
    model = client.meta.service_model.operation_model("ListSecrets")
    response, parsed = secretmock.answer(model, {"MaxResults": 500}, "us-east-1", None, None)
    assert response.status_code == 400
    assert parsed["Error"] == {
        "Code": "ValidationException",
        "Message": "1 validation error detected: Value '500' at 'maxResults' failed to satisfy "
        "constraint: Member must have value less than or equal to 100",
    }

    response, parsed = secretmock.answer(model, {"MaxResults": "5"}, "us-east-1", None, None)
    assert parsed["Error"] == {
        "Code": "SerializationException",
        "Message": "STRING_VALUE can not be converted to an Integer",
    }
    put = client.meta.service_model.operation_model("PutSecretValue")
    response, parsed = secretmock.answer(
        put, {"SecretId": 5, "SecretBinary": b"\x00"}, "us-east-1", None, None
    )
    assert parsed["Error"] == {
        "Code": "SerializationException",
        "Message": "NUMBER_VALUE can not be converted to a String",
    }
