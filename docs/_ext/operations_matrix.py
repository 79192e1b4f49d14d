"""Sphinx extension: the operations support matrix, generated while the docs build.

A page holding the line ``<!-- operations-matrix -->`` gets that line replaced, before MyST
parses the page, by a Markdown table with one row per operation of botocore's
``secretsmanager`` service model: the API name (linked to the AWS API reference), the boto3
method name, and whether ``secretmock._operations.OPERATIONS`` implements it. Nothing is written
to disk and nothing is listed by hand, so the table follows every operation added to the mock.
The page is read again when an operation module or botocore changes.
"""

from __future__ import annotations

from pathlib import Path

import botocore
import botocore.session
from sphinx.application import Sphinx
from sphinx.errors import ExtensionError
from sphinx.util.typing import ExtensionMetadata

import secretmock._operations
from secretmock._operations import OPERATIONS

MARKER = "<!-- operations-matrix -->"
API_REFERENCE = "https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_{}.html"
IMPLEMENTED = "Implemented"
NOT_YET = "Not yet"


def operations_matrix() -> str:
    """The support matrix as Markdown: a summary sentence, then the table."""
    model = botocore.session.get_session().get_service_model("secretsmanager")
    operations = sorted(model.operation_names)
    unknown = sorted(set(OPERATIONS) - set(operations))
    if unknown:
        raise ExtensionError(
            f"secretmock implements operations that botocore's service model lacks: {unknown}"
        )
    implemented = sum(name in OPERATIONS for name in operations)
    lines = [
        f"secretmock implements **{implemented} of the {len(operations)}** operations of the "
        f"Secrets Manager service model in botocore {botocore.__version__} "
        f"(API version {model.api_version}).",
        "",
        "| Operation | boto3 method | secretmock |",
        "| --- | --- | --- |",
    ]
    for name in operations:
        status = IMPLEMENTED if name in OPERATIONS else NOT_YET
        link = f"[{name}]({API_REFERENCE.format(name)})"
        lines.append(f"| {link} | `{botocore.xform_name(name)}` | {status} |")
    return "\n".join(lines)


def _sources() -> list[Path]:
    """The files the matrix is made from: the operation table and modules, and botocore."""
    operations_dir = Path(secretmock._operations.__file__).parent
    return [*sorted(operations_dir.glob("*.py")), Path(botocore.__file__)]


def _fill_in(app: Sphinx, docname: str, source: list[str]) -> None:
    if MARKER not in source[0]:
        return
    for path in _sources():
        app.env.note_dependency(str(path))
    source[0] = source[0].replace(MARKER, operations_matrix())


def setup(app: Sphinx) -> ExtensionMetadata:
    app.connect("source-read", _fill_in)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
