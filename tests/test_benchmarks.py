"""Smoke runs of the scripts in benchmarks/: each one, with the smallest options that still take
every path it has, runs to the end in a process of its own and prints every row of its report.
Nothing else runs them (a stand-in with the wrong signature once went unnoticed for weeks); the
figures they print depend on the machine and are not looked at."""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# A cell of bench.py's table: "median / p90", in microseconds.
CELL = r"[\d,]+ / [\d,]+"
# A figure of write_budget.py's table: "microseconds (ratio to Stubber)".
FIGURE = r"[\d.]+ \([\d.]+x\)"
BENCH_ROWS = (
    "GetSecretValue",
    "CreateSecret",
    "PutSecretValue",
    "UpdateSecret",
    "DescribeSecret",
    "ListSecretVersionIds",
    "BatchGetSecretValue",
    "TagResource",
    "UpdateSecretVersionStage",
    "GetRandomPassword",
    "GetSecretValue (error)",
)
# bench.py's least: one round, two warm-up calls, ten timed calls (its least per round).
BENCH_TINY = ("--rounds", "1", "--warmup", "2", "--ops", "2", "--budget", "0.001", "--big", "20")


def installed(module: str) -> bool:
    return importlib.util.find_spec(module) is not None


needs_moto = pytest.mark.skipif(
    not installed("moto"), reason="moto is not installed (the benchmark extra)"
)


def run(script: str, *options: str) -> str:
    """What ``benchmarks/SCRIPT OPTIONS`` prints, run with this checkout's secretmock; it must
    exit with status 0."""
    paths = [str(ROOT), *filter(None, [os.environ.get("PYTHONPATH")])]
    finished = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / script), *options],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(paths)},
    )
    assert finished.returncode == 0, finished.stdout + finished.stderr
    return finished.stdout


def missing(output: str, *patterns: str) -> list[str]:
    """The patterns that no line of ``output`` matches in full: none when every row is there."""
    lines = output.splitlines()
    return [
        pattern for pattern in patterns if not any(re.fullmatch(pattern, line) for line in lines)
    ]


def test_bench_without_moto_reports_every_workload_enter_leave_and_scale():
    output = run("bench.py", *BENCH_TINY, "--no-moto", "--pause-gc")
    rows = [
        rf"{re.escape(name)} +{CELL} +{CELL} +n/a +{CELL} +[\d.]+x +[\d.]+x +-"
        for name in BENCH_ROWS
    ]
    assert (
        missing(
            output,
            *rows,
            rf"enter\+leave +secretmock +{CELL} +moto +n/a +moto/sm -",
            r" +\(moto: left out\)",
            rf" +GetSecretValue +10: +{CELL} +20: +{CELL} +[\d.]+x",
            rf" +DescribeSecret +10: +{CELL} +20: +{CELL} +[\d.]+x",
            r"(All targets met\.|Some targets missed \(see FAIL above\)\.)",
        )
        == []
    )


@needs_moto
def test_bench_with_moto_reports_moto_beside_the_others():
    output = run("bench.py", *BENCH_TINY, "--only", "GetSecretValue", "GetSecretValue (error)")
    assert (
        missing(
            output,
            rf"GetSecretValue +{CELL} +{CELL} +{CELL} +{CELL} +[\d.]+x +[\d.]+x +[\d.]+x",
            rf"GetSecretValue \(error\) +{CELL} +{CELL} +{CELL} +{CELL} +[\d.]+x +[\d.]+x +[\d.]+x",
            rf"enter\+leave +secretmock +{CELL} +moto +{CELL} +moto/sm [\d.]+x",
        )
        == []
    )
    assert "CreateSecret" not in output  # --only left the other rows out


def test_write_budget_reports_every_write_for_every_contender():
    output = run("write_budget.py", "--rounds", "1", "--budget", "0.001", "--ops", "2")
    assert (
        missing(
            output,
            r"operation +target +Stubber +secretmock +canned hook +no encryption +no enc/valid/record",
            *[
                rf"{name} +[\d.]+(?: +{FIGURE}){{5}}"
                for name in ("CreateSecret", "PutSecretValue", "UpdateSecret")
            ],
        )
        == []
    )


def test_access_cost_reports_both_operations():
    output = run("access_cost.py", "--rounds", "1")
    figures = r"with the checks +-?[\d.]+ +without +-?[\d.]+ +difference +-?[\d.]+"
    assert missing(output, rf" +GetSecretValue +{figures}", rf" +PutSecretValue +{figures}") == []


def test_restore_reports_every_way_of_making_the_secrets():
    output = run("restore.py", "--secrets", "3", "--versions", "2", "--rounds", "1")
    figures = r"[\d.]+ ms \| [\d.]+ µs"
    assert (
        missing(
            output,
            r"3 secrets, 2 version\(s\) each; median of 1 rounds; .*",
            *[rf"\| {way} \| {figures} \| \d+x \|" for way in ("by calls", "add_secret", "load")],
            *[rf"\| {way} \| {figures} \|  \|" for way in ("snapshot", "restore")],
        )
        == []
    )


def test_server_reports_every_server_it_can_start():
    servers = ["secretmock", "secretmock --state"]
    servers += [
        f"secretmock on {name}" for name in ("werkzeug", "cheroot", "uvicorn") if installed(name)
    ]
    servers.append("waitress, a constant reply")
    if installed("flask") and installed("moto"):
        servers.append("moto_server")
    output = run("server.py", "--calls", "1", "--rounds", "1")
    assert (
        missing(output, *[rf"{re.escape(name)} +\d+ +\d+ µs +\d+ µs  \d+" for name in servers])
        == []
    )


def test_import_time_reports_the_import_and_the_first_use():
    output = run("import_time.py", "--runs", "1")
    assert (
        missing(
            output,
            r"import secretmock after botocore: median [\d.]+ ms over 1 runs \(budget 20 ms\)",
            r"heavy modules imported by 'import secretmock': \[.*\]",
            r"first mock and first call \(.*\): median [\d.]+ ms",
        )
        == []
    )
