"""Credentials minted for a principal: which caller they stand for, with boto3, aiobotocore and
inside rotation functions."""

from __future__ import annotations

import asyncio
import re
from typing import Any

import boto3
import pytest

from secretmock import mock_secrets
from secretmock.errors import SecretMockError
from tests.accounts.support import (
    REGION,
    A,
    B,
    client_of,
    denied,
    denied_explicitly,
    policy,
    shared_key,
    statement,
)
from tests.assertions import raises_aws

LONG_TERM = re.compile(r"AKIA[A-Z2-7]{16}")
TEMPORARY = re.compile(r"ASIA[A-Z2-7]{16}")


@pytest.mark.parametrize(
    ("principal", "caller", "key"),
    [
        (B, f"arn:aws:iam::{B}:root", LONG_TERM),
        (f"arn:aws:iam::{B}:root", f"arn:aws:iam::{B}:root", LONG_TERM),
        (f"arn:aws:iam::{B}:user/ops/alice", f"arn:aws:iam::{B}:user/ops/alice", LONG_TERM),
        (f"arn:aws:iam::{B}:role/app", f"arn:aws:sts::{B}:assumed-role/app/secretmock", TEMPORARY),
        (
            f"arn:aws:sts::{B}:assumed-role/app/job-7",
            f"arn:aws:sts::{B}:assumed-role/app/job-7",
            TEMPORARY,
        ),
        (
            f"arn:aws:sts::{B}:federated-user/bob",
            f"arn:aws:sts::{B}:federated-user/bob",
            TEMPORARY,
        ),
    ],
)
def test_minted_credentials_act_as_their_principal(principal, caller, key):
    with mock_secrets(account_id=A, region=REGION) as sm:
        arn = client_of(A).create_secret(Name="s", SecretString="v")["ARN"]
        creds = sm.credentials_for(principal)

        assert key.fullmatch(creds.access_key_id)
        assert len(creds.secret_access_key) == 40
        assert (creds.session_token is not None) == (key is TEMPORARY)
        assert creds.arn == caller
        # The caller is named in AWS's refusal, from boto3's keyword arguments or .client().
        # boto3-stubs type every keyword of boto3.client, so a Mapping[str, str] needs the ignore.
        keyword = boto3.client("secretsmanager", region_name=REGION, **creds)  # type: ignore[call-overload]
        for client in (keyword, creds.client()):
            with raises_aws("AccessDeniedException", denied(caller, "GetSecretValue", arn)):
                client.get_secret_value(SecretId=arn)


def test_a_role_session_is_named_and_the_same_principal_gets_the_same_keys():
    with mock_secrets(account_id=A, region=REGION) as sm:
        role = f"arn:aws:iam::{B}:role/path/app"
        job = sm.credentials_for(role, session_name="job")
        assert job.arn == f"arn:aws:sts::{B}:assumed-role/app/job"
        assert sm.credentials_for(role, session_name="job") == job
        assert sm.credentials_for(role).access_key_id != job.access_key_id
        assert dict(job) == {
            "aws_access_key_id": job.access_key_id,
            "aws_secret_access_key": job.secret_access_key,
            "aws_session_token": job.session_token,
        }
        assert set(sm.credentials_for(B)) == {"aws_access_key_id", "aws_secret_access_key"}


def test_minted_credentials_outlive_a_reset():
    with mock_secrets(account_id=A, region=REGION) as sm:
        creds = sm.credentials_for(f"arn:aws:iam::{B}:user/alice")
        sm.reset()
        arn = creds.client().create_secret(Name="mine", SecretString="v")["ARN"]
        assert arn.split(":")[4] == B


@pytest.mark.parametrize(
    "principal",
    ["arn:aws:s3:::bucket", "12345", "arn:aws:iam::111122223333:group/admins", ""],
)
def test_a_principal_that_is_no_caller_is_refused(principal):
    with mock_secrets(account_id=A) as sm, pytest.raises(SecretMockError, match="cannot mint"):
        sm.credentials_for(principal)


def test_a_policy_names_a_role_and_its_sessions_by_the_roles_arn():
    with mock_secrets(account_id=A, region=REGION) as sm:
        role = f"arn:aws:iam::{B}:role/reader"
        arn = client_of(A).create_secret(Name="s", SecretString="v")["ARN"]
        allow = statement(Principal={"AWS": role}, Action="secretsmanager:DescribeSecret")
        client_of(A).put_resource_policy(SecretId=arn, ResourcePolicy=policy(allow))

        reader = sm.credentials_for(role, session_name="ci").client()
        assert reader.describe_secret(SecretId=arn)["ARN"] == arn
        other = sm.credentials_for(f"arn:aws:iam::{B}:role/writer")
        with raises_aws("AccessDeniedException", denied(other.arn, "DescribeSecret", arn)):
            other.client().describe_secret(SecretId=arn)


def test_aiobotocore_clients_take_minted_credentials():
    session = pytest.importorskip("aiobotocore.session", reason="needs aiobotocore")

    async def run(creds: Any, arn: str) -> dict[str, Any]:
        async with session.get_session().create_client(
            "secretsmanager", region_name=REGION, **creds
        ) as client:
            return await client.get_secret_value(SecretId=arn)  # type: ignore[no-any-return]

    with mock_secrets(account_id=A, region=REGION) as sm:
        a = client_of(A)
        arn = a.create_secret(Name="s", SecretString="v", KmsKeyId=shared_key(sm))["ARN"]
        reader = f"arn:aws:iam::{B}:role/reader"
        allow = statement(Principal={"AWS": reader}, Action="secretsmanager:GetSecretValue")
        a.put_resource_policy(SecretId=arn, ResourcePolicy=policy(allow))

        assert asyncio.run(run(sm.credentials_for(reader), arn))["SecretString"] == "v"
        stranger = sm.credentials_for(f"arn:aws:iam::{B}:user/mallory")
        with raises_aws("AccessDeniedException", denied(stranger.arn, "GetSecretValue", arn)):
            asyncio.run(run(stranger, arn))


def test_a_rotation_functions_default_clients_act_as_its_execution_role():
    seen: list[str] = []

    def handler(event: dict[str, Any], context: Any) -> None:
        client = boto3.client("secretsmanager", region_name=REGION)
        try:
            client.describe_secret(SecretId=event["SecretId"])
        except client.exceptions.ClientError as error:
            seen.append(error.response["Error"]["Message"])
            raise

    with mock_secrets(account_id=A, region=REGION) as sm:
        function = sm.register_rotation_function("rotator", handler)
        a = client_of(A)
        arn = a.create_secret(Name="s", SecretString="v")["ARN"]
        role = f"arn:aws:sts::{A}:assumed-role/rotator-role/rotator"
        deny = statement(
            Effect="Deny",
            Principal={"AWS": f"arn:aws:iam::{A}:role/rotator-role"},
            Action="secretsmanager:DescribeSecret",
        )
        a.put_resource_policy(SecretId=arn, ResourcePolicy=policy(deny))

        a.rotate_secret(SecretId=arn, RotationLambdaARN=function.arn)

        assert seen == [denied_explicitly(role, "DescribeSecret", arn)]
        # Outside the handler, the same default client acts as the mock's account root again.
        assert boto3.client("secretsmanager", region_name=REGION).describe_secret(SecretId=arn)


def test_a_rotation_function_can_act_as_any_principal_with_minted_credentials():
    names: list[str] = []

    with mock_secrets(account_id=A, region=REGION) as sm:
        creds = sm.credentials_for(f"arn:aws:iam::{B}:role/rotation")

        def handler(event: dict[str, Any], context: Any) -> None:
            if event["Step"] == "createSecret":
                described = creds.client().describe_secret(SecretId=event["SecretId"])
                names.append(described["Name"])
            raise RuntimeError("stop after the first step")

        function = sm.register_rotation_function("rotator", handler)
        a = client_of(A)
        arn = a.create_secret(Name="s", SecretString="v")["ARN"]
        a.put_resource_policy(SecretId=arn, ResourcePolicy=policy(statement()))

        a.rotate_secret(SecretId=arn, RotationLambdaARN=function.arn)

        assert names == ["s"]
        assert sm.rotations[-1].failed_step == "createSecret"
