"""The pytest plugin as users meet it: inner pytest runs in a scratch directory (``pytester``).

Most inner runs are in-process (fast). The ones that depend on how pytest loads the plugin run in
a subprocess, so the ``pytest11`` entry point is loaded for real before any test module.
"""

from __future__ import annotations

import pytest

from secretmock import _hook

# Inner runs: fixed order, no cache files in the scratch directory, and no hypothesis plugin (an
# in-process run would import hypothesis afresh each time, which costs seconds).
QUIET = ("-p", "no:randomly", "-p", "no:cacheprovider", "-p", "no:hypothesispytest")
INI = """
[pytest]
asyncio_default_fixture_loop_scope = function
"""


@pytest.fixture
def inner(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> pytest.Pytester:
    """A scratch directory for inner runs, with no AWS configuration and no credentials."""
    for name in (
        "AWS_ACCESS_KEY_ID",
        "AWS_SECRET_ACCESS_KEY",
        "AWS_SESSION_TOKEN",
        "AWS_PROFILE",
        "AWS_DEFAULT_PROFILE",
        "AWS_REGION",
        "AWS_DEFAULT_REGION",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_CONFIG_FILE", str(pytester.path / "no-aws-config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(pytester.path / "no-aws-credentials"))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    pytester.makeini(INI)
    return pytester


def test_the_fixture_yields_an_active_mock_of_the_public_type(inner):
    inner.makepyfile(
        """
        import boto3
        import pytest

        import secretmock
        from secretmock import SecretsManagerMock

        def test_fixture_value(secretmock: SecretsManagerMock) -> None:
            assert type(secretmock) is SecretsManagerMock
            assert secretmock.active
            client = boto3.client("secretsmanager")  # region from the fixture's default
            created = client.create_secret(Name="n", SecretString="v")
            assert created["ARN"].startswith(
                "arn:aws:secretsmanager:us-east-1:123456789012:secret:n-"
            )
            assert [call.operation for call in secretmock.calls] == ["CreateSecret"]

        def test_each_test_starts_empty(secretmock: SecretsManagerMock) -> None:
            assert len(secretmock.calls) == 0
            client = boto3.client("secretsmanager")
            with pytest.raises(client.exceptions.ResourceNotFoundException):
                client.describe_secret(SecretId="n")
        """
    )
    result = inner.runpytest(*QUIET)
    result.assert_outcomes(passed=2)
    assert _hook.active == []


def test_the_fixture_is_the_current_mock(inner):
    inner.makepyfile(
        """
        import secretmock as package

        def test_current(secretmock):
            assert package.current() is secretmock
        """
    )
    inner.runpytest(*QUIET).assert_outcomes(passed=1)


def test_the_marker_applies_its_options_and_requests_the_fixture_itself(inner):
    inner.makepyfile(
        """
        from datetime import datetime, timezone

        import boto3
        import pytest

        import secretmock

        WHEN = datetime(2024, 2, 3, 4, 5, 6, tzinfo=timezone.utc)

        @pytest.mark.secretmock(region="eu-west-1", account_id="111122223333", seed=5, clock=WHEN)
        def test_marker_alone():
            mock = secretmock.current()
            assert (mock.region, mock.account_id, mock.seed) == ("eu-west-1", "111122223333", 5)
            client = boto3.client("secretsmanager")
            assert client.meta.region_name == "eu-west-1"
            arn = client.create_secret(Name="n", SecretString="v")["ARN"]
            assert arn.startswith("arn:aws:secretsmanager:eu-west-1:111122223333:secret:n-")
            assert client.describe_secret(SecretId="n")["CreatedDate"] == WHEN

        @pytest.mark.secretmock(account_id="111122223333")
        def test_marker_and_fixture(secretmock):
            assert secretmock.account_id == "111122223333"
            assert secretmock.active

        def test_no_marker_no_mock():
            with pytest.raises(secretmock.errors.SecretMockError):
                secretmock.current()
        """
    )
    inner.runpytest(*QUIET).assert_outcomes(passed=3)


def test_markers_merge_from_module_class_and_function_the_closest_winning(inner):
    inner.makepyfile(
        """
        import pytest

        pytestmark = pytest.mark.secretmock(seed=3, account_id="000000000001")

        @pytest.mark.secretmock(account_id="111111111111", region="eu-west-1")
        class TestMerged:
            @pytest.mark.secretmock(account_id="222222222222")
            def test_function_marker_wins(self, secretmock):
                assert (secretmock.seed, secretmock.region, secretmock.account_id) == (
                    3, "eu-west-1", "222222222222"
                )

            def test_class_marker_wins_over_module(self, secretmock):
                assert (secretmock.seed, secretmock.region, secretmock.account_id) == (
                    3, "eu-west-1", "111111111111"
                )

        def test_module_marker_alone(secretmock):
            assert (secretmock.seed, secretmock.region, secretmock.account_id) == (
                3, "us-east-1", "000000000001"
            )
        """
    )
    inner.runpytest(*QUIET).assert_outcomes(passed=3)


def test_an_unknown_marker_option_fails_the_test_clearly(inner):
    inner.makepyfile(
        """
        import pytest

        @pytest.mark.secretmock(regoin="eu-west-1")
        def test_typo():
            raise AssertionError("the test body must not run")
        """
    )
    result = inner.runpytest(*QUIET)
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(
        [
            "*ERROR at setup of test_typo*",
            "*unknown secretmock marker option 'regoin'. Options: secretmock(region=*",
        ]
    )
    result.stdout.no_fnmatch_line("*the test body must not run*")


def test_positional_marker_arguments_fail_the_test_clearly(inner):
    inner.makepyfile(
        """
        import pytest

        @pytest.mark.secretmock("eu-west-1")
        def test_positional(secretmock):
            pass
        """
    )
    result = inner.runpytest(*QUIET)
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(
        ["*the secretmock marker takes keyword arguments only, not ('eu-west-1',). Options:*"]
    )


def test_an_invalid_marker_value_fails_the_test_clearly(inner):
    inner.makepyfile(
        """
        import pytest

        @pytest.mark.secretmock(account_id="12345")
        def test_bad_account(secretmock):
            pass
        """
    )
    result = inner.runpytest(*QUIET)
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(
        ["*invalid secretmock marker option: account_id must be a string of 12 digits, not '12345'"]
    )


def test_the_marker_is_registered(inner):
    result = inner.runpytest("--markers", *QUIET)
    result.stdout.fnmatch_lines(
        ["@pytest.mark.secretmock(region='us-east-1', account_id='123456789012', *"]
    )


ENVIRONMENT_TESTS = """
import os

import boto3
import pytest


def test_1_without_the_fixture():
    assert os.environ.get("AWS_DEFAULT_REGION") == {before!r}


def test_2_fixture(secretmock):
    # The fixture changes no variable: a client botocore would give no region gets the mock's.
    assert os.environ.get("AWS_DEFAULT_REGION") == {before!r}
    assert "AWS_EC2_METADATA_DISABLED" not in os.environ
    assert boto3.Session().client("secretsmanager").meta.region_name == {client_region!r}


@pytest.mark.secretmock(region="ap-south-1")
def test_3_marker_region():
    # A marked test is apart from the shell's AWS configuration: the marker's region wins.
    assert os.environ["AWS_DEFAULT_REGION"] == "ap-south-1"
    assert boto3.Session().client("secretsmanager").meta.region_name == "ap-south-1"


def test_4_restored_after():
    assert os.environ.get("AWS_DEFAULT_REGION") == {before!r}
    assert "AWS_EC2_METADATA_DISABLED" not in os.environ
"""


def test_the_fixture_gives_its_region_to_a_client_that_finds_none(inner, monkeypatch):
    monkeypatch.delenv("AWS_EC2_METADATA_DISABLED")
    inner.makepyfile(ENVIRONMENT_TESTS.format(before=None, client_region="us-east-1"))
    inner.runpytest(*QUIET).assert_outcomes(passed=4)


def test_the_fixture_keeps_a_region_from_the_environment(inner, monkeypatch):
    monkeypatch.delenv("AWS_EC2_METADATA_DISABLED")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "sa-east-1")
    inner.makepyfile(ENVIRONMENT_TESTS.format(before="sa-east-1", client_region="sa-east-1"))
    inner.runpytest(*QUIET).assert_outcomes(passed=4)


@pytest.mark.parametrize(
    ("config", "credentials", "profile"),
    [
        ("[default]\nregion = eu-north-1\n", "", None),
        ("[default]\nregion = us-west-1\n[profile work]\nregion = eu-north-1\n", "", "work"),
        # botocore reads a profile's region from the credentials file too.
        ("", "[default]\nregion = eu-north-1\n", None),
        ("[profile work]\noutput = json\n", "[work]\nregion = eu-north-1\n", "work"),
    ],
    ids=["config-default", "config-named", "credentials-default", "credentials-named"],
)
def test_the_fixture_keeps_a_region_from_the_files(
    inner, monkeypatch, config, credentials, profile
):
    monkeypatch.delenv("AWS_EC2_METADATA_DISABLED")
    (inner.path / "aws-config").write_text(config)
    (inner.path / "aws-credentials").write_text(credentials)
    monkeypatch.setenv("AWS_CONFIG_FILE", str(inner.path / "aws-config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(inner.path / "aws-credentials"))
    if profile is not None:
        monkeypatch.setenv("AWS_PROFILE", profile)
    inner.makepyfile(ENVIRONMENT_TESTS.format(before=None, client_region="eu-north-1"))
    inner.runpytest(*QUIET).assert_outcomes(passed=4)


def test_the_fixture_gives_its_region_when_the_profile_has_none(inner, monkeypatch):
    # AWS_REGION is not read by botocore, and this profile names no region: botocore would have
    # none, so the client gets the mock's.
    monkeypatch.delenv("AWS_EC2_METADATA_DISABLED")
    monkeypatch.setenv("AWS_REGION", "eu-west-3")
    config_file = inner.path / "aws-config"
    config_file.write_text("[default]\noutput = json\n[profile other]\nregion = eu-north-1\n")
    monkeypatch.setenv("AWS_CONFIG_FILE", str(config_file))
    inner.makepyfile(ENVIRONMENT_TESTS.format(before=None, client_region="us-east-1"))
    inner.runpytest(*QUIET).assert_outcomes(passed=4)


def test_the_fixture_keeps_the_region_of_a_profile_or_config_given_in_code(inner, monkeypatch):
    import boto3

    # The inner run shares this process's boto3 and sets up its default session: put this
    # process's back afterwards.
    monkeypatch.setattr(boto3, "DEFAULT_SESSION", None)
    config_file = inner.path / "aws-config"
    config_file.write_text("[profile foo]\nregion = eu-west-2\n")
    monkeypatch.setenv("AWS_CONFIG_FILE", str(config_file))
    inner.makepyfile(
        """
        import boto3
        import pytest
        from botocore.config import Config
        from botocore.exceptions import NoRegionError

        from secretmock import mock_secrets

        def test_profile_given_in_code(secretmock):
            session = boto3.Session(profile_name="foo")
            assert session.region_name == "eu-west-2"
            assert session.client("secretsmanager").meta.region_name == "eu-west-2"
            boto3.setup_default_session(profile_name="foo")
            assert boto3.client("secretsmanager").meta.region_name == "eu-west-2"

        def test_config_given_in_code(secretmock):
            session = boto3.Session()
            client = session.client("secretsmanager", config=Config(region_name="ca-central-1"))
            assert client.meta.region_name == "ca-central-1"
            session._session.set_default_client_config(Config(region_name="eu-south-1"))
            assert session.client("secretsmanager").meta.region_name == "eu-south-1"

        def test_only_secrets_manager_clients_get_the_mocks_region(secretmock):
            assert boto3.Session().region_name is None
            with pytest.raises(NoRegionError, match="^You must specify a region.$"):
                boto3.Session().client("dynamodb")

        def test_a_mock_started_in_the_test_leaves_the_fixtures_default(secretmock):
            with mock_secrets(region="eu-west-1"):
                assert boto3.Session().client("secretsmanager").meta.region_name == "us-east-1"

        def test_without_the_fixture_no_region_is_given():
            with mock_secrets(), pytest.raises(NoRegionError):
                boto3.Session().client("secretsmanager")
        """
    )
    inner.runpytest(*QUIET).assert_outcomes(passed=5)


MODULE_UNDER_TEST = """
import boto3

# Created when the module is imported, as application code often does.
CLIENT = boto3.client("secretsmanager", region_name="us-east-1")


def read(name):
    return CLIENT.get_secret_value(SecretId=name)["SecretString"]
"""


def test_a_module_level_client_of_the_code_under_test_is_intercepted(inner):
    inner.makepyfile(
        app=MODULE_UNDER_TEST,
        test_app="""
        import app

        def test_module_level_client(secretmock):
            app.CLIENT.create_secret(Name="n", SecretString="v")
            assert app.read("n") == "v"
            assert [call.operation for call in secretmock.calls] == [
                "CreateSecret", "GetSecretValue"
            ]
        """,
    )
    result = inner.runpytest_subprocess(*QUIET)
    result.assert_outcomes(passed=1)


def test_without_the_entry_point_a_module_level_client_is_not_intercepted(inner):
    # The control: with the plugin's early import switched off, the client made at import time
    # predates secretmock and is not covered. The entry point is what makes the test above pass.
    inner.makepyfile(
        app=MODULE_UNDER_TEST,
        test_app="""
        import app  # before secretmock
        import pytest
        from botocore.exceptions import NoCredentialsError

        import secretmock

        def test_module_level_client():
            with secretmock.mock_secrets() as mock:
                with pytest.raises(NoCredentialsError):
                    app.read("n")
                assert len(mock.calls) == 0
        """,
    )
    result = inner.runpytest_subprocess("-p", "no:secretmock", *QUIET)
    result.assert_outcomes(passed=1)


def test_async_tests_get_the_fixture(inner):
    inner.makepyfile(
        """
        import boto3
        import pytest

        @pytest.mark.asyncio
        @pytest.mark.secretmock(account_id="111122223333")
        async def test_async(secretmock):
            client = boto3.client("secretsmanager")
            arn = client.create_secret(Name="n", SecretString="v")["ARN"]
            assert ":111122223333:" in arn
        """
    )
    inner.runpytest(*QUIET).assert_outcomes(passed=1)


# -- the marker alone, the shell, two mocks, the guard --------------------------------------------


def test_the_marker_makes_the_fixture_the_first_so_other_fixtures_set_up_inside_the_mock(inner):
    inner.makepyfile(
        """
        import boto3
        import pytest

        import secretmock

        @pytest.fixture(autouse=True)
        def seeded_by_an_autouse_fixture():
            client = boto3.client("secretsmanager", region_name="us-east-1")
            client.create_secret(Name="from-autouse", SecretString="a")

        @pytest.fixture
        def seeded():
            client = boto3.client("secretsmanager", region_name="us-east-1")
            client.create_secret(Name="from-fixture", SecretString="f")
            return client

        @pytest.mark.secretmock
        def test_marker_alone(seeded):
            names = [entry["Name"] for entry in seeded.list_secrets()["SecretList"]]
            assert sorted(names) == ["from-autouse", "from-fixture"]
            assert [call.operation for call in secretmock.current().calls][:2] == [
                "CreateSecret", "CreateSecret"
            ]

        @pytest.mark.secretmock
        def test_marker_and_fixture_named_last(seeded, secretmock):
            assert len(secretmock.calls) == 2
        """
    )
    inner.runpytest(*QUIET).assert_outcomes(passed=2)


def test_a_marked_test_does_not_depend_on_the_shells_aws_variables(inner, monkeypatch):
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    monkeypatch.setenv("AWS_PROFILE", "a-profile-no-file-has")
    monkeypatch.setenv("AWS_ENDPOINT_URL", "http://localhost:4566")
    monkeypatch.setenv("AWS_MAX_ATTEMPTS", "7")
    inner.makepyfile(
        """
        import os

        import boto3
        import pytest

        @pytest.mark.secretmock(region="eu-west-1")
        def test_marked(secretmock):
            client = boto3.client("secretsmanager")
            assert client.meta.region_name == "eu-west-1"
            assert client.meta.endpoint_url == "https://secretsmanager.eu-west-1.amazonaws.com"
            client.create_secret(Name="n", SecretString="v")
            assert secretmock.store().by_name("n") is not None

        def test_after():
            assert os.environ["AWS_DEFAULT_REGION"] == "us-east-1"
            assert os.environ["AWS_PROFILE"] == "a-profile-no-file-has"
            assert os.environ["AWS_ENDPOINT_URL"] == "http://localhost:4566"
        """
    )
    inner.runpytest(*QUIET).assert_outcomes(passed=2)


def test_the_fixture_and_the_decorator_on_one_test_is_an_error_naming_the_answering_mock(inner):
    inner.makepyfile(
        """
        import unittest

        import pytest
        from secretmock import mock_secrets

        @mock_secrets
        def test_both(secretmock):
            pass

        @pytest.mark.secretmock
        @mock_secrets(region="eu-west-1")
        def test_marker_and_decorator():
            pass

        @mock_secrets
        class TestDecoratedClass:
            def test_method(self, secretmock):
                pass

        @pytest.mark.secretmock(region="eu-west-1")
        @mock_secrets
        class TestMarkedDecoratedCase(unittest.TestCase):
            def test_case_method(self):
                pass

        @mock_secrets
        class TestDecoratedCase(unittest.TestCase):
            pass

        @pytest.mark.usefixtures("secretmock")
        class TestInheritsADecoratedCase(TestDecoratedCase):
            def test_inherited_decorator(self):
                pass

        @pytest.mark.secretmock
        class TestPlainCase(unittest.TestCase):
            def test_only_the_marker(self):
                pass
        """
    )
    result = inner.runpytest(*QUIET)
    result.assert_outcomes(passed=1, errors=5)
    for name in (
        "test_both",
        "test_marker_and_decorator",
        "test_method",
        "test_case_method",
        "test_inherited_decorator",
    ):
        result.stdout.fnmatch_lines(
            [
                f"{name} has both the secretmock fixture (or marker) and a "
                "@mock_secrets decorator: the decorator's mock would answer every call of the "
                "test body, and the fixture's mock (its calls, store() and options) would see none "
                "of them. Use one of the two."
            ]
        )


GUARDED_TESTS = """
import boto3
import pytest
from secretmock import mock_secrets

def call():
    boto3.client("secretsmanager", region_name="us-east-1").list_secrets()

def test_unmocked():
    call()

@pytest.fixture
@mock_secrets
def decorated_fixture():
    return "the mock stopped when this returned"

def test_a_decorated_fixture_escapes(decorated_fixture):
    call()

@mock_secrets
class TestDecorated:
    def check_custom_name(self):
        call()

    def test_mocked(self):
        call()

def test_mocked(secretmock):
    call()
"""


@pytest.mark.parametrize("how", ["option", "ini"])
def test_the_guard_fails_each_call_made_while_no_mock_is_active(inner, how):
    inner.makepyfile(GUARDED_TESTS)
    args: tuple[str, ...] = ("-o", "python_functions=test_* check_*")
    if how == "option":
        args += ("--secretmock-guard",)
    else:
        inner.makeini(INI + "secretmock_guard = true\n")
    result = inner.runpytest(*QUIET, *args)
    result.assert_outcomes(passed=2, failed=3)
    result.stdout.fnmatch_lines(
        [
            "*UnmockedCallError: Secrets Manager ListSecrets (in us-east-1) was called while no "
            "secretmock is active; the secretmock guard stopped it from going to AWS.*"
        ]
    )
    assert len(_hook.active) == 0


def test_without_the_guard_nothing_stops_an_unmocked_call(inner, monkeypatch):
    inner.makepyfile(
        """
        import boto3
        import botocore.endpoint

        def test_unmocked(monkeypatch):
            sent = []
            monkeypatch.setattr(
                botocore.endpoint.Endpoint, "_send", lambda self, request: sent.append(request)
            )
            client = boto3.client(
                "secretsmanager", region_name="us-east-1",
                aws_access_key_id="k", aws_secret_access_key="s",
            )
            try:
                client.list_secrets()
            except Exception:
                pass
            assert len(sent) == 1
        """
    )
    inner.runpytest(*QUIET).assert_outcomes(passed=1)


def test_the_guards_error_is_public_and_names_the_call(inner):
    inner.makepyfile(
        """
        import boto3
        import pytest

        import secretmock
        from secretmock.errors import SecretMockError, UnmockedCallError

        def test_public():
            assert secretmock.UnmockedCallError is UnmockedCallError
            assert issubclass(UnmockedCallError, SecretMockError)
            client = boto3.client("secretsmanager", region_name="eu-west-1")
            with pytest.raises(UnmockedCallError) as caught:
                client.get_secret_value(SecretId="db")
            assert str(caught.value) == (
                "Secrets Manager GetSecretValue (in eu-west-1) was called while no secretmock "
                "is active; the secretmock guard stopped it from going to AWS. Activate a mock "
                "around it: the secretmock fixture or marker, @mock_secrets, or "
                "`with mock_secrets():`. A @mock_secrets on a fixture is active only while the "
                "fixture function runs, and a class decorator wraps only the methods whose "
                "names start with 'test'."
            )
        """
    )
    inner.runpytest(*QUIET, "--secretmock-guard").assert_outcomes(passed=1)


def test_the_guard_lets_the_secretmock_server_fixture_be_called(inner):
    inner.makepyfile(
        """
        import boto3

        def test_server_under_the_guard(secretmock_server):
            client = boto3.client(
                "secretsmanager",
                region_name="us-east-1",
                endpoint_url=secretmock_server.endpoint_url,
                aws_access_key_id="testing",
                aws_secret_access_key="testing",
            )
            client.create_secret(Name="a", SecretString="x")
            assert client.get_secret_value(SecretId="a")["SecretString"] == "x"
            assert [call.operation for call in secretmock_server.calls] == [
                "CreateSecret", "GetSecretValue"
            ]
        """
    )
    inner.runpytest(*QUIET, "--secretmock-guard").assert_outcomes(passed=1)


GUARDED_ENDPOINTS = """
import boto3
import botocore.endpoint
import pytest
from botocore.config import Config

from secretmock import UnmockedCallError, mock_secrets

class Sent(Exception):
    pass

@pytest.fixture
def sent(monkeypatch):
    urls = []

    def send(endpoint, request):
        urls.append(request.url)
        raise Sent()

    monkeypatch.setattr(botocore.endpoint.Endpoint, "_send", send)
    return urls

def client(region="us-east-1", **options):
    return boto3.client(
        "secretsmanager",
        region_name=region,
        aws_access_key_id="k",
        aws_secret_access_key="s",
        **options,
    )

@pytest.mark.parametrize(
    ("region", "options"),
    [
        ("us-east-1", {}),
        ("us-east-1", {"endpoint_url": "https://secretsmanager.us-east-1.amazonaws.com"}),
        ("us-east-1", {"config": Config(use_fips_endpoint=True)}),
        ("us-east-1", {"config": Config(use_dualstack_endpoint=True)}),
        ("cn-north-1", {}),
        (
            "us-east-1",
            {"endpoint_url": "https://vpce-0a1b2c.secretsmanager.us-east-1.vpce.amazonaws.com"},
        ),
    ],
    ids=["regional", "explicit", "fips", "dualstack", "china", "vpc-endpoint"],
)
def test_stopped(sent, region, options):
    with pytest.raises(UnmockedCallError):
        client(region, **options).list_secrets()
    assert sent == []

@pytest.mark.parametrize(
    "endpoint", ["http://127.0.0.1:4850", "http://secrets:4850", "http://[::1]:4566"]
)
def test_sent_elsewhere(sent, endpoint):
    with pytest.raises(Sent):
        client(endpoint_url=endpoint).list_secrets()
    assert sent == [endpoint + "/"]

def test_sent_to_the_endpoint_of_the_environment(sent, monkeypatch):
    monkeypatch.setenv("AWS_ENDPOINT_URL_SECRETS_MANAGER", "http://localhost:4850")
    with pytest.raises(Sent):
        client().list_secrets()
    assert sent == ["http://localhost:4850/"]

@mock_secrets
def test_a_mock_still_answers_every_endpoint(sent):
    assert client(endpoint_url="http://127.0.0.1:4850").list_secrets()["SecretList"] == []
    assert sent == []
"""


def test_the_guard_stops_only_calls_bound_for_aws(inner):
    inner.makepyfile(GUARDED_ENDPOINTS)
    inner.runpytest(*QUIET, "--secretmock-guard").assert_outcomes(passed=11)
    # The control: without the guard, the same calls bound for AWS are sent.
    inner.runpytest(*QUIET).assert_outcomes(passed=5, failed=6)


def test_a_decorated_class_s_static_and_class_test_methods_run_inside_its_mock(inner):
    inner.makepyfile(
        """
        import boto3
        import pytest

        from secretmock import current, mock_secrets

        @mock_secrets(region="eu-west-1")
        class TestDecorated:
            @staticmethod
            def test_static():
                assert current().region == "eu-west-1"
                boto3.client("secretsmanager", region_name="eu-west-1").list_secrets()

            @classmethod
            def test_class(cls):
                assert current().region == "eu-west-1"

            @staticmethod
            @pytest.mark.asyncio
            async def test_async_static():
                assert current().region == "eu-west-1"
        """
    )
    inner.runpytest(*QUIET, "--secretmock-guard").assert_outcomes(passed=3)


SHELL_CONFIG_TESTS = """
import boto3
import botocore.session
import pytest
from botocore.exceptions import ClientError

import secretmock

# Made at import time, from the shell's configuration: the user's client, kept as it is.
MODULE_CLIENT = boto3.client("secretsmanager", region_name="us-east-1")
SHELL_RETRIES = {"total_max_attempts": 7, "mode": "legacy"}

def test_1_unmarked_uses_the_shell_configuration():
    client = boto3.client("secretsmanager", region_name="us-east-1")
    assert client.meta.config.retries == SHELL_RETRIES
    assert boto3.DEFAULT_SESSION.get_credentials().access_key == "ASIASHELLKEY"
    pytest.shell_session = boto3.DEFAULT_SESSION

@pytest.mark.secretmock(region="eu-west-1")
def test_2_marked_starts_from_a_new_default_session(secretmock):
    assert boto3.DEFAULT_SESSION is None
    client = boto3.client("secretsmanager")
    assert boto3.DEFAULT_SESSION is not pytest.shell_session
    assert client.meta.region_name == "eu-west-1"
    # botocore's own default, whichever this botocore has (legacy before 1.36, then standard)
    default = botocore.session.get_session().create_client("secretsmanager")
    assert client.meta.config.retries == default.meta.config.retries != SHELL_RETRIES
    assert client._request_signer._credentials.access_key == "SECRETMOCKPLACEHOLDER"
    client.create_secret(Name="a", SecretString="x")
    secretmock.inject_error("GetSecretValue", "ThrottlingException", times=None)
    with pytest.raises(ClientError) as caught:
        client.get_secret_value(SecretId="a")
    retries = {"standard": 2, "legacy": 4}[client.meta.config.retries["mode"]]
    assert caught.value.response["ResponseMetadata"]["RetryAttempts"] == retries

@pytest.mark.secretmock
def test_3_marked_module_client_keeps_its_configuration(secretmock):
    assert MODULE_CLIENT.meta.config.retries == SHELL_RETRIES
    assert MODULE_CLIENT.list_secrets()["SecretList"] == []
    assert [call.operation for call in secretmock.calls] == ["ListSecrets"]

def test_4_unmarked_after_gets_the_shell_session_back():
    assert boto3.DEFAULT_SESSION is pytest.shell_session
    client = boto3.client("secretsmanager", region_name="us-east-1")
    assert client.meta.config.retries == SHELL_RETRIES
"""


def test_a_marked_test_does_not_see_the_default_session_boto3_made_before(inner, monkeypatch):
    import boto3

    # The inner run shares this process's boto3: start it without a default session, and put
    # this process's back afterwards.
    monkeypatch.setattr(boto3, "DEFAULT_SESSION", None)
    config = inner.path / "shell-config"
    config.write_text("[default]\nretry_mode = legacy\nmax_attempts = 7\n")
    credentials = inner.path / "shell-credentials"
    credentials.write_text(
        "[default]\naws_access_key_id = ASIASHELLKEY\naws_secret_access_key = shell-secret\n"
    )
    monkeypatch.setenv("AWS_CONFIG_FILE", str(config))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(credentials))
    inner.makepyfile(SHELL_CONFIG_TESTS)
    inner.runpytest(*QUIET).assert_outcomes(passed=4)


MOTO_SESSION_TESTS = """
import os

import boto3
import pytest


def test_1_unmarked(aws):
    boto3.client("s3", region_name="us-east-1").create_bucket(Bucket="first")


@pytest.mark.secretmock(region="eu-west-1")
def test_2_marked(aws, secretmock):
    # moto's fake keys, which its session fixture put in the environment, stay; the shell's
    # retry settings do not reach the test, and the conftest's endpoint URL stays.
    assert os.environ["AWS_ACCESS_KEY_ID"] == "FOOBARKEY"
    assert "AWS_RETRY_MODE" not in os.environ
    assert "AWS_MAX_ATTEMPTS" not in os.environ
    assert os.environ["AWS_ENDPOINT_URL_SQS"] == "http://localhost:9324"
    s3 = boto3.client("s3")
    s3.create_bucket(Bucket="reports", CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
    assert [bucket["Name"] for bucket in s3.list_buckets()["Buckets"]] == ["first", "reports"]
    secrets = boto3.client("secretsmanager")
    arn = secrets.create_secret(Name="n", SecretString="v")["ARN"]
    assert arn.startswith("arn:aws:secretsmanager:eu-west-1:123456789012:secret:n-")
    assert [call.operation for call in secretmock.calls] == ["CreateSecret"]


def test_3_after():
    assert os.environ["AWS_RETRY_MODE"] == "legacy"
    assert os.environ["AWS_MAX_ATTEMPTS"] == "7"
"""


def test_a_marked_test_keeps_the_aws_variables_the_test_suite_set(inner, monkeypatch):
    # The shell's variables are those pytest started with; a conftest.py or a session fixture
    # (moto's, here) set the others, which a marked test keeps.
    pytest.importorskip("moto", reason="needs moto")
    monkeypatch.setenv("AWS_RETRY_MODE", "legacy")
    monkeypatch.setenv("AWS_MAX_ATTEMPTS", "7")
    inner.makeconftest(
        """
        import os

        import pytest
        from moto import mock_aws

        os.environ["AWS_ENDPOINT_URL_SQS"] = "http://localhost:9324"

        @pytest.fixture(scope="session")
        def aws():
            with mock_aws():
                yield
        """
    )
    inner.makepyfile(MOTO_SESSION_TESTS)
    inner.runpytest_subprocess(*QUIET).assert_outcomes(passed=3)


def test_a_marked_test_keeps_what_a_plugin_set_from_the_ini_file_whatever_the_plugin_order(inner):
    # pytest-env and pytest-dotenv set variables in pytest_load_initial_conftests, tryfirst: a
    # plugin registered after secretmock's runs first, and its variables are not the shell's.
    inner.makepyfile(
        env_from_ini="""
        import os

        import pytest

        @pytest.hookimpl(tryfirst=True)
        def pytest_load_initial_conftests(early_config):
            os.environ["AWS_ACCESS_KEY_ID"] = "testing"
            os.environ["AWS_SECRET_ACCESS_KEY"] = "testing"
        """,
        test_env="""
        import os

        import pytest

        @pytest.mark.secretmock
        def test_keeps_them():
            assert os.environ["AWS_ACCESS_KEY_ID"] == "testing"
        """,
    )
    order = ("-p", "no:secretmock", "-p", "secretmock.pytest_plugin", "-p", "env_from_ini")
    inner.runpytest_subprocess(*QUIET, *order).assert_outcomes(passed=1)
