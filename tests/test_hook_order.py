"""The mock among the other before-call handlers: theirs run first, and one that answers wins.

secretmock answers after every other handler registered for Secrets Manager's before-call
events, as a real call would reach its send path after them: a user's handlers observe the call,
and a botocore Stubber (which answers at before-call too) answers it instead of the mock.
"""

from __future__ import annotations

from typing import Any

import boto3
from botocore.awsrequest import AWSResponse
from botocore.stub import Stubber

from secretmock import mock_secrets

STUBBED = {
    "ARN": "arn:aws:secretsmanager:us-east-1:111122223333:secret:stubbed-AbCdEf",
    "Name": "stubbed",
    "SecretString": "from the stubber",
}


def _client(session: boto3.Session | None = None) -> Any:
    return (session or boto3.Session()).client("secretsmanager", region_name="us-east-1")


def test_a_stubber_activated_inside_a_mock_answers_instead_of_it():
    with mock_secrets() as sm:
        client = _client()
        client.create_secret(Name="s", SecretString="from the mock")
        with Stubber(client) as stubber:
            stubber.add_response("get_secret_value", dict(STUBBED), {"SecretId": "s"})
            reply = client.get_secret_value(SecretId="s")
            stubber.assert_no_pending_responses()
        # Deactivated, the Stubber leaves the calls to the mock again.
        again = client.get_secret_value(SecretId="s")
        assert [call.operation for call in sm.calls] == ["CreateSecret", "GetSecretValue"]
    assert {key: reply[key] for key in STUBBED} == STUBBED
    assert again["SecretString"] == "from the mock"


def test_a_stubber_activated_before_a_mock_starts_answers_instead_of_it():
    client = _client()
    stubber = Stubber(client)
    stubber.add_response("list_secrets", {"SecretList": []})
    stubber.activate()
    try:
        with mock_secrets() as sm:
            assert client.list_secrets()["SecretList"] == []
            assert len(sm.calls) == 0
        stubber.assert_no_pending_responses()
    finally:
        stubber.deactivate()


def test_the_user_s_before_call_handlers_run_before_the_mock_answers():
    ran: list[tuple[str, str]] = []

    def observer(name: str) -> Any:
        def observe(model: Any, params: dict[str, Any], **_: Any) -> None:
            ran.append((name, model.name))
            params["headers"]["x-observed"] = name

        return observe

    session = boto3.Session()
    # A library registers it on the session at start-up, before the client is made.
    session.events.register("before-call.secrets-manager", observer("session"))
    with mock_secrets() as sm:
        client = _client(session)
        events = client.meta.events
        events.register("before-call.secrets-manager.ListSecrets", observer("operation"))
        events.register("before-call.*.*", observer("wildcard"))
        # Not reached: registered last after secretmock's handler was (when the session was
        # made), and registered for every service's before-call, like botocore's own.
        events.register_last("before-call.secrets-manager", observer("last"))
        events.register("before-call", observer("every service"))
        assert client.list_secrets()["SecretList"] == []
        assert [call.operation for call in sm.calls] == ["ListSecrets"]
    assert ran == [
        ("wildcard", "ListSecrets"),
        ("operation", "ListSecrets"),
        ("session", "ListSecrets"),
    ]


def test_a_user_s_before_call_handler_that_answers_wins():
    canned = {"SecretList": [], "ResponseMetadata": {"HTTPStatusCode": 200}}

    def answer(**_: Any) -> tuple[Any, dict[str, Any]]:
        return AWSResponse(None, 200, {}, None), canned  # type: ignore[arg-type]

    with mock_secrets() as sm:
        client = _client()
        client.meta.events.register("before-call.secrets-manager.ListSecrets", answer)
        assert client.list_secrets() is canned
        assert len(sm.calls) == 0
