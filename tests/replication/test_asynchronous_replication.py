"""Asynchronous replication made testable: ``secretmock.replication`` holds, fails, releases."""

from __future__ import annotations

from typing import Any

import pytest

from tests.assertions import raises_aws
from tests.operations.support import START, reply

pytestmark = pytest.mark.secretmock(clock=START, seed=12)

DEFAULT_KEY = "alias/aws/secretsmanager"
NOT_FOUND = ("ResourceNotFoundException", "Secrets Manager can't find the specified secret.")


def statuses(client: Any) -> list[dict[str, Any]]:
    return list(client.describe_secret(SecretId="db")["ReplicationStatus"])


def test_a_held_region_stays_in_progress_until_released(client, west, secretmock):
    secretmock.replication.hold("eu-west-1")

    created = client.create_secret(
        Name="db", SecretString="one", AddReplicaRegions=[{"Region": "eu-west-1"}]
    )

    in_progress = [{"Region": "eu-west-1", "KmsKeyId": DEFAULT_KEY, "Status": "InProgress"}]
    assert created["ReplicationStatus"] == in_progress
    assert statuses(client) == in_progress
    assert secretmock.replication.held == frozenset({"eu-west-1"})
    with raises_aws(*NOT_FOUND):
        west.get_secret_value(SecretId="db")

    secretmock.replication.release("eu-west-1")

    assert statuses(client) == [
        {
            "Region": "eu-west-1",
            "KmsKeyId": DEFAULT_KEY,
            "Status": "InSync",
            "StatusMessage": "Replication succeeded",
        }
    ]
    assert west.get_secret_value(SecretId="db")["SecretString"] == "one"
    assert secretmock.replication.held == frozenset()


def test_writes_do_not_reach_a_held_replica_until_it_is_released(client, west, secretmock):
    client.create_secret(Name="db", SecretString="one", AddReplicaRegions=[{"Region": "eu-west-1"}])
    secretmock.replication.hold("eu-west-1")
    assert statuses(client)[0]["Status"] == "InProgress"

    client.put_secret_value(SecretId="db", SecretString="two")

    assert west.get_secret_value(SecretId="db")["SecretString"] == "one"
    secretmock.replication.release()
    assert west.get_secret_value(SecretId="db")["SecretString"] == "two"
    assert statuses(client)[0]["Status"] == "InSync"


def test_a_failing_region_reports_the_tests_message_until_released(client, west, secretmock):
    secretmock.replication.fail("eu-west-1", "Replication failed: throttled by the test")

    created = client.create_secret(
        Name="db", SecretString="one", AddReplicaRegions=[{"Region": "eu-west-1"}]
    )

    failed = {
        "Region": "eu-west-1",
        "KmsKeyId": DEFAULT_KEY,
        "Status": "Failed",
        "StatusMessage": "Replication failed: throttled by the test",
    }
    assert reply(created)["ReplicationStatus"] == [failed]
    assert secretmock.replication.failing == {
        "eu-west-1": "Replication failed: throttled by the test"
    }
    with raises_aws(*NOT_FOUND):
        west.describe_secret(SecretId="db")

    secretmock.replication.release()

    assert statuses(client)[0]["Status"] == "InSync"
    assert west.get_secret_value(SecretId="db")["SecretString"] == "one"


def test_failing_a_held_region_fails_its_replicas_at_once(client, west, secretmock):
    secretmock.replication.hold("eu-west-1")
    client.create_secret(Name="db", SecretString="one", AddReplicaRegions=[{"Region": "eu-west-1"}])

    secretmock.replication.fail("eu-west-1")

    assert statuses(client) == [
        {
            "Region": "eu-west-1",
            "KmsKeyId": DEFAULT_KEY,
            "Status": "Failed",
            "StatusMessage": "Replication failed: the test failed replication to this Region.",
        }
    ]


def test_a_code_that_waits_for_in_sync_sees_it_after_release(client, secretmock):
    """The loop a deployment script runs: poll DescribeSecret until every Region is InSync."""
    secretmock.replication.hold("eu-west-1", "eu-west-2")
    client.create_secret(
        Name="db",
        SecretString="one",
        AddReplicaRegions=[{"Region": "eu-west-1"}, {"Region": "eu-west-2"}],
    )
    seen = []
    for _ in range(3):
        pending = [s["Region"] for s in statuses(client) if s["Status"] != "InSync"]
        seen.append(pending)
        if not pending:
            break
        secretmock.replication.release(pending[0])
    assert seen == [["eu-west-1", "eu-west-2"], ["eu-west-2"], []]


def test_the_controls_refuse_what_is_not_a_region(secretmock):
    with pytest.raises(TypeError, match="a Region is a non-empty str, not 3"):
        secretmock.replication.hold(3)
    with pytest.raises(TypeError, match="fail\\(\\) takes a non-empty StatusMessage"):
        secretmock.replication.fail("eu-west-1", "")
    assert secretmock.replication.held == frozenset()
    assert secretmock.replication.failing == {}
