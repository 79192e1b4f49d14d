"""AWS's ValidationException for a request that breaks the service model: every violation, one
message.

AWS validates a request against the model before anything else and answers every violation in
one ValidationException: "2 validation errors detected: Value 'x' at 'a' failed to satisfy
constraint: ...; Value ...". Member paths are in lower camel case with 1-based list positions
("filters.1.member.values"); values are shown as AWS's Java service renders them (a list as
"[a, b]"), and a member the model marks sensitive without its value ("Value at 'secretString'").

Evidence: the single-violation form is recorded from AWS for several operations; users quote
"1 validation error detected: Value '[secret1, ...]' at 'filters.1.member.values' failed to
satisfy constraint: Member must have length less than or equal to 10" from ListSecrets [USER,
jenkinsci/aws-secrets-manager-credentials-provider-plugin#235] and "Value at 'secretString'
failed to satisfy constraint: Member must have length greater than or equal to 1" from a
CloudFormation deploy [USER]. Several violations joined with "; " under "N validation errors
detected" is how AWS's other Coral services answer [USER: STS, Cognito, DynamoDB, IAM messages
quoted in public projects]; assumed [INF] for Secrets Manager.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from secretmock._messages import VALIDATION_ERRORS


def render(value: object) -> str:
    """A request value as AWS's error messages show it (Java's toString)."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (bytes, bytearray)):
        return "java.nio.HeapByteBuffer"  # Assumed [INF]: never shown, blobs are sensitive
    if isinstance(value, Mapping):
        # Assumed [INF]: a structure shows as {Member: value, ...}.
        return "{" + ", ".join(f"{key}: {render(item)}" for key, item in value.items()) + "}"
    if isinstance(value, Sequence):
        return "[" + ", ".join(render(item) for item in value) + "]"
    return str(value)


def violation(path: str, value: object, constraint: str, *, sensitive: bool = False) -> str:
    """One violation, as AWS words it."""
    shown = "" if sensitive else f"'{render(value)}' "
    return f"Value {shown}at '{path}' failed to satisfy constraint: {constraint}"


def missing(path: str) -> str:
    """A required member left out (only possible with botocore's validation off).

    [PEER] "Value null at 'partitionKey' failed to satisfy constraint: Member must not be
    null", as AWS's JSON services answer it (Kinesis, measured by an emulator's authors).
    """
    return f"Value null at '{path}' failed to satisfy constraint: Member must not be null"


def raise_violations(found: list[str]) -> None:
    """AWS's ValidationException for every violation found, if there is any."""
    if found:
        count = len(found)
        raise VALIDATION_ERRORS.error(
            count=count, errors="error" if count == 1 else "errors", violations="; ".join(found)
        )
