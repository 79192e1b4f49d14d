"""Keys of a profile inside a mock: a Secrets Manager client acts as the account its profile's
static keys stand for, as botocore would resolve them, and nothing else of the chain runs.

Each test writes the config and credentials files botocore reads, with no other credentials
anywhere and botocore's HTTP send replaced by a tripwire.
"""

from __future__ import annotations

import re
from typing import Any

import boto3
import botocore.credentials
import pytest
from botocore.exceptions import (
    BotoCoreError,
    CredentialRetrievalError,
    InfiniteLoopConfigError,
    InvalidConfigError,
    PartialCredentialsError,
    ProfileNotFound,
)

from secretmock import mock_secrets
from secretmock._credentials import PLACEHOLDER_ACCESS_KEY_ID
from tests.tripwire import Tripped, trip_every_send

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


def test_a_credential_process_is_not_run(files, tmp_path):
    ran = tmp_path / "ran"
    setting = f"credential_process = touch {ran}"
    files["config"].write_text(
        f"[default]\n{setting}\naws_access_key_id = {DEFAULT}\naws_secret_access_key = s\n"
        f"[profile other]\n{setting}\n"
    )
    # Keys in the credentials file come before the process; keys in the config file after it.
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


def test_a_login_session_is_what_the_installed_botocore_makes_of_it(files):
    # botocore 1.41 added a provider for login_session, between the credentials file's keys and
    # the config file's; an older botocore reads past the setting to the config file's keys.
    files["config"].write_text(
        f"[default]\nlogin_session = me\naws_access_key_id = {DEFAULT}\naws_secret_access_key = s\n"
    )
    if hasattr(botocore.credentials, "LoginProvider"):
        # The login needs botocore[crt] and a session cached by `aws login`: botocore refuses it
        # as it makes the client, inside the mock as outside.
        with pytest.raises(BotoCoreError) as outside:
            boto3.Session().client("secretsmanager", region_name=REGION)
        with mock_secrets(account_id=MOCK), pytest.raises(BotoCoreError) as inside:
            boto3.Session().client("secretsmanager", region_name=REGION)
        assert type(inside.value) is type(outside.value)
        assert str(inside.value) == str(outside.value)
    else:
        with mock_secrets(account_id=MOCK):
            client = boto3.Session().client("secretsmanager", region_name=REGION)
            assert account_of(client) == DEFAULT
        assert access_key_id(client) == DEFAULT
    assert files["sent"] == []


ROLE = f"arn:aws:iam::{OTHER}:role/app"
NO_ROLE_ARN = (
    "The provided profile or the current environment is configured to assume role with web "
    "identity but has no role ARN configured. Ensure that the profile has the role_arn"
    "configuration set or the AWS_ROLE_ARN env var is set."
)
LOOP = (
    "Infinite loop in credential configuration detected. Attempting to load from profile "
    "default which has already been visited. Visited profiles: "
)


@pytest.mark.parametrize(
    ("config", "error", "message"),
    [
        pytest.param(
            "[default]\nweb_identity_token_file = /nonexistent\n",
            InvalidConfigError,
            NO_ROLE_ARN,
            id="web-identity-without-role",
        ),
        pytest.param(
            f"[default]\nrole_arn = {ROLE}\nsource_profile = base\n"
            "credential_source = Environment\n"
            f"[profile base]\naws_access_key_id = {DEFAULT}\naws_secret_access_key = s\n",
            InvalidConfigError,
            'The profile "default" contains both source_profile and credential_source.',
            id="source-profile-and-credential-source",
        ),
        pytest.param(
            f"[default]\nrole_arn = {ROLE}\naws_access_key_id = {DEFAULT}\n"
            "aws_secret_access_key = s\n",
            PartialCredentialsError,
            "Partial credentials found in assume-role, missing: source_profile or "
            "credential_source",
            id="role-without-source",
        ),
        pytest.param(
            f"[default]\nrole_arn = {ROLE}\nsource_profile = nowhere\n",
            InvalidConfigError,
            'The source_profile "nowhere" referenced in the profile "default" does not exist.',
            id="missing-source-profile",
        ),
        pytest.param(
            f"[default]\nrole_arn = {ROLE}\nsource_profile = a\n"
            f"[profile a]\nrole_arn = {ROLE}\nsource_profile = default\n",
            InfiniteLoopConfigError,
            LOOP + "['default', 'a']",
            id="source-profile-loop",
        ),
        pytest.param(
            f"[default]\nrole_arn = {ROLE}\nsource_profile = default\n",
            InfiniteLoopConfigError,
            LOOP + "['default']",
            id="own-source-profile-without-keys",
        ),
        pytest.param(
            f"[default]\nrole_arn = {ROLE}\ncredential_source = Nowhere\n",
            InvalidConfigError,
            'The credential source "Nowhere" referenced in profile "default" is not valid.',
            id="unknown-credential-source",
        ),
        pytest.param(
            f"[default]\nrole_arn = {ROLE}\ncredential_source = Environment\n",
            CredentialRetrievalError,
            "Error when retrieving credentials from Environment: No credentials found in "
            "credential_source referenced in profile default",
            id="credential-source-without-credentials",
        ),
        pytest.param(
            f"[default]\nrole_arn = {ROLE}\nsource_profile = base\n"
            "[profile base]\nregion = eu-west-1\n",
            InvalidConfigError,
            'The source profile "base" must have credentials.',
            id="source-profile-without-credentials",
        ),
        pytest.param(
            f"[default]\nrole_arn = {ROLE}\nsource_profile = base\n"
            f"[profile base]\naws_access_key_id = {DEFAULT}\n",
            PartialCredentialsError,
            "Partial credentials found in config-file, missing: aws_secret_access_key",
            id="source-profile-with-half-its-keys",
        ),
        pytest.param(
            "[default]\nsso_account_id = 777788889999\n",
            InvalidConfigError,
            'The profile "default" is configured to use SSO but is missing required '
            "configuration: sso_role_name, sso_start_url, sso_region",
            id="sso-without-its-settings",
        ),
        pytest.param(
            "[profile other]\nregion = eu-west-1\n",
            ProfileNotFound,
            "The config profile (absent) could not be found",
            id="absent-profile",
        ),
    ],
)
def test_a_profile_botocore_rejects_is_rejected_with_its_error(
    files, monkeypatch, config, error, message
):
    files["config"].write_text(config)
    monkeypatch.setenv("AWS_PROFILE", "absent" if "absent" in message else "default")
    exact = f"^{re.escape(message)}$"
    # The control: botocore's own error as it makes the client, without the mock.
    with pytest.raises(error, match=exact):
        boto3.Session().client("secretsmanager", region_name=REGION)
    with mock_secrets(account_id=MOCK), pytest.raises(error, match=exact) as rejected:
        boto3.Session().client("secretsmanager", region_name=REGION)
    assert type(rejected.value) is error
    assert files["sent"] == []


@pytest.mark.parametrize(
    ("config", "environment"),
    [
        pytest.param(
            f"[default]\nrole_arn = {ROLE}\nsource_profile = base\n"
            "[profile base]\ncredential_process = touch {ran}\n",
            {},
            id="source-profile-with-a-credential-process",
        ),
        pytest.param(
            f"[default]\nrole_arn = {ROLE}\ncredential_source = Ec2InstanceMetadata\n",
            {},
            id="instance-metadata-as-credential-source",
        ),
        pytest.param(
            f"[default]\nrole_arn = {ROLE}\ncredential_source = EcsContainer\n",
            {"AWS_CONTAINER_CREDENTIALS_FULL_URI": "http://169.254.170.23/v1/credentials"},
            id="container-as-credential-source",
        ),
        pytest.param(
            "[default]\ncredential_process = touch {ran}\n",
            {"AWS_CONTAINER_CREDENTIALS_RELATIVE_URI": "/v2/credentials/x"},
            id="credential-process-before-the-container",
        ),
    ],
)
def test_a_role_whose_source_leaves_the_process_acts_as_the_mocks_account(
    files, monkeypatch, tmp_path, config, environment
):
    # Where botocore's chain would run a process or call the network, the mock stops reading it.
    ran = tmp_path / "ran"
    files["config"].write_text(config.replace("{ran}", str(ran)))
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    with mock_secrets(account_id=MOCK):
        client = boto3.Session().client("secretsmanager", region_name=REGION)
        assert account_of(client) == MOCK
    assert access_key_id(client) == PLACEHOLDER_ACCESS_KEY_ID
    assert not ran.exists()
    assert files["sent"] == []


def test_a_provider_the_mock_does_not_know_is_not_run(files, monkeypatch):
    class NewProvider(botocore.credentials.CredentialProvider):
        """A provider of a newer botocore, which might leave the process."""

        METHOD = "new"

        def load(self) -> None:
            raise Tripped("a provider the mock does not know")

    builder = botocore.credentials.ProfileProviderBuilder
    chain = builder.providers
    monkeypatch.setattr(
        builder, "providers", lambda *args, **kwargs: [NewProvider(), *chain(*args, **kwargs)]
    )
    files["credentials"].write_text(CREDENTIALS)
    with pytest.raises(Tripped):  # the control: botocore runs it, before the profile's keys
        boto3.Session().client("secretsmanager", region_name=REGION)
    with mock_secrets(account_id=MOCK):
        client = boto3.Session().client("secretsmanager", region_name=REGION)
        assert account_of(client) == MOCK
        # Keys the chain reads before it are still read.
        monkeypatch.setenv("AWS_ACCESS_KEY_ID", ENVIRONMENT)
        monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "environment-secret")
        assert account_of(boto3.Session().client("secretsmanager", region_name=REGION)) == (
            ENVIRONMENT
        )
    assert access_key_id(client) == PLACEHOLDER_ACCESS_KEY_ID
    assert files["sent"] == []


class _RecordingProvider(botocore.credentials.CredentialProvider):
    """A provider of the user's own (a vault lookup, say): records that it ran."""

    METHOD = CANONICAL_NAME = "users-own"

    def __init__(self) -> None:
        self.loads = 0

    def load(self) -> Any:
        self.loads += 1
        return botocore.credentials.Credentials(OTHER, "other-secret")


@pytest.mark.parametrize("change", ["insert", "remove-env", "register"])
def test_a_chain_the_user_changed_is_not_run(files, monkeypatch, change):
    # The environment's keys would stop botocore's default chain; the session's own chain is
    # another one, which the mock cannot follow: placeholder keys, and nothing of it runs.
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", ENVIRONMENT)
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "environment-secret")
    session = boto3.Session()
    provider = _RecordingProvider()
    chain = session._session.get_component("credential_provider")
    if change == "insert":
        chain.insert_before("env", provider)
    elif change == "remove-env":
        chain.remove("env")  # botocore would go on to instance metadata: the tripwire's
    else:
        session._session.register_component(
            "credential_provider", botocore.credentials.CredentialResolver([provider])
        )
    with mock_secrets(account_id=MOCK):
        client = session.client("secretsmanager", region_name=REGION)
        assert account_of(client) == MOCK
    assert access_key_id(client) == PLACEHOLDER_ACCESS_KEY_ID
    assert provider.loads == 0
    assert files["sent"] == []


def test_environment_keys_with_an_expiration_act_as_their_account(files, monkeypatch):
    # botocore gives them as refreshable credentials, refreshed from the environment.
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", ENVIRONMENT)
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "environment-secret")
    monkeypatch.setenv("AWS_SESSION_TOKEN", "token")
    monkeypatch.setenv("AWS_CREDENTIAL_EXPIRATION", "2099-01-01T00:00:00Z")
    before = boto3.client("secretsmanager", region_name=REGION)
    with mock_secrets(account_id=MOCK):
        assert account_of(before) == ENVIRONMENT
        inside = boto3.Session().client("secretsmanager", region_name=REGION)
        assert account_of(inside, "t") == ENVIRONMENT
    assert files["sent"] == []


def test_a_container_endpoint_botocore_refuses_is_refused_with_its_error(files, monkeypatch):
    monkeypatch.setenv("AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://example.com/credentials")
    refused = re.escape("Unsupported host 'example.com'.")
    with pytest.raises(ValueError, match=refused) as outside:
        boto3.Session().client("secretsmanager", region_name=REGION)
    with mock_secrets(account_id=MOCK), pytest.raises(ValueError, match=refused) as inside:
        boto3.Session().client("secretsmanager", region_name=REGION)
    assert str(inside.value) == str(outside.value)
    assert files["sent"] == []
