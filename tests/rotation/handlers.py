"""Rotation functions for the tests, written the way Lambda rotation functions are written.

``SingleUserRotation`` follows the structure of AWS's single-user rotation template
(SecretsManagerRotationTemplate): a client on ``SECRETS_MANAGER_ENDPOINT``, a staging check
with DescribeSecret, then createSecret (GetRandomPassword, PutSecretValue with AWSPENDING),
setSecret and testSecret against the service, finishSecret (UpdateSecretVersionStage). The
"service" is a dict standing in for a database's user table.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import boto3

from secretmock import LambdaContext

EXCLUDED_BY_DEFAULT = "/@\"'\\"


class RotationStepFailed(Exception):
    """What the failing rotation functions raise."""


@dataclass
class SingleUserRotation:
    """A single-user rotation function: it rotates the password of one database user.

    ``database`` maps user names to their current passwords. ``fail_at`` names a step that
    raises before doing anything; ``failures`` is how many times it does (then it works).
    """

    database: dict[str, str] = field(default_factory=dict)
    fail_at: str | None = None
    failures: int = 1_000_000
    calls: list[tuple[str, str]] = field(default_factory=list)  # (step, token)

    def __call__(self, event: dict[str, Any], context: LambdaContext) -> None:
        arn = event["SecretId"]
        token = event["ClientRequestToken"]
        step = event["Step"]
        self.calls.append((step, token))
        client = boto3.client("secretsmanager", endpoint_url=os.environ["SECRETS_MANAGER_ENDPOINT"])

        description = client.describe_secret(SecretId=arn)
        if not description.get("RotationEnabled"):
            raise ValueError(f"Secret {arn} is not enabled for rotation")
        stages = description["VersionIdsToStages"].get(token)
        if stages is None:
            raise ValueError(f"Secret version {token} has no stage for rotation of {arn}")
        if "AWSCURRENT" in stages:
            return  # this version was already rotated in
        if "AWSPENDING" not in stages:
            raise ValueError(f"Secret version {token} is not AWSPENDING for {arn}")

        if step == self.fail_at and self.failures > 0:
            self.failures -= 1
            raise RotationStepFailed(f"{step} failed on purpose")
        steps: dict[str, Callable[[Any, str, str], None]] = {
            "createSecret": self.create_secret,
            "setSecret": self.set_secret,
            "testSecret": self.test_secret,
            "finishSecret": self.finish_secret,
        }
        if step not in steps:
            raise ValueError(f"Invalid step parameter {step}")
        steps[step](client, arn, token)

    def create_secret(self, client: Any, arn: str, token: str) -> None:
        current = json.loads(
            client.get_secret_value(SecretId=arn, VersionStage="AWSCURRENT")["SecretString"]
        )
        try:
            client.get_secret_value(SecretId=arn, VersionId=token, VersionStage="AWSPENDING")
        except client.exceptions.ResourceNotFoundException:
            excluded = os.environ.get("EXCLUDE_CHARACTERS", EXCLUDED_BY_DEFAULT)
            password = client.get_random_password(ExcludeCharacters=excluded)["RandomPassword"]
            client.put_secret_value(
                SecretId=arn,
                ClientRequestToken=token,
                SecretString=json.dumps({**current, "password": password}),
                VersionStages=["AWSPENDING"],
            )

    def pending(self, client: Any, arn: str, token: str) -> dict[str, str]:
        value = client.get_secret_value(SecretId=arn, VersionId=token, VersionStage="AWSPENDING")
        return dict(json.loads(value["SecretString"]))

    def set_secret(self, client: Any, arn: str, token: str) -> None:
        pending = self.pending(client, arn, token)
        self.database[pending["username"]] = pending["password"]

    def test_secret(self, client: Any, arn: str, token: str) -> None:
        pending = self.pending(client, arn, token)
        if self.database.get(pending["username"]) != pending["password"]:
            raise ValueError(f"cannot log in as {pending['username']} with the pending secret")

    def finish_secret(self, client: Any, arn: str, token: str) -> None:
        description = client.describe_secret(SecretId=arn)
        current = next(
            version
            for version, stages in description["VersionIdsToStages"].items()
            if "AWSCURRENT" in stages
        )
        if current == token:
            return
        client.update_secret_version_stage(
            SecretId=arn,
            VersionStage="AWSCURRENT",
            MoveToVersionId=token,
            RemoveFromVersionId=current,
        )
        client.update_secret_version_stage(
            SecretId=arn, VersionStage="AWSPENDING", RemoveFromVersionId=token
        )


@dataclass
class Invocation:
    """What a recording rotation function saw in one call."""

    event: dict[str, Any]
    context: LambdaContext
    environ: dict[str, str]
    remaining_millis: int


@dataclass
class Recorder:
    """A rotation function that records every call, runs ``then`` and may raise at a step."""

    then: Callable[[dict[str, Any], LambdaContext], object] | None = None
    fail_at: str | None = None
    invocations: list[Invocation] = field(default_factory=list)

    def __call__(self, event: dict[str, Any], context: LambdaContext) -> None:
        self.invocations.append(
            Invocation(
                dict(event), context, dict(os.environ), context.get_remaining_time_in_millis()
            )
        )
        if self.then is not None:
            self.then(event, context)
        if event["Step"] == self.fail_at:
            raise RotationStepFailed(f"{event['Step']} failed on purpose")

    @property
    def steps(self) -> list[str]:
        return [invocation.event["Step"] for invocation in self.invocations]


def credentials(username: str = "app", password: str = "initial-password") -> str:
    return json.dumps({"username": username, "password": password})
