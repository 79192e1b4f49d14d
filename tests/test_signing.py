"""Calls botocore sends unsigned, whatever keys the client holds, because a ``choose-signer``
handler answers ``botocore.UNSIGNED`` (botocore's own ``disable_signing``, say): AWS refuses
them before Secrets Manager reads them, as it refuses an unsigned client's (tests/test_hook.py),
and so does the mock. Other handlers leave the calls answered.

Each test first shows, without the mock, what botocore sends: a ``before-send`` handler records
the Authorization header and answers, so nothing is sent.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import boto3
import botocore.handlers
import botocore.session
import pytest
from botocore.awsrequest import AWSPreparedRequest, AWSResponse
from botocore.credentials import CredentialResolver
from botocore.exceptions import ClientError

from secretmock import UnmockedCallError, mock_secrets
from tests.tripwire import ExpiredRole, guarded, trip_every_send

MISSING_TOKEN = {
    "Code": "MissingAuthenticationTokenException",
    "Message": "Missing Authentication Token",
}


def _keyed(session: boto3.Session) -> Any:
    return session.client(
        "secretsmanager", aws_access_key_id="AKIDEXAMPLE", aws_secret_access_key="secret"
    )


class _Raw:
    def stream(self, **_: Any) -> Iterator[bytes]:
        yield b"{}"


def _authorization_sent(client: Any, call: Any) -> str | None:
    """The Authorization header botocore sends ``call`` of ``client`` with, without the mock."""
    sent: list[Any] = []

    def record(request: AWSPreparedRequest, **_: Any) -> AWSResponse:
        sent.append(request.headers.get("Authorization"))
        headers: Any = {"content-length": "2"}
        return AWSResponse(request.url, 200, headers, _Raw())

    client.meta.events.register("before-send", record)
    try:
        call()
    finally:
        client.meta.events.unregister("before-send", record)
    assert len(sent) == 1
    value = sent[0]
    return value.decode() if isinstance(value, bytes) else value


def _assert_refused(refused: pytest.ExceptionInfo[ClientError]) -> None:
    # Not in the service model: a plain ClientError, without a top-level Message.
    assert type(refused.value) is ClientError
    assert refused.value.response["Error"] == MISSING_TOKEN
    assert refused.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
    assert "Message" not in refused.value.response


@pytest.mark.parametrize(
    ("event", "create_refused"),
    [
        ("choose-signer.secrets-manager", True),
        # registered for every service, after botocore's own handlers there
        ("choose-signer", True),
        ("choose-signer.secrets-manager.GetSecretValue", False),
    ],
)
def test_a_call_a_choose_signer_handler_sends_unsigned_is_refused(
    boto3_session, event, create_refused
):
    client = _keyed(boto3_session)
    client.meta.events.register(event, botocore.handlers.disable_signing)
    assert _authorization_sent(client, lambda: client.get_secret_value(SecretId="kept")) is None
    with mock_secrets() as sm:
        _keyed(boto3_session).create_secret(Name="kept", SecretString="v")
        with pytest.raises(ClientError) as refused:
            client.get_secret_value(SecretId="kept")
        _assert_refused(refused)
        if create_refused:
            with pytest.raises(ClientError) as refused:
                client.create_secret(Name="new", SecretString="v")
            _assert_refused(refused)
            assert [secret.name for secret in sm.store().secrets()] == ["kept"]
        else:
            assert client.create_secret(Name="new", SecretString="v")["Name"] == "new"
        # Recorded as every refused call is.
        refusals = [(call.operation, call.error) for call in sm.calls if call.error is not None]
        assert [(operation, error.code, str(error)) for operation, error in refusals] == [
            ("GetSecretValue", MISSING_TOKEN["Code"], MISSING_TOKEN["Message"])
        ] + [("CreateSecret", MISSING_TOKEN["Code"], MISSING_TOKEN["Message"])] * create_refused


def test_a_choose_signer_handler_that_signs_leaves_the_calls_answered(boto3_session):
    client = _keyed(boto3_session)
    asked: list[str] = []
    # One answers nothing, the other names a signature version: botocore signs with it.
    client.meta.events.register(
        "choose-signer.secrets-manager",
        lambda signature_version, **_: asked.append(signature_version),
    )
    client.meta.events.register("choose-signer.secrets-manager.GetSecretValue", lambda **_: "v4")
    authorization = _authorization_sent(client, lambda: client.get_secret_value(SecretId="s"))
    assert authorization is not None
    assert authorization.startswith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/")
    assert _authorization_sent(client, lambda: client.list_secrets()) is not None
    assert asked == ["v4"]  # ListSecrets's; GetSecretValue's handler answered first
    with mock_secrets() as sm:
        assert client.create_secret(Name="s", SecretString="v")["Name"] == "s"
        assert client.get_secret_value(SecretId="s")["SecretString"] == "v"
        # A client without handlers of its own, beside it, is answered as always.
        assert _keyed(boto3_session).get_secret_value(SecretId="s")["SecretString"] == "v"
        assert [call.error for call in sm.calls] == [None, None, None]
    # Asked once for each call it answered, as botocore asks once for each call it signs.
    assert asked == ["v4", "v4"]


def test_a_call_the_guard_let_through_unsigned_leaves_the_next_calls_signed(monkeypatch, tmp_path):
    # The guard has a call it lets through sent unsigned, by a choose-signer handler of its own,
    # when signing it could fetch credentials; a call a mock answers then is signed as ever, even
    # with a handler of the user's that makes the mock ask all of them.
    sent, _ = trip_every_send(monkeypatch, tmp_path)
    session = botocore.session.get_session()
    session.register_component("credential_provider", CredentialResolver([ExpiredRole()]))
    client: Any = session.create_client("secretsmanager", region_name="eu-west-1")
    asked: list[str] = []
    client.meta.events.register(
        "choose-signer.secrets-manager",
        lambda signature_version, **_: asked.append(signature_version),
    )
    authorization: list[Any] = []
    client.meta.events.register(
        "before-send",
        lambda request, **_: authorization.append(request.headers.get("Authorization")),
    )
    with guarded():
        with pytest.raises(UnmockedCallError):
            client.list_secrets()
        with mock_secrets() as sm:
            assert client.list_secrets()["SecretList"] == []
            assert client.list_secrets()["SecretList"] == []
            assert [call.error for call in sm.calls] == [None, None]
    assert authorization == [None]  # the call let through, unsigned
    # Asked for each call a mock took, the one the guard let through included; botocore's own
    # signing of that one stopped at the guard's handler.
    assert asked == ["v4"] * 3
    assert sent == []


def test_a_handler_registered_or_unregistered_between_calls_counts_from_the_next_call(
    boto3_session,
):
    client = _keyed(boto3_session)
    with mock_secrets():
        client.create_secret(Name="kept", SecretString="v")
        assert client.get_secret_value(SecretId="kept")["SecretString"] == "v"

        client.meta.events.register("choose-signer", botocore.handlers.disable_signing)
        with pytest.raises(ClientError) as refused:
            client.get_secret_value(SecretId="kept")
        _assert_refused(refused)

        client.meta.events.unregister("choose-signer", botocore.handlers.disable_signing)
        assert client.get_secret_value(SecretId="kept")["SecretString"] == "v"
