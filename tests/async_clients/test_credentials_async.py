"""aiobotocore clients made inside a mock: a profile's static keys act as their account, half a
pair of keys is botocore's error, the defaults mode "auto" asks no instance metadata, and the
fixture's region is given where none is found (the ``sent`` tripwire of conftest)."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import PartialCredentialsError

from secretmock import mock_secrets
from tests.async_clients.conftest import REGION

session_module = pytest.importorskip("aiobotocore.session", reason="needs aiobotocore")
config_module = pytest.importorskip("aiobotocore.config", reason="needs aiobotocore")
pytestmark = pytest.mark.asyncio

MOCK, OTHER = "111122223333", "777788889999"


async def account_of(session: Any, **options: Any) -> str:
    async with session.create_client("secretsmanager", **options) as client:
        arn: str = (await client.create_secret(Name="s", SecretString="v"))["ARN"]
    return arn.split(":")[4]


async def test_a_profiles_static_keys_act_as_their_account(sent, tmp_path):
    (tmp_path / "absent-credentials").write_text(
        f"[other]\naws_access_key_id = {OTHER}\naws_secret_access_key = s\n"
    )
    auto = config_module.AioConfig(defaults_mode="auto")
    async with mock_secrets(account_id=MOCK):
        session = session_module.AioSession(profile="other")
        assert await account_of(session, region_name=REGION, config=auto) == OTHER
        assert await account_of(session_module.get_session(), region_name=REGION) == MOCK
    assert sent == []


async def test_half_a_pair_of_keys_is_botocores_error(sent, monkeypatch):
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", OTHER)
    message = "^Partial credentials found in env, missing: AWS_SECRET_ACCESS_KEY$"
    async with mock_secrets():
        with pytest.raises(PartialCredentialsError, match=message):
            await account_of(session_module.get_session(), region_name=REGION)
    assert sent == []


async def test_the_fixture_gives_its_region(sent, secretmock):
    async with session_module.get_session().create_client("secretsmanager") as client:
        assert client.meta.region_name == secretmock.region
        await client.list_secrets()
    assert [call.operation for call in secretmock.calls] == ["ListSecrets"]
    assert sent == []
