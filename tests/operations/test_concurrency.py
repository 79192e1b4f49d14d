"""Many threads on many clients writing, reading and moving labels of the same secrets."""

from __future__ import annotations

import random
import threading
from collections import Counter
from typing import Any

from botocore.exceptions import ClientError

THREADS = 8
ROUNDS = 30
NAMES = ("shared-1", "shared-2", "shared-3")
# The only refusals a racing client may get: moving AWSCURRENT with a RemoveFromVersionId that
# another thread has just made stale.
EXPECTED_REFUSALS = {"InvalidParameterException"}


def worker(
    client: Any, number: int, written: dict[str, dict[str, str]], problems: list[BaseException]
) -> None:
    rng = random.Random(number)
    try:
        for round_number in range(ROUNDS):
            name = rng.choice(NAMES)
            action = rng.choice(("put", "get", "move"))
            if action == "put":
                token = f"{number:04d}{round_number:04d}-0000-4000-8000-000000000000"
                value = f"thread {number} round {round_number}"
                client.put_secret_value(SecretId=name, SecretString=value, ClientRequestToken=token)
                written[name][token] = value
            elif action == "get":
                response = client.get_secret_value(SecretId=name)
                assert "AWSCURRENT" in response["VersionStages"]
            else:
                current = client.get_secret_value(SecretId=name)["VersionId"]
                versions = client.list_secret_version_ids(SecretId=name, IncludeDeprecated=True)
                target = rng.choice(versions["Versions"])["VersionId"]
                try:
                    client.update_secret_version_stage(
                        SecretId=name,
                        VersionStage="AWSCURRENT",
                        MoveToVersionId=target,
                        RemoveFromVersionId=current,
                    )
                except ClientError as error:
                    if error.response["Error"]["Code"] not in EXPECTED_REFUSALS:
                        raise
    except BaseException as error:  # every failure is reported, AWS errors and others alike
        problems.append(error)


def test_concurrent_clients_lose_no_write_and_never_leave_two_current_versions(
    secretmock, boto3_session
):
    setup = boto3_session.client("secretsmanager")
    written: dict[str, dict[str, str]] = {name: {} for name in NAMES}
    for name in NAMES:
        token = f"{name}-initial-0000-4000-8000-000000000000"[-36:]
        setup.create_secret(Name=name, SecretString="initial", ClientRequestToken=token)
        written[name][token] = "initial"
    # botocore creates clients safely on one thread only; each thread then has its own.
    clients = [boto3_session.client("secretsmanager") for _ in range(THREADS)]
    problems: list[BaseException] = []
    threads = [
        threading.Thread(target=worker, args=(client, number, written, problems))
        for number, client in enumerate(clients)
    ]

    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert problems == []
    for name in NAMES:
        listed = setup.list_secret_version_ids(SecretId=name, IncludeDeprecated=True)["Versions"]
        assert {entry["VersionId"] for entry in listed} == set(written[name])
        for version_id, value in written[name].items():
            read = setup.get_secret_value(SecretId=name, VersionId=version_id)
            assert read["SecretString"] == value
        labels = Counter(
            label
            for stages in setup.describe_secret(SecretId=name)["VersionIdsToStages"].values()
            for label in stages
        )
        assert labels["AWSCURRENT"] == 1
        assert max(labels.values()) == 1
