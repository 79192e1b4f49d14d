"""``python -m secretmock demo``: a secret's life, told through real boto3 calls on the mock."""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from secretmock._mock import mock_secrets


def run_demo(say: Callable[[str], object] = print) -> None:
    """Walk through create, read, update, describe, rotate and delete with boto3 on the mock."""
    import boto3  # only the demo needs boto3; importing secretmock does not

    def show(title: str, reply: Mapping[str, Any]) -> None:
        shown = {k: v for k, v in reply.items() if k != "ResponseMetadata"}
        say(f"\n== {title}\n{json.dumps(shown, indent=2, default=str)}")

    with _apart_from_the_shell(), mock_secrets(seed=7, region="eu-west-1") as sm:
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

        # Rotation: a plain Python function stands in for the Lambda rotation function. The mock
        # calls it for each step, as Secrets Manager would, and answers its own boto3 calls.
        def rotate(event: dict[str, Any], context: object) -> None:
            own = boto3.client("secretsmanager")  # in the function's Region, as in Lambda
            arn, token, step = event["SecretId"], event["ClientRequestToken"], event["Step"]
            say(f"   rotation function called for {step}")
            if step == "createSecret":
                password = own.get_random_password(ExcludePunctuation=True)["RandomPassword"]
                own.put_secret_value(
                    SecretId=arn,
                    ClientRequestToken=token,
                    SecretString=json.dumps({"username": "app", "password": password}),
                    VersionStages=["AWSPENDING"],
                )
            elif step == "finishSecret":
                current = own.get_secret_value(SecretId=arn)["VersionId"]
                own.update_secret_version_stage(
                    SecretId=arn,
                    VersionStage="AWSCURRENT",
                    MoveToVersionId=token,
                    RemoveFromVersionId=current,
                )

        rotator = sm.register_rotation_function("rotate-db-password", rotate)
        say(f"\n== rotate_secret with {rotator.arn}")
        rotated = client.rotate_secret(
            SecretId="prod/db/password",
            RotationLambdaARN=rotator.arn,
            RotationRules={"AutomaticallyAfterDays": 30},
        )
        sm.assert_rotations_succeeded()  # RotateSecret succeeds even when a step fails, as on AWS
        described = client.describe_secret(SecretId="prod/db/password")
        show(
            "describe_secret after the rotation",
            {
                key: described[key]
                for key in (
                    "RotationEnabled",
                    "RotationRules",
                    "LastRotatedDate",
                    "NextRotationDate",
                )
            },
        )
        current = client.get_secret_value(SecretId="prod/db/password")["VersionId"]
        say(f"\nThe rotation's new version is AWSCURRENT: {current == rotated['VersionId']}")
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


@contextlib.contextmanager
def _apart_from_the_shell() -> Iterator[None]:
    """No AWS settings of the shell or of ~/.aws while the demo runs: a stale ``AWS_PROFILE``
    or a bad ``AWS_MAX_ATTEMPTS`` would stop boto3 from making a client at all. The
    environment and boto3's default session are put back afterwards."""
    import boto3

    saved = {name: value for name, value in os.environ.items() if name.startswith("AWS_")}
    default_session = boto3.DEFAULT_SESSION
    for name in saved:
        del os.environ[name]
    os.environ["AWS_CONFIG_FILE"] = os.environ["AWS_SHARED_CREDENTIALS_FILE"] = os.devnull
    boto3.DEFAULT_SESSION = None
    try:
        yield
    finally:
        for name in [name for name in os.environ if name.startswith("AWS_")]:
            del os.environ[name]
        os.environ.update(saved)
        boto3.DEFAULT_SESSION = default_session
