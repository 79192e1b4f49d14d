"""add_secret: a seeded secret answers every operation as the same secret made by calls."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import timedelta
from typing import Any

import boto3
import pytest

from secretmock import SecretsManagerMock, SeedRotation, SeedVersion, mock_secrets
from secretmock.errors import SecretMockError
from tests.operations.support import START, token
from tests.state_fingerprint import differences, fingerprint

REGION = "us-east-1"
FUNCTION = "arn:aws:lambda:us-east-1:123456789012:function:rotator"
_ARN_SUFFIX = re.compile(r"(:secret:[^:]+)-[A-Za-z0-9]{6}$")


def no_op_rotation(event: dict[str, Any], context: Any) -> None:
    """A rotation function whose steps all succeed and change nothing (testSecret only here)."""


@pytest.fixture
def by_calls() -> Iterator[tuple[SecretsManagerMock, Any]]:
    with mock_secrets(clock=START, rotation_functions={FUNCTION: no_op_rotation}) as mock:
        yield mock, boto3.client("secretsmanager", region_name=REGION)


@pytest.fixture
def seeded(
    by_calls: tuple[SecretsManagerMock, Any],
) -> Iterator[tuple[SecretsManagerMock, Any]]:
    """A second mock, innermost: ``with mock:`` makes either one answer the calls."""
    with mock_secrets(clock=START, rotation_functions={FUNCTION: no_op_rotation}) as mock:
        yield mock, boto3.client("secretsmanager", region_name=REGION)


def normalized(value: Any) -> Any:
    """A reply with its random parts (the ARN suffix, request ids) made comparable."""
    if isinstance(value, dict):
        return {key: normalized(item) for key, item in value.items() if key != "ResponseMetadata"}
    if isinstance(value, list):
        return [normalized(item) for item in value]
    if isinstance(value, str):
        return _ARN_SUFFIX.sub(r"\1-XXXXXX", value)
    return value


def answers(client: Any, name: str) -> dict[str, Any]:
    """What the operations the issue names answer about ``name``."""
    found: dict[str, Any] = {
        "describe": client.describe_secret(SecretId=name),
        "versions": client.list_secret_version_ids(SecretId=name, IncludeDeprecated=True),
        "listed": client.list_secrets(IncludePlannedDeletion=True)["SecretList"],
    }
    for key, read in (
        ("value", client.get_secret_value),
        ("policy", client.get_resource_policy),
    ):
        try:
            found[key] = read(SecretId=name)
        except client.exceptions.ClientError as error:
            found[key] = error.response["Error"]
    comparable: dict[str, Any] = normalized(found)
    return comparable


def later(seconds: int) -> float:
    return START.timestamp() + seconds


# Each shape: how calls make it, and the seed that should be indistinguishable from it.
Shape = tuple[Callable[[SecretsManagerMock, Any], None], Callable[[SecretsManagerMock], None]]


def plain_calls(mock: SecretsManagerMock, client: Any) -> None:
    client.create_secret(Name="app/db", SecretString="s3cret", ClientRequestToken=token(1))


def plain_seed(mock: SecretsManagerMock) -> None:
    mock.add_secret("app/db", versions=[SeedVersion("s3cret", ["AWSCURRENT"], None, token(1))])


def binary_calls(mock: SecretsManagerMock, client: Any) -> None:
    client.create_secret(Name="app/db", SecretBinary=b"\x00\xff", ClientRequestToken=token(1))


def binary_seed(mock: SecretsManagerMock) -> None:
    mock.add_secret(
        "app/db",
        versions=[{"value": b"\x00\xff", "labels": ["AWSCURRENT"], "version_id": token(1)}],
    )


def metadata_calls(mock: SecretsManagerMock, client: Any) -> None:
    mock.kms.create_key(alias="app")
    client.create_secret(
        Name="app/db",
        SecretString="s3cret",
        Description="the database",
        KmsKeyId="alias/app",
        Tags=[{"Key": "team", "Value": "core"}, {"Key": "env", "Value": "test"}],
        ClientRequestToken=token(1),
    )
    client.put_resource_policy(SecretId="app/db", ResourcePolicy=POLICY)


POLICY = (
    '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": '
    '"arn:aws:iam::123456789012:root"}, "Action": "secretsmanager:GetSecretValue", '
    '"Resource": "*"}]}'
)


def metadata_seed(mock: SecretsManagerMock) -> None:
    mock.kms.create_key(alias="app")
    mock.add_secret(
        "app/db",
        versions=[SeedVersion("s3cret", ["AWSCURRENT"], version_id=token(1))],
        description="the database",
        kms_key_id="alias/app",
        tags={"team": "core", "env": "test"},
        policy=POLICY,
    )


def versions_calls(mock: SecretsManagerMock, client: Any) -> None:
    client.create_secret(Name="app/db", SecretString="one", ClientRequestToken=token(1))
    mock.advance_time(3600)
    client.put_secret_value(SecretId="app/db", SecretString="two", ClientRequestToken=token(2))
    mock.advance_time(3600)
    client.put_secret_value(
        SecretId="app/db",
        SecretBinary=b"three",
        ClientRequestToken=token(3),
        VersionStages=["AWSCURRENT", "blue"],
    )


def versions_seed(mock: SecretsManagerMock) -> None:
    mock.add_secret(
        "app/db",
        versions=[
            SeedVersion("one", [], START, token(1)),
            SeedVersion("two", ["AWSPREVIOUS"], later(3600), token(2)),
            SeedVersion(b"three", ["AWSCURRENT", "blue"], later(7200), token(3)),
        ],
    )


def rotation_calls(mock: SecretsManagerMock, client: Any) -> None:
    client.create_secret(Name="app/db", SecretString="one", ClientRequestToken=token(1))
    client.rotate_secret(
        SecretId="app/db",
        RotationLambdaARN=FUNCTION,
        RotationRules={"ScheduleExpression": "rate(10 days)"},
        RotateImmediately=False,
        ClientRequestToken=token(9),
    )


def rotation_seed(mock: SecretsManagerMock) -> None:
    mock.add_secret(
        "app/db",
        versions=[SeedVersion("one", ["AWSCURRENT"], version_id=token(1))],
        rotation=SeedRotation(FUNCTION, {"ScheduleExpression": "rate(10 days)"}),
    )


def cancelled_calls(mock: SecretsManagerMock, client: Any) -> None:
    rotation_calls(mock, client)
    client.cancel_rotate_secret(SecretId="app/db")


def cancelled_seed(mock: SecretsManagerMock) -> None:
    mock.add_secret(
        "app/db",
        versions=[SeedVersion("one", ["AWSCURRENT"], version_id=token(1))],
        rotation={
            "lambda_arn": FUNCTION,
            "rules": {"ScheduleExpression": "rate(10 days)"},
            "enabled": False,
        },
    )


def deleted_calls(mock: SecretsManagerMock, client: Any) -> None:
    client.create_secret(Name="app/db", SecretString="one", ClientRequestToken=token(1))
    mock.advance_time(60)
    client.delete_secret(SecretId="app/db", RecoveryWindowInDays=7)


def deleted_seed(mock: SecretsManagerMock) -> None:
    mock.add_secret(
        "app/db",
        versions=[SeedVersion("one", ["AWSCURRENT"], version_id=token(1))],
        deleted=later(60),
        recovery_window_days=7,
    )


SHAPES: dict[str, Shape] = {
    "plain": (plain_calls, plain_seed),
    "binary": (binary_calls, binary_seed),
    "tags, description, KMS key, policy": (metadata_calls, metadata_seed),
    "versions with AWSPREVIOUS, custom and no labels": (versions_calls, versions_seed),
    "rotation enabled": (rotation_calls, rotation_seed),
    "rotation cancelled": (cancelled_calls, cancelled_seed),
    "scheduled for deletion": (deleted_calls, deleted_seed),
}


@pytest.mark.parametrize("shape", SHAPES.values(), ids=SHAPES.keys())
def test_a_seeded_secret_answers_as_the_one_made_by_calls(
    shape: Shape,
    by_calls: tuple[SecretsManagerMock, Any],
    seeded: tuple[SecretsManagerMock, Any],
) -> None:
    make, seed = shape
    made_mock, made_client = by_calls
    seed_mock, seed_client = seeded
    with made_mock:
        make(made_mock, made_client)
    seed(seed_mock)
    assert len(seed_mock.calls) == 0  # seeding makes no call
    seed_mock.clock.set(made_mock.clock.now())  # type: ignore[attr-defined]  # both FixedClocks

    for step in ("seeded", "after the next writes"):
        found = {}
        for mock, client in ((made_mock, made_client), (seed_mock, seed_client)):
            with mock:
                if step != "seeded":
                    # The next writes find the same secret: same answers afterwards too.
                    mock.advance_time(86400 * 2)
                    client.restore_secret(SecretId="app/db")
                    client.put_secret_value(
                        SecretId="app/db", SecretString="next", ClientRequestToken=token(7)
                    )
                    client.tag_resource(SecretId="app/db", Tags=[{"Key": "new", "Value": "1"}])
                found[mock] = answers(client, "app/db")
        assert found[seed_mock] == found[made_mock], step


def test_a_scheduled_rotation_of_a_seeded_secret_runs_when_due(
    seeded: tuple[SecretsManagerMock, Any],
) -> None:
    mock, client = seeded
    rotation_seed(mock)
    with mock:
        assert len(mock.rotations) == 0
        mock.advance_time(timedelta(days=11))
        client.list_secrets()  # any call runs the rotations due first
        assert [(r.secret_name, r.trigger, r.outcome) for r in mock.rotations] == [
            ("app/db", "scheduled", "succeeded")
        ]


def test_a_seeded_deletion_takes_effect_at_its_date(
    seeded: tuple[SecretsManagerMock, Any],
) -> None:
    mock, client = seeded
    mock.add_secret("gone", "x", deleted=START, recovery_window_days=7)
    with mock:
        mock.advance_time(timedelta(days=7))
        with pytest.raises(client.exceptions.ResourceNotFoundException):
            client.describe_secret(SecretId="gone")


def test_value_makes_one_current_version_and_returns_the_arn(
    seeded: tuple[SecretsManagerMock, Any],
) -> None:
    mock, client = seeded
    arn = mock.add_secret("plain", "text", region="eu-west-1")
    assert arn.startswith("arn:aws:secretsmanager:eu-west-1:123456789012:secret:plain-")
    with mock:
        eu = boto3.client("secretsmanager", region_name="eu-west-1")
        value = eu.get_secret_value(SecretId=arn)
        assert (value["SecretString"], value["VersionStages"]) == ("text", ["AWSCURRENT"])
        assert client.list_secrets()["SecretList"] == []


def test_a_rotation_function_registered_by_name_is_named_by_its_arn(
    seeded: tuple[SecretsManagerMock, Any],
) -> None:
    mock, client = seeded
    mock.register_rotation_function("by-name", no_op_rotation)
    mock.add_secret("r", "x", rotation={"lambda_arn": "by-name"})
    with mock:
        described = client.describe_secret(SecretId="r")
    assert (described["RotationEnabled"], described["RotationLambdaARN"]) == (
        True,
        "arn:aws:lambda:us-east-1:123456789012:function:by-name",
    )
    assert "NextRotationDate" not in described  # no rules: rotated only when asked


# -- refusals: AWS's rule and message, and nothing added ------------------------------------

REFUSED: dict[str, tuple[dict[str, Any], str]] = {
    "invalid name": (
        {"name": "bad name"},
        "cannot seed secret 'bad name': ValidationException: Invalid name. Must be a valid "
        "name containing alphanumeric characters, or any of the following: -/_+=.@!",
    ),
    "system tag": (
        {"tags": {"aws:team": "x"}},
        "cannot seed secret 's': InvalidParameterException: You can't modify system tags. "
        "Tag key: 'aws:team'.",
    ),
    "unknown KMS alias": (
        {"kms_key_id": "alias/none"},
        "cannot seed secret 's': InvalidParameterException: The operation failed because of "
        "an invalid KMS key: Alias arn:aws:kms:us-east-1:123456789012:alias/none is not found.",
    ),
    "two versions with AWSCURRENT": (
        {
            "versions": [
                {"value": "a", "labels": ["AWSCURRENT"]},
                {"value": "b", "labels": ["AWSCURRENT"]},
            ]
        },
        "cannot seed secret 's': the label 'AWSCURRENT' is on two versions (a staging label "
        "is on one version at most)",
    ),
    "no AWSCURRENT": (
        {"versions": [{"value": "a", "labels": ["blue"]}]},
        "cannot seed secret 's': one version must carry AWSCURRENT",
    ),
    "AWSCURRENT without a value": (
        {"versions": [{"labels": ["AWSCURRENT"]}]},
        "cannot seed secret 's': AWSCURRENT needs a value",
    ),
    "21 labels": (
        {"versions": [{"value": "a", "labels": ["AWSCURRENT", *[f"l{n}" for n in range(20)]]}]},
        "cannot seed secret 's': ValidationException: 1 validation error detected: Value "
        "'[AWSCURRENT, l0, l1, l2, l3, l4, l5, l6, l7, l8, l9, l10, l11, l12, l13, l14, l15, "
        "l16, l17, l18, l19]' at 'versionStages' "
        "failed to satisfy constraint: Member must have length less than or equal to 20",
    ),
    "recovery window out of range": (
        {"deleted": START, "recovery_window_days": 3},
        "cannot seed secret 's': InvalidParameterException: The RecoveryWindowInDays value "
        "must be between 7 and 30 days (inclusive).",
    ),
    "21 labels across versions": (
        {
            "versions": [
                {"value": "a", "labels": ["AWSCURRENT", *[f"a{n}" for n in range(10)]]},
                {"value": "b", "labels": [f"b{n}" for n in range(10)]},
            ]
        },
        "cannot seed secret 's': LimitExceededException: You can't attach more than 20 "
        "staging labels to the versions of a secret.",
    ),
    "51 tags": (
        {"tags": {f"k{n}": "v" for n in range(51)}},
        "cannot seed secret 's': InvalidParameterException: A secret can have at most 50 tags.",
    ),
    "rotation rules": (
        {"rotation": {"lambda_arn": FUNCTION, "rules": {"ScheduleExpression": "rate(1 hours)"}}},
        "cannot seed secret 's': InvalidParameterException: Invalid schedule expression "
        "rate(1 hours): you can rotate a secret at most every four hours.",
    ),
    "an unregistered rotation function name": (
        {"rotation": {"lambda_arn": "nope"}},
        "cannot seed secret 's': no rotation function named 'nope' is registered; give its "
        "ARN or register it first",
    ),
    "policy": (
        {"policy": "{not json"},
        "cannot seed secret 's': MalformedPolicyDocumentException: This resource policy contains a syntax error.",
    ),
    "value and versions": (
        {"value": "a", "versions": []},
        "s: give either value (one AWSCURRENT version) or versions, not both",
    ),
    "versions out of order": (
        {"versions": [{"value": "a", "labels": ["AWSCURRENT"], "created": START.timestamp() - 1}]},
        "cannot seed secret 's': versions come oldest first, and none before the secret's "
        "created date",
    ),
    "a version id twice": (
        {
            "versions": [
                {"value": "a", "version_id": token(1)},
                {"value": "b", "labels": ["AWSCURRENT"], "version_id": token(1)},
            ]
        },
        f"cannot seed secret 's': {token(1)} twice",
    ),
    "a bad type": ({"description": 3}, "s: description must be a str, not 3"),
    "a created date that is no number": (
        {"created": float("nan")},
        "s: created must be epoch seconds within the years 1 to 9999, not nan",
    ),
    "a created date past year 9999": (
        {"created": 1e300},
        "s: created must be epoch seconds within the years 1 to 9999, not 1e+300",
    ),
    "101 versions": (
        {
            "versions": [
                *({"value": "old"} for _ in range(100)),
                {"value": "new", "labels": ["AWSCURRENT"]},
            ]
        },
        "cannot seed secret 's': AWS keeps at most 100 versions of a secret",
    ),
}


@pytest.mark.parametrize("seed", REFUSED.values(), ids=REFUSED.keys())
def test_a_seed_breaking_a_rule_is_refused_and_adds_nothing(
    seed: tuple[dict[str, Any], str], seeded: tuple[SecretsManagerMock, Any]
) -> None:
    mock, _ = seeded
    mock.add_secret("kept", "x")
    before = fingerprint(mock._backend)
    keywords = {"name": "s", "value": None, **seed[0]}
    if keywords["value"] is None and "versions" not in keywords:
        keywords["value"] = "v"
    with pytest.raises(SecretMockError) as raised:
        mock.add_secret(**keywords, region="eu-west-1")
    assert str(raised.value) == seed[1].replace("us-east-1", "eu-west-1")
    # Nothing changed: no secret, no store for eu-west-1, no AWS managed key there.
    assert differences(before, fingerprint(mock._backend)) == []


def test_a_name_the_mock_has_is_refused(seeded: tuple[SecretsManagerMock, Any]) -> None:
    mock, _ = seeded
    mock.add_secret("s", "x")
    with pytest.raises(SecretMockError, match=r"^cannot seed secret 's': the mock already has it$"):
        mock.add_secret("s", "y")


def test_a_value_under_a_disabled_key_is_refused_as_kms_refuses_it(
    seeded: tuple[SecretsManagerMock, Any],
) -> None:
    mock, _ = seeded
    mock.kms.create_key(alias="off").disable()
    before = fingerprint(mock._backend, skip=(type(mock.kms.get_key("alias/off").cipher),))
    with pytest.raises(SecretMockError) as raised:
        mock.add_secret("s", "x", kms_key_id="alias/off")
    key_arn = mock.kms.get_key("alias/off").arn
    assert str(raised.value).startswith(
        "cannot seed secret 's': EncryptionFailure: Secrets Manager can't encrypt the secret "
        f"value: {key_arn} is disabled. (Service: AWSKMS; Status Code: 400; Error Code: "
        "DisabledException; Request ID: "
    )
    after = fingerprint(mock._backend, skip=(type(mock.kms.get_key("alias/off").cipher),))
    assert differences(before, after) == []
    # Without a value too, as CreateSecret does: a secret given a key has KMS check it.
    with pytest.raises(SecretMockError) as raised:
        mock.add_secret("empty", kms_key_id="alias/off")
    assert str(raised.value).startswith(
        "cannot seed secret 'empty': EncryptionFailure: Secrets Manager can't encrypt the "
        f"secret value: {key_arn} is disabled. (Service: AWSKMS; Status Code: 400; Error Code: "
        "DisabledException; Request ID: "
    )
    assert (
        differences(
            before, fingerprint(mock._backend, skip=(type(mock.kms.get_key("alias/off").cipher),))
        )
        == []
    )


def test_each_version_carries_exactly_the_labels_the_seed_gives(
    seeded: tuple[SecretsManagerMock, Any],
) -> None:
    # 20 labels, none of them AWSPREVIOUS: the old version keeps only its own.
    mock, client = seeded
    old_labels = [f"release-{number}" for number in range(19)]
    mock.add_secret(
        "s",
        versions=[
            SeedVersion("old", old_labels, version_id=token(1)),
            SeedVersion("new", ["AWSCURRENT"], version_id=token(2)),
        ],
    )
    with mock:
        assert client.describe_secret(SecretId="s")["VersionIdsToStages"] == {
            token(1): old_labels,
            token(2): ["AWSCURRENT"],
        }
