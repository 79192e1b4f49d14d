"""The dependency range: secretmock installs beside any boto3 and botocore from 1.34.0 on, and CI
tests that lower end (aiobotocore and aioboto3 pin a botocore below the newest; lock files hold
older ones)."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OLDEST = "1.34.0"


def test_the_declared_range_starts_at_the_oldest_tested_botocore():
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    dependencies = re.search(r"^dependencies = \[(.*?)^\]", pyproject, re.M | re.S)
    assert dependencies is not None
    declared = re.findall(r'"([^"]+)"', dependencies[1])
    assert f"botocore>={OLDEST}" in declared
    assert f"boto3>={OLDEST}" in declared
    # No upper bound: nothing known breaks with a newer botocore, and CI runs the newest.
    assert not any("<" in requirement for requirement in declared)


def test_ci_runs_the_suite_at_both_ends_and_the_async_suite():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert f"boto3=={OLDEST} botocore=={OLDEST}" in ci
    assert '".[test]" aiobotocore\n' in ci
    assert '".[test]" aioboto3\n' in ci
