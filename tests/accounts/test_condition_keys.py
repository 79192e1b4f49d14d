"""The condition keys real requests carry, seen through a resource policy's conditions.

Each case allows B one action only under a condition; a request that meets it goes through, one
that does not is refused with AWS's message. The keys per action are those of the Service
Authorization Reference for Secrets Manager [DOC].
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

import pytest

from secretmock import FixedClock, mock_secrets
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

B_ROOT = f"arn:aws:iam::{B}:root"
START = datetime(2026, 6, 1, 12, 0, tzinfo=timezone.utc)

# A call: the client method and its members besides SecretId; None where a case has none.
Call = tuple[str, dict[str, Any]] | None
# (action, condition, the call that meets it, the call that does not).
CASES: dict[str, tuple[str, dict[str, Any], Call, Call]] = {
    "secretsmanager:VersionStage": (
        "GetSecretValue",
        {"StringEquals": {"secretsmanager:VersionStage": "AWSCURRENT"}},
        ("get_secret_value", {"VersionStage": "AWSCURRENT"}),
        # The key is absent when the request names no stage [USER boto/boto3#2957].
        ("get_secret_value", {}),
    ),
    "secretsmanager:VersionId": (
        "GetSecretValue",
        {"StringEquals": {"secretsmanager:VersionId": "v-1-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"}},
        ("get_secret_value", {"VersionId": "v-1-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"}),
        ("get_secret_value", {"VersionStage": "AWSCURRENT"}),
    ),
    "secretsmanager:ResourceTag": (
        "DescribeSecret",
        {"StringEquals": {"secretsmanager:ResourceTag/team": "payments"}},
        ("describe_secret", {}),
        None,  # the secret carries the tag: see the aws:ResourceTag case for a miss
    ),
    "aws:ResourceTag": (
        "DescribeSecret",
        {"StringEquals": {"aws:ResourceTag/team": "search"}},
        None,
        ("describe_secret", {}),
    ),
    "aws:RequestTag and aws:TagKeys": (
        "TagResource",
        {
            "StringEquals": {"aws:RequestTag/owner": "b"},
            "ForAllValues:StringEquals": {"aws:TagKeys": ["owner"]},
        },
        ("tag_resource", {"Tags": [{"Key": "owner", "Value": "b"}]}),
        ("tag_resource", {"Tags": [{"Key": "owner", "Value": "b"}, {"Key": "x", "Value": ""}]}),
    ),
    "aws:TagKeys on UntagResource": (
        "UntagResource",
        {"ForAllValues:StringLike": {"aws:TagKeys": ["tmp-*"]}},
        ("untag_resource", {"TagKeys": ["tmp-1", "tmp-2"]}),
        ("untag_resource", {"TagKeys": ["team"]}),
    ),
    "secretsmanager:SecretId": (
        "DescribeSecret",
        {"ArnLike": {"secretsmanager:SecretId": f"arn:aws:secretsmanager:*:{A}:secret:app-*"}},
        ("describe_secret", {}),
        None,
    ),
    "secretsmanager:Description": (
        "UpdateSecret",
        {"StringLike": {"secretsmanager:Description": "b: *"}},
        ("update_secret", {"Description": "b: rotated"}),
        ("update_secret", {"Description": "rotated"}),
    ),
    "secretsmanager:ForceDeleteWithoutRecovery": (
        "DeleteSecret",
        {"Bool": {"secretsmanager:ForceDeleteWithoutRecovery": "false"}},
        ("delete_secret", {"RecoveryWindowInDays": 7}),
        ("delete_secret", {"ForceDeleteWithoutRecovery": True}),
    ),
    "secretsmanager:RecoveryWindowInDays": (
        "DeleteSecret",
        {"NumericGreaterThanEquals": {"secretsmanager:RecoveryWindowInDays": 14}},
        ("delete_secret", {}),  # 30 days when the request gives none
        ("delete_secret", {"RecoveryWindowInDays": 7}),
    ),
    "secretsmanager:BlockPublicPolicy": (
        "PutResourcePolicy",
        {"Bool": {"secretsmanager:BlockPublicPolicy": "true"}},
        ("put_resource_policy", {"ResourcePolicy": "POLICY", "BlockPublicPolicy": True}),
        ("put_resource_policy", {"ResourcePolicy": "POLICY"}),
    ),
    "aws:PrincipalAccount": (
        "GetResourcePolicy",
        {"StringEquals": {"aws:PrincipalAccount": B}},
        ("get_resource_policy", {}),
        None,
    ),
}


@pytest.mark.parametrize("case", CASES, ids=str)
def test_a_condition_reads_the_key_the_request_carries(case):
    action, condition, meets, misses = CASES[case]
    with mock_secrets(account_id=A, region=REGION) as sm:
        a, b = client_of(A), client_of(B)
        arn = a.create_secret(
            Name="app",
            SecretString="v",
            KmsKeyId=shared_key(sm),
            ClientRequestToken="v-1-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
            Tags=[{"Key": "team", "Value": "payments"}],
        )["ARN"]
        document = policy(
            statement(Action=f"secretsmanager:{action}", Condition=condition),
            # B may always read the policy back, so PutResourcePolicy can keep it in force.
            statement(Sid="Read", Action="secretsmanager:GetResourcePolicy"),
        )
        a.put_resource_policy(SecretId=arn, ResourcePolicy=document)

        def call(method: str, members: dict[str, Any]) -> Any:
            if members.get("ResourcePolicy") == "POLICY":
                members = {**members, "ResourcePolicy": document}
            return getattr(b, method)(SecretId=arn, **members)

        if misses is not None:
            with raises_aws("AccessDeniedException", denied(B_ROOT, action, arn)):
                call(*misses)
        if meets is not None:
            assert call(*meets)["ResponseMetadata"]["HTTPStatusCode"] == 200


def test_aws_current_time_is_the_mocks_clock():
    clock = FixedClock(START)
    with mock_secrets(account_id=A, region=REGION, clock=clock) as sm:
        a, b = client_of(A), client_of(B)
        arn = a.create_secret(Name="app", SecretString="v")["ARN"]
        until = (START + timedelta(hours=1)).isoformat().replace("+00:00", "Z")
        allow = statement(
            Action="secretsmanager:DescribeSecret",
            Condition={"DateLessThan": {"aws:CurrentTime": until}},
        )
        a.put_resource_policy(SecretId=arn, ResourcePolicy=policy(allow))

        assert b.describe_secret(SecretId=arn)["ARN"] == arn
        sm.advance_time(timedelta(hours=2))
        with raises_aws("AccessDeniedException", denied(B_ROOT, "DescribeSecret", arn)):
            b.describe_secret(SecretId=arn)


def test_principal_keys_of_a_minted_user_and_role_session():
    with mock_secrets(account_id=A, region=REGION) as sm:
        a = client_of(A)
        arn = a.create_secret(Name="app", SecretString="v")["ARN"]
        deny = statement(
            Effect="Deny",
            Principal="*",
            Action="secretsmanager:DescribeSecret",
            Condition={
                "StringNotLike": {"aws:PrincipalArn": f"arn:aws:iam::{B}:role/ci-*"},
                "StringNotEquals": {"aws:username": "alice"},
            },
        )
        allow = statement(Sid="B", Action="secretsmanager:DescribeSecret")
        a.put_resource_policy(SecretId=arn, ResourcePolicy=policy(deny, allow))

        ci = sm.credentials_for(f"arn:aws:iam::{B}:role/ci-deploy", session_name="run-1")
        alice = sm.credentials_for(f"arn:aws:iam::{B}:user/alice")
        bob = sm.credentials_for(f"arn:aws:iam::{B}:user/bob")
        assert ci.client().describe_secret(SecretId=arn)["ARN"] == arn
        assert alice.client().describe_secret(SecretId=arn)["ARN"] == arn
        with raises_aws("AccessDeniedException", denied_explicitly(bob.arn, "DescribeSecret", arn)):
            bob.client().describe_secret(SecretId=arn)
        # The owner's root is neither, and the deny binds it too.
        with raises_aws(
            "AccessDeniedException",
            denied_explicitly(f"arn:aws:iam::{A}:root", "DescribeSecret", "app"),
        ):
            a.describe_secret(SecretId="app")


def test_rotate_secret_carries_its_function_and_whether_it_rotates_now():
    with mock_secrets(account_id=A, region=REGION) as sm:
        function = sm.register_rotation_function(
            f"arn:aws:lambda:{REGION}:{A}:function:rotator", lambda event, context: None
        )
        a, b = client_of(A), client_of(B)
        arn = a.create_secret(Name="app", SecretString="v", KmsKeyId=shared_key(sm))["ARN"]
        allow = statement(
            Action="secretsmanager:RotateSecret",
            Condition={
                "ArnEquals": {"secretsmanager:RotationLambdaARN": function.arn},
                "Bool": {"secretsmanager:RotateImmediately": "false"},
            },
        )
        a.put_resource_policy(SecretId=arn, ResourcePolicy=policy(allow))
        rules = {"AutomaticallyAfterDays": 30}

        with raises_aws("AccessDeniedException", denied(B_ROOT, "RotateSecret", arn)):
            b.rotate_secret(SecretId=arn, RotationLambdaARN=function.arn, RotationRules=rules)
        b.rotate_secret(
            SecretId=arn,
            RotationLambdaARN=function.arn,
            RotationRules=rules,
            RotateImmediately=False,
        )
        assert a.describe_secret(SecretId="app")["RotationEnabled"] is True
