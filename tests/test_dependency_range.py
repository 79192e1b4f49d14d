"""The dependency range: secretmock installs beside any boto3 and botocore from 1.34.0 on, and CI
tests that lower end (aiobotocore and aioboto3 pin a botocore below the newest; lock files hold
older ones). The mock serves exactly what the installed botocore knows."""

from __future__ import annotations

import re
from pathlib import Path

import botocore
import pytest
from botocore.model import OperationNotFoundError

from tests.botocore_model import has

ROOT = Path(__file__).resolve().parent.parent
OLDEST = "1.34.0"


def test_the_declared_range_starts_at_the_oldest_tested_botocore():
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    dependencies = re.search(r"^dependencies = \[(.*?)^\]", pyproject, re.M | re.S)
    assert dependencies is not None
    declared = re.findall(r'"([^"]+)"', dependencies[1])
    assert f"botocore>={OLDEST}" in declared
    assert f"boto3>={OLDEST}" in declared
    # No upper bound: nothing known breaks with a newer botocore, and CI runs the newest.
    assert not any("<" in requirement for requirement in declared)


def test_ci_runs_the_suite_at_both_ends_and_the_async_suite():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert f"boto3=={OLDEST} botocore=={OLDEST}" in ci
    assert '".[test,docs]" aiobotocore\n' in ci
    assert '".[test]" aioboto3\n' in ci


@pytest.mark.skipif(
    has("ListResourcePolicies"),
    reason=f"botocore {botocore.__version__}'s model has every operation this test looks for",
)
def test_an_operation_the_installed_model_lacks_does_not_exist_for_the_client(client):
    assert not hasattr(client, "list_resource_policies")
    with pytest.raises(OperationNotFoundError):
        client._make_api_call("ListResourcePolicies", {"SecretId": "s"})


POLICY = (
    '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":'
    '"arn:aws:iam::123456789012:root"},"Action":"secretsmanager:GetSecretValue","Resource":"*"}]}'
)


def test_replies_hold_exactly_the_members_the_installed_model_has(client, secretmock):
    # A secret with a Type, which a client of an older botocore cannot even send: seeded directly.
    client.create_secret(Name="s", SecretString="v")
    secretmock.store().by_name("s").secret_type = "partner"
    client.put_resource_policy(SecretId="s", ResourcePolicy=POLICY)

    described = client.describe_secret(SecretId="s")
    listed = client.list_secrets()["SecretList"]
    policy = client.get_resource_policy(SecretId="s")

    newest = has("DescribeSecret", "Type")
    assert ("Type" in described, [("Type" in entry) for entry in listed]) == (newest, [newest])
    assert ("PolicyName" in policy) == has("GetResourcePolicy", "PolicyName")
