"""The pytest plugin: a ``secretmock`` fixture and a ``secretmock`` marker for its options.

Registered through the ``pytest11`` entry point, so pytest imports it (and with it the botocore
hook) before any conftest or test module: clients the code under test creates at import time
are covered too. Run with ``-p secretmock.pytest_plugin`` when plugin autoloading is disabled.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest

from secretmock._mock import SecretsManagerMock

MARKER_HELP = (
    "secretmock(region='us-east-1', account_id='123456789012', seed=None, clock=None, "
    "rotation_functions=None): "
    "options of the secretmock fixture, which the marker also requests"
)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", MARKER_HELP)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if item.get_closest_marker("secretmock") is not None:
            fixturenames: list[str] | None = getattr(item, "fixturenames", None)
            if fixturenames is not None and "secretmock" not in fixturenames:
                fixturenames.append("secretmock")


@pytest.fixture
def secretmock(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> Iterator[SecretsManagerMock]:
    """An active :class:`~secretmock.SecretsManagerMock` for the test, empty at the start.

    It also switches off botocore's instance-metadata credential probe and sets
    ``AWS_DEFAULT_REGION`` to the mock's region when the environment names no region.
    """
    options: dict[str, Any] = {}
    # iter_markers yields the closest marker first: apply the farthest first so the closest wins.
    for marker in reversed(list(request.node.iter_markers("secretmock"))):
        if marker.args:
            pytest.fail(f"the secretmock marker takes keyword arguments only: {marker.args!r}")
        options.update(marker.kwargs)
    try:
        mock = SecretsManagerMock(**options)
    except TypeError as error:
        pytest.fail(f"invalid secretmock marker option: {error}. Options: {MARKER_HELP}")
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    if not (os.environ.get("AWS_DEFAULT_REGION") or os.environ.get("AWS_REGION")):
        monkeypatch.setenv("AWS_DEFAULT_REGION", mock.region)
    with mock:
        yield mock
