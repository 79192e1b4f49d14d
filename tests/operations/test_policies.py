"""The resource-policy operations through boto3: Put, Get, Delete, Validate, List."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import asdict
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest

from secretmock import SecretsManagerMock
from secretmock._clock import to_datetime
from tests.assertions import raises_aws
from tests.botocore_model import has, needs, policy_name
from tests.operations.support import ACCOUNT_ROOT, statement

START = datetime(2026, 3, 4, 5, 6, 7, 123000, tzinfo=timezone.utc)
MARKED_FOR_DELETION = (
    "You can't perform this operation on the secret because it was marked for deletion."
)
NOT_FOUND = "Secrets Manager can't find the specified secret."
INVALID_SYNTAX = "This resource policy contains a syntax error."
UNSUPPORTED_PRINCIPAL = "This resource policy contains an unsupported principal."
ONLY_DEFAULT = "You can only modify the resource policy named default."
PUBLIC_POLICY = (
    "The BlockPublicPolicy parameter is set to true, and the resource policy did not prevent "
    "broad access to the secret."
)

pytestmark = pytest.mark.secretmock(clock=START)


def at(seconds: float = 0) -> datetime:
    return to_datetime((START + timedelta(seconds=seconds)).timestamp())


def reply(response: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in response.items() if key != "ResponseMetadata"}


def snapshot(mock: SecretsManagerMock) -> list[dict[str, Any]]:
    return [asdict(secret) for secret in mock.store().secrets()]


def policy(*statements: dict[str, Any], version: str | None = "2012-10-17") -> str:
    document: dict[str, Any] = {} if version is None else {"Version": version}
    document["Statement"] = list(statements) or [statement()]
    return json.dumps(document)


# As the AWS documentation writes it: the text comes back exactly as it was put.
DOCUMENTED = (
    '{\n"Version":"2012-10-17",\n"Statement":[{\n"Effect":"Allow",\n"Principal":{\n'
    '"AWS":"arn:aws:iam::123456789012:root"\n},\n"Action":"secretsmanager:GetSecretValue",\n'
    '"Resource":"*"\n}]\n}'
)


def test_put_get_and_delete_a_policy(client, secretmock):
    arn = client.create_secret(Name="app")["ARN"]
    identity = {"ARN": arn, "Name": "app", **policy_name()}

    assert reply(client.get_resource_policy(SecretId="app")) == identity
    secretmock.advance_time(5)
    assert reply(client.put_resource_policy(SecretId="app", ResourcePolicy=DOCUMENTED)) == identity
    assert reply(client.get_resource_policy(SecretId="app")) == {
        **identity,
        "ResourcePolicy": DOCUMENTED,
    }
    assert client.describe_secret(SecretId="app")["LastChangedDate"] == at(5)
    secretmock.advance_time(5)
    assert reply(client.delete_resource_policy(SecretId="app")) == identity
    assert reply(client.get_resource_policy(SecretId="app")) == identity
    assert client.describe_secret(SecretId="app")["LastChangedDate"] == at(10)


@needs("GetResourcePolicy", "PolicyName")
def test_a_new_policy_replaces_the_old_one(client):
    client.create_secret(Name="app")
    client.put_resource_policy(SecretId="app", ResourcePolicy=DOCUMENTED)
    second = policy(statement(Action=["secretsmanager:DescribeSecret"]))

    client.put_resource_policy(SecretId="app", ResourcePolicy=second, PolicyName="default")

    assert client.get_resource_policy(SecretId="app", PolicyName="default")["ResourcePolicy"] == (
        second
    )


def test_deleting_when_there_is_no_policy_changes_nothing(client, secretmock):
    client.create_secret(Name="app")
    before = snapshot(secretmock)

    client.delete_resource_policy(SecretId="app")

    assert snapshot(secretmock) == before


def test_policies_by_arn_and_partial_arn(client):
    arn = client.create_secret(Name="app")["ARN"]

    client.put_resource_policy(SecretId=arn[:-7], ResourcePolicy=DOCUMENTED)

    assert client.get_resource_policy(SecretId=arn)["ResourcePolicy"] == DOCUMENTED


@needs("GetResourcePolicy", "PolicyName")
@pytest.mark.parametrize("name", ["other", "Default", "default2"])
def test_only_the_default_policy_can_be_put_or_deleted(client, secretmock, name):
    client.create_secret(Name="app")
    client.put_resource_policy(SecretId="app", ResourcePolicy=DOCUMENTED)
    before = snapshot(secretmock)

    with raises_aws("InvalidParameterException", ONLY_DEFAULT):
        client.put_resource_policy(SecretId="app", ResourcePolicy=DOCUMENTED, PolicyName=name)
    with raises_aws("InvalidParameterException", ONLY_DEFAULT):
        client.delete_resource_policy(SecretId="app", PolicyName=name)
    with raises_aws(
        "ResourceNotFoundException", "Secrets Manager can't find the specified resource policy."
    ):
        client.get_resource_policy(SecretId="app", PolicyName=name)

    assert snapshot(secretmock) == before


@needs("GetResourcePolicy", "PolicyName")
def test_policy_name_constraints(client):
    client.create_secret(Name="app")
    long_name = "p" * 65
    pattern = r"[0-9A-Za-z\-\_]+"

    with raises_aws(
        "ValidationException",
        f"1 validation error detected: Value '{long_name}' at 'policyName' failed to satisfy "
        "constraint: Member must have length less than or equal to 64",
    ):
        client.get_resource_policy(SecretId="app", PolicyName=long_name)
    with raises_aws(
        "ValidationException",
        "1 validation error detected: Value 'no spaces' at 'policyName' failed to satisfy "
        f"constraint: Member must satisfy regular expression pattern: {pattern}",
    ):
        client.delete_resource_policy(SecretId="app", PolicyName="no spaces")


def test_the_policy_size_limit_is_20480_characters(client, secretmock):
    client.create_secret(Name="app")
    padding = 20480 - len(policy(statement(Sid="")))
    largest = policy(statement(Sid="s" * padding))
    assert len(largest) == 20480

    client.put_resource_policy(SecretId="app", ResourcePolicy=largest)
    before = snapshot(secretmock)
    too_large = policy(statement(Sid="s" * (padding + 1)))

    with raises_aws(
        "ValidationException",
        f"1 validation error detected: Value '{too_large}' at 'resourcePolicy' failed to "
        "satisfy constraint: Member must have length less than or equal to 20480",
    ):
        client.put_resource_policy(SecretId="app", ResourcePolicy=too_large)
    assert snapshot(secretmock) == before


MALFORMED = {
    "not JSON": "{'Version': '2012-10-17'",
    "a JSON list": "[]",
    "a JSON string": '"policy"',
    "NaN": '{"Version": NaN, "Statement": []}',
    "unknown Version": policy(version="2019-10-19"),
    "Version not a string": json.dumps({"Version": 2012, "Statement": [statement()]}),
    "unknown top-level element": json.dumps({"Statement": [statement()], "Extra": 1}),
    "no Statement": json.dumps({"Version": "2012-10-17"}),
    "empty Statement": json.dumps({"Statement": []}),
    "Statement a string": json.dumps({"Statement": "Allow everything"}),
    "Id not a string": json.dumps({"Id": 1, "Statement": [statement()]}),
    "no Effect": policy(statement(Effect=None)),
    "Effect lower case": policy(statement(Effect="allow")),
    "unknown statement element": policy(statement(Extra="x")),
    "no Principal": policy(statement(Principal=None)),
    "Principal and NotPrincipal": policy(statement(NotPrincipal={"AWS": ACCOUNT_ROOT})),
    "empty Principal": policy(statement(Principal={})),
    "no Action": policy(statement(Action=None)),
    "Action and NotAction": policy(statement(NotAction="secretsmanager:*")),
    "Action without a service": policy(statement(Action="GetSecretValue")),
    "empty Action list": policy(statement(Action=[])),
    "Action not a string": policy(statement(Action=[1])),
    "no Resource": policy(statement(Resource=None)),
    "Resource not an ARN": policy(statement(Resource="my-secret")),
    "Condition not an object": policy(statement(Condition="yes")),
    "unknown condition operator": policy(
        statement(Condition={"StringMatches": {"aws:SourceAccount": "123456789012"}})
    ),
    "condition values not an object": policy(statement(Condition={"StringEquals": "x"})),
    "duplicate Sid": policy(statement(Sid="same"), statement(Sid="same")),
    "Sid not a string": policy(statement(Sid=1)),
}


@pytest.mark.parametrize("document", MALFORMED.values(), ids=MALFORMED.keys())
def test_a_malformed_policy_is_refused(client, secretmock, document):
    client.create_secret(Name="app")
    client.put_resource_policy(SecretId="app", ResourcePolicy=DOCUMENTED)
    before = snapshot(secretmock)

    with raises_aws("MalformedPolicyDocumentException", INVALID_SYNTAX):
        client.put_resource_policy(SecretId="app", ResourcePolicy=document)
    with raises_aws("MalformedPolicyDocumentException", INVALID_SYNTAX):
        client.validate_resource_policy(ResourcePolicy=document)

    assert snapshot(secretmock) == before


@pytest.mark.parametrize(
    "principal",
    [
        {"AWS": "not-an-account"},
        {"AWS": "arn:aws:s3:::bucket"},
        {"Someone": "x"},
        # IAM: no wildcard in part of a principal ARN, and only users, roles, sessions,
        # federated users and account roots are principals [DOC IAM Principal element].
        {"AWS": "arn:aws:iam::*:root"},
        {"AWS": "arn:aws:iam::444455556666:*"},
        {"AWS": "arn:aws:iam::444455556666:user/*"},
        {"AWS": "arn:aws:iam::444455556666:role/app*"},
        {"AWS": "arn:aws:iam::444455556666:role/a?p"},
        {"AWS": "arn:aws:sts::444455556666:assumed-role/app/*"},
        {"AWS": "arn:aws:iam::444455556666:group/devs"},
        {"AWS": "arn:aws:iam::444455556666:instance-profile/web"},
        {"AWS": "arn:aws:iam::444455556666:policy/read"},
        {"AWS": "arn:aws:iam::444455556666:user/"},
        {"AWS": ["arn:aws:iam::444455556666:root", "arn:aws:iam::444455556666:user/*"]},
    ],
    ids=[
        "not an account",
        "not an IAM ARN",
        "unknown principal type",
        "any account's root",
        "anything in an account",
        "any user",
        "roles by prefix",
        "a single-character wildcard",
        "any session of a role",
        "a group",
        "an instance profile",
        "a policy",
        "a user without a name",
        "one bad principal among good ones",
    ],
)
def test_an_unsupported_principal_is_refused(client, secretmock, principal):
    client.create_secret(Name="app")
    before = snapshot(secretmock)

    with raises_aws("MalformedPolicyDocumentException", UNSUPPORTED_PRINCIPAL):
        client.put_resource_policy(
            SecretId="app", ResourcePolicy=policy(statement(Principal=principal))
        )
    with raises_aws("MalformedPolicyDocumentException", UNSUPPORTED_PRINCIPAL):
        client.validate_resource_policy(ResourcePolicy=policy(statement(Principal=principal)))
    assert snapshot(secretmock) == before


INVALID_SERVICE_PRINCIPAL = "This resource policy contains an invalid service principal."


@pytest.mark.parametrize(
    "service",
    ["lambda", "*", "*.amazonaws.com", "lambda.amazonaws.com/", "", ["lambda.amazonaws.com", "x"]],
    ids=["no domain", "a wildcard", "a wildcard label", "a slash", "empty", "one bad among good"],
)
def test_a_service_principal_that_is_no_dns_name_is_refused(client, secretmock, service):
    client.create_secret(Name="app")
    before = snapshot(secretmock)
    document = policy(statement(Principal={"Service": service}))

    # An empty name is a grammar error, as an empty string anywhere in a principal is.
    message = INVALID_SYNTAX if service == "" else INVALID_SERVICE_PRINCIPAL
    with raises_aws("MalformedPolicyDocumentException", message):
        client.put_resource_policy(SecretId="app", ResourcePolicy=document)
    with raises_aws("MalformedPolicyDocumentException", message):
        client.validate_resource_policy(ResourcePolicy=document)
    assert snapshot(secretmock) == before


VALID = {
    "the 2008 Version": policy(version="2008-10-17"),
    "no Version": policy(version=None),
    "one statement object": json.dumps({"Statement": statement()}),
    "an account id": policy(statement(Principal={"AWS": "111122223333"})),
    "a role and a user": policy(
        statement(
            Principal={
                "AWS": [
                    "arn:aws:iam::111122223333:role/app",
                    "arn:aws-cn:iam::111122223333:user/me",
                    "arn:aws:sts::111122223333:assumed-role/app/session",
                    "arn:aws:iam::111122223333:role/service-role/team/app.v2@corp",
                    "arn:aws-us-gov:sts::111122223333:federated-user/bob",
                ]
            }
        )
    ),
    "a service": policy(statement(Principal={"Service": "lambda.amazonaws.com"})),
    "regional and China services": policy(
        statement(Principal={"Service": ["logs.eu-west-1.amazonaws.com", "ec2.amazonaws.com.cn"]})
    ),
    "NotAction and NotResource": policy(
        statement(
            Action=None,
            Resource=None,
            NotAction=["secretsmanager:Delete*"],
            NotResource="arn:aws:secretsmanager:us-east-1:123456789012:secret:x",
        )
    ),
    # Denying every action would lock the test out of reading the policy back (policies are
    # enforced): deny everyone one action.
    "Deny everyone": policy(
        statement(Effect="Deny", Principal="*", Action="secretsmanager:DeleteSecret")
    ),
    "conditions": policy(
        statement(
            Sid="Cond",
            Condition={
                "StringEqualsIfExists": {"aws:SourceVpce": "vpce-1"},
                "ForAnyValue:StringLike": {"aws:TagKeys": ["team*"]},
                "Bool": {"aws:SecureTransport": True},
                "NumericLessThan": {"aws:MultiFactorAuthAge": 3600},
                "Null": {"aws:TokenIssueTime": "false"},
            },
        )
    ),
}


@pytest.mark.parametrize("document", VALID.values(), ids=VALID.keys())
def test_well_formed_policies_are_accepted(client, document):
    client.create_secret(Name="app")

    client.put_resource_policy(SecretId="app", ResourcePolicy=document, BlockPublicPolicy=True)

    assert client.get_resource_policy(SecretId="app")["ResourcePolicy"] == document
    assert reply(client.validate_resource_policy(SecretId="app", ResourcePolicy=document)) == {
        "PolicyValidationPassed": True,
        "ValidationErrors": [],
    }


PUBLIC = {
    "Principal *": statement(Principal="*"),
    "AWS *": statement(Principal={"AWS": "*"}),
    "* among principals": statement(Principal={"AWS": [ACCOUNT_ROOT, "*"]}),
    "NotPrincipal": statement(Principal=None, NotPrincipal={"AWS": ACCOUNT_ROOT}),
    "a condition on another key": statement(
        Principal="*", Condition={"Bool": {"aws:SecureTransport": "true"}}
    ),
    "a wildcard account": statement(
        Principal="*", Condition={"StringLike": {"aws:PrincipalAccount": "1234*"}}
    ),
    "a condition that may be absent": statement(
        Principal="*", Condition={"StringEqualsIfExists": {"aws:SourceAccount": "123456789012"}}
    ),
    "a negative condition": statement(
        Principal="*", Condition={"StringNotEquals": {"aws:PrincipalOrgID": "o-123"}}
    ),
    "every address": statement(
        Principal="*", Condition={"IpAddress": {"aws:SourceIp": "0.0.0.0/0"}}
    ),
}


@pytest.mark.parametrize("public", PUBLIC.values(), ids=PUBLIC.keys())
def test_block_public_policy_refuses_broad_access(client, secretmock, public):
    client.create_secret(Name="app")
    document = policy(statement(Sid="Fine"), public)
    before = snapshot(secretmock)

    with raises_aws("PublicPolicyException", PUBLIC_POLICY):
        client.put_resource_policy(SecretId="app", ResourcePolicy=document, BlockPublicPolicy=True)

    assert snapshot(secretmock) == before
    assert reply(client.validate_resource_policy(ResourcePolicy=document)) == {
        "PolicyValidationPassed": False,
        "ValidationErrors": [
            {
                "CheckName": "BROAD_ACCESS",
                "ErrorMessage": "The resource policy grants broad access to the secret: "
                "statement 2 allows a wildcard principal without a condition that narrows it.",
            }
        ],
    }
    # Without BlockPublicPolicy, as by default, AWS attaches it.
    client.put_resource_policy(SecretId="app", ResourcePolicy=document)
    assert client.get_resource_policy(SecretId="app")["ResourcePolicy"] == document


NARROWED = {
    "one account": {"StringEquals": {"aws:SourceAccount": "123456789012"}},
    "an organization": {"StringEquals": {"aws:PrincipalOrgID": "o-abc123"}},
    "a VPC endpoint, any case": {"StringEquals": {"AWS:SOURCEVPCE": ["vpce-1", "vpce-2"]}},
    "a principal ARN": {"ArnLike": {"aws:PrincipalArn": "arn:aws:iam::123456789012:role/app"}},
    "a network": {"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}},
}


@pytest.mark.parametrize("condition", NARROWED.values(), ids=NARROWED.keys())
def test_a_wildcard_principal_narrowed_by_a_condition_is_not_public(client, condition):
    client.create_secret(Name="app")
    document = policy(statement(Principal="*", Condition=condition))

    client.put_resource_policy(SecretId="app", ResourcePolicy=document, BlockPublicPolicy=True)

    assert client.validate_resource_policy(ResourcePolicy=document)["PolicyValidationPassed"]


def test_validation_reports_every_public_statement(client):
    document = policy(statement(Principal="*"), statement(), statement(Principal={"AWS": "*"}))

    result = reply(client.validate_resource_policy(ResourcePolicy=document))

    assert result == {
        "PolicyValidationPassed": False,
        "ValidationErrors": [
            {
                "CheckName": "BROAD_ACCESS",
                "ErrorMessage": "The resource policy grants broad access to the secret: "
                f"statement {index} allows a wildcard principal without a condition that "
                "narrows it.",
            }
            for index in (1, 3)
        ],
    }


def test_validating_against_a_missing_secret(client):
    with raises_aws("ResourceNotFoundException", NOT_FOUND):
        client.validate_resource_policy(SecretId="missing", ResourcePolicy=DOCUMENTED)


@needs("ListResourcePolicies")
def test_list_resource_policies(client):
    client.create_secret(Name="app")
    assert reply(client.list_resource_policies(SecretId="app")) == {"ResourcePolicies": []}

    client.put_resource_policy(SecretId="app", ResourcePolicy=DOCUMENTED)
    assert reply(client.list_resource_policies(SecretId="app", MaxResults=1)) == {
        "ResourcePolicies": [{"PolicyName": "default"}]
    }
    pages = list(client.get_paginator("list_resource_policies").paginate(SecretId="app"))
    assert [reply(page) for page in pages] == [{"ResourcePolicies": [{"PolicyName": "default"}]}]

    client.delete_resource_policy(SecretId="app")
    assert reply(client.list_resource_policies(SecretId="app")) == {"ResourcePolicies": []}


@needs("ListResourcePolicies")
def test_list_resource_policies_refuses_a_token_it_never_issued(client):
    client.create_secret(Name="app")

    with raises_aws("InvalidNextTokenException", "The NextToken value is invalid."):
        client.list_resource_policies(SecretId="app", NextToken="abc")


@needs("ListResourcePolicies")
def test_list_resource_policies_page_size(client):
    client.create_secret(Name="app")

    with raises_aws(
        "ValidationException",
        "1 validation error detected: Value '101' at 'maxResults' failed to satisfy "
        "constraint: Member must have value less than or equal to 100",
    ):
        client.list_resource_policies(SecretId="app", MaxResults=101)


def test_every_policy_operation_refuses_a_secret_scheduled_for_deletion(client, secretmock):
    client.create_secret(Name="app")
    client.put_resource_policy(SecretId="app", ResourcePolicy=DOCUMENTED)
    client.delete_secret(SecretId="app")
    before = snapshot(secretmock)
    calls: list[Callable[[], object]] = [
        lambda: client.put_resource_policy(SecretId="app", ResourcePolicy=DOCUMENTED),
        lambda: client.get_resource_policy(SecretId="app"),
        lambda: client.delete_resource_policy(SecretId="app"),
        lambda: client.validate_resource_policy(SecretId="app", ResourcePolicy=DOCUMENTED),
    ]
    if has("ListResourcePolicies"):
        calls.append(lambda: client.list_resource_policies(SecretId="app"))

    for call in calls:
        with raises_aws("InvalidRequestException", MARKED_FOR_DELETION):
            call()

    assert snapshot(secretmock) == before


def test_every_policy_operation_on_a_missing_secret(client):
    calls: list[Callable[[], object]] = [
        lambda: client.put_resource_policy(SecretId="missing", ResourcePolicy=DOCUMENTED),
        lambda: client.get_resource_policy(SecretId="missing"),
        lambda: client.delete_resource_policy(SecretId="missing"),
    ]
    if has("ListResourcePolicies"):
        calls.append(lambda: client.list_resource_policies(SecretId="missing"))
    for call in calls:
        with raises_aws("ResourceNotFoundException", NOT_FOUND):
            call()
