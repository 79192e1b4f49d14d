"""A replicated secret rotates only on its primary, and the new versions reach the replicas."""

from __future__ import annotations

from typing import Any

import pytest

from tests.assertions import raises_aws
from tests.operations.support import START, at

pytestmark = pytest.mark.secretmock(clock=START, seed=13)


def rotate_value(client: Any) -> Any:
    def handler(event: dict[str, Any], context: Any) -> None:
        arn, token, step = event["SecretId"], event["ClientRequestToken"], event["Step"]
        if step == "createSecret":
            client.put_secret_value(
                SecretId=arn,
                ClientRequestToken=token,
                SecretString="rotated",
                VersionStages=["AWSPENDING"],
            )
        elif step == "finishSecret":
            stages = client.describe_secret(SecretId=arn)["VersionIdsToStages"]
            current = next(v for v, labels in stages.items() if "AWSCURRENT" in labels)
            client.update_secret_version_stage(
                SecretId=arn,
                VersionStage="AWSCURRENT",
                MoveToVersionId=token,
                RemoveFromVersionId=current,
            )

    return handler


def test_rotating_the_primary_brings_the_new_version_to_its_replicas(client, west, secretmock):
    function = secretmock.register_rotation_function("rotator", rotate_value(client))
    client.create_secret(Name="db", SecretString="one", AddReplicaRegions=[{"Region": "eu-west-1"}])

    rotated = client.rotate_secret(
        SecretId="db", RotationLambdaARN=function.arn, RotationRules={"AutomaticallyAfterDays": 7}
    )

    secretmock.assert_rotations_succeeded()
    value = west.get_secret_value(SecretId="db")
    assert (value["VersionId"], value["SecretString"]) == (rotated["VersionId"], "rotated")
    replica = west.describe_secret(SecretId="db")
    primary = client.describe_secret(SecretId="db")
    assert replica["VersionIdsToStages"] == primary["VersionIdsToStages"]
    assert (replica["RotationEnabled"], replica["LastRotatedDate"]) == (True, at())
    assert replica["RotationRules"] == primary["RotationRules"]


def test_a_replica_does_not_rotate(client, west, secretmock):
    function = secretmock.register_rotation_function("rotator", rotate_value(client))
    client.create_secret(Name="db", SecretString="one", AddReplicaRegions=[{"Region": "eu-west-1"}])

    with raises_aws(
        "InvalidParameterException",
        "Operation not permitted on a replica secret. Call must be made in primary secret's "
        "region.",
    ):
        west.rotate_secret(SecretId="db", RotationLambdaARN=function.arn)
    assert len(secretmock.rotations) == 0
