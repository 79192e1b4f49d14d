"""snapshot() and restore(): the whole state of a mock, put back as it was."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import boto3
import pytest

from secretmock import SecretsManagerMock, Snapshot, mock_secrets
from secretmock.errors import SecretMockError
from tests.operations.support import START, token
from tests.state_fingerprint import differences, fingerprint
from tests.test_seeding import FUNCTION, no_op_rotation
from tests.test_seeding_documents import build_state


@pytest.fixture
def mock() -> Iterator[SecretsManagerMock]:
    with mock_secrets(seed=7, clock=START, rotation_functions={FUNCTION: no_op_rotation}) as active:
        yield active


@pytest.fixture
def client(mock: SecretsManagerMock) -> Any:
    return boto3.client("secretsmanager", region_name="us-east-1")


def everything(mock: SecretsManagerMock) -> dict[str, object]:
    """The whole state: the backend's every reachable value, the clock and the calls."""
    return {
        **fingerprint(mock._backend, "backend"),
        "clock": mock.clock.now(),
        "calls": repr(list(mock.calls)),
    }


def change_everything(mock: SecretsManagerMock, client: Any) -> None:
    """A change to every kind of state a snapshot covers."""
    client.delete_secret(SecretId="app/db", ForceDeleteWithoutRecovery=True)
    client.restore_secret(SecretId="going")
    client.put_secret_value(SecretId="rotated", SecretString="new")
    client.tag_resource(SecretId="rotated", Tags=[{"Key": "k", "Value": "v"}])
    client.cancel_rotate_secret(SecretId="rotated")
    client.create_secret(Name="new", SecretString="n")
    client.rotate_secret(SecretId="going", RotationLambdaARN=FUNCTION)  # the log grows
    mock.kms.get_key("alias/app").disable()
    mock.kms.get_key("alias/old").enable()
    mock.kms.create_key(alias="later")
    mock.register_rotation_function("later", no_op_rotation)
    mock.unregister_rotation_function(FUNCTION)
    mock.advance_time(86400 * 30)  # the deletion and the scheduled rotation come due
    client.list_secrets()
    boto3.client("secretsmanager", region_name="ap-south-1").create_secret(
        Name="far", SecretString="f"
    )
    boto3.client(
        "secretsmanager",
        region_name="us-east-1",
        aws_access_key_id="210987654321",
        aws_secret_access_key="x",
    ).create_secret(Name="other-account", SecretString="o")


def test_restore_puts_every_kind_of_state_back(mock: SecretsManagerMock, client: Any) -> None:
    build_state(mock, client)
    client.rotate_secret(SecretId="rotated")  # a rotation in the log
    before = everything(mock)
    snapshot = mock.snapshot()
    calls = mock.calls

    change_everything(mock, client)
    assert everything(mock) != before
    mock.restore(snapshot)
    assert differences(before, everything(mock)) == []
    assert mock.calls is calls  # the same list, refilled

    # A snapshot is restored as often as needed, and the restored state answers calls.
    change_everything(mock, client)
    mock.restore(snapshot)
    assert differences(before, everything(mock)) == []
    listed = client.list_secrets(IncludePlannedDeletion=True)["SecretList"]
    assert [secret["Name"] for secret in listed] == ["app/db", "rotated", "going"]
    assert client.get_secret_value(SecretId="app/db")["SecretBinary"] == b"two"


def test_a_restored_mock_goes_on_as_the_snapshot_would_have(mock: SecretsManagerMock) -> None:
    # Seeded randomness is part of the state: the same ARN suffix comes next.
    client = boto3.client("secretsmanager", region_name="us-east-1")
    snapshot = mock.snapshot()
    first = client.create_secret(Name="a", SecretString="x")["ARN"]
    mock.restore(snapshot)
    assert client.create_secret(Name="a", SecretString="x")["ARN"] == first
    assert len(mock.calls) == 1


def test_kms_keys_a_test_holds_stay_the_mocks_keys(mock: SecretsManagerMock, client: Any) -> None:
    key = mock.kms.create_key(alias="held")
    client.create_secret(Name="s", SecretString="x", KmsKeyId="alias/held")
    snapshot = mock.snapshot()
    key.disable()
    mock.restore(snapshot)
    assert key.state.value == "Enabled"
    assert mock.kms.get_key("alias/held") is key
    key.disable()  # still the key the secret's value is sealed under
    with pytest.raises(client.exceptions.DecryptionFailure):
        client.get_secret_value(SecretId="s")


def test_state_other_modules_keep_on_the_backend_is_covered(mock: SecretsManagerMock) -> None:
    # Nothing lists the Backend's fields: state added to it later is snapshotted too.
    backend: Any = mock._backend
    backend.replicas = {"app/db": ["eu-west-1"]}
    snapshot = mock.snapshot()
    backend.replicas["app/db"].append("ap-south-1")
    backend.added_after_the_snapshot = True
    mock.restore(snapshot)
    assert backend.replicas == {"app/db": ["eu-west-1"]}
    assert not hasattr(backend, "added_after_the_snapshot")


def test_state_that_cannot_be_copied_is_refused_clearly(mock: SecretsManagerMock) -> None:
    backend: Any = mock._backend
    backend.stream = open(__file__)  # noqa: SIM115  # a file is not state a snapshot can copy
    try:
        with pytest.raises(SecretMockError) as raised:
            mock.snapshot()
    finally:
        backend.stream.close()
        del backend.stream
    assert str(raised.value).startswith("snapshot() cannot copy part of the mock's state: ")
    assert str(raised.value).endswith(
        "State kept on the Backend must be plain data, callables, locks or marked "
        "__secretmock_identity__"
    )


def test_a_snapshot_restores_only_the_mock_it_was_taken_from(mock: SecretsManagerMock) -> None:
    snapshot = mock.snapshot()
    assert isinstance(snapshot, Snapshot)
    other = mock_secrets()
    with pytest.raises(SecretMockError) as raised:
        other.restore(snapshot)
    assert str(raised.value) == (
        "this snapshot was taken from another mock: a snapshot restores only the mock it was "
        "taken from (use dump() and load() to carry secrets to another mock)"
    )
    with pytest.raises(SecretMockError) as raised:
        mock.restore(mock.dump())  # type: ignore[arg-type]
    assert str(raised.value) == "restore() takes what snapshot() returned, not {'secrets': []}"


def test_a_snapshot_survives_the_mock_stopping(client: Any) -> None:
    # A mock stops (and forgets its state) between tests; a snapshot taken before still holds.
    mock = mock_secrets(clock=START)
    mock.add_secret("seeded", "x")
    snapshot = mock.snapshot()
    with mock:
        client.delete_secret(SecretId="seeded", ForceDeleteWithoutRecovery=True)
    with mock:
        mock.restore(snapshot)
        assert client.get_secret_value(SecretId="seeded")["SecretString"] == "x"
        client.put_secret_value(SecretId="seeded", SecretString="y", ClientRequestToken=token(1))


def test_injected_faults_are_outside_the_snapshot(mock: SecretsManagerMock, client: Any) -> None:
    # They configure the test, not the service: a restore leaves them, and their handles, be.
    mock.add_secret("s", "x")
    snapshot = mock.snapshot()
    fault = mock.inject_error("GetSecretValue", "InternalServiceError", times=2)
    mock.restore(snapshot)
    with pytest.raises(client.exceptions.InternalServiceError):
        client.get_secret_value(SecretId="s")
    assert (fault.count, fault.active) == (1, True)
    fault.remove()
    assert client.get_secret_value(SecretId="s")["SecretString"] == "x"


def test_the_clock_still_moves_the_mock_after_a_restore(mock, client):
    client.create_secret(Name="db", SecretString="v")
    snapshot = mock.snapshot()
    client.delete_secret(SecretId="db", RecoveryWindowInDays=7)
    mock.restore(snapshot)
    client.delete_secret(SecretId="db", RecoveryWindowInDays=7)

    mock.advance_time(7 * 86400)

    # The deletion came due on the clock advance_time() moved: the secret is gone.
    assert client.list_secrets(IncludePlannedDeletion=True)["SecretList"] == []
    assert mock.clock.now() == START.timestamp() + 7 * 86400
