"""Helpers the rotation tests share."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

from secretmock import RotationFunction, SecretsManagerMock
from secretmock._clock import to_datetime
from tests.operations.support import START
from tests.rotation.handlers import SingleUserRotation, credentials

STEPS = ["createSecret", "setSecret", "testSecret", "finishSecret"]
MIDNIGHT = datetime(START.year, START.month, START.day, tzinfo=timezone.utc)


def end_of_day(days: int) -> datetime:
    """NextRotationDate for a day window ``days`` after START's day: its last second."""
    return to_datetime(
        (MIDNIGHT + timedelta(days=days, hours=23, minutes=59, seconds=59)).timestamp()
    )


def utc(year: int, month: int, day: int, hour: int, minute: int, second: int) -> datetime:
    """The datetime botocore hands back for this UTC wall-clock time."""
    return to_datetime(
        datetime(year, month, day, hour, minute, second, tzinfo=timezone.utc).timestamp()
    )


def rotated_secret(
    client: Any, mock: SecretsManagerMock, name: str = "db", **create: Any
) -> tuple[dict[str, Any], RotationFunction, SingleUserRotation]:
    """A secret holding credentials, and a registered single-user rotation function for it."""
    rotation = SingleUserRotation(database={"app": "initial-password"})
    function = mock.register_rotation_function("rotator", rotation)
    created = client.create_secret(Name=name, SecretString=credentials(), **create)
    return created, function, rotation
