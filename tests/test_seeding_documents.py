"""load() and dump(): seeds kept as data (a dict, a JSON or a YAML file), and the state as one."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import boto3
import pytest

from secretmock import SecretsManagerMock, mock_secrets
from secretmock.errors import SecretMockError
from tests.operations.support import START, token
from tests.test_seeding import FUNCTION, answers, no_op_rotation

JANUARY_1ST = datetime(2026, 1, 1, tzinfo=timezone.utc).timestamp()
YAML_SEED = """\
kms_keys:
  - alias: alias/app
    description: the app's key
secrets:
  - name: app/db
    description: the database
    kms_key_id: alias/app
    tags: {team: core}
    created: 2026-01-01T00:00:00Z
    versions:
      - value: old-password
        labels: [AWSPREVIOUS]
        created: 2026-01-01T00:00:00Z
      - value: new-password
        labels: [AWSCURRENT]
        created: 2026-02-01T00:00:00Z
  - name: app/cert
    value: !!binary AAEC
    created: 2026-01-01
"""

DOCUMENT: dict[str, Any] = {
    "kms_keys": [{"alias": "alias/app", "description": "the app's key"}],
    "secrets": [
        {
            "name": "app/db",
            "description": "the database",
            "kms_key_id": "alias/app",
            "tags": {"team": "core"},
            "created": "2026-01-01T00:00:00Z",
            "versions": [
                {
                    "value": "old-password",
                    "labels": ["AWSPREVIOUS"],
                    "created": "2026-01-01T00:00:00Z",
                },
                {
                    "value": "new-password",
                    "labels": ["AWSCURRENT"],
                    "created": "2026-02-01T00:00:00Z",
                },
            ],
        },
        {"name": "app/cert", "value_base64": "AAEC", "created": "2026-01-01T00:00:00Z"},
    ],
}


@pytest.fixture
def mock() -> Iterator[SecretsManagerMock]:
    with mock_secrets(clock=START, rotation_functions={FUNCTION: no_op_rotation}) as active:
        yield active


@pytest.fixture
def client(mock: SecretsManagerMock) -> Any:
    return boto3.client("secretsmanager", region_name="us-east-1")


def loaded_state(client: Any) -> dict[str, Any]:
    return {
        "db": client.get_secret_value(SecretId="app/db")["SecretString"],
        "previous": client.get_secret_value(SecretId="app/db", VersionStage="AWSPREVIOUS")[
            "SecretString"
        ],
        "cert": client.get_secret_value(SecretId="app/cert")["SecretBinary"],
        "cert created": client.describe_secret(SecretId="app/cert")["CreatedDate"].timestamp(),
        "described": {
            key: value
            for key, value in client.describe_secret(SecretId="app/db").items()
            if key in ("Description", "KmsKeyId", "Tags", "CreatedDate")
        },
    }


EXPECTED_STATE = {
    "db": "new-password",
    "previous": "old-password",
    "cert": b"\x00\x01\x02",
    "cert created": JANUARY_1ST,
    "described": {
        "Description": "the database",
        "KmsKeyId": "alias/app",
        "Tags": [{"Key": "team", "Value": "core"}],
    },
}


def test_a_dict_a_json_file_and_a_yaml_file_seed_the_same_state(
    mock: SecretsManagerMock, client: Any, tmp_path: Path
) -> None:
    (tmp_path / "seed.yaml").write_text(YAML_SEED)
    (tmp_path / "seed.json").write_text(json.dumps(DOCUMENT))
    seen = []
    for source in (DOCUMENT, tmp_path / "seed.json", str(tmp_path / "seed.yaml")):
        arns = mock.load(source)
        assert [arn.split(":")[-1][:-7] for arn in arns] == ["app/db", "app/cert"]
        state = loaded_state(client)
        created = state["described"].pop("CreatedDate")
        assert created.timestamp() == JANUARY_1ST
        seen.append(state)
        mock.reset()
    assert seen == [EXPECTED_STATE] * 3
    assert len(mock.calls) == 0


def test_yaml_without_pyyaml_says_what_to_install(
    mock: SecretsManagerMock, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "seed.yml").write_text(YAML_SEED)
    monkeypatch.setitem(sys.modules, "yaml", None)  # as if PyYAML were not installed
    with pytest.raises(SecretMockError) as raised:
        mock.load(tmp_path / "seed.yml")
    assert str(raised.value) == (
        f"loading {tmp_path / 'seed.yml'} needs PyYAML: pip install 'secretmock[yaml]'"
    )


def test_a_document_with_one_bad_secret_loads_nothing(
    mock: SecretsManagerMock, client: Any
) -> None:
    mock.add_secret("kept", "x")
    before = mock.dump(values=True)
    document = {
        "kms_keys": [{"alias": "new-key"}],
        "secrets": [{"name": "fine", "value": "x"}, {"name": "bad name", "value": "x"}],
    }
    with pytest.raises(SecretMockError, match=r"^cannot seed secret 'bad name': Validation"):
        mock.load(document)
    assert mock.dump(values=True) == before
    # Not even the key of the document's first entry: only the AWS managed key "kept" uses.
    assert [key.aliases for key in mock.kms.list_keys()] == [["alias/aws/secretsmanager"]]


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ({"secret": []}, "unknown top-level keys in the seed document: ['secret']"),
        ({"secrets": [{"name": "a", "valu": "x"}]}, "unknown keys for secret 'a': ['valu']"),
        ({"secrets": {"name": "a"}}, "document: secrets must be a list, not {'name': 'a'}"),
        ({"secrets": ["a"]}, "each secret in a seed document is a mapping, not 'a'"),
        ({"secrets": [{"value": "x"}]}, "a secret in a seed document has no name: {'value': 'x'}"),
        (
            {"secrets": [{"name": "a", "value": "x", "value_base64": "AA=="}]},
            "a: a secret has value or value_base64, not both",
        ),
        (
            {"secrets": [{"name": "a", "value_base64": "%%"}]},
            "a: value_base64 is not base64 (A-Z, a-z, 0-9, + and /, padded with =)",
        ),
        (
            {"kms_keys": [{"alias": "k", "state": "Gone"}]},
            "a KMS key's state is Enabled, Disabled or PendingDeletion, not 'Gone'",
        ),
    ],
)
def test_a_malformed_document_is_refused_clearly(
    mock: SecretsManagerMock, document: dict[str, Any], message: str
) -> None:
    with pytest.raises(SecretMockError) as raised:
        mock.load(document)
    assert str(raised.value) == message


def test_a_file_that_is_not_a_seed_is_refused(mock: SecretsManagerMock, tmp_path: Path) -> None:
    (tmp_path / "seed.json").write_text("[1, 2]")
    (tmp_path / "broken.json").write_text("{")
    with pytest.raises(SecretMockError) as raised:
        mock.load(tmp_path / "seed.json")
    assert (
        str(raised.value) == f"{tmp_path / 'seed.json'} must hold a mapping with a 'secrets' list"
    )
    with pytest.raises(SecretMockError, match=r"broken\.json is not valid JSON: "):
        mock.load(tmp_path / "broken.json")
    with pytest.raises(SecretMockError, match=r"^cannot read .*missing\.json: "):
        mock.load(tmp_path / "missing.json")
    with pytest.raises(SecretMockError) as raised:
        mock.load(42)  # type: ignore[arg-type]
    assert str(raised.value) == "load() takes a dict or a path to a JSON or YAML file, not 42"


def build_state(mock: SecretsManagerMock, client: Any) -> None:
    """Every kind of state a document carries, made by calls."""
    mock.kms.create_key(alias="app", description="the app's key")
    mock.kms.create_key(alias="old").disable()
    client.create_secret(
        Name="app/db",
        SecretString="one",
        Description="d",
        KmsKeyId="alias/app",
        Tags=[{"Key": "a", "Value": "b"}],
        ClientRequestToken=token(1),
    )
    mock.advance_time(3600)
    client.put_secret_value(SecretId="app/db", SecretBinary=b"two", ClientRequestToken=token(2))
    client.update_secret_version_stage(
        SecretId="app/db", VersionStage="blue", MoveToVersionId=token(1)
    )
    client.put_resource_policy(
        SecretId="app/db",
        ResourcePolicy='{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", '
        '"Principal": {"AWS": "arn:aws:iam::210987654321:root"}, '
        '"Action": "secretsmanager:GetSecretValue", "Resource": "*"}]}',
    )
    client.create_secret(Name="rotated", SecretString="r", ClientRequestToken=token(3))
    client.rotate_secret(
        SecretId="rotated",
        RotationLambdaARN=FUNCTION,
        RotationRules={"AutomaticallyAfterDays": 5},
        RotateImmediately=False,
    )
    client.create_secret(Name="going", SecretString="g", ClientRequestToken=token(4))
    client.delete_secret(SecretId="going", RecoveryWindowInDays=9)
    boto3.client("secretsmanager", region_name="eu-west-1").create_secret(
        Name="elsewhere", SecretString="e", ClientRequestToken=token(5)
    )


def test_dump_leaves_values_out_unless_asked_and_is_json(
    mock: SecretsManagerMock, client: Any
) -> None:
    build_state(mock, client)
    without = mock.dump()
    assert json.loads(json.dumps(without)) == without
    assert without["kms_keys"] == [
        {
            "key_id": mock.kms.get_key("alias/app").key_id,
            "account_id": "123456789012",
            "region": "us-east-1",
            "description": "the app's key",
            "alias": "alias/app",
        },
        {
            "key_id": mock.kms.get_key("alias/old").key_id,
            "account_id": "123456789012",
            "region": "us-east-1",
            "description": "",
            "alias": "alias/old",
            "state": "Disabled",
        },
    ]
    db = without["secrets"][0]
    assert db == {
        "name": "app/db",
        "region": "us-east-1",
        "account_id": "123456789012",
        "created": "2026-03-04T05:06:07.123000+00:00",
        "description": "d",
        "kms_key_id": "alias/app",
        "policy": db["policy"],
        "tags": [{"Key": "a", "Value": "b"}],
        "versions": [
            {
                "version_id": token(1),
                "labels": ["AWSPREVIOUS", "blue"],
                "created": "2026-03-04T05:06:07.123000+00:00",
            },
            {
                "version_id": token(2),
                "labels": ["AWSCURRENT"],
                "created": "2026-03-04T06:06:07.123000+00:00",
            },
        ],
    }
    with_values = mock.dump(values=True)
    assert [
        {key: version.get(key) for key in ("value", "value_base64")}
        for version in with_values["secrets"][0]["versions"]
    ] == [{"value": "one", "value_base64": None}, {"value": None, "value_base64": "dHdv"}]
    assert json.loads(json.dumps(with_values)) == with_values


def test_dump_then_load_into_a_new_mock_gives_the_same_answers(
    mock: SecretsManagerMock, client: Any
) -> None:
    build_state(mock, client)
    document = json.loads(json.dumps(mock.dump(values=True)))
    names = ["app/db", "rotated", "going"]
    expected = {name: answers(client, name) for name in names}

    with mock_secrets(
        clock=mock.clock.now(), rotation_functions={FUNCTION: no_op_rotation}
    ) as copy:
        copy.load(document)
        assert {name: answers(client, name) for name in names} == expected
        eu = boto3.client("secretsmanager", region_name="eu-west-1")
        assert eu.get_secret_value(SecretId="elsewhere")["SecretString"] == "e"
        assert copy.kms.get_key("alias/old").state.value == "Disabled"
        assert copy.dump(values=True) == document
