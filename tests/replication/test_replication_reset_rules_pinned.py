"""A mock that stops forgets how a test set replication up: held and failing Regions are gone
when it starts again (pins ``Backend.reset``'s replication line, found by mutation testing)."""

from __future__ import annotations

import boto3

from secretmock import mock_secrets


def test_a_restarted_mock_forgets_held_and_failing_regions():
    mock = mock_secrets(seed=3)
    with mock:
        mock.replication.hold("eu-west-1")
        mock.replication.fail("eu-west-2", "Replication failed: a test said so")
        assert mock.replication.held == frozenset({"eu-west-1"})
        assert mock.replication.failing == {"eu-west-2": "Replication failed: a test said so"}

    with mock:
        assert mock.replication.held == frozenset()
        assert mock.replication.failing == {}
        client = boto3.client("secretsmanager", region_name="us-east-1")
        created = client.create_secret(
            Name="db",
            SecretString="one",
            AddReplicaRegions=[{"Region": "eu-west-1"}, {"Region": "eu-west-2"}],
        )
        assert created["ReplicationStatus"] == [
            {
                "Region": region,
                "KmsKeyId": "alias/aws/secretsmanager",
                "Status": "InSync",
                "StatusMessage": "Replication succeeded",
            }
            for region in ("eu-west-1", "eu-west-2")
        ]
