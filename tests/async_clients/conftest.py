"""The async suite: aiobotocore and aioboto3 clients, answered in-process like boto3's.

CI runs it in environments of its own (the newest aiobotocore; aioboto3 with the aiobotocore it
pins), since aiobotocore pins botocore below the newest. Where neither is installed, each module
skips.
"""

from __future__ import annotations

import importlib
from typing import Any

import pytest

from tests.tripwire import trip_every_send

REGION = "us-east-1"


@pytest.fixture
def sent(monkeypatch: pytest.MonkeyPatch, tmp_path: Any) -> list[str]:
    """No credentials anywhere, and every HTTP send of botocore and aiobotocore trips a wire.

    Returns the URLs something tried to send to.
    """
    urls, tripwire = trip_every_send(monkeypatch, tmp_path)

    async def async_tripwire(self: Any, request: Any, *args: Any, **kwargs: Any) -> Any:
        tripwire(self, request)

    httpsession = importlib.import_module("aiobotocore.httpsession")
    endpoint = importlib.import_module("aiobotocore.endpoint")
    monkeypatch.setattr(httpsession.AIOHTTPSession, "send", async_tripwire)
    monkeypatch.setattr(endpoint.AioEndpoint, "_send", async_tripwire)
    return urls
