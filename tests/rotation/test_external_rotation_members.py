"""RotateSecret's ExternalSecretRotationMetadata and ExternalSecretRotationRoleArn (botocore
1.41.0 on): stored with the rest of the rotation settings, reported by DescribeSecret and
ListSecrets, and kept by snapshots, dump()/load() and a server's state file."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import boto3
import botocore.session
import pytest

from secretmock import SecretsManagerMock, SeedRotation, SeedVersion, _model_fit
from secretmock.errors import SecretMockError
from tests.assertions import raises_aws
from tests.botocore_model import needs
from tests.operations.support import START, at, day_of, reply, state, token
from tests.rotation.handlers import SingleUserRotation, credentials
from tests.rotation.support import end_of_day, rotated_secret

pytestmark = [
    pytest.mark.secretmock(clock=START, seed=11),
    needs("RotateSecret", "ExternalSecretRotationMetadata"),
]

V1, V2, V3 = token(1), token(2), token(3)
ROLE = "arn:aws:iam::123456789012:role/partner-rotation"
OTHER_ROLE = "arn:aws:iam::123456789012:role/other-rotation"
METADATA = [{"Key": "tenant", "Value": "acme"}, {"Key": "region", "Value": "eu"}]
FUNCTION = "arn:aws:lambda:us-east-1:123456789012:function:rotator"


def rotate(client: Any, **members: Any) -> None:
    client.rotate_secret(
        SecretId="db",
        RotationLambdaARN=FUNCTION,
        RotationRules={"AutomaticallyAfterDays": 7},
        RotateImmediately=False,
        **members,
    )


def configured(client: Any, mock: SecretsManagerMock) -> dict[str, Any]:
    created, _, _ = rotated_secret(client, mock, ClientRequestToken=V1)
    rotate(
        client,
        ClientRequestToken=V2,
        ExternalSecretRotationMetadata=METADATA,
        ExternalSecretRotationRoleArn=ROLE,
    )
    return created


def test_describe_and_list_report_the_members_rotate_secret_stored(client, secretmock):
    created = configured(client, secretmock)

    assert reply(client.describe_secret(SecretId="db")) == {
        "ARN": created["ARN"],
        "Name": "db",
        "RotationEnabled": True,
        "RotationLambdaARN": FUNCTION,
        "RotationRules": {"AutomaticallyAfterDays": 7},
        "ExternalSecretRotationMetadata": METADATA,
        "ExternalSecretRotationRoleArn": ROLE,
        "NextRotationDate": end_of_day(7),
        "LastChangedDate": at(),
        "LastAccessedDate": day_of(),
        "VersionIdsToStages": {V1: ["AWSCURRENT"]},
        "CreatedDate": at(),
    }
    assert client.list_secrets()["SecretList"] == [
        {
            "ARN": created["ARN"],
            "Name": "db",
            "RotationEnabled": True,
            "RotationLambdaARN": FUNCTION,
            "RotationRules": {"AutomaticallyAfterDays": 7},
            "ExternalSecretRotationMetadata": METADATA,
            "ExternalSecretRotationRoleArn": ROLE,
            "NextRotationDate": end_of_day(7),
            "LastChangedDate": at(),
            "LastAccessedDate": day_of(),
            "SecretVersionsToStages": {V1: ["AWSCURRENT"]},
            "CreatedDate": at(),
        }
    ]


def external_members(client: Any) -> dict[str, Any]:
    described = client.describe_secret(SecretId="db")
    return {key: value for key, value in described.items() if key.startswith("External")}


def test_a_rotation_without_them_keeps_the_stored_ones_and_new_ones_replace_them(
    client, secretmock
):
    configured(client, secretmock)

    rotate(client, ClientRequestToken=V3)
    assert external_members(client) == {
        "ExternalSecretRotationMetadata": METADATA,
        "ExternalSecretRotationRoleArn": ROLE,
    }

    rotate(
        client,
        ClientRequestToken=token(4),
        ExternalSecretRotationMetadata=[{"Key": "tenant", "Value": "globex"}],
    )
    assert external_members(client) == {
        "ExternalSecretRotationMetadata": [{"Key": "tenant", "Value": "globex"}],
        "ExternalSecretRotationRoleArn": ROLE,
    }

    rotate(client, ClientRequestToken=token(5), ExternalSecretRotationRoleArn=OTHER_ROLE)
    assert external_members(client) == {
        "ExternalSecretRotationMetadata": [{"Key": "tenant", "Value": "globex"}],
        "ExternalSecretRotationRoleArn": OTHER_ROLE,
    }


def test_a_secret_rotated_without_them_reports_neither(client, secretmock):
    rotated_secret(client, secretmock, ClientRequestToken=V1)
    rotate(client, ClientRequestToken=V2)

    assert external_members(client) == {}
    assert not any(key.startswith("External") for key in client.list_secrets()["SecretList"][0])


def test_cancel_rotate_secret_leaves_them_reported(client, secretmock):
    created = configured(client, secretmock)

    client.cancel_rotate_secret(SecretId="db")

    assert reply(client.describe_secret(SecretId="db")) == {
        "ARN": created["ARN"],
        "Name": "db",
        "RotationEnabled": False,
        "RotationLambdaARN": FUNCTION,
        "RotationRules": {"AutomaticallyAfterDays": 7},
        "ExternalSecretRotationMetadata": METADATA,
        "ExternalSecretRotationRoleArn": ROLE,
        "LastChangedDate": at(),
        "LastAccessedDate": day_of(),
        "VersionIdsToStages": {V1: ["AWSCURRENT"]},
        "CreatedDate": at(),
    }


def test_a_refused_rotate_secret_stores_none_of_them(client, secretmock):
    configured(client, secretmock)
    before = state(secretmock)

    with raises_aws(
        "AccessDeniedException",
        "Secrets Manager cannot invoke the specified Lambda function. Ensure that the function "
        "policy grants access to the principal secretsmanager.amazonaws.com.",
    ):
        client.rotate_secret(
            SecretId="db",
            ClientRequestToken=V3,
            RotationLambdaARN="arn:aws:lambda:us-east-1:123456789012:function:unknown",
            ExternalSecretRotationMetadata=[{"Key": "tenant", "Value": "globex"}],
            ExternalSecretRotationRoleArn=OTHER_ROLE,
        )

    assert state(secretmock) == before
    assert external_members(client) == {
        "ExternalSecretRotationMetadata": METADATA,
        "ExternalSecretRotationRoleArn": ROLE,
    }


def test_a_metadata_key_longer_than_256_characters_is_refused(client, secretmock):
    rotated_secret(client, secretmock, ClientRequestToken=V1)
    before = state(secretmock)
    key = "k" * 257

    with raises_aws(
        "ValidationException",
        f"1 validation error detected: Value '{key}' at "
        "'externalSecretRotationMetadata.1.member.key' failed to satisfy constraint: Member "
        "must have length less than or equal to 256",
    ):
        rotate(
            client,
            ClientRequestToken=V2,
            ExternalSecretRotationMetadata=[{"Key": key, "Value": "v"}],
        )

    assert state(secretmock) == before


def test_a_snapshot_restores_them(client, secretmock):
    configured(client, secretmock)
    described = reply(client.describe_secret(SecretId="db"))
    snapshot = secretmock.snapshot()
    rotate(
        client,
        ClientRequestToken=V3,
        ExternalSecretRotationMetadata=[{"Key": "tenant", "Value": "globex"}],
        ExternalSecretRotationRoleArn=OTHER_ROLE,
    )

    secretmock.restore(snapshot)

    assert reply(client.describe_secret(SecretId="db")) == described


def test_dump_writes_them_and_load_reads_them_back(client, secretmock):
    configured(client, secretmock)
    described = reply(client.describe_secret(SecretId="db"))

    document = secretmock.dump(values=True)

    [entry] = document["secrets"]
    assert entry["rotation"] == {
        "lambda_arn": FUNCTION,
        "rules": {"AutomaticallyAfterDays": 7},
        "enabled": True,
        "external_rotation_metadata": METADATA,
        "external_rotation_role_arn": ROLE,
    }
    secretmock.reset()
    secretmock.register_rotation_function("rotator", SingleUserRotation())
    [loaded] = secretmock.load(json.loads(json.dumps(document)))

    # A seed is a new secret (a new ARN suffix); LastAccessedDate is not part of a dump.
    del described["LastAccessedDate"]
    assert reply(client.describe_secret(SecretId="db")) == {**described, "ARN": loaded}


def test_a_seeded_rotation_reports_them(client, secretmock):
    secretmock.register_rotation_function("rotator", SingleUserRotation())

    arn = secretmock.add_secret(
        "db",
        versions=[SeedVersion(credentials(), ["AWSCURRENT"], version_id=V1)],
        rotation=SeedRotation(
            "rotator",
            {"AutomaticallyAfterDays": 7},
            external_rotation_metadata=METADATA,
            external_rotation_role_arn=ROLE,
        ),
    )

    assert reply(client.describe_secret(SecretId="db")) == {
        "ARN": arn,
        "Name": "db",
        "RotationEnabled": True,
        "RotationLambdaARN": FUNCTION,
        "RotationRules": {"AutomaticallyAfterDays": 7},
        "ExternalSecretRotationMetadata": METADATA,
        "ExternalSecretRotationRoleArn": ROLE,
        "NextRotationDate": end_of_day(7),
        "LastChangedDate": at(),
        "VersionIdsToStages": {V1: ["AWSCURRENT"]},
        "CreatedDate": at(),
    }


def test_a_seed_with_bad_metadata_is_refused(secretmock):
    secretmock.register_rotation_function("rotator", SingleUserRotation())
    bad = [{"Key": "tenant"}]

    with pytest.raises(SecretMockError) as raised:
        secretmock.add_secret(
            "db",
            credentials(),
            rotation={"lambda_arn": "rotator", "external_rotation_metadata": bad},
        )

    assert str(raised.value) == (
        "db: rotation's external_rotation_metadata is a list of {'Key': str, 'Value': str}, "
        "not [{'Key': 'tenant'}]"
    )
    assert secretmock.dump() == {"secrets": []}


def external_members_of(described: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in described.items() if key.startswith("External")}


def client_without_reply_members(tmp_path: Path) -> Any:
    """A client whose model is botocore's, less the members in DescribeSecret's and ListSecrets'
    replies: what a botocore before 1.41.0 parses."""
    loader = botocore.session.get_session().get_component("data_loader")
    api_version = loader.determine_latest_version("secretsmanager", "service-2")
    model = copy.deepcopy(loader.load_service_model("secretsmanager", "service-2", api_version))
    for shape in ("DescribeSecretResponse", "SecretListEntry"):
        members = model["shapes"][shape]["members"]
        del members["ExternalSecretRotationMetadata"], members["ExternalSecretRotationRoleArn"]
    folder = tmp_path / "secretsmanager" / api_version
    folder.mkdir(parents=True)
    (folder / "service-2.json").write_text(json.dumps(model))
    session = botocore.session.get_session()  # its own loader, which has loaded nothing yet
    session.get_component("data_loader").search_paths.insert(0, str(tmp_path))
    return boto3.Session(botocore_session=session, region_name="us-east-1").client("secretsmanager")


def test_a_model_without_them_gets_neither(client, secretmock, tmp_path, monkeypatch):
    created = configured(client, secretmock)
    # Each operation's plan is worked out once, from the first model that calls it (the rotation
    # function's DescribeSecret has just been answered): start again for the older one.
    monkeypatch.setattr(_model_fit, "_plans", {})
    older = client_without_reply_members(tmp_path)

    expected = {
        "ARN": created["ARN"],
        "Name": "db",
        "RotationEnabled": True,
        "RotationLambdaARN": FUNCTION,
        "RotationRules": {"AutomaticallyAfterDays": 7},
        "NextRotationDate": end_of_day(7),
        "LastChangedDate": at(),
        "LastAccessedDate": day_of(),
        "CreatedDate": at(),
    }
    assert reply(older.describe_secret(SecretId="db")) == {
        **expected,
        "VersionIdsToStages": {V1: ["AWSCURRENT"]},
    }
    assert older.list_secrets()["SecretList"] == [
        {**expected, "SecretVersionsToStages": {V1: ["AWSCURRENT"]}}
    ]
