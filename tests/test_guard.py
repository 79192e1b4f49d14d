"""The pytest guard beside other mocks: it refuses only the calls bound for AWS that none answers.

The guard lets a Secrets Manager call that no secretmock answers through to botocore's
before-send handlers, where moto's mock_aws (or any handler of the user's) may answer it, and
refuses it there if none does: nothing is sent, and no credentials are looked up to sign it.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import boto3
import botocore.session
import pytest
from botocore.awsrequest import AWSPreparedRequest, AWSResponse
from botocore.credentials import CredentialResolver
from botocore.exceptions import NoCredentialsError

from secretmock import UnmockedCallError, mock_secrets
from tests.tripwire import ExpiredRole, Tripped, guarded, trip_every_send

REGION = "eu-west-1"
REFUSED = (
    "Secrets Manager ListSecrets (in eu-west-1) was called while no secretmock is active; the "
    "secretmock guard stopped it from going to AWS. Activate a mock around it: the secretmock "
    "fixture or marker, @mock_secrets, or `with mock_secrets():`. A @mock_secrets on a fixture "
    "is active only while the fixture function runs, and a class decorator wraps only the "
    "methods whose names start with 'test'."
)


@pytest.fixture
def sent(monkeypatch: pytest.MonkeyPatch, tmp_path: Any) -> list[str]:
    """The URLs botocore tried to send to; every send raises Tripped. No credentials anywhere."""
    urls, _ = trip_every_send(monkeypatch, tmp_path)
    return urls


@pytest.fixture
def guard() -> Iterator[None]:
    with guarded():
        yield


class _Seen:
    """A before-send handler that answers nothing: what a handler there sees of a call."""

    def __init__(self) -> None:
        self.authorization: list[str | None] = []

    def __call__(self, request: AWSPreparedRequest, **_: Any) -> None:
        value: Any = request.headers.get("Authorization")
        self.authorization.append(value.decode() if isinstance(value, bytes) else value)


def _keyed() -> Any:
    return boto3.Session().client(
        "secretsmanager",
        region_name=REGION,
        aws_access_key_id="AKIDEXAMPLE",
        aws_secret_access_key="secret",
    )


def _observed(client: Any) -> _Seen:
    seen = _Seen()
    client.meta.events.register("before-send", seen)
    return seen


def test_the_guard_refuses_a_call_no_handler_answers_and_sends_nothing(guard, sent):
    client = _keyed()
    seen = _observed(client)
    with pytest.raises(UnmockedCallError) as refused:
        client.list_secrets()
    assert str(refused.value) == REFUSED
    assert sent == []
    # Signed as it would be without the guard: with the client's own keys, which cost nothing.
    assert len(seen.authorization) == 1
    assert (seen.authorization[0] or "").startswith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/")


def test_a_before_send_handler_that_answers_takes_the_call_from_the_guard(guard, sent):
    client = _keyed()
    client.meta.events.register("before-send", _canned(b'{"SecretList":[]}'))
    assert client.list_secrets()["SecretList"] == []
    assert sent == []


def test_each_retry_of_a_call_let_through_is_refused_unless_answered(guard, sent):
    # A handler that answers the first attempt with a throttling error, which botocore
    # retries, and not the second: the guard refuses that one, and neither is sent.
    throttled = b'{"__type":"ThrottlingException","message":"Rate exceeded"}'
    attempts: list[str] = []

    def answer_once(request: AWSPreparedRequest, **_: Any) -> AWSResponse | None:
        attempts.append(request.url or "")
        if len(attempts) > 1:
            return None
        headers: Any = {"content-length": str(len(throttled))}
        return AWSResponse(request.url, 400, headers, _Body(throttled))

    client = _keyed()
    client.meta.events.register("before-send", answer_once)
    with pytest.raises(UnmockedCallError) as refused:
        client.list_secrets()
    assert str(refused.value) == REFUSED
    assert attempts == [f"https://secretsmanager.{REGION}.amazonaws.com/"] * 2
    assert sent == []


def test_a_secretmock_still_answers_before_the_guard(guard, sent):
    client = boto3.Session().client("secretsmanager", region_name=REGION)
    seen = _observed(client)
    with mock_secrets() as sm:
        assert client.list_secrets()["SecretList"] == []
        assert [call.operation for call in sm.calls] == ["ListSecrets"]
    assert seen.authorization == []  # answered at before-call: never signed, never at send
    with pytest.raises(UnmockedCallError):
        client.list_secrets()
    assert sent == []


# -- no credential lookup for a call let through ------------------------------------------------


def _client_with(providers: list[Any]) -> Any:
    """A client made before the guard is on, holding what these credential providers give."""
    session = botocore.session.get_session()
    session.register_component("credential_provider", CredentialResolver(providers))
    return session.create_client("secretsmanager", region_name=REGION)


def test_refreshable_credentials_are_not_refreshed_for_a_call_let_through(sent):
    role = ExpiredRole()
    client = _client_with([role])
    seen = _observed(client)
    with pytest.raises(Tripped):  # the control: without the guard, signing refreshes them
        client.list_secrets()
    assert role.refreshes == 1
    with guarded(), pytest.raises(UnmockedCallError) as refused:
        client.list_secrets()
    assert str(refused.value) == REFUSED
    assert role.refreshes == 1
    assert seen.authorization == [None]  # it reached before-send unsigned
    assert sent == []


def test_a_client_without_credentials_is_refused_by_the_guard_not_by_signing(sent):
    client = _client_with([])
    with pytest.raises(NoCredentialsError):  # the control: without the guard
        client.list_secrets()
    with guarded(), pytest.raises(UnmockedCallError) as refused:
        client.list_secrets()
    assert str(refused.value) == REFUSED
    assert sent == []


# -- with moto ------------------------------------------------------------------------------------


def test_moto_answers_the_calls_no_secretmock_answers_under_the_guard(guard, sent):
    moto = pytest.importorskip("moto")
    with moto.mock_aws():
        client = boto3.client("secretsmanager", region_name=REGION)
        client.create_secret(Name="from-moto", SecretString="x")
        assert client.get_secret_value(SecretId="from-moto")["SecretString"] == "x"
        with mock_secrets() as sm:  # secretmock, when active, answers first
            assert client.list_secrets()["SecretList"] == []
            assert [call.operation for call in sm.calls] == ["ListSecrets"]
        names = [entry["Name"] for entry in client.list_secrets()["SecretList"]]
        assert names == ["from-moto"]
    with pytest.raises(UnmockedCallError):
        client.list_secrets()
    assert sent == []


MOTO_TESTS = """
import boto3
from moto import mock_aws

@mock_aws
def test_an_old_moto_test_of_secrets_manager():
    client = boto3.client("secretsmanager", region_name="us-east-1")
    client.create_secret(Name="a", SecretString="x")
    assert client.get_secret_value(SecretId="a")["SecretString"] == "x"

def test_unmocked():
    boto3.client("secretsmanager", region_name="us-east-1").list_secrets()
"""


def test_a_moto_test_passes_under_the_pytest_guard(pytester, sent):
    pytest.importorskip("moto")
    pytester.makeini("[pytest]\nasyncio_default_fixture_loop_scope = function\n")
    pytester.makepyfile(MOTO_TESTS)
    result = pytester.runpytest("-p", "no:randomly", "-p", "no:cacheprovider", "--secretmock-guard")
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(
        ["E * secretmock.errors.UnmockedCallError: Secrets Manager ListSecrets (in us-east-1) *"]
    )
    assert sent == []


class _Body:
    def __init__(self, body: bytes) -> None:
        self._body = body

    def stream(self, **_: Any) -> Iterator[bytes]:
        yield self._body


def _canned(body: bytes) -> Any:
    def answer(request: AWSPreparedRequest, **_: Any) -> AWSResponse:
        headers: Any = {"content-length": str(len(body))}
        return AWSResponse(request.url, 200, headers, _Body(body))

    return answer
