"""The AWS SDK for JavaScript v3 in a Node.js process against ``secretmock serve``.

Needs node and the SDK installed under tests/server/js (``npm ci --prefix tests/server/js``,
which .ci/run does); skipped otherwise, with the reason.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

from tests.server.support import client, serve, skip_unless_installed

JS = Path(__file__).parent / "js"
SDK = JS / "node_modules" / "@aws-sdk" / "client-secrets-manager"


def test_the_javascript_sdk_v3_creates_puts_gets_describes_lists_and_fails():
    skip_unless_installed(shutil.which("node") is not None, "node is not installed")
    skip_unless_installed(
        SDK.is_dir(),
        "@aws-sdk/client-secrets-manager is not installed: npm ci --prefix tests/server/js",
    )
    with serve() as (_, endpoint):
        result = subprocess.run(
            ["node", str(JS / "client.mjs")],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
            env={
                **os.environ,
                "SECRETMOCK_ENDPOINT": endpoint,
                "AWS_ACCESS_KEY_ID": "210987654321",
                "AWS_SECRET_ACCESS_KEY": "any",
            },
        )
        assert result.returncode == 0, result.stderr
        answered = json.loads(result.stdout)
        # The same secret, seen from boto3 as that account in that Region.
        boto3_client = client(endpoint, key="210987654321", region="eu-central-1")
        described = boto3_client.describe_secret(SecretId="js-secret")
        current = boto3_client.get_secret_value(SecretId="js-secret")
    created, put = answered["created"], answered["put"]
    assert created["ARN"] == described["ARN"]
    assert created["ARN"].startswith("arn:aws:secretsmanager:eu-central-1:210987654321:secret:")
    assert created["Name"] == "js-secret"
    assert put == {
        "ARN": created["ARN"],
        "VersionId": current["VersionId"],
        "VersionStages": ["AWSCURRENT"],
    }
    value = answered["value"]
    assert value["VersionId"] == put["VersionId"]
    assert value["SecretBinary"] == [0, 1, 2, 255]
    assert value["hasString"] is False
    assert value["createdIsDate"] is True
    assert value["CreatedDate"] == round(current["CreatedDate"].timestamp() * 1000)
    assert answered["previous"] == {"SecretString": "from node", "VersionStages": ["AWSPREVIOUS"]}
    assert answered["described"] == {
        "Name": "js-secret",
        "VersionIdsToStages": {
            created["VersionId"]: ["AWSPREVIOUS"],
            put["VersionId"]: ["AWSCURRENT"],
        },
        "lastChangedIsDate": True,
    }
    assert answered["listed"] == ["js-secret"]
    error = answered["error"]
    assert error["name"] == "ResourceNotFoundException"
    assert error["message"] == "Secrets Manager can't find the specified secret."
    assert error["status"] == 400
    assert len(error["requestId"]) == 36
