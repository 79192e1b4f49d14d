"""AWS's JSON 1.1 wire form of a reply, from the parsed form the dispatcher builds.

The dispatcher builds replies as botocore parses them (datetimes, bytes); this turns them back
into the bytes AWS sends, driven by the operation's output shape: timestamps as epoch seconds
with their milliseconds, blobs in base64 [DOC: the awsJson1_1 protocol].
"""

from __future__ import annotations

import base64
import json
from datetime import datetime
from typing import Any

from botocore.model import OperationModel, Shape

CONTENT_TYPE = "application/x-amz-json-1.1"


def encode_reply(model: OperationModel, parsed: dict[str, Any]) -> bytes:
    """The body AWS sends for a successful call; empty for an operation without output."""
    shape = model.output_shape
    if shape is None:  # TagResource, UntagResource
        return b""
    return json.dumps(_to_wire(parsed, shape), separators=(",", ":")).encode()


def encode_error(code: str, message: str | None, modeled: bool) -> bytes:
    """AWS's error body: ``__type`` and the message.

    A modeled error's message is its shape's ``Message`` member; AWS's other errors
    (ValidationException, AccessDeniedException, ...) write ``message`` [INF: AWS's Coral
    services serialize an error's modeled members by their model names, the framework's own
    errors in lower case; botocore reads either]. An error without a message has only
    ``__type`` [USER: ``{"__type":"UnknownOperationException"}`` quoted from CloudWatch Logs].
    """
    body: dict[str, str] = {"__type": code}
    if message is not None:
        body["Message" if modeled else "message"] = message
    return json.dumps(body, separators=(",", ":")).encode()


def _to_wire(value: Any, shape: Shape) -> Any:
    type_name = shape.type_name
    if type_name == "structure":
        members = shape.members  # type: ignore[attr-defined]
        return {
            members[name].serialization.get("name", name): _to_wire(item, members[name])
            for name, item in value.items()
            if name in members
        }
    if type_name == "list":
        member = shape.member  # type: ignore[attr-defined]
        return [_to_wire(item, member) for item in value]
    if type_name == "map":
        item_shape = shape.value  # type: ignore[attr-defined]
        return {key: _to_wire(item, item_shape) for key, item in value.items()}
    if type_name == "timestamp":
        return _epoch_seconds(value)
    if type_name == "blob":
        return base64.b64encode(value).decode()
    return value


def _epoch_seconds(value: datetime) -> int | float:
    # The instants are whole milliseconds: round off the float's noise, and send a whole second
    # as an integer, as AWS does.
    seconds = round(value.timestamp(), 3)
    return int(seconds) if seconds.is_integer() else seconds
