"""The pytest guard with aiobotocore clients: a call no mock answers is refused, per task."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import pytest
from botocore.awsrequest import AWSPreparedRequest

from secretmock import UnmockedCallError
from tests.async_clients.conftest import REGION
from tests.tripwire import guarded

get_session = pytest.importorskip("aiobotocore.session", reason="needs aiobotocore").get_session
AioAWSResponse = pytest.importorskip("aiobotocore.awsrequest").AioAWSResponse
pytestmark = pytest.mark.asyncio


@pytest.fixture
def guard() -> Iterator[None]:
    with guarded():
        yield


class _Body:
    async def read(self) -> bytes:
        return b'{"SecretList":[]}'


def _answer(request: AWSPreparedRequest, **_: Any) -> Any:
    return AioAWSResponse(request.url, 200, {"content-length": "17"}, _Body())


async def test_a_call_no_handler_answers_is_refused_and_one_answered_is_not(guard, sent):
    session = get_session()
    async with (
        session.create_client("secretsmanager", region_name=REGION) as refused,
        session.create_client("secretsmanager", region_name=REGION) as answered,
    ):
        answered.meta.events.register("before-send", _answer)
        # Both calls in flight at once, each in its own task.
        results = await asyncio.gather(
            refused.list_secrets(), answered.list_secrets(), return_exceptions=True
        )
    error, listed = results
    assert isinstance(error, UnmockedCallError)
    assert str(error).startswith(
        "Secrets Manager ListSecrets (in us-east-1) was called while no secretmock is active; "
        "the secretmock guard stopped it from going to AWS."
    )
    assert isinstance(listed, dict)
    assert listed["SecretList"] == []
    assert sent == []
