"""The botocore hook: which calls the mock answers, which it leaves alone, and that nothing leaks.

Where a test must show that a call reaches botocore's own send path (other services, or Secrets
Manager once the mock has exited), a ``before-send`` handler on that client records the request
and returns a canned HTTP answer, so nothing is sent either. Those clients are unsigned
(``signature_version=UNSIGNED``), or, for Secrets Manager, whose unsigned calls the mock refuses
as AWS does, given keys to sign with: there are no credentials to find.
"""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import textwrap
from collections.abc import Callable, Iterator
from datetime import datetime, timezone
from typing import Any

import boto3
import botocore
import botocore.session
import pytest
from botocore.awsrequest import AWSPreparedRequest, AWSResponse
from botocore.config import Config
from botocore.exceptions import ClientError, EndpointConnectionError, NoCredentialsError
from botocore.model import Shape, StringShape, StructureShape

import secretmock
from secretmock import _hook, mock_secrets
from secretmock._operations import OPERATIONS
from secretmock.errors import UnsupportedOperationError
from tests.assertions import raises_aws

NOT_FOUND = "Secrets Manager can't find the specified secret."
UNSIGNED = Config(signature_version=botocore.UNSIGNED)
REGIONS = ("us-east-1", "eu-west-1", "ap-southeast-2")


class _Raw:
    """The raw body of a canned HTTP answer."""

    def __init__(self, body: bytes) -> None:
        self._body = body

    def stream(self, **_: Any) -> Iterator[bytes]:
        yield self._body


class SendRecorder:
    """A before-send handler: records each request botocore sends, answers with canned bytes."""

    def __init__(self, body: bytes, status: int = 200) -> None:
        self.body = body
        self.status = status
        self.requests: list[AWSPreparedRequest] = []

    def __call__(self, request: AWSPreparedRequest, **_: Any) -> AWSResponse:
        self.requests.append(request)
        # botocore turns the headers into its own HeadersDict; its stubs ask for HTTPHeaders.
        headers: Any = {"content-length": str(len(self.body))}
        return AWSResponse(request.url, self.status, headers, _Raw(self.body))


def _keyed(session: boto3.Session) -> Any:
    """A Secrets Manager client that signs with the keys it is given, and looks for no others."""
    return session.client(
        "secretsmanager", aws_access_key_id="AKIDEXAMPLE", aws_secret_access_key="secret"
    )


def _observed(client: Any, body: bytes) -> SendRecorder:
    recorder = SendRecorder(body)
    client.meta.events.register("before-send", recorder)
    return recorder


def _json_body(request: AWSPreparedRequest) -> Any:
    body = request.body
    assert isinstance(body, (bytes, str))
    return json.loads(body)


def _lifecycle(client: Any, name: str, value: str) -> None:
    """Create, read, update, describe and delete a secret through ``client``."""
    created = client.create_secret(Name=name, SecretString=value)
    assert client.get_secret_value(SecretId=name)["SecretString"] == value
    client.put_secret_value(SecretId=created["ARN"], SecretString=value + "-2")
    assert client.get_secret_value(SecretId=name)["SecretString"] == value + "-2"
    assert client.describe_secret(SecretId=name)["ARN"] == created["ARN"]
    client.delete_secret(SecretId=name, ForceDeleteWithoutRecovery=True)
    with raises_aws("ResourceNotFoundException", NOT_FOUND):
        client.get_secret_value(SecretId=name)


# -- every client is covered --------------------------------------------------------------------


def _from_boto3_client(region: str) -> Any:
    return boto3.client("secretsmanager", region_name=region)


def _from_boto3_session(region: str) -> Any:
    return boto3.Session().client("secretsmanager", region_name=region)


def _from_botocore_session(region: str) -> Any:
    return botocore.session.get_session().create_client("secretsmanager", region_name=region)


CLIENT_FACTORIES: dict[str, Callable[[str], Any]] = {
    "boto3.client": _from_boto3_client,
    "boto3.Session().client": _from_boto3_session,
    "botocore.session.create_client": _from_botocore_session,
}


@pytest.mark.parametrize("factory", CLIENT_FACTORIES.values(), ids=CLIENT_FACTORIES.keys())
def test_a_client_created_before_the_mock_starts_is_answered_by_it(factory):
    client = factory("us-east-1")
    with mock_secrets() as sm:
        _lifecycle(client, "made-before", "v")
        assert [call.operation for call in sm.calls] == [
            "CreateSecret",
            "GetSecretValue",
            "PutSecretValue",
            "GetSecretValue",
            "DescribeSecret",
            "DeleteSecret",
            "GetSecretValue",
        ]


@pytest.mark.parametrize("factory", CLIENT_FACTORIES.values(), ids=CLIENT_FACTORIES.keys())
def test_a_client_created_while_the_mock_is_active_is_answered_by_it(factory):
    with mock_secrets() as sm:
        _lifecycle(factory("eu-central-1"), "made-during", "v")
        assert {call.region for call in sm.calls} == {"eu-central-1"}


def test_every_region_has_its_own_secrets(boto3_session):
    clients = {
        region: boto3_session.client("secretsmanager", region_name=region) for region in REGIONS
    }
    with mock_secrets() as sm:
        arns = {
            region: client.create_secret(Name="shared-name", SecretString=f"value in {region}")[
                "ARN"
            ]
            for region, client in clients.items()
        }
        for region, client in clients.items():
            assert arns[region].startswith(
                f"arn:aws:secretsmanager:{region}:123456789012:secret:shared-name-"
            )
            assert client.get_secret_value(SecretId="shared-name")["SecretString"] == (
                f"value in {region}"
            )
            assert [secret.arn for secret in sm.store(region).secrets()] == [arns[region]]
        clients["eu-west-1"].delete_secret(SecretId="shared-name", ForceDeleteWithoutRecovery=True)
        with raises_aws("ResourceNotFoundException", NOT_FOUND):
            clients["eu-west-1"].get_secret_value(SecretId="shared-name")
        assert (
            clients["us-east-1"].describe_secret(SecretId="shared-name")["ARN"] == arns["us-east-1"]
        )
        assert [call.region for call in sm.calls.of("CreateSecret")] == list(REGIONS)


def test_no_credentials_are_needed(boto3_session):
    # The conftest's autouse fixture leaves no credentials anywhere: prove it, then use the mock.
    session = botocore.session.get_session()
    assert session.get_credentials() is None
    assert boto3_session.get_credentials() is None
    client: Any = session.create_client("secretsmanager", region_name="us-east-1")
    with mock_secrets():
        _lifecycle(client, "no-credentials", "v")
    # Without the mock the same client cannot even sign a request.
    with pytest.raises(NoCredentialsError):
        client.get_secret_value(SecretId="no-credentials")


# -- nothing reaches the network ----------------------------------------------------------------


@pytest.fixture
def socket_attempts(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every attempt to resolve a name or open a connection, each refused with OSError."""
    attempts: list[str] = []

    def refuse(name: str) -> Callable[..., Any]:
        def refused(*args: Any, **kwargs: Any) -> Any:
            attempts.append(name)
            raise OSError(f"test: {name} is not allowed")

        return refused

    monkeypatch.setattr(socket.socket, "connect", refuse("socket.connect"))
    monkeypatch.setattr(socket.socket, "connect_ex", refuse("socket.connect_ex"))
    monkeypatch.setattr(socket, "create_connection", refuse("socket.create_connection"))
    monkeypatch.setattr(socket, "getaddrinfo", refuse("socket.getaddrinfo"))
    return attempts


def test_no_socket_is_opened(socket_attempts):
    with mock_secrets():
        client = boto3.Session().client("secretsmanager", region_name="us-east-1")
        _lifecycle(client, "offline", "v")
        client.create_secret(Name="offline-binary", SecretBinary=b"\x00\x01")
        client.describe_secret(SecretId="offline-binary")
    assert socket_attempts == []


def test_the_socket_guard_would_see_a_real_send(socket_attempts):
    # The control for test_no_socket_is_opened: a call that does go to botocore's send path is
    # caught by the same guard (an unsigned STS call, no retries).
    sts = boto3.Session().client(
        "sts",
        region_name="us-east-1",
        config=Config(signature_version=botocore.UNSIGNED, retries={"total_max_attempts": 1}),
    )
    with mock_secrets(), pytest.raises(EndpointConnectionError):
        sts.get_caller_identity()
    assert socket_attempts != []


# -- other services are untouched ---------------------------------------------------------------

STS_IDENTITY = (
    b'<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">'
    b"<GetCallerIdentityResult><Arn>arn:aws:iam::111122223333:user/tester</Arn>"
    b"<UserId>AIDAEXAMPLE</UserId><Account>111122223333</Account></GetCallerIdentityResult>"
    b"<ResponseMetadata><RequestId>5d5c3f6a-0000-4000-8000-000000000001</RequestId>"
    b"</ResponseMetadata></GetCallerIdentityResponse>"
)
SSM_PARAMETER = json.dumps(
    {"Parameter": {"Name": "p", "Type": "String", "Value": "from ssm", "Version": 1}}
).encode()


def test_other_services_reach_botocores_send_path_while_a_mock_is_active(boto3_session):
    sts = boto3_session.client("sts", config=UNSIGNED)
    ssm = boto3_session.client("ssm", config=UNSIGNED)  # JSON protocol, like Secrets Manager
    sts_sent = _observed(sts, STS_IDENTITY)
    ssm_sent = _observed(ssm, SSM_PARAMETER)
    with mock_secrets() as sm:
        identity = sts.get_caller_identity()
        parameter = ssm.get_parameter(Name="p")
        assert len(sm.calls) == 0
    assert (identity["Account"], identity["UserId"]) == ("111122223333", "AIDAEXAMPLE")
    assert parameter["Parameter"]["Value"] == "from ssm"
    # Global or regional, by botocore's version.
    assert [request.url for request in sts_sent.requests] == [sts.meta.endpoint_url + "/"]
    assert [request.url for request in ssm_sent.requests] == [
        "https://ssm.us-east-1.amazonaws.com/"
    ]
    assert ssm_sent.requests[0].headers["X-Amz-Target"] == b"AmazonSSM.GetParameter"


def test_other_services_keep_their_own_stubs_and_errors_while_a_mock_is_active(boto3_session):
    # Without a canned answer and without credentials, an S3 call fails as it would without
    # secretmock: it is not answered, nor turned into an unsupported-operation error.
    s3 = boto3_session.client("s3")
    with mock_secrets(), pytest.raises(NoCredentialsError):
        s3.list_buckets()


# -- an unsigned client ---------------------------------------------------------------------------

MISSING_TOKEN = {
    "Code": "MissingAuthenticationTokenException",
    "Message": "Missing Authentication Token",
}


def test_an_unsigned_client_s_calls_are_refused_as_aws_refuses_them(boto3_session):
    unsigned = boto3_session.client("secretsmanager", config=UNSIGNED)
    bodies: list[bytes] = []
    unsigned.meta.events.register(
        "after-call.secrets-manager",
        lambda http_response, **_: bodies.append(http_response.content),
    )
    with mock_secrets() as sm:
        sm.inject_error("GetSecretValue", "DecryptionFailure", message="injected")
        with pytest.raises(ClientError) as created:
            unsigned.create_secret(Name="n", SecretString="v")
        with pytest.raises(ClientError) as read:
            unsigned.get_secret_value(SecretId="n")
        for refused in (created, read):
            # Not in the service model: a plain ClientError, without a top-level Message.
            assert type(refused.value) is ClientError
            assert refused.value.response["Error"] == MISSING_TOKEN
            assert refused.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
            assert "Message" not in refused.value.response
        # Recorded as every refused call is, in the mock's account; nothing changed.
        assert [
            (call.operation, call.region, call.account, call.response) for call in sm.calls
        ] == [
            ("CreateSecret", "us-east-1", "123456789012", None),
            ("GetSecretValue", "us-east-1", "123456789012", None),
        ]
        assert sm.calls[1].params == {"SecretId": "n"}
        assert {call.error.code for call in sm.calls if call.error} == {MISSING_TOKEN["Code"]}
        assert {str(call.error) for call in sm.calls} == {MISSING_TOKEN["Message"]}
        assert len(sm.store()) == 0
        # The injected fault stands for Secrets Manager's answer: the refused call left it.
        with raises_aws("DecryptionFailure", "injected"):
            _keyed(boto3_session).get_secret_value(SecretId="n")
    # AWS's body: 89 bytes, the content-length a user quotes of AWS's answer.
    assert (
        bodies
        == [
            b'{"__type":"MissingAuthenticationTokenException","message":"Missing Authentication Token"}'
        ]
        * 2
    )


# -- after the mock exits, the hook is inert ----------------------------------------------------

AWS_SECRET = json.dumps(
    {
        "ARN": "arn:aws:secretsmanager:us-east-1:123456789012:secret:kept-AbCdEf",
        "Name": "kept",
        "SecretString": "the real one",
        "VersionId": "a1b2c3d4-0000-4000-8000-000000000000",
        "VersionStages": ["AWSCURRENT"],
        "CreatedDate": 1700000000.5,
    }
).encode()


def test_after_the_mock_exits_calls_go_to_botocores_send_path(boto3_session):
    client = _keyed(boto3_session)
    sent = _observed(client, AWS_SECRET)
    with mock_secrets() as sm:
        client.create_secret(Name="kept", SecretString="mocked")
        assert client.get_secret_value(SecretId="kept")["SecretString"] == "mocked"
    assert sent.requests == []

    reply = client.get_secret_value(SecretId="kept")
    assert reply["SecretString"] == "the real one"  # botocore's parse of the canned answer
    assert reply["CreatedDate"] == datetime(2023, 11, 14, 22, 13, 20, 500000, tzinfo=timezone.utc)
    (request,) = sent.requests
    assert request.url == "https://secretsmanager.us-east-1.amazonaws.com/"
    assert request.headers["X-Amz-Target"] == b"secretsmanager.GetSecretValue"
    assert _json_body(request) == {"SecretId": "kept"}
    # No state remains anywhere.
    assert len(sm.calls) == 0
    assert len(sm.store()) == 0
    assert _hook.active == []
    with sm, raises_aws("ResourceNotFoundException", NOT_FOUND):
        client.get_secret_value(SecretId="kept")
    assert len(sent.requests) == 1


def test_a_client_token_botocore_fills_in_is_sent_unchanged_after_exit(boto3_session):
    client = _keyed(boto3_session)
    sent = _observed(client, json.dumps({"ARN": "a", "Name": "n", "VersionId": "v"}).encode())
    with mock_secrets():
        client.create_secret(Name="n", SecretString="v")
    client.create_secret(Name="n", SecretString="v")
    body = _json_body(sent.requests[0])
    assert set(body) == {"Name", "SecretString", "ClientRequestToken"}
    assert len(body["ClientRequestToken"]) == 36


def test_a_call_that_started_before_the_mock_is_not_answered_by_it(boto3_session):
    # A mock another thread starts while a call is between building its parameters and sending:
    # simulated with a handler that runs after secretmock's parameter capture. The call began
    # with no mock active, so it goes on to botocore's send path, whole, as it would have.
    client = _keyed(boto3_session)
    sent = _observed(client, json.dumps({"ARN": "a", "Name": "n", "VersionId": "v"}).encode())
    mock = mock_secrets()
    client.meta.events.register("before-parameter-build.secrets-manager", lambda **_: mock.start())
    try:
        client.create_secret(Name="n", SecretString="v")
        assert len(mock.calls) == 0
    finally:
        mock.stop()
    assert _json_body(sent.requests[0])["Name"] == "n"


def test_a_call_in_flight_when_the_last_mock_stops_is_not_answered(boto3_session):
    # The mock stops (as another thread could) after the call captured its parameters and
    # before secretmock's before-call handler runs: the call goes on to botocore's send path.
    client = _keyed(boto3_session)
    sent = _observed(client, json.dumps({"ARN": "a", "Name": "n"}).encode())
    mock = mock_secrets().start()
    client.meta.events.register_first("before-call.secrets-manager", lambda **_: mock.stop())
    assert client.describe_secret(SecretId="n")["Name"] == "n"
    assert not mock.active
    assert _json_body(sent.requests[0]) == {"SecretId": "n"}


# -- an operation the mock does not implement ---------------------------------------------------


def _minimal(shape: Shape) -> Any:
    """The smallest value botocore's client-side validation accepts for ``shape``."""
    minimum = int(shape.metadata.get("min", 1))
    if isinstance(shape, StructureShape):
        return {name: _minimal(shape.members[name]) for name in shape.required_members}
    if isinstance(shape, StringShape):
        return shape.enum[0] if shape.enum else "x" * max(minimum, 1)
    if shape.type_name == "list":
        return [_minimal(shape.member) for _ in range(max(minimum, 1))]  # type: ignore[attr-defined]
    if shape.type_name == "map":
        return {"k" * max(minimum, 1): _minimal(shape.value)}  # type: ignore[attr-defined]
    if shape.type_name in ("integer", "long"):
        return max(minimum, 1)
    if shape.type_name == "boolean":
        return True
    if shape.type_name == "blob":
        return b"x" * max(minimum, 1)
    if shape.type_name == "timestamp":
        return datetime(2024, 1, 1, tzinfo=timezone.utc)
    raise AssertionError(f"no minimal value for {shape.type_name}")  # pragma: no cover


def _unimplemented() -> list[Any]:
    model = botocore.session.get_session().get_service_model("secretsmanager")
    missing = sorted(set(model.operation_names) - set(OPERATIONS))
    if not missing:
        return [pytest.param(None, marks=pytest.mark.skip(reason="every operation is implemented"))]
    return missing


@pytest.mark.parametrize("operation", _unimplemented())
def test_an_unimplemented_operation_fails_naming_it_and_is_never_sent(boto3_session, operation):
    model = boto3_session._session.get_service_model("secretsmanager")
    input_shape = model.operation_model(operation).input_shape
    params = _minimal(input_shape) if input_shape is not None else {}
    client = _keyed(boto3_session)
    sent = _observed(client, b"{}")
    with mock_secrets() as sm:
        with pytest.raises(UnsupportedOperationError) as info:
            getattr(client, botocore.xform_name(operation))(**params)
        assert len(sm.calls) == 0
    assert sent.requests == []
    assert info.value.operation == operation
    assert isinstance(info.value, NotImplementedError)
    assert str(info.value) == (
        f"secretmock does not implement the Secrets Manager operation {operation!r} yet; the "
        "call was not sent to AWS. See the support matrix in the docs."
    )


# -- clients made before secretmock was imported ------------------------------------------------

BEFORE_IMPORT = textwrap.dedent(
    """
    import json
    import sys

    import botocore.session
    from botocore.awsrequest import AWSResponse

    assert "secretmock" not in sys.modules

    class Raw:
        def stream(self, **_):
            yield b"{}"

    sent = []

    def send(request, **_):
        sent.append(request.headers["X-Amz-Target"].decode())
        return AWSResponse(request.url, 200, {"content-length": "2"}, Raw())

    def observed(client):
        client.meta.events.register("before-send", send)
        return client

    keys = {"aws_access_key_id": "AKIDEXAMPLE", "aws_secret_access_key": "secret"}
    session = botocore.session.get_session()  # before import secretmock
    early = observed(session.create_client("secretsmanager", "us-east-1", **keys))

    import secretmock

    # The session predates the import: even a client it makes now lacks the hook.
    late = observed(session.create_client("secretsmanager", "us-east-1", **keys))
    report = {}
    with secretmock.mock_secrets() as mock:
        early.describe_secret(SecretId="s")
        late.describe_secret(SecretId="s")
        report["unpatched"] = {"sent": list(sent), "answered": len(mock.calls)}

    sent.clear()
    for client in (early, late):
        secretmock.patch_client(client)
        secretmock.patch_client(client)  # twice is harmless
    with secretmock.mock_secrets() as mock:
        early.create_secret(Name="s", SecretString="early value")
        late.put_secret_value(SecretId="s", SecretString="late value")
        value = early.get_secret_value(SecretId="s")["SecretString"]
        report["patched"] = {
            "sent": list(sent),
            "answered": [call.operation for call in mock.calls],
            "value": value,
        }

    early.describe_secret(SecretId="s")  # inert again once the mock exits
    report["after"] = list(sent)
    print(json.dumps(report))
    """
)


def test_patch_client_covers_a_client_whose_session_predates_the_import():
    result = subprocess.run(
        [sys.executable, "-c", BEFORE_IMPORT], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {
        "unpatched": {
            "sent": ["secretsmanager.DescribeSecret", "secretsmanager.DescribeSecret"],
            "answered": 0,
        },
        "patched": {
            "sent": [],
            "answered": ["CreateSecret", "PutSecretValue", "GetSecretValue"],
            "value": "late value",
        },
        "after": ["secretsmanager.DescribeSecret"],
    }


def test_patch_client_on_a_client_that_already_has_the_hook_changes_nothing(boto3_session):
    client = boto3_session.client("secretsmanager")
    secretmock.patch_client(client)
    secretmock.patch_client(client)
    with mock_secrets() as sm:
        _lifecycle(client, "patched", "v")
        assert len(sm.calls) == 7  # each call answered once


DEFAULT_SESSION_BEFORE_IMPORT = textwrap.dedent(
    """
    import json
    import boto3

    # The first boto3.client(...) call makes boto3's default session, before the import.
    boto3.client("s3", region_name="us-east-1")
    assert boto3.DEFAULT_SESSION is not None

    import secretmock

    client = boto3.client("secretsmanager", region_name="us-east-1")
    with secretmock.mock_secrets() as mock:
        client.create_secret(Name="s", SecretString="v")
        value = client.get_secret_value(SecretId="s")["SecretString"]
        answered = [call.operation for call in mock.calls]
    print(json.dumps({"value": value, "answered": answered}))
    """
)


def test_clients_of_a_default_session_made_before_the_import_are_covered():
    # The subprocess inherits this test's environment, without credentials: a call that
    # reached botocore's send path would fail to sign.
    result = subprocess.run(
        [sys.executable, "-c", DEFAULT_SESSION_BEFORE_IMPORT],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {
        "value": "v",
        "answered": ["CreateSecret", "GetSecretValue"],
    }
