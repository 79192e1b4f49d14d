"""AWS's JSON 1.1 wire form of a reply, from the parsed form the dispatcher builds.

The dispatcher builds replies as botocore parses them (datetimes, bytes); this turns them back
into the bytes AWS sends, driven by the operation's output shape: timestamps as epoch seconds
with their milliseconds, blobs in base64 [DOC: the awsJson1_1 protocol]. Server mode sends them;
in-process, they are the body botocore's after-call handlers read from the HTTP response.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Callable, Mapping
from datetime import datetime
from functools import cache
from typing import Any

from botocore.model import OperationModel, Shape

CONTENT_TYPE = "application/x-amz-json-1.1"

#: A parsed value to its wire form.
Encoder = Callable[[Any], Any]


def encode_reply(model: OperationModel, parsed: dict[str, Any]) -> bytes:
    """The body AWS sends for a successful call; empty for an operation without output."""
    shape = model.output_shape
    if shape is None:  # TagResource, UntagResource
        return b""
    encode = _encoder(shape)
    assert encode is not None  # a structure's encoder drops the members it has not
    return json.dumps(encode(parsed), separators=(",", ":")).encode()


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


@cache
def _encoder(shape: Shape) -> Encoder | None:
    """How a value of ``shape`` goes on the wire; None where it goes as it is (strings,
    numbers, booleans, and lists and maps of them). Built once per shape: a reply is encoded
    without walking its model again."""
    type_name = shape.type_name
    if type_name == "structure":
        return _structure_encoder(shape.members)  # type: ignore[attr-defined]
    if type_name == "list":
        encode_item = _encoder(shape.member)  # type: ignore[attr-defined]
        if encode_item is None:
            return None
        return lambda value: [encode_item(item) for item in value]
    if type_name == "map":
        encode_value = _encoder(shape.value)  # type: ignore[attr-defined]
        if encode_value is None:
            return None
        return lambda value: {key: encode_value(item) for key, item in value.items()}
    if type_name == "timestamp":
        return _epoch_seconds
    if type_name == "blob":
        return lambda value: base64.b64encode(value).decode()
    return None


def _structure_encoder(members: Mapping[str, Shape]) -> Encoder:
    """A structure's members by their wire names, in the reply's order; members the shape has
    not (the reply's ResponseMetadata) are left out."""
    fields = {
        name: (member.serialization.get("name", name), _encoder(member))
        for name, member in members.items()
    }

    def encode(value: dict[str, Any]) -> dict[str, Any]:
        wire = {}
        for name, item in value.items():
            field = fields.get(name)
            if field is not None:
                wire_name, encode_member = field
                wire[wire_name] = item if encode_member is None else encode_member(item)
        return wire

    return encode


def _epoch_seconds(value: datetime) -> int | float:
    # The instants are whole milliseconds: round off the float's noise, and send a whole second
    # as an integer, as AWS does.
    seconds = round(value.timestamp(), 3)
    return int(seconds) if seconds.is_integer() else seconds
