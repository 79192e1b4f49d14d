"""The error catalogue is generated from the message definitions; every definition is sound."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from secretmock._messages import Message
from secretmock.errors import SecretsManagerError

DOCS = Path(__file__).resolve().parent.parent / "docs"
sys.path.insert(0, str(DOCS / "_ext"))

import error_catalogue  # noqa: E402  (docs/_ext is not a package)

TAGS = {"REC", "USER", "DOC", "PEER", "INF"}
_TAG = re.compile(r"(?:^|; |, )([A-Z]{3,4})\b")


@pytest.mark.parametrize("message", error_catalogue.messages(), ids=lambda message: message.text)
def test_every_message_has_an_evidence_tag_a_code_and_a_place_in_the_catalogue(
    message: Message,
) -> None:
    found = _TAG.findall(message.evidence)
    assert found
    assert found[0] == message.evidence.split(" ")[0].rstrip(",;")
    assert set(found) <= TAGS
    assert issubclass(message.exception, SecretsManagerError)
    assert message.http_status == (500 if message.code == "InternalServiceError" else 400)
    assert message.sections
    assert message.when


def test_the_catalogue_page_has_a_table_for_every_section_and_no_other() -> None:
    page = (DOCS / "error-catalogue.md").read_text(encoding="utf-8")
    on_page = error_catalogue.MARKER.findall(page)
    named = {section for message in error_catalogue.messages() for section in message.sections}

    assert sorted(on_page) == sorted(named)
    for section in on_page:
        assert error_catalogue.table(section).count("\n") >= 2


def test_a_table_shows_each_field_in_italics() -> None:
    rows = error_catalogue.table("CreateSecret").splitlines()

    assert (
        "| `ResourceExistsException` | The operation failed because the secret *name* already "
        "exists. | 400 | The name is taken and the token is not one of that secret's versions "
        "| REC |"
    ) in rows
