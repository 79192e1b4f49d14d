"""Sphinx configuration of the secretmock documentation: Sphinx, the furo theme, MyST Markdown.

Build it offline, warnings as errors (as .ci/run does):
``python -m sphinx -W --keep-going -q -b html docs docs/_build/html``.
"""

from __future__ import annotations

import sys
from pathlib import Path

from sphinx.application import Sphinx

if sys.version_info >= (3, 11):
    import tomllib
else:  # Python 3.10 gets Sphinx 8.1, which depends on tomli
    import tomli as tomllib  # type: ignore[import-not-found, unused-ignore]

DOCS = Path(__file__).resolve().parent
ROOT = DOCS.parent

# Document the checkout this file belongs to, and find the local extensions in docs/_ext.
sys.path[:0] = [str(ROOT), str(DOCS / "_ext")]

# -- Project: name and version come from pyproject.toml, the one place they are written --------

_PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
project: str = _PROJECT["name"]
release: str = _PROJECT["version"]
version = ".".join(release.split(".")[:2])
author: str = ", ".join(person["name"] for person in _PROJECT["authors"])
copyright = author

# -- General ------------------------------------------------------------------------------------

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "operations_matrix",  # docs/_ext/operations_matrix.py: the generated support matrix
    "error_catalogue",  # docs/_ext/error_catalogue.py: the generated error tables
]
source_suffix = {".md": "markdown", ".rst": "restructuredtext"}
root_doc = "index"
exclude_patterns = ["_build", "_ext", "Thumbs.db", ".DS_Store"]
# No intersphinx: the build must work without network access.

myst_enable_extensions = ["deflist"]

# -- autodoc ------------------------------------------------------------------------------------

autodoc_typehints = "description"
autodoc_member_order = "bysource"
autodoc_default_options = {"members": True}

# -- HTML -----------------------------------------------------------------------------------------

html_theme = "furo"
html_title = f"{project} {release}"


def _hide_exception_return_type(
    app: Sphinx,
    what: str,
    name: str,
    obj: object,
    options: object,
    args: str | None,
    retann: str | None,
) -> None:
    """Drop ``Return type: None`` from the description of an exception class.

    autodoc leaves a class's ``__init__`` return type out of its description but does not treat
    exception classes the same way, so each error class would read "Return type: None".
    """
    if what != "exception":
        return
    document = getattr(app.env, "current_document", None)  # Sphinx 8.2 and newer
    annotations: dict[str, dict[str, str]] = (
        document.autodoc_annotations
        if document is not None
        else app.env.temp_data.get("annotations") or {}
    )
    annotations.get(name, {}).pop("return", None)


def setup(app: Sphinx) -> None:
    app.connect("autodoc-process-signature", _hide_exception_return_type)
