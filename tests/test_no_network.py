"""Nothing leaves the process while a mock is active, not even to look for credentials.

Each test runs with no credentials anywhere (no AWS_* variable, no config or credentials file,
instance metadata not disabled) and with botocore's HTTP send replaced by a tripwire: a client
made outside a mock trips it (botocore asks the EC2 instance metadata service for credentials),
one made inside a mock does not, whichever way the mock was started.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import unittest
from typing import Any

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import PartialCredentialsError

from secretmock import mock_secrets
from secretmock._credentials import PLACEHOLDER_ACCESS_KEY_ID
from tests.tripwire import Tripped, trip_every_send

REGION = "eu-west-1"


@pytest.fixture
def sent(monkeypatch: pytest.MonkeyPatch, tmp_path: Any) -> list[str]:
    """The URLs botocore tried to send to; every send raises Tripped. No credentials anywhere."""
    urls, _ = trip_every_send(monkeypatch, tmp_path)
    monkeypatch.setattr(boto3, "DEFAULT_SESSION", None)  # a new one, which has found nothing yet
    return urls


def use_secrets_manager(session: boto3.Session | None = None, name: str = "db") -> str:
    client = (session or boto3).client("secretsmanager", region_name=REGION)
    client.create_secret(Name=name, SecretString="hunter2")
    value: str = client.get_secret_value(SecretId=name)["SecretString"]
    return value


def test_outside_a_mock_making_a_client_looks_for_credentials_over_the_network(sent):
    # The control: without the mock, botocore's credential chain reaches the network.
    with pytest.raises(Tripped):
        boto3.Session().client("secretsmanager", region_name=REGION)
    assert "169.254.169.254" in sent[0]


def test_the_context_manager(sent):
    environment = dict(os.environ)
    with mock_secrets():
        assert use_secrets_manager() == "hunter2"
        assert use_secrets_manager(boto3.Session(), name="other") == "hunter2"
    assert sent == []
    assert dict(os.environ) == environment


def test_the_decorator(sent):
    @mock_secrets
    def decorated() -> str:
        return use_secrets_manager(boto3.Session())

    environment = dict(os.environ)
    assert decorated() == "hunter2"
    assert sent == []
    assert dict(os.environ) == environment


def test_the_fixture(sent, secretmock):
    assert use_secrets_manager() == "hunter2"
    assert [call.operation for call in secretmock.calls] == ["CreateSecret", "GetSecretValue"]
    assert sent == []


def test_a_decorated_test_case(sent):
    @mock_secrets
    class Case(unittest.TestCase):
        def test_it(self) -> None:
            assert use_secrets_manager(boto3.Session()) == "hunter2"

    result = unittest.TestResult()
    unittest.defaultTestLoader.loadTestsFromTestCase(Case).run(result)
    assert (result.testsRun, result.errors, result.failures) == (1, [], [])
    assert sent == []


def access_key_id(client: Any) -> str:
    key: str = client._request_signer._credentials.access_key
    return key


def test_explicit_keys_stay_the_clients_own(sent):
    with mock_secrets():
        given = boto3.Session().client(
            "secretsmanager",
            region_name=REGION,
            aws_access_key_id="AKIAEXPLICITKEY",
            aws_secret_access_key="explicit",
        )
        made = boto3.Session().client("secretsmanager", region_name=REGION)
        from_session = boto3.Session(
            aws_access_key_id="AKIASESSIONKEY", aws_secret_access_key="s"
        ).client("secretsmanager", region_name=REGION)
    assert access_key_id(given) == "AKIAEXPLICITKEY"
    assert access_key_id(made) == PLACEHOLDER_ACCESS_KEY_ID
    assert access_key_id(from_session) == "AKIASESSIONKEY"
    assert sent == []


def test_other_services_still_look_for_their_own_credentials(sent):
    # Only Secrets Manager clients are the mock's: an S3 client's credentials are S3's business.
    with mock_secrets(), pytest.raises(Tripped):
        boto3.Session().client("s3", region_name=REGION)
    assert "169.254.169.254" in sent[0]


def test_after_the_mock_exits_clients_look_for_credentials_again(sent):
    with mock_secrets():
        pass
    with pytest.raises(Tripped):
        boto3.Session().client("secretsmanager", region_name=REGION)


def test_credentials_not_yet_fetched_are_not_fetched_inside_a_mock(sent, tmp_path):
    # An assume-role profile's credentials are fetched from STS at the client's first call.
    (tmp_path / "absent-config").write_text(
        "[profile role]\nrole_arn = arn:aws:iam::123456789012:role/r\nsource_profile = base\n"
    )
    (tmp_path / "absent-credentials").write_text(
        "[base]\naws_access_key_id = AKIABASEKEY\naws_secret_access_key = s\n"
    )
    client = boto3.Session(profile_name="role").client("secretsmanager", region_name=REGION)
    with mock_secrets() as mock:
        client.create_secret(Name="db", SecretString="hunter2")
        assert client.get_secret_value(SecretId="db")["SecretString"] == "hunter2"
        assert [call.operation for call in mock.calls] == ["CreateSecret", "GetSecretValue"]
    assert sent == []
    with pytest.raises(Tripped):  # the control: outside the mock, the first call fetches them
        client.list_secrets()
    assert len(sent) == 1
    assert sent[0].startswith("https://sts.")


CLIENTS_AROUND_THE_IMPORT = textwrap.dedent(
    """
    import json

    import boto3
    import botocore.endpoint

    sent = []


    def tripwire(self, request, *args, **kwargs):
        sent.append(request.url)
        raise RuntimeError("tripped")


    botocore.endpoint.Endpoint._send = tripwire
    args = {"region_name": "us-east-1", "aws_access_key_id": "AKIAKEY", "aws_secret_access_key": "s"}
    default_before = boto3.client("secretsmanager", **args)  # makes boto3's default session
    early_session = boto3.Session()
    early_before = early_session.client("secretsmanager", **args)

    import secretmock

    clients = {
        "default session, client made before the import": default_before,
        "default session, client made after": boto3.client("secretsmanager", **args),
        "session made before, client made before": early_before,
        "session made before, client made after": early_session.client("secretsmanager", **args),
        "session made after the import": boto3.Session().client("secretsmanager", **args),
    }


    def answered():
        covered = {}
        for name, client in clients.items():
            with secretmock.mock_secrets():
                try:
                    client.list_secrets()
                    covered[name] = True
                except RuntimeError:
                    covered[name] = False
        return covered


    report = {"covered": answered(), "sent": list(sent)}
    for client in clients.values():
        secretmock.patch_client(client)
    sent.clear()
    report["patched"] = answered()
    report["sent after patching"] = sent
    print(json.dumps(report))
    """
)


def test_which_clients_made_around_the_import_are_covered():
    # The rule README.md and docs/usage.md state: a session made after the import, and boto3's
    # default session from the import on, give the hook to their clients; patch_client the rest.
    environment = {name: value for name, value in os.environ.items() if not name.startswith("AWS_")}
    result = subprocess.run(
        [sys.executable, "-c", CLIENTS_AROUND_THE_IMPORT],
        capture_output=True,
        text=True,
        check=False,
        env=environment,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {
        "covered": {
            "default session, client made before the import": False,
            "default session, client made after": True,
            "session made before, client made before": False,
            "session made before, client made after": False,
            "session made after the import": True,
        },
        "sent": ["https://secretsmanager.us-east-1.amazonaws.com/"] * 3,
        "patched": {
            "default session, client made before the import": True,
            "default session, client made after": True,
            "session made before, client made before": True,
            "session made before, client made after": True,
            "session made after the import": True,
        },
        "sent after patching": [],
    }


def test_keys_in_the_environment_are_used_and_nothing_else_is_read(sent, monkeypatch):
    # botocore's chain reads the environment's keys first and stops there: kept, so a
    # 12-digit key acts as that account (LocalStack's convention), with nothing sent.
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "444455556666")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "test")
    with mock_secrets(account_id="111122223333"):
        client = boto3.Session().client("secretsmanager", region_name=REGION)
        arn = client.create_secret(Name="db", SecretString="v")["ARN"]
    assert access_key_id(client) == "444455556666"
    assert arn.split(":")[4] == "444455556666"
    assert sent == []


def test_half_a_pair_of_keys_in_the_environment_is_botocores_error(sent, monkeypatch):
    # A key id without its secret is a mistake in the test's setup: the client is refused as
    # botocore refuses it without the mock, not made with placeholder keys.
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "444455556666")
    message = "^Partial credentials found in env, missing: AWS_SECRET_ACCESS_KEY$"
    with pytest.raises(PartialCredentialsError, match=message):
        boto3.Session().client("secretsmanager", region_name=REGION)
    with mock_secrets(), pytest.raises(PartialCredentialsError, match=message):
        boto3.Session().client("secretsmanager", region_name=REGION)
    # A secret key alone is skipped by botocore's chain: the chain goes on, the mock stops it.
    monkeypatch.delenv("AWS_ACCESS_KEY_ID")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "test")
    with mock_secrets():
        client = boto3.Session().client("secretsmanager", region_name=REGION)
    assert access_key_id(client) == PLACEHOLDER_ACCESS_KEY_ID
    assert sent == []


def test_a_profile_given_to_the_session_takes_the_environments_keys_out(
    sent, monkeypatch, tmp_path
):
    # An explicit profile makes botocore skip the environment's keys and read the profile,
    # then the rest of the chain: the mock gives placeholder keys instead, and reads nothing.
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "444455556666")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "test")
    config = tmp_path / "profile-config"
    config.write_text("[profile app]\nregion = eu-west-1\n")
    monkeypatch.setenv("AWS_CONFIG_FILE", str(config))
    with mock_secrets():
        client = boto3.Session(profile_name="app").client("secretsmanager")
        assert use_secrets_manager(boto3.Session(profile_name="app")) == "hunter2"
    assert access_key_id(client) == PLACEHOLDER_ACCESS_KEY_ID
    assert sent == []


def connect_timeout_of(client: Any) -> float:
    """The connect timeout the client's defaults mode gave it."""
    timeout: float = client.meta.config.connect_timeout
    return timeout


def in_mode(defaults_mode: str) -> Config:
    options: dict[str, Any] = {"defaults_mode": defaults_mode}  # botocore-stubs type it as a bool
    return Config(**options)


def auto_mode_client(how: str, monkeypatch: pytest.MonkeyPatch, **keys: str) -> Any:
    """A Secrets Manager client in the defaults mode "auto", set the way ``how`` says."""
    session: Any = boto3.Session()
    config = None
    if how == "client config":
        config = in_mode("auto")
    elif how == "session config":
        session._session.set_default_client_config(in_mode("auto"))
    else:
        monkeypatch.setenv("AWS_DEFAULTS_MODE", "auto")
    return session.client("secretsmanager", region_name=REGION, config=config, **keys)


@pytest.mark.parametrize("how", ["client config", "session config", "environment"])
def test_the_auto_defaults_mode_asks_no_instance_metadata(sent, monkeypatch, how):
    # botocore resolves "auto" by asking the instance metadata service which region the code
    # runs in; inside a mock the mode is what botocore resolves when that service answers
    # nothing: "standard" (a 3.1 s connect timeout), the same as outside, where it is asked.
    with mock_secrets() as mock:
        client = auto_mode_client(how, monkeypatch)
        assert client.list_secrets()["SecretList"] == []
        assert [call.operation for call in mock.calls] == ["ListSecrets"]
    assert sent == []
    assert connect_timeout_of(client) == 3.1
    outside = auto_mode_client(how, monkeypatch, aws_access_key_id="k", aws_secret_access_key="s")
    assert sent[0] == "http://169.254.169.254/latest/api/token"
    assert connect_timeout_of(outside) == 3.1


@pytest.mark.parametrize(
    ("region", "mode", "connect_timeout"),
    [(REGION, "in-region", 1.1), ("us-east-1", "cross-region", 3.1)],
)
def test_the_auto_defaults_mode_reads_the_execution_environments_region(
    sent, monkeypatch, region, mode, connect_timeout
):
    # In AWS Lambda (AWS_EXECUTION_ENV and AWS_REGION set) botocore reads the region from the
    # environment: a client of that region is "in-region", any other "cross-region".
    monkeypatch.setenv("AWS_EXECUTION_ENV", "AWS_Lambda_python3.12")
    monkeypatch.setenv("AWS_REGION", REGION)
    config = in_mode("auto")
    with mock_secrets():
        client = boto3.Session().client("secretsmanager", region_name=region, config=config)
    expected = boto3.Session().client(
        "secretsmanager",
        region_name=region,
        config=in_mode(mode),
        aws_access_key_id="k",
        aws_secret_access_key="s",
    )
    assert connect_timeout_of(client) == connect_timeout_of(expected) == connect_timeout
    assert sent == []
