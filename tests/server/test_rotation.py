"""Rotation in server mode: the Python rotation function runs in the server's process, and its
own Secrets Manager calls reach the server over HTTP."""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path

from tests.rotation.handlers import SingleUserRotation, credentials
from tests.server.support import client, serve

ROOT = Path(__file__).parents[2]
V2 = "22222222-2222-2222-2222-222222222222"


def test_a_function_registered_through_the_fixture_rotates_the_secret(secretmock_server):
    rotation = SingleUserRotation()
    function = secretmock_server.register_rotation_function("rotator", rotation)
    sm = client(secretmock_server.endpoint_url)
    sm.create_secret(Name="db", SecretString=credentials())
    sm.rotate_secret(SecretId="db", RotationLambdaARN=function.arn, ClientRequestToken=V2)
    secretmock_server.assert_rotations_succeeded()
    new = json.loads(sm.get_secret_value(SecretId="db")["SecretString"])
    assert sm.get_secret_value(SecretId="db")["VersionId"] == V2
    assert rotation.database == {"app": new["password"]}
    assert [step for step, _ in rotation.calls] == [
        "createSecret",
        "setSecret",
        "testSecret",
        "finishSecret",
    ]
    # The function's own calls went through the server: it recorded them.
    operations = [call.operation for call in secretmock_server.calls]
    assert operations.count("UpdateSecretVersionStage") == 2
    assert operations.count("GetRandomPassword") == 1


def test_a_function_named_on_the_command_line_runs_in_the_server_process(monkeypatch):
    monkeypatch.setenv("PYTHONPATH", str(ROOT))  # the server process imports the function
    with serve("--rotation", "rotator=tests.server.rotation_function:handler") as (_, endpoint):
        sm = client(endpoint)
        sm.create_secret(Name="db", SecretString=credentials())
        sm.rotate_secret(
            SecretId="db",
            RotationLambdaARN="arn:aws:lambda:us-east-1:123456789012:function:rotator",
            ClientRequestToken=V2,
        )
        value = sm.get_secret_value(SecretId="db")
        previous = sm.get_secret_value(SecretId="db", VersionStage="AWSPREVIOUS")
    assert value["VersionId"] == V2
    assert json.loads(value["SecretString"])["password"] != "initial-password"
    assert json.loads(previous["SecretString"]) == json.loads(credentials())


def test_many_rotations_at_once_all_finish(secretmock_server):
    # Each RotateSecret holds a worker while its function's own calls need others: twelve at
    # once (eight used to wait for each other for ever) all finish.
    rotations = [SingleUserRotation() for _ in range(12)]
    functions = [
        secretmock_server.register_rotation_function(f"rotator-{number}", rotation)
        for number, rotation in enumerate(rotations)
    ]
    sm = client(secretmock_server.endpoint_url)
    for number in range(12):
        sm.create_secret(Name=f"db-{number}", SecretString=credentials())
    errors: list[BaseException] = []
    environment = dict(os.environ)  # the functions' Lambda variables overlap, then all go

    def rotate(number: int) -> None:
        try:
            client(secretmock_server.endpoint_url).rotate_secret(
                SecretId=f"db-{number}", RotationLambdaARN=functions[number].arn
            )
        except BaseException as error:  # reported below, with the others
            errors.append(error)

    threads = [threading.Thread(target=rotate, args=(number,)) for number in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert not any(thread.is_alive() for thread in threads)
    assert dict(os.environ) == environment
    secretmock_server.assert_rotations_succeeded()
    for number, rotation in enumerate(rotations):
        new = json.loads(sm.get_secret_value(SecretId=f"db-{number}")["SecretString"])
        assert rotation.database == {"app": new["password"]}
