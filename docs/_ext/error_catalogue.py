"""Sphinx extension: the error catalogue's tables, generated from the mock's own definitions.

Every AWS error message the mock answers with is defined once, in ``secretmock._messages``, with
its code, HTTP status, when it is answered, its evidence and the catalogue sections that list it.
A page line ``<!-- error-table: SECTION -->`` is replaced, before MyST parses the page, by a
Markdown table of the messages that name SECTION, in the order they are defined. The build fails
when a message names a section no page has, or a page names a section no message lists, so the
catalogue cannot drift from the code. Nothing is written to disk.
"""

from __future__ import annotations

import re

from sphinx.application import Sphinx
from sphinx.errors import ExtensionError
from sphinx.util.typing import ExtensionMetadata

import secretmock._messages
from secretmock._messages import Message

MARKER = re.compile(r"<!-- error-table: ([\w-]+) -->")
_FIELD = re.compile(r"\{(\w+)\}")


def messages() -> list[Message]:
    """Every definition, in the order the module defines them."""
    return [value for value in vars(secretmock._messages).values() if isinstance(value, Message)]


def table(section: str) -> str:
    """The Markdown table of the messages that list ``section``."""
    rows = [
        "| Code | Message | HTTP | When | Evidence |",
        "| --- | --- | --- | --- | --- |",
    ]
    for message in messages():
        if section in message.sections:
            cells = (
                f"`{message.code}`",
                _FIELD.sub(r"*\1*", message.text),
                str(message.http_status),
                message.when,
                message.evidence,
            )
            rows.append("| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |")
    if len(rows) == 2:
        raise ExtensionError(f"no AWS error message lists the catalogue section {section!r}")
    return "\n".join(rows)


def _fill_in(app: Sphinx, docname: str, source: list[str]) -> None:
    sections = MARKER.findall(source[0])
    if not sections:
        return
    app.env.note_dependency(secretmock._messages.__file__)
    unlisted = {s for message in messages() for s in message.sections} - set(sections)
    if unlisted:
        raise ExtensionError(f"{docname} has no table for the sections {sorted(unlisted)}")
    source[0] = MARKER.sub(lambda found: table(found.group(1)), source[0])


def setup(app: Sphinx) -> ExtensionMetadata:
    app.connect("source-read", _fill_in)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
