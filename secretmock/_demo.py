"""``python -m secretmock demo``: a secret's life, told through real boto3 calls on the mock."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any

from secretmock._mock import mock_secrets


def run_demo(say: Callable[[str], object] = print) -> None:
    """Walk through create, read, update, describe and delete with boto3 against the mock."""
    import boto3  # only the demo needs boto3; importing secretmock does not

    def show(title: str, reply: Mapping[str, Any]) -> None:
        shown = {k: v for k, v in reply.items() if k != "ResponseMetadata"}
        say(f"\n== {title}\n{json.dumps(shown, indent=2, default=str)}")

    with mock_secrets(seed=7) as sm:
        # No credentials, no network: the mock answers in-process.
        client = boto3.client("secretsmanager", region_name="eu-west-1")
        created = client.create_secret(
            Name="prod/db/password",
            SecretString=json.dumps({"username": "app", "password": "s3cr3t"}),
            Description="Database credentials",
            Tags=[{"Key": "team", "Value": "payments"}],
        )
        show("create_secret", created)
        show("get_secret_value", client.get_secret_value(SecretId="prod/db/password"))
        first = created["VersionId"]
        put = client.put_secret_value(
            SecretId=created["ARN"],
            SecretString=json.dumps({"username": "app", "password": "n3w-s3cr3t"}),
        )
        show("put_secret_value (AWSCURRENT moves, AWSPREVIOUS follows)", put)
        previous = client.get_secret_value(SecretId="prod/db/password", VersionStage="AWSPREVIOUS")
        say(f"\nAWSPREVIOUS is the first version again: {previous['VersionId'] == first}")
        show("describe_secret", client.describe_secret(SecretId="prod/db/password"))
        try:
            client.get_secret_value(SecretId="prod/db/missing")
        except client.exceptions.ResourceNotFoundException as error:
            status = error.response["ResponseMetadata"]["HTTPStatusCode"]
            say(f"\n== get_secret_value of a missing secret\nHTTP {status}: {error}")
        show(
            "delete_secret (7-day recovery window)",
            client.delete_secret(SecretId="prod/db/password", RecoveryWindowInDays=7),
        )
        try:
            client.get_secret_value(SecretId="prod/db/password")
        except client.exceptions.InvalidRequestException as error:
            say(f"\n== get_secret_value while scheduled for deletion\n{error}")
        sm.advance_time(8 * 86400)
        try:
            client.describe_secret(SecretId="prod/db/password")
        except client.exceptions.ResourceNotFoundException:
            say("\n== eight days later the secret is gone for good")
        say(f"\nThe mock answered {len(sm.calls)} calls without touching AWS.")
