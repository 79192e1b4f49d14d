"""The pytest plugin: a ``secretmock`` fixture, a ``secretmock`` marker for its options, and an
opt-in guard against calls made while no mock is active.

Registered through the ``pytest11`` entry point, so pytest imports it (and with it the botocore
hook) before any conftest or test module: clients the code under test creates at import time
are covered too. Run with ``-p secretmock.pytest_plugin`` when plugin autoloading is disabled.
"""

from __future__ import annotations

import inspect
import os
from collections.abc import Generator, Iterator
from typing import TYPE_CHECKING, Any

import pytest

from secretmock import _client_settings, _guard
from secretmock._mock import SecretsManagerMock, decorating_mock
from secretmock.errors import SecretMockError

if TYPE_CHECKING:
    from secretmock._server.server import SecretsManagerServer

MARKER_HELP = (
    "secretmock(region='us-east-1', account_id='123456789012', seed=None, clock=None, "
    "rotation_functions=None): "
    "options of the secretmock fixture, which the marker also requests"
)


GUARD_HELP = (
    "fail any Secrets Manager call bound for AWS made while no secretmock is active, instead "
    "of sending it (calls to other endpoints, such as a secretmock server, are sent)"
)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--secretmock-guard", action="store_true", default=None, help=GUARD_HELP)
    parser.addini("secretmock_guard", GUARD_HELP, type="bool", default=False)


# The AWS_* variables pytest started with: the shell's, which a marked test runs without.
_SHELL = pytest.StashKey[dict[str, str]]()


@pytest.hookimpl(wrapper=True)
def pytest_load_initial_conftests(early_config: pytest.Config) -> Generator[None, None, None]:
    # Called before any conftest.py is imported, for a plugin loaded by its entry point or -p;
    # as a wrapper, before the plugins that set variables in this same hook (pytest-env's and
    # pytest-dotenv's, from the ini file) whatever the order plugins were loaded in.
    early_config.stash[_SHELL] = _aws_variables()
    yield


def _aws_variables() -> dict[str, str]:
    return {name: value for name, value in os.environ.items() if name.startswith("AWS_")}


def pytest_configure(config: pytest.Config) -> None:
    # A plugin registered later (``pytest_plugins`` in a conftest.py) misses the hook above.
    config.stash.setdefault(_SHELL, _aws_variables())
    config.addinivalue_line("markers", MARKER_HELP)
    if config.getoption("secretmock_guard") or config.getini("secretmock_guard"):
        _guard.turn_on()


def pytest_unconfigure(config: pytest.Config) -> None:
    _guard.turn_off()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # A marked test gets the fixture as its first one: every other fixture's setup runs inside
    # the mock.
    for item in items:
        if item.get_closest_marker("secretmock") is not None:
            fixturenames: list[str] | None = getattr(item, "fixturenames", None)
            if fixturenames is not None:
                if "secretmock" in fixturenames:
                    fixturenames.remove("secretmock")
                fixturenames.insert(0, "secretmock")


@pytest.fixture
def secretmock(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> Iterator[SecretsManagerMock]:
    """An active :class:`~secretmock.SecretsManagerMock` for the test, empty at the start.

    A Secrets Manager client made in the test where botocore would find no region (and raise
    ``NoRegionError``) gets the mock's region; no environment variable changes. A test with the
    ``secretmock`` marker runs apart from the shell's AWS configuration: the ``AWS_*`` variables
    pytest started with are removed (those the test suite set since stay), the config and
    credentials files are empty, ``AWS_DEFAULT_REGION`` is the mock's region, and boto3's default
    session starts anew. Whatever it changes is restored after the test.
    """
    # A decorated test function (a plain class's decorator wraps each test method), or a test
    # of a decorated unittest.TestCase, whose setUp starts the decorator's mock.
    node = request.node
    if (
        decorating_mock(getattr(node, "obj", None)) is not None
        or decorating_mock(getattr(node, "cls", None)) is not None
    ):
        pytest.fail(
            f"{node.name} has both the secretmock fixture (or marker) and a @mock_secrets "
            "decorator: the decorator's mock would answer every call of the test body, and the "
            "fixture's mock (its calls, store() and options) would see none of them. Use one of "
            "the two.",
            pytrace=False,
        )
    mock = _mock_for(node)
    if node.get_closest_marker("secretmock") is not None:
        _isolate_from_the_shell(monkeypatch, mock.region, request.config.stash[_SHELL])
    with _client_settings.region_by_default(mock), mock:
        yield mock


@pytest.fixture
def secretmock_server(request: pytest.FixtureRequest) -> Iterator[SecretsManagerServer]:
    """A :class:`~secretmock.SecretsManagerServer` for the test, in a thread on a free port,
    empty at the start: give its ``endpoint_url`` to any client, in this process or another.

    It has the in-process mock's inspection and test-author API (``calls``, ``store()``,
    ``kms``, ``advance_time``, ``register_rotation_function``, ...). No in-process mock is
    active: a boto3 client with ``endpoint_url`` sends real HTTP requests to the server.
    """
    yield from _serve(request)


@pytest.fixture(scope="session")
def secretmock_server_session(request: pytest.FixtureRequest) -> Iterator[SecretsManagerServer]:
    """As ``secretmock_server``, one server for the whole test session: its state lasts from
    test to test (call ``reset()`` for a clean one)."""
    yield from _serve(request)


def _serve(request: pytest.FixtureRequest) -> Iterator[SecretsManagerServer]:
    if "secretmock" in getattr(request, "fixturenames", ()):
        pytest.fail(
            "a test cannot have both the secretmock fixture (or marker) and a secretmock "
            "server: the in-process mock would answer every call of the test, its clients' "
            "endpoint_url ones included, and the server would see none of them. Use one.",
            pytrace=False,
        )
    from secretmock._server.server import SecretsManagerServer

    with SecretsManagerServer(SecretsManagerMock(), port=0) as server:
        yield server


def _isolate_from_the_shell(
    monkeypatch: pytest.MonkeyPatch, region: str, shell: dict[str, str]
) -> None:
    """No AWS configuration of the shell but the mock's region: profiles, endpoint URLs, retry
    settings and credentials of the shell or of ~/.aws do not reach a marked test.

    The shell's are the ``AWS_*`` variables pytest started with. A variable set or changed since
    (by a conftest.py or a session fixture, such as moto's fake credentials) is the test suite's
    own, and stays. boto3's default session, once made, keeps the config file and the
    credentials it loaded: it is set aside for the test, so ``boto3.client(...)`` makes a new one
    from the isolated environment, and put back after the test (the one made during the test is
    dropped).
    """
    import boto3  # imported here: most test runs never need it

    for name, value in shell.items():
        if os.environ.get(name) == value:
            monkeypatch.delenv(name)
    for name in ("AWS_CONFIG_FILE", "AWS_SHARED_CREDENTIALS_FILE"):
        if os.environ.get(name) is None:
            monkeypatch.setenv(name, os.devnull)
    monkeypatch.setenv("AWS_DEFAULT_REGION", region)
    monkeypatch.setattr(boto3, "DEFAULT_SESSION", None)


def _mock_for(node: pytest.Item) -> SecretsManagerMock:
    """A mock with the options of the node's secretmock markers, the closest winning."""
    options: dict[str, Any] = {}
    # iter_markers yields the closest marker first: apply the farthest first so the closest wins.
    for marker in reversed(list(node.iter_markers("secretmock"))):
        if marker.args:
            pytest.fail(
                f"the secretmock marker takes keyword arguments only, not {marker.args!r}. "
                f"Options: {MARKER_HELP}",
                pytrace=False,
            )
        options.update(marker.kwargs)
    unknown = sorted(set(options) - _OPTIONS)
    if unknown:
        pytest.fail(
            f"unknown secretmock marker option {', '.join(map(repr, unknown))}. "
            f"Options: {MARKER_HELP}",
            pytrace=False,
        )
    try:
        return SecretsManagerMock(**options)
    except SecretMockError as error:
        pytest.fail(f"invalid secretmock marker option: {error}", pytrace=False)


# The marker takes exactly the mock's own options.
_OPTIONS = frozenset(inspect.signature(SecretsManagerMock).parameters)
