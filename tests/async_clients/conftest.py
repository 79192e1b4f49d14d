"""The async suite: aiobotocore and aioboto3 clients, answered in-process like boto3's.

CI runs it in environments of its own (the newest aiobotocore; aioboto3 with the aiobotocore it
pins), since aiobotocore pins botocore below the newest. Where neither is installed, each module
skips.
"""

from __future__ import annotations

import importlib
import os
from typing import Any

import botocore.endpoint
import botocore.httpsession
import pytest

REGION = "us-east-1"


class Tripped(Exception):
    """Raised by the tripwire: something tried to send an HTTP request."""


@pytest.fixture
def sent(monkeypatch: pytest.MonkeyPatch, tmp_path: Any) -> list[str]:
    """No credentials anywhere (the region, which a marked test's fixture may have set before,
    stays), and every HTTP send of botocore and aiobotocore trips a wire.

    Returns the URLs something tried to send to.
    """
    for name in list(os.environ):
        if name.startswith("AWS_") and name != "AWS_DEFAULT_REGION":
            monkeypatch.delenv(name)
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "absent-config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "absent-credentials"))
    urls: list[str] = []

    def tripwire(self: Any, request: Any, *args: Any, **kwargs: Any) -> Any:
        urls.append(request.url)
        raise Tripped(request.url)

    async def async_tripwire(self: Any, request: Any, *args: Any, **kwargs: Any) -> Any:
        tripwire(self, request)

    monkeypatch.setattr(botocore.httpsession.URLLib3Session, "send", tripwire)
    monkeypatch.setattr(botocore.endpoint.Endpoint, "_send", tripwire)
    httpsession = importlib.import_module("aiobotocore.httpsession")
    endpoint = importlib.import_module("aiobotocore.endpoint")
    monkeypatch.setattr(httpsession.AIOHTTPSession, "send", async_tripwire)
    monkeypatch.setattr(endpoint.AioEndpoint, "_send", async_tripwire)
    return urls
