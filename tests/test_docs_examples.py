"""Every Python example in README.md and docs/*.md runs, as a user who copies it would run it.

Users copy the examples first, so a broken example is a broken product. Each ```python block is
extracted and run, with its own test id (``page:line`` of its opening fence). The conventions,
for whoever writes an example:

- A block that defines tests (``def test...``) is a test module: it runs under pytest
  (in-process, through ``pytester``, warnings as errors) and every test it defines must pass.
- Any other block is a script: it runs as ``__main__`` and must finish without an exception. A
  script whose every ``print(...)`` is one line with a trailing comment (``print(x)  # hello``)
  must print exactly those comments, one line each. Scripts run in this process, except those
  that use ``patch_client``: they show what happens when secretmock is imported late, so they run
  in a new interpreter.
- A block whose first line is a comment naming a Python file (``# rotation/lambda_function.py``)
  is written to that path, and the blocks after it on the same page can import it, as in a
  project laid out that way. Test blocks run from the project's root, as ``python -m pytest``.
- A block that cannot run alone carries ``<!-- not-runnable: why -->`` on the line right before
  its fence (MyST renders the comment as nothing). It is reported as skipped, with its page, line
  and reason. The number of such blocks per page is pinned in EXPECTED_BLOCKS, as is the least
  number of runnable ones, so no example drops out silently.
- A block that needs what not every supported environment has carries
  ``<!-- requires: NAME -->`` on the line right before its fence: a module (``aioboto3``), or a
  Secrets Manager operation that older botocore models lack (``ListResourcePolicies``). Where
  NAME is missing, it is reported as skipped, saying what is missing; elsewhere it runs.
"""

from __future__ import annotations

import ast
import importlib.util
import re
import runpy
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.botocore_model import has

ROOT = Path(__file__).resolve().parent.parent
PAGES = ("README.md", *sorted(f"docs/{page.name}" for page in (ROOT / "docs").glob("*.md")))

# page: (least number of runnable Python blocks, exact number of not-runnable ones). A page that
# loses an example, or gains a not-runnable one, fails test_every_page_keeps_its_examples.
EXPECTED_BLOCKS: dict[str, tuple[int, int]] = {
    "README.md": (2, 0),
    "docs/accounts.md": (6, 0),
    "docs/api.md": (0, 0),
    "docs/async.md": (4, 0),
    "docs/changelog.md": (0, 0),
    "docs/error-catalogue.md": (0, 0),
    "docs/errors.md": (3, 0),
    "docs/index.md": (2, 0),
    "docs/kms.md": (4, 0),
    "docs/moto.md": (2, 0),
    "docs/operations.md": (0, 0),
    "docs/mutation-testing.md": (0, 0),
    "docs/passwords.md": (1, 0),
    "docs/performance.md": (0, 0),
    "docs/policies.md": (2, 0),
    "docs/pytest.md": (3, 0),
    "docs/quickstart.md": (3, 0),
    "docs/replication.md": (4, 0),
    "docs/rotation.md": (3, 1),
    "docs/server.md": (1, 0),
    "docs/searching.md": (3, 0),
    "docs/test-author-api.md": (11, 0),
    "docs/usage.md": (11, 0),
    "docs/versions-and-labels.md": (0, 0),
}

_FENCE = re.compile(r"^(?P<indent> *)(?P<fence>`{3,}|~{3,})(?P<info>.*)$")
_NOT_RUNNABLE = re.compile(r"^<!--\s*not-runnable:(?P<reason>.*?)-->\s*$")
_REQUIRES = re.compile(r"^<!--\s*requires:\s*(?P<name>[\w.]+)\s*-->\s*$")
_FILE_COMMENT = re.compile(r"^# (?P<path>[\w./-]+\.py)\s*$")
_TEST_DEF = re.compile(r"^\s*(?:async\s+)?def\s+test\w*\s*\(", re.MULTILINE)
_PRINT_WITH_COMMENT = re.compile(r"^\s*print\(.*\)\s+# (?P<output>.*)$")
# Inner pytest runs: fixed order, no cache files, and no hypothesis plugin (in-process, it would
# import hypothesis afresh for each example, which costs seconds).
_QUIET = ("-p", "no:randomly", "-p", "no:cacheprovider", "-p", "no:hypothesispytest")
# Python under another name would escape extraction: fences must say ```python.
_PYTHON_ALIASES = {"py", "python3", "py3", "pycon", "ipython", "ipython3", "pytb"}
_PYTHON_DIRECTIVE = re.compile(r"^\{(?:code-block|code|sourcecode)\}\s+(?:python|py)", re.I)


@dataclass(frozen=True)
class Block:
    page: str
    line: int  # of the opening fence, 1-based
    code: str
    not_runnable: str | None  # the reason, for a block marked not runnable
    earlier: tuple[Block, ...]  # the page's blocks before this one
    requires: str | None = None  # a module or an operation the block needs

    @property
    def missing(self) -> str | None:
        """Why this environment cannot run the block, if it lacks what the block requires."""
        name = self.requires
        if name is None:
            return None
        if name[0].isupper():  # an operation of Secrets Manager
            return None if has(name) else f"the installed botocore's model has no {name}"
        return None if importlib.util.find_spec(name) else f"{name} is not installed"

    @property
    def id(self) -> str:
        return f"{self.page}:{self.line}"

    @property
    def path(self) -> str | None:
        """The file the block says it is, from a first line such as ``# rotation/handler.py``."""
        first = self.code.splitlines()[0] if self.code else ""
        match = _FILE_COMMENT.match(first)
        return match["path"] if match else None

    @property
    def tests(self) -> int:
        return len(_TEST_DEF.findall(self.code))


def fenced_blocks(page: str) -> list[tuple[int, str, str, str | None]]:
    """(line, info string, code, not-runnable reason) of every fenced block of a page."""
    lines = (ROOT / page).read_text(encoding="utf-8").splitlines()
    blocks: list[tuple[int, str, str, str | None]] = []
    index = 0
    while index < len(lines):
        opening = _FENCE.match(lines[index])
        if opening is None:
            index += 1
            continue
        fence = opening["fence"]
        closing = re.compile(rf"^ *{fence[0]}{{{len(fence)},}}\s*$")
        end = index + 1
        while end < len(lines) and not closing.match(lines[end]):
            end += 1
        marker = _NOT_RUNNABLE.match(lines[index - 1]) if index > 0 else None
        reason = marker["reason"].strip() if marker else None
        # A fence indented in a list item indents its code as much: take that off.
        indent = len(opening["indent"])
        code = "\n".join(line[indent:] for line in lines[index + 1 : end]) + "\n"
        blocks.append((index + 1, opening["info"].strip(), code, reason))
        index = end + 1
    return blocks


def python_blocks(page: str) -> list[Block]:
    lines = (ROOT / page).read_text(encoding="utf-8").splitlines()
    found: list[Block] = []
    for line, info, code, reason in fenced_blocks(page):
        if info.split(maxsplit=1)[:1] == ["python"]:
            required = _REQUIRES.match(lines[line - 2]) if line > 1 else None
            requires = required["name"] if required else None
            found.append(Block(page, line, code, reason, tuple(found), requires))
    return found


ALL_BLOCKS = [block for page in PAGES for block in python_blocks(page)]


def _write_earlier_files(block: Block, directory: Path) -> None:
    for earlier in block.earlier:
        if earlier.path is not None and earlier.not_runnable is None:
            target = directory / earlier.path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(earlier.code, encoding="utf-8")


def _expected_output(code: str) -> list[str] | None:
    """The lines a script must print: the comments of its prints, when every print has one."""
    prints = [line for line in code.splitlines() if line.lstrip().startswith("print(")]
    if not prints:
        return None
    outputs = [_PRINT_WITH_COMMENT.match(line) for line in prints]
    if any(match is None for match in outputs):
        return None
    return [match["output"] for match in outputs if match is not None]


def _needs_a_fresh_interpreter(code: str) -> bool:
    # patch_client examples create a client before `import secretmock`; in this process
    # secretmock is imported already, so only a new interpreter shows what they claim.
    return "patch_client(" in code


def _run_tests(block: Block, pytester: pytest.Pytester) -> None:
    _write_earlier_files(block, pytester.path)
    path = pytester.path / (block.path or "test_example.py")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(block.code, encoding="utf-8")
    # A project's configuration as this one's: warnings are errors, and pytest-asyncio (which
    # the async examples use) is told its loop scope, or it warns.
    pytester.makeini(
        "[pytest]\nfilterwarnings = error\nasyncio_default_fixture_loop_scope = function\n"
    )
    # As `python -m pytest` run from the project's root: the root is importable.
    pytester.syspathinsert()
    result = pytester.runpytest_inprocess(str(path), *_QUIET)
    assert block.tests > 0
    result.assert_outcomes(passed=block.tests)


def _run_script(
    block: Block, pytester: pytest.Pytester, capsys: pytest.CaptureFixture[str]
) -> None:
    _write_earlier_files(block, pytester.path)
    path = pytester.path / (block.path or "example.py")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(block.code, encoding="utf-8")
    if _needs_a_fresh_interpreter(block.code):
        process = subprocess.run(
            [sys.executable, "-W", "error", str(path)],
            cwd=pytester.path,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert process.returncode == 0, process.stderr
        output = process.stdout
    else:
        pytester.syspathinsert()
        modules = set(sys.modules)
        try:
            runpy.run_path(str(path), run_name="__main__")
        finally:
            # Forget the modules the example imported from its own directory.
            for name in set(sys.modules) - modules:
                file = getattr(sys.modules[name], "__file__", None) or ""
                if file.startswith(str(pytester.path)):
                    del sys.modules[name]
        output = capsys.readouterr().out
    expected = _expected_output(block.code)
    if expected is not None:
        assert output.splitlines() == expected


@pytest.mark.parametrize(
    "block",
    [
        pytest.param(
            block,
            id=block.id,
            marks=[pytest.mark.skip(reason=f"{block.id} is not runnable: {block.not_runnable}")]
            if block.not_runnable is not None
            else [pytest.mark.skip(reason=f"{block.id} cannot run here: {block.missing}")]
            if block.missing is not None
            else [],
        )
        for block in ALL_BLOCKS
    ],
)
def test_example_runs(
    block: Block,
    pytester: pytest.Pytester,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(pytester.path)
    if block.tests:
        _run_tests(block, pytester)
    else:
        _run_script(block, pytester, capsys)


def test_every_page_keeps_its_examples() -> None:
    assert set(EXPECTED_BLOCKS) == set(PAGES), "add new pages to EXPECTED_BLOCKS"
    found: dict[str, tuple[int, int]] = {}
    for page in PAGES:
        blocks = python_blocks(page)
        skipped = sum(block.not_runnable is not None for block in blocks)
        found[page] = (len(blocks) - skipped, skipped)
    for page, (least_runnable, not_runnable) in EXPECTED_BLOCKS.items():
        runnable, skipped = found[page]
        assert runnable >= least_runnable, f"{page}: {runnable} runnable examples"
        assert skipped == not_runnable, f"{page}: {skipped} examples marked not runnable"


def test_markers_and_fences_are_well_formed() -> None:
    """Each marker has a reason and sits right before a Python fence; no Python hides elsewhere."""
    problems: list[str] = []
    for page in PAGES:
        lines = (ROOT / page).read_text(encoding="utf-8").splitlines()
        fences = {line: info for line, info, _, _ in fenced_blocks(page)}
        for number, text in enumerate(lines, start=1):
            if text.startswith("<!--") and "requires" in text:
                if _REQUIRES.match(text) is None:
                    problems.append(f"{page}:{number}: write <!-- requires: NAME -->")
                elif fences.get(number + 1, "").split(maxsplit=1)[:1] != ["python"]:
                    problems.append(f"{page}:{number}: not right before a ```python fence")
            if not (text.startswith("<!--") and "not-runnable" in text):
                continue
            marker = _NOT_RUNNABLE.match(text)
            if marker is None or not marker["reason"].strip():
                problems.append(f"{page}:{number}: write <!-- not-runnable: reason -->")
            elif fences.get(number + 1, "").split(maxsplit=1)[:1] != ["python"]:
                problems.append(f"{page}:{number}: not right before a ```python fence")
        for line, info, _, _ in fenced_blocks(page):
            language = info.split(maxsplit=1)[0].lower() if info else ""
            if language in _PYTHON_ALIASES or _PYTHON_DIRECTIVE.match(info):
                problems.append(f"{page}:{line}: write ```python, not ```{info}")
    assert problems == []


def test_test_blocks_define_what_is_counted() -> None:
    """The number of tests counted in each block is the number of test functions it defines."""
    for block in ALL_BLOCKS:
        if block.not_runnable is not None:
            continue
        tree = ast.parse(block.code, filename=block.id)
        functions = [
            node
            for node in ast.walk(tree)
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
            and node.name.startswith("test")
        ]
        assert len(functions) == block.tests, block.id
