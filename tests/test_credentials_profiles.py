"""Keys of a profile inside a mock: a Secrets Manager client acts as the account its profile's
static keys stand for, as botocore would resolve them, and nothing else of the chain runs.

Each test writes the config and credentials files botocore reads, with no other credentials
anywhere and botocore's HTTP send replaced by a tripwire.
"""

from __future__ import annotations

from typing import Any

import boto3
import pytest
from botocore.exceptions import PartialCredentialsError

from secretmock import mock_secrets
from secretmock._credentials import PLACEHOLDER_ACCESS_KEY_ID
from tests.tripwire import trip_every_send

REGION = "eu-west-1"
MOCK, DEFAULT, OTHER, ENVIRONMENT = "111122223333", "444455556666", "777788889999", "999988887777"
CREDENTIALS = f"""
[default]
aws_access_key_id = {DEFAULT}
aws_secret_access_key = default-secret
[other]
aws_access_key_id = {OTHER}
aws_secret_access_key = other-secret
"""


@pytest.fixture
def files(monkeypatch: pytest.MonkeyPatch, tmp_path: Any) -> dict[str, Any]:
    """The config and credentials files (empty: write them); every HTTP send is refused."""
    sent, _ = trip_every_send(monkeypatch, tmp_path)
    monkeypatch.setattr(boto3, "DEFAULT_SESSION", None)
    config, credentials = tmp_path / "absent-config", tmp_path / "absent-credentials"
    config.write_text("")
    credentials.write_text("")
    return {"config": config, "credentials": credentials, "sent": sent}


def account_of(client: Any, name: str = "s") -> str:
    """The account a client acts as: the one its new secret's ARN names."""
    arn: str = client.create_secret(Name=name, SecretString="v")["ARN"]
    return arn.split(":")[4]


def access_key_of(session: boto3.Session) -> str | None:
    credentials = session.get_credentials()
    return None if credentials is None else credentials.access_key


def access_key_id(client: Any) -> str:
    key: str = client._request_signer._credentials.access_key
    return key


def test_the_default_profiles_keys_act_as_their_account(files):
    files["credentials"].write_text(CREDENTIALS)
    with mock_secrets(account_id=MOCK):
        assert account_of(boto3.client("secretsmanager", region_name=REGION)) == DEFAULT
        session = boto3.Session()
        assert account_of(session.client("secretsmanager", region_name=REGION), "t") == DEFAULT
        # botocore read them itself, as it would without the mock: the session holds them now.
        assert access_key_of(session) == DEFAULT
    assert files["sent"] == []


def test_keys_in_the_config_file_act_as_their_account(files):
    files["config"].write_text(
        f"[default]\naws_access_key_id = {DEFAULT}\naws_secret_access_key = s\n"
        f"[profile other]\naws_access_key_id = {OTHER}\naws_secret_access_key = s\n"
    )
    with mock_secrets(account_id=MOCK):
        assert account_of(boto3.Session().client("secretsmanager", region_name=REGION)) == DEFAULT
        other = boto3.Session(profile_name="other").client("secretsmanager", region_name=REGION)
        assert account_of(other, "t") == OTHER
    assert files["sent"] == []


def test_a_profile_given_by_name_or_by_the_environment(files, monkeypatch):
    files["credentials"].write_text(CREDENTIALS)
    # Keys in the environment come first in botocore's chain, unless a profile is given by name.
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", ENVIRONMENT)
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "environment-secret")
    with mock_secrets(account_id=MOCK):
        named = boto3.Session(profile_name="other").client("secretsmanager", region_name=REGION)
        assert account_of(named) == OTHER
        boto3.setup_default_session(profile_name="other")
        assert account_of(boto3.client("secretsmanager", region_name=REGION), "t") == OTHER
        assert account_of(boto3.Session().client("secretsmanager", region_name=REGION)) == (
            ENVIRONMENT
        )
    monkeypatch.delenv("AWS_ACCESS_KEY_ID")
    monkeypatch.delenv("AWS_SECRET_ACCESS_KEY")
    monkeypatch.setenv("AWS_PROFILE", "other")
    with mock_secrets(account_id=MOCK):
        assert account_of(boto3.Session().client("secretsmanager", region_name=REGION)) == OTHER
    assert files["sent"] == []


def test_a_session_resolved_before_the_mock_and_one_resolved_inside_agree(files):
    files["credentials"].write_text(CREDENTIALS)
    before = boto3.Session(profile_name="other")
    assert access_key_of(before) == OTHER
    with mock_secrets(account_id=MOCK):
        inside = boto3.Session(profile_name="other")
        assert account_of(before.client("secretsmanager", region_name=REGION)) == OTHER
        assert account_of(inside.client("secretsmanager", region_name=REGION), "t") == OTHER
        assert access_key_of(inside) == access_key_of(before) == OTHER
    assert files["sent"] == []


def test_half_a_pair_of_keys_in_a_profile_is_botocores_error(files):
    files["credentials"].write_text(f"[default]\naws_access_key_id = {DEFAULT}\n")
    message = (
        "^Partial credentials found in shared-credentials-file, missing: aws_secret_access_key$"
    )
    with pytest.raises(PartialCredentialsError, match=message):
        boto3.Session().client("secretsmanager", region_name=REGION)
    with mock_secrets(), pytest.raises(PartialCredentialsError, match=message):
        boto3.Session().client("secretsmanager", region_name=REGION)
    assert files["sent"] == []


@pytest.mark.parametrize(
    "profile",
    [
        # assume-role: the role's credentials, which only STS gives, come before the keys
        f"role_arn = arn:aws:iam::{OTHER}:role/app\nsource_profile = other\n",
        "sso_account_id = 777788889999\nsso_role_name = app\n"
        "sso_start_url = https://example.awsapps.com/start\nsso_region = us-east-1\n",
        # with the role in AWS_ROLE_ARN, which botocore reads before the profile's role_arn
        "web_identity_token_file = /nonexistent\n",
    ],
    ids=["assume-role", "sso", "web-identity"],
)
def test_a_profile_whose_credentials_come_from_a_service_acts_as_the_mocks_account(
    files, monkeypatch, profile
):
    # The mock runs no provider that leaves the process; the keys in the same profile are not
    # what botocore would use, so the client gets placeholder keys.
    monkeypatch.setenv("AWS_ROLE_ARN", f"arn:aws:iam::{OTHER}:role/app")
    files["credentials"].write_text(CREDENTIALS)
    files["config"].write_text(
        f"[default]\n{profile}aws_access_key_id = {DEFAULT}\naws_secret_access_key = s\n"
    )
    with mock_secrets(account_id=MOCK):
        client = boto3.Session().client("secretsmanager", region_name=REGION)
        assert account_of(client) == MOCK
    assert access_key_id(client) == PLACEHOLDER_ACCESS_KEY_ID
    assert files["sent"] == []


def test_a_web_identity_in_the_environment_comes_before_the_profiles_keys(files, monkeypatch):
    files["credentials"].write_text(CREDENTIALS)
    monkeypatch.setenv("AWS_WEB_IDENTITY_TOKEN_FILE", "/nonexistent")
    monkeypatch.setenv("AWS_ROLE_ARN", f"arn:aws:iam::{OTHER}:role/app")
    with mock_secrets(account_id=MOCK):
        client = boto3.Session().client("secretsmanager", region_name=REGION)
        assert account_of(client) == MOCK
        # A profile given by name takes the environment's web identity out of the chain.
        named = boto3.Session(profile_name="other").client("secretsmanager", region_name=REGION)
        assert account_of(named, "t") == OTHER
    assert access_key_id(client) == PLACEHOLDER_ACCESS_KEY_ID
    assert files["sent"] == []


@pytest.mark.parametrize("provider", ["credential_process = touch {ran}", "login_session = me"])
def test_a_credential_process_or_login_is_not_run(files, tmp_path, provider):
    ran = tmp_path / "ran"
    setting = provider.format(ran=ran)
    files["config"].write_text(
        f"[default]\n{setting}\naws_access_key_id = {DEFAULT}\naws_secret_access_key = s\n"
        f"[profile other]\n{setting}\n"
    )
    # Keys in the credentials file come before the process or login; keys in the config file
    # after it.
    files["credentials"].write_text(
        f"[other]\naws_access_key_id = {OTHER}\naws_secret_access_key = s\n"
    )
    with mock_secrets(account_id=MOCK):
        client = boto3.Session().client("secretsmanager", region_name=REGION)
        assert account_of(client) == MOCK
        other = boto3.Session(profile_name="other").client("secretsmanager", region_name=REGION)
        assert account_of(other, "t") == OTHER
    assert access_key_id(client) == PLACEHOLDER_ACCESS_KEY_ID
    assert not ran.exists()
    assert files["sent"] == []
