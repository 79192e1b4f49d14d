"""A rotation function for ``secretmock serve --rotation`` (tests/server/test_rotation.py):
the single-user template's steps, its "database" a dict of this server process."""

from __future__ import annotations

from typing import Any

from tests.rotation.handlers import SingleUserRotation

handler: Any = SingleUserRotation()
