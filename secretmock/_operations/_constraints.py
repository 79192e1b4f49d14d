"""AWS's model-constraint errors for the members botocore leaves unchecked, several at once.

AWS validates a request against the service model before anything else and answers every
violation it finds in one ValidationException:
"2 validation errors detected: Value 'x' at 'a' failed to satisfy constraint: ...; Value ...".
Member paths are in lower camel case with 1-based list positions ("filters.1.member.values"),
and values are shown as AWS's Java service renders them (a list as "[a, b]").

Evidence: the single-violation form is recorded from AWS for several operations, and users quote
"1 validation error detected: Value '[secret1, ...]' at 'filters.1.member.values' failed to
satisfy constraint: Member must have length less than or equal to 10" from ListSecrets [USER,
jenkinsci/aws-secrets-manager-credentials-provider-plugin#235]. Assumed [INF]: several
violations are joined with "; " under "N validation errors detected", as other AWS JSON services
answer.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from secretmock.errors import ValidationException


def render(value: object) -> str:
    """A request value as AWS's error messages show it (Java's toString)."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Mapping):
        # Assumed [INF]: a structure shows as {Member: value, ...}.
        return "{" + ", ".join(f"{key}: {render(item)}" for key, item in value.items()) + "}"
    if isinstance(value, Sequence):
        return "[" + ", ".join(render(item) for item in value) + "]"
    return str(value)


class Violations:
    """The constraint violations of one request, raised together as AWS reports them."""

    __slots__ = ("_found",)

    def __init__(self) -> None:
        self._found: list[str] = []

    def add(self, member_path: str, value: object, constraint: str) -> None:
        self._found.append(
            f"Value '{render(value)}' at '{member_path}' failed to satisfy constraint: {constraint}"
        )

    def add_sensitive(self, member_path: str, constraint: str) -> None:
        """A violation of a member the model marks sensitive: the message leaves the value out.

        [USER] "Value at 'secretString' failed to satisfy constraint: Member must have length
        greater than or equal to 1", quoted from a CloudFormation deploy of an empty
        SecretString in a public project's troubleshooting notes (2026); the other sensitive
        members (SecretBinary, RotationToken) are assumed [INF] to read the same.
        """
        self._found.append(f"Value at '{member_path}' failed to satisfy constraint: {constraint}")

    def missing(self, member_path: str) -> None:
        """A required member left out (only possible with botocore's validation off).

        [PEER] "Value null at 'partitionKey' failed to satisfy constraint: Member must not be
        null", as AWS's JSON services answer it (Kinesis, measured by an emulator's authors).
        """
        self._found.append(
            f"Value null at '{member_path}' failed to satisfy constraint: Member must not be null"
        )

    def max_length(self, member_path: str, value: object, limit: int) -> None:
        self.add(member_path, value, f"Member must have length less than or equal to {limit}")

    def range(self, member_path: str, value: int, low: int, high: int) -> None:
        if value < low:
            self.add(member_path, value, f"Member must have value greater than or equal to {low}")
        elif value > high:
            self.add(member_path, value, f"Member must have value less than or equal to {high}")

    def enum(self, member_path: str, value: str, allowed: Sequence[str]) -> None:
        if value not in allowed:
            self.add(
                member_path,
                value,
                f"Member must satisfy enum value set: [{', '.join(allowed)}]",
            )

    def raise_if_any(self) -> None:
        found = self._found
        if not found:
            return
        count = len(found)
        noun = "error" if count == 1 else "errors"
        raise ValidationException(f"{count} validation {noun} detected: " + "; ".join(found))
