"""Building policies and requests for the evaluator's tests."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timezone
from typing import Any

from secretmock._policy import Caller, ContextValue, Policy, RequestContext, read_policy

NOW = datetime(2026, 3, 4, 5, 6, 7, tzinfo=timezone.utc)
OWNER = "123456789012"
OTHER = "444455556666"
SECRET = f"arn:aws:secretsmanager:us-east-1:{OWNER}:secret:app-AbCdEf"
ACTION = "secretsmanager:GetSecretValue"
OTHER_ROOT = Caller.from_arn(f"arn:aws:iam::{OTHER}:root")


def statement(**members: Any) -> dict[str, Any]:
    """An Allow of GetSecretValue on every resource to everyone, with ``members`` replacing."""
    base: dict[str, Any] = {
        "Effect": "Allow",
        "Principal": "*",
        "Action": ACTION,
        "Resource": "*",
    }
    base.update(members)
    return {key: value for key, value in base.items() if value is not None}


def policy(*statements: dict[str, Any], version: str = "2012-10-17") -> Policy:
    return read_policy({"Version": version, "Statement": list(statements)})


def request(
    caller: Caller = OTHER_ROOT,
    action: str = ACTION,
    resource: str = SECRET,
    keys: Mapping[str, ContextValue] | None = None,
    now: datetime = NOW,
) -> RequestContext:
    return RequestContext(caller, action, resource, now, dict(keys or {}))
