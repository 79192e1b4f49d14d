"""What botocore's after-call handlers see of a reply the mock answered."""

from __future__ import annotations

from typing import Any

import pytest

from tests.assertions import raises_aws

NOT_FOUND = "Secrets Manager can't find the specified secret."


def test_after_call_handlers_see_the_status_and_no_headers_url_or_body(secretmock, client):
    seen: list[Any] = []
    client.meta.events.register(
        "after-call.secrets-manager", lambda http_response, **_: seen.append(http_response)
    )
    client.create_secret(Name="seen", SecretString="v")
    with raises_aws("ResourceNotFoundException", NOT_FOUND):
        client.describe_secret(SecretId="missing")

    assert [(http.status_code, http.url, http.raw, dict(http.headers)) for http in seen] == [
        (200, None, None, {}),
        (400, None, None, {}),
    ]
    # The replies share their empty headers, so none can be changed for the others.
    with pytest.raises(TypeError, match="the headers of a secretmock reply cannot be changed"):
        seen[0].headers["x-added"] = "1"
    with pytest.raises(TypeError, match="the headers of a secretmock reply cannot be changed"):
        seen[1].headers.update({"x-added": "1"})
    assert dict(seen[1].headers) == {}
