from __future__ import annotations

from tests.assertions import raises_aws


def test_create_then_get(client):
    created = client.create_secret(Name="smoke", SecretString="value")
    assert client.get_secret_value(SecretId="smoke")["SecretString"] == "value"
    assert client.get_secret_value(SecretId=created["ARN"])["VersionId"] == created["VersionId"]


def test_missing_secret(client):
    with raises_aws(
        "ResourceNotFoundException", "Secrets Manager can't find the specified secret."
    ):
        client.get_secret_value(SecretId="nope")
