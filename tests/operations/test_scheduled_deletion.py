"""What each operation answers on a secret scheduled for deletion (facts section 3.5)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.assertions import raises_aws
from tests.operations.support import START, state, token

pytestmark = pytest.mark.secretmock(clock=START, seed=41)

V1, V2 = token(1), token(2)
MARKED = "You can't perform this operation on the secret because it was marked for deletion."

REFUSED: dict[str, tuple[str, str, Callable[[Any], object]]] = {
    "GetSecretValue": (
        "InvalidRequestException",
        MARKED,
        lambda c: c.get_secret_value(SecretId="s"),
    ),
    "PutSecretValue": (
        "InvalidRequestException",
        MARKED,
        lambda c: c.put_secret_value(SecretId="s", SecretString="x"),
    ),
    "UpdateSecret": (
        "InvalidRequestException",
        MARKED,
        lambda c: c.update_secret(SecretId="s", Description="x"),
    ),
    "UpdateSecretVersionStage": (
        "InvalidRequestException",
        MARKED,
        lambda c: c.update_secret_version_stage(
            SecretId="s", VersionStage="AWSCURRENT", MoveToVersionId=V2, RemoveFromVersionId=V1
        ),
    ),
    "CreateSecret": (
        "InvalidRequestException",
        "You can't create this secret because a secret with this name is already scheduled for "
        "deletion.",
        lambda c: c.create_secret(Name="s", SecretString="x"),
    ),
    "DeleteSecret": (
        "InvalidRequestException",
        "You tried to perform the operation on a secret that's currently marked deleted.",
        lambda c: c.delete_secret(SecretId="s"),
    ),
}


@pytest.fixture
def scheduled(client):
    client.create_secret(Name="s", SecretString="one", ClientRequestToken=V1)
    client.put_secret_value(
        SecretId="s", SecretString="two", ClientRequestToken=V2, VersionStages=["AWSPENDING"]
    )
    client.delete_secret(SecretId="s")
    return client


@pytest.mark.parametrize("operation", sorted(REFUSED))
def test_a_scheduled_secret_refuses_reads_and_writes_and_nothing_changes(
    scheduled, secretmock, operation
):
    code, message, call = REFUSED[operation]
    before = state(secretmock)

    with raises_aws(code, message):
        call(scheduled)

    assert state(secretmock) == before


def test_a_scheduled_secret_can_still_be_described_and_its_versions_listed(scheduled, secretmock):
    before = state(secretmock)

    described = scheduled.describe_secret(SecretId="s")
    listed = scheduled.list_secret_version_ids(SecretId="s")

    assert "DeletedDate" in described
    assert [entry["VersionId"] for entry in listed["Versions"]] == [V1, V2]
    assert state(secretmock) == before


def test_a_scheduled_secret_can_be_force_deleted_or_restored(scheduled, client):
    client.restore_secret(SecretId="s")
    assert client.get_secret_value(SecretId="s")["SecretString"] == "one"
    client.delete_secret(SecretId="s")

    client.delete_secret(SecretId="s", ForceDeleteWithoutRecovery=True)

    with raises_aws(
        "ResourceNotFoundException", "Secrets Manager can't find the specified secret."
    ):
        client.describe_secret(SecretId="s")
