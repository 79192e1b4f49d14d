"""Mutation testing for secretmock: which small rule changes would the test suite miss?

Usage (from the repository root, with the ``mutation`` extra installed)::

    python tools/mutation.py secretmock/_rotation/schedule.py [more modules ...]
    python tools/mutation.py secretmock/_operations            # every module of a package
    python tools/mutation.py --list secretmock/_backend/versioning.py   # the mutants only

For each module it

1. runs the whole test suite once under coverage, recording which test executes which line
   (and how long each test takes);
2. makes one *mutant* at a time: a copy of the module with one small change to its syntax tree
   (an operator, a comparison, a constant, a removed statement, a negated condition);
3. runs, for each mutant, only the tests that execute the mutated line, fastest first, stopping
   at the first failure. A mutant is *killed* when a test fails, *survived* when all pass,
   *timeout* when the tests run far longer than they did unmutated.

Mutants are loaded by an import hook in a forked process, so the source files are never
rewritten. One worker: the machine this was written on has two cores shared with others.

Surviving mutants that cannot change behaviour are listed, with the reason, in
``tools/mutation-equivalents.txt`` and counted as *equivalent*. A mutant is named by the
function it is in and its source before and after, not by line number, so the list survives
edits elsewhere in the module.
"""

from __future__ import annotations

import argparse
import ast
import copy
import importlib.abc
import importlib.util
import json
import os
import signal
import sys
import tempfile
import time
import traceback
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
EQUIVALENTS = ROOT / "tools" / "mutation-equivalents.txt"
# A mutant's tests may run this many times longer than unmutated, plus a fixed allowance for
# importing secretmock and collecting the test files, before it counts as a timeout.
TIMEOUT_FACTOR = 5
TIMEOUT_ALLOWANCE_SECONDS = 20.0
# How many of a module's tests run against it unmutated, through the import hook, first.
UNMUTATED_SAMPLE = 25
OUTCOMES = ("killed", "survived", "equivalent", "timeout", "no tests", "crashed")

_SWAPPED_OPERATORS: dict[type[ast.AST], type[ast.AST]] = {
    ast.Add: ast.Sub,
    ast.Sub: ast.Add,
    ast.Mult: ast.FloorDiv,
    ast.Div: ast.Mult,
    ast.FloorDiv: ast.Mult,
    ast.Mod: ast.FloorDiv,
    ast.Lt: ast.LtE,
    ast.LtE: ast.Lt,
    ast.Gt: ast.GtE,
    ast.GtE: ast.Gt,
    ast.Eq: ast.NotEq,
    ast.NotEq: ast.Eq,
    ast.In: ast.NotIn,
    ast.NotIn: ast.In,
    ast.Is: ast.IsNot,
    ast.IsNot: ast.Is,
    ast.And: ast.Or,
    ast.Or: ast.And,
}


@dataclass(frozen=True)
class Mutant:
    """One change to a module: the ``index``-th candidate of its syntax tree, in walk order."""

    index: int
    # The lines that hold the change and the first line of its statement: coverage records a
    # multi-line statement on one of them, depending on the Python version.
    lines: tuple[int, ...]
    scope: str  # the qualified name of the enclosing function or class, or "<module>"
    before: str
    after: str

    @property
    def line(self) -> int:
        return self.lines[0]

    @property
    def name(self) -> str:
        return f"{self.scope}: {self.before}  =>  {self.after}"


@dataclass(frozen=True)
class _Site:
    lines: tuple[int, ...]
    scope: str
    before: str
    after: str
    path: tuple[Any, ...]  # field names and list indexes from the module to the changed node
    change: Any  # a callable that changes that node

    def apply(self, tree: ast.Module) -> None:
        self.change(_resolve(tree, self.path))


def _is_docstring(statement: ast.stmt, body: Sequence[ast.stmt]) -> bool:
    return (
        statement is body[0]
        and isinstance(statement, ast.Expr)
        and isinstance(statement.value, ast.Constant)
        and isinstance(statement.value.value, str)
    )


def _sites(tree: ast.Module) -> Iterator[_Site]:
    """Every change the mutator can make, in a fixed order, each applied to a copy of ``tree``.

    Each site records a path (field names and indexes) from the root to the changed node, so the
    change can be replayed on a fresh copy.
    """

    def walk(
        node: ast.AST, path: tuple[Any, ...], scope: str, line: int, context: tuple[Any, ...]
    ) -> Iterator[_Site]:
        if isinstance(node, ast.stmt):
            line = node.lineno
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            scope = node.name if scope == "<module>" else f"{scope}.{node.name}"
        if isinstance(node, ast.stmt) or (
            isinstance(node, ast.expr) and not isinstance(node, _CONTAINERS)
        ):
            context = path
        yield from _node_sites(tree, node, path, scope, line, context)
        for field, value in ast.iter_fields(node):
            if field == "decorator_list":
                continue  # dataclass options and the like: not rules
            if isinstance(value, list):
                for position, item in enumerate(value):
                    if isinstance(item, ast.stmt) and _is_docstring(item, value):
                        continue  # changing a docstring changes nothing
                    if isinstance(item, ast.AST):
                        yield from walk(item, (*path, field, position), scope, line, context)
            elif isinstance(value, ast.AST):
                yield from walk(value, (*path, field), scope, line, context)

    yield from walk(tree, (), "<module>", 1, ())


def _resolve(tree: ast.AST, path: tuple[Any, ...]) -> Any:
    node: Any = tree
    for step in path:
        node = node[step] if isinstance(step, int) else getattr(node, step)
    return node


def _node_sites(
    tree: ast.Module,
    node: ast.AST,
    path: tuple[Any, ...],
    scope: str,
    line: int,
    context: tuple[Any, ...],
) -> Iterator[_Site]:
    """The changes of ``node``; ``context`` is the path to the expression (or statement) that
    shows a changed constant in its place."""
    lines = _lines(line, node)

    def site(before: str, after: str, change: Any) -> _Site:
        return _Site(lines, scope, before, after, path, change)

    if isinstance(node, ast.BinOp | ast.BoolOp | ast.AugAssign) and type(node.op) in (
        _SWAPPED_OPERATORS
    ):
        if isinstance(node, ast.BinOp) and _is_string_formatting(node):
            return
        replacement = _SWAPPED_OPERATORS[type(node.op)]

        def swap_operator(target: Any, replacement: Any = replacement) -> None:
            target.op = replacement()

        changed = copy.deepcopy(node)
        swap_operator(changed)
        yield site(ast.unparse(node), ast.unparse(changed), swap_operator)
    if isinstance(node, ast.Compare):
        for position, operator in enumerate(node.ops):
            if type(operator) not in _SWAPPED_OPERATORS:
                continue
            replacement = _SWAPPED_OPERATORS[type(operator)]

            def swap_comparison(
                target: Any, position: int = position, replacement: Any = replacement
            ) -> None:
                target.ops[position] = replacement()

            compared = copy.deepcopy(node)
            swap_comparison(compared)
            yield site(ast.unparse(node), ast.unparse(compared), swap_comparison)
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):

        def double_not(target: Any) -> None:
            # ``not x`` becomes ``not not x``: the truth value flipped, still an expression.
            target.operand = ast.UnaryOp(op=ast.Not(), operand=target.operand)

        yield site(ast.unparse(node), "not not " + ast.unparse(node.operand), double_not)
    if isinstance(node, ast.Constant) and not _in_annotation(path) and not _in_literal(tree, path):
        for found in _constant_sites(node, site):
            yield _in_context(found, tree, path, context)
    if isinstance(node, ast.If | ast.While | ast.IfExp | ast.Assert):
        test = node.test
        if not isinstance(test, ast.Compare | ast.BoolOp) and not (
            isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not)
        ):

            def negate(target: Any) -> None:
                target.test = ast.UnaryOp(op=ast.Not(), operand=target.test)

            yield site(ast.unparse(test), f"not {ast.unparse(test)}", negate)
    if isinstance(node, ast.stmt):
        yield from _statement_sites(node, path, lines, scope, site)


def _lines(statement_line: int, node: ast.AST) -> tuple[int, ...]:
    first = getattr(node, "lineno", statement_line)
    last = getattr(node, "end_lineno", None) or first
    return (statement_line, *(line for line in range(first, last + 1) if line != statement_line))


_CONTAINERS = (ast.Constant, ast.Tuple, ast.List, ast.Set, ast.Dict, ast.JoinedStr)
_LONGEST_CONTEXT = 100


def _in_context(
    found: _Site, tree: ast.Module, path: tuple[Any, ...], context: tuple[Any, ...]
) -> _Site:
    """``found`` shown in its enclosing expression, ``x < 3  =>  x < 4`` rather than
    ``3  =>  4``, so that the same constant in two places gives two names."""
    shown = _resolve(tree, context)
    before = ast.unparse(shown)
    if len(before) > _LONGEST_CONTEXT or "\n" in before:
        return found
    changed = copy.deepcopy(shown)
    found.change(_resolve(changed, path[len(context) :]))
    return _Site(found.lines, found.scope, before, ast.unparse(changed), found.path, found.change)


def _is_string_formatting(node: ast.BinOp) -> bool:
    return isinstance(node.op, ast.Mod) and isinstance(node.left, ast.Constant)


def _in_annotation(path: tuple[Any, ...]) -> bool:
    return any(step in ("annotation", "returns") for step in path)


def _in_literal(tree: ast.Module, path: tuple[Any, ...]) -> bool:
    """Whether ``path`` leads into ``Literal[...]``: a type (an alias such as
    ``Outcome = Literal["succeeded", "failed"]``), which no running code reads."""
    node: Any = tree
    for step in path:
        if isinstance(node, ast.Subscript) and step == "slice" and _names_literal(node.value):
            return True
        node = node[step] if isinstance(step, int) else getattr(node, step)
    return False


def _names_literal(node: ast.expr) -> bool:
    return (isinstance(node, ast.Name) and node.id == "Literal") or (
        isinstance(node, ast.Attribute) and node.attr == "Literal"
    )


def _constant_sites(node: ast.Constant, site: Any) -> Iterator[_Site]:
    value = node.value
    if isinstance(value, bool):

        def flip(target: Any) -> None:
            target.value = not target.value

        yield site(repr(value), repr(not value), flip)
    elif isinstance(value, int):

        def increment(target: Any) -> None:
            target.value = target.value + 1

        yield site(repr(value), repr(value + 1), increment)
    elif isinstance(value, str) and value and not any(c.isspace() for c in value):
        # Strings with white space are messages, pinned by the tests' exact assertions;
        # the others are names, labels, patterns and formats: rules.

        def extend(target: Any) -> None:
            target.value = target.value + "X"

        yield site(repr(value), repr(value + "X"), extend)


def _statement_sites(
    node: ast.stmt, path: tuple[Any, ...], lines: tuple[int, ...], scope: str, site: Any
) -> Iterator[_Site]:
    """Remove a statement whose effect is not needed for the code after it to run."""
    parent_path, position = path[:-1], path[-1]
    if not isinstance(position, int):
        return
    removable = (
        (isinstance(node, ast.Expr) and not isinstance(node.value, ast.Constant))
        or isinstance(node, ast.Raise | ast.AugAssign | ast.Delete | ast.Continue | ast.Break)
        or (
            isinstance(node, ast.Assign)
            and all(isinstance(target, ast.Attribute | ast.Subscript) for target in node.targets)
        )
    )
    if removable:

        def remove(parent: Any, position: int = position) -> None:
            parent[position] = ast.copy_location(ast.Pass(), parent[position])

        yield _Site(
            lines,
            scope,
            ast.unparse(node).splitlines()[0],
            "pass",
            parent_path,
            remove,
        )
    if isinstance(node, ast.Return) and node.value is not None:
        if isinstance(node.value, ast.Constant) and node.value.value is None:
            return

        def return_none(target: Any) -> None:
            target.value = None

        yield site(ast.unparse(node).splitlines()[0], "return None", return_none)


def mutants_of(source: str) -> list[Mutant]:
    mutants = []
    seen: dict[tuple[str, str, str], int] = {}
    for index, found in enumerate(_sites(ast.parse(source))):
        key = (found.scope, found.before, found.after)
        seen[key] = seen.get(key, 0) + 1
        # The same change in the same place twice (a constant in a long table): numbered.
        after = found.after if seen[key] == 1 else f"{found.after}  ({seen[key]})"
        mutants.append(Mutant(index, found.lines, found.scope, found.before, after))
    return mutants


def mutated_code(source: str, path: Path, index: int | None) -> Any:
    """The module compiled with its ``index``-th change, or unchanged if ``index`` is None."""
    tree = ast.parse(source)
    if index is not None:
        found = next(site for position, site in enumerate(_sites(tree)) if position == index)
        found.apply(tree)
        ast.fix_missing_locations(tree)
    return compile(tree, str(path), "exec")


def _leave_to_the_mutant(module_name: str) -> None:
    """Keep pytest's assertion rewriter from loading ``module_name`` from its file.

    pytest rewrites the asserts of its plugins' packages (secretmock is one, by its pytest11
    entry point) through an import hook it puts first, which would bypass the mutant's.
    """
    from _pytest.assertion.rewrite import AssertionRewritingHook

    rewriting_find_spec = AssertionRewritingHook.find_spec

    def find_spec(self: Any, name: str, path: Any = None, target: Any = None) -> Any:
        if name == module_name:
            return None
        return rewriting_find_spec(self, name, path, target)

    AssertionRewritingHook.find_spec = find_spec  # type: ignore[method-assign]


class _MutantFinder(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Serves one module from a mutated code object; every other import goes on as usual."""

    def __init__(self, module_name: str, path: Path, code: Any) -> None:
        self.module_name = module_name
        self.path = path
        self.code = code

    def find_spec(self, fullname: str, path: Any, target: Any = None) -> Any:
        if fullname != self.module_name:
            return None
        return importlib.util.spec_from_file_location(fullname, self.path, loader=self)

    def create_module(self, spec: Any) -> ModuleType | None:
        return None

    def exec_module(self, module: ModuleType) -> None:
        exec(self.code, module.__dict__)


def module_name_of(path: Path) -> str:
    relative = path.resolve().relative_to(ROOT).with_suffix("")
    return ".".join(relative.parts)


# --- running tests in forked children -------------------------------------------------------


def _quiet() -> None:
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    os.dup2(devnull, 2)


def _pytest_arguments(paths: Sequence[str], *, stop_at_first_failure: bool) -> list[str]:
    return [
        "-q",
        *(["-x"] if stop_at_first_failure else []),
        "-p",
        "no:randomly",
        "-p",
        "no:cacheprovider",
        *paths,
    ]


class _HypothesisSettings:
    """A pytest plugin: no example database, derandomized, no deadline.

    Examples found against a mutant must not be replayed later, and a mutant must meet the same
    examples each time it runs.
    """

    def pytest_configure(self, config: Any) -> None:
        from hypothesis import settings

        settings.register_profile("mutation", database=None, derandomize=True, deadline=None)
        settings.load_profile("mutation")


class _Selection:
    """A pytest plugin: run only the given tests, in the given order."""

    def __init__(self, order: Sequence[str]) -> None:
        self.rank = {node_id: position for position, node_id in enumerate(order)}

    def pytest_collection_modifyitems(self, config: Any, items: list[Any]) -> None:
        kept = [item for item in items if item.nodeid in self.rank]
        kept.sort(key=lambda item: self.rank[item.nodeid])
        deselected = [item for item in items if item.nodeid not in self.rank]
        if deselected:
            config.hook.pytest_deselected(items=deselected)
        items[:] = kept


class _Recorder:
    """A pytest plugin: which test executes which line, under coverage, and test durations."""

    def __init__(self, coverage: Any, modules: Sequence[str]) -> None:
        self.coverage = coverage
        self.modules = modules
        self.durations: dict[str, float] = {}
        self.failed: list[str] = []

    def pytest_sessionstart(self, session: Any) -> None:
        for name in self.modules:  # before the first test: what runs at import is seen as such
            importlib.import_module(name)

    def pytest_runtest_protocol(self, item: Any, nextitem: Any) -> None:
        self.coverage.switch_context(item.nodeid)

    def pytest_runtest_logreport(self, report: Any) -> None:
        self.durations[report.nodeid] = self.durations.get(report.nodeid, 0.0) + report.duration
        if report.failed:
            self.failed.append(report.nodeid)


def _in_child(work: Any, timeout: float | None = None) -> tuple[str, Any]:
    """Run ``work()`` in a forked process.

    Returns ("ok", its result, passed through JSON), ("timeout", None) or ("crashed", None).
    """
    with tempfile.TemporaryDirectory() as directory:
        result_file = Path(directory) / "result.json"
        pid = os.fork()
        if pid == 0:  # the child
            try:
                result_file.write_text(json.dumps(work()))
            except BaseException:
                traceback.print_exc()
            finally:
                os._exit(0)
        deadline = None if timeout is None else time.monotonic() + timeout
        try:
            while os.waitpid(pid, os.WNOHANG) == (0, 0):
                if deadline is not None and time.monotonic() > deadline:
                    os.kill(pid, signal.SIGKILL)
                    os.waitpid(pid, 0)
                    return "timeout", None
                time.sleep(0.02)
        except BaseException:  # interrupted (Ctrl-C, SIGTERM): leave no test run behind
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            raise
        if not result_file.exists():
            return "crashed", None
        return "ok", json.loads(result_file.read_text())


def record_coverage(test_paths: Sequence[str], modules: Sequence[Path]) -> dict[str, Any]:
    """Run the tests once, unmutated: per line of secretmock, the tests that execute it.

    ``modules`` are imported before the first test, so that the lines that run at import are
    recorded as such (no test's context) even when the first test is what would import them.
    """

    def work() -> dict[str, Any]:
        import coverage
        import pytest

        _quiet()
        cov = coverage.Coverage(data_file=None, source=[str(ROOT / "secretmock")])
        cov.start()
        recorder = _Recorder(cov, [module_name_of(path) for path in modules])
        exit_code = pytest.main(
            _pytest_arguments(test_paths, stop_at_first_failure=False),
            plugins=[recorder, _HypothesisSettings()],
        )
        cov.stop()
        data = cov.get_data()
        lines = {
            filename: {
                str(line): sorted(contexts)
                for line, contexts in data.contexts_by_lineno(filename).items()
            }
            for filename in data.measured_files()
        }
        return {
            "exit_code": int(exit_code),
            "failed": recorder.failed,
            "durations": recorder.durations,
            "lines": lines,
        }

    outcome, result = _in_child(work)
    if outcome != "ok":
        raise SystemExit(f"the unmutated test run {outcome}")
    if result["exit_code"] != 0:
        raise SystemExit(f"the unmutated test run failed: {result['failed'][:5]}")
    return dict(result)


def run_mutant(
    module_name: str,
    path: Path,
    source: str,
    index: int | None,
    tests: Sequence[str],
    timeout: float | None,
) -> str:
    """Run ``tests`` against the module with its ``index``-th change (None: unchanged).

    "killed" (a test failed, or the module did not import), "survived", "timeout" or "crashed"
    (the process died without a result: a bug here, not in the mutant).
    """
    files = sorted({node_id.split("::")[0] for node_id in tests})

    def work() -> int:
        import pytest

        _quiet()
        code = mutated_code(source, path, index)
        sys.meta_path.insert(0, _MutantFinder(module_name, path, code))
        _leave_to_the_mutant(module_name)
        return int(
            pytest.main(
                _pytest_arguments(files, stop_at_first_failure=True),
                plugins=[_Selection(tests), _HypothesisSettings()],
            )
        )

    outcome, exit_code = _in_child(work, timeout)
    if outcome == "timeout":
        return "timeout"
    if outcome == "crashed":
        return "crashed"
    # 1: a test failed; 2, 3, 4: interrupted, internal or usage error (an import failed).
    return "survived" if exit_code in (0, 5) else "killed"


# --- the command ------------------------------------------------------------------------------


def _equivalents() -> dict[str, str]:
    """Mutant name -> why it cannot change behaviour, from tools/mutation-equivalents.txt."""
    known: dict[str, str] = {}
    if not EQUIVALENTS.exists():
        return known
    module = ""
    for raw in EQUIVALENTS.read_text().splitlines():
        line = raw.rstrip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            module = line[1:-1]
        elif line.startswith("    "):
            continue  # the reason, continued
        else:
            name, _, reason = line.partition("  # ")
            known[f"{module}|{name.strip()}"] = reason.strip()
    return known


def _modules(arguments: Sequence[str]) -> list[Path]:
    modules: list[Path] = []
    for argument in arguments:
        path = (ROOT / argument).resolve()
        if path.is_dir():
            modules.extend(
                sorted(found for found in path.glob("*.py") if found.name != "__init__.py")
            )
        else:
            modules.append(path)
    return modules


def _runs_at_import(mutant: Mutant, by_line: dict[str, list[str]]) -> bool:
    """Whether the mutated line runs when the module is imported (a constant, a table, a
    default, a class body)."""
    return any("" in by_line.get(str(line), ()) for line in mutant.lines)


def _tests_for(mutant: Mutant, by_line: dict[str, list[str]], module_tests: list[str]) -> list[str]:
    if _runs_at_import(mutant, by_line):
        # Every test that uses the module may see the change.
        return module_tests
    return sorted({context for line in mutant.lines for context in by_line.get(str(line), ())})


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("modules", nargs="+", help="module files or package directories")
    parser.add_argument(
        "--tests", nargs="*", default=["tests"], help="test paths to select from (default: tests)"
    )
    parser.add_argument("--list", action="store_true", help="list the mutants and stop")
    parser.add_argument("--match", help="only the mutants whose name contains this text")
    parser.add_argument(
        "--after",
        type=int,
        default=0,
        metavar="N",
        help="skip each module's first N mutants (as --list numbers them): to resume a run "
        "that was stopped part-way",
    )
    parser.add_argument(
        "--coverage-file",
        type=Path,
        help="reuse the recording of which tests execute which line from this file if it "
        "exists, else record and save it there (stale once code or tests change)",
    )
    parser.add_argument("--json", type=Path, help="write every mutant's outcome to this file")
    parser.add_argument(
        "--skip-equivalents",
        action="store_true",
        help="count the mutants listed in tools/mutation-equivalents.txt as equivalent without "
        "running their tests (each survivor runs every test of its line: minutes on a busy "
        "machine); a listed mutant that a test would now kill then goes unnoticed",
    )
    parser.add_argument(
        "--no-whole-suite",
        action="store_true",
        help="do not rerun a surviving mutant of a line that runs at import with the whole "
        "suite (minutes each on a busy machine); it is reported as survived",
    )
    options = parser.parse_args(argv)
    signal.signal(signal.SIGTERM, _stop)
    os.chdir(ROOT)
    modules = _modules(options.modules)
    if options.list:
        for path in modules:
            for mutant in mutants_of(path.read_text()):
                print(f"{path.relative_to(ROOT)}:{mutant.line}: {mutant.name}")
        return 0

    # Import what every test run needs once, before forking; secretmock itself is imported in
    # each child, so that the mutant is what it finds.
    # pytest rewrites the asserts of every test file, and of secretmock (a pytest plugin), as
    # it imports them; without cached bytecode (PYTHONDONTWRITEBYTECODE) each mutant's child
    # did that again, about two thirds of its time. The mutated module is never cached: the
    # mutant's import hook serves it (see _leave_to_the_mutant).
    sys.dont_write_bytecode = False
    import boto3  # noqa: F401
    import botocore.session  # noqa: F401
    import pytest  # noqa: F401

    started = time.monotonic()
    print(f"recording which tests execute which line of secretmock ({options.tests}) ...")
    if options.coverage_file and options.coverage_file.exists():
        recorded = json.loads(options.coverage_file.read_text())
    else:
        recorded = record_coverage(options.tests, modules)
        if options.coverage_file:
            options.coverage_file.write_text(json.dumps(recorded))
    print(f"  {len(recorded['durations'])} tests in {time.monotonic() - started:.0f} s")
    durations: dict[str, float] = recorded["durations"]
    equivalents = _equivalents()
    results: list[dict[str, Any]] = []
    totals: dict[str, dict[str, int]] = {}
    for path in modules:
        relative = str(path.relative_to(ROOT))
        source = path.read_text()
        by_line: dict[str, list[str]] = recorded["lines"].get(str(path), {})
        module_tests = sorted(
            {context for contexts in by_line.values() for context in contexts if context}
        )
        counts = dict.fromkeys(OUTCOMES, 0)
        module_started = time.monotonic()
        mutants = [
            mutant
            for mutant in mutants_of(source)[options.after :]
            if options.match is None or options.match in mutant.name
        ]
        print(f"\n{relative}: {len(mutants)} mutants, {len(module_tests)} tests use it")
        # The recording showed every test passing; this checks that they still pass with the
        # module loaded by the mutants' import hook (the fastest few: it is the hook under test).
        sample = sorted(module_tests, key=durations.__getitem__)[:UNMUTATED_SAMPLE]
        unmutated = run_mutant(module_name_of(path), path, source, None, sample, None)
        if unmutated != "survived":
            print(f"  the unmutated module's tests did not pass here ({unmutated}): skipped")
            continue
        for position, mutant in enumerate(mutants, 1):
            tests = sorted(_tests_for(mutant, by_line, module_tests), key=durations.__getitem__)
            known = f"{relative}|{mutant.name}" in equivalents
            outcome = "no tests"
            if known and options.skip_equivalents:
                tests = []
            if tests:
                outcome = run_mutant(
                    module_name_of(path),
                    path,
                    source,
                    mutant.index,
                    tests,
                    _timeout(tests, durations),
                )
            if (
                outcome in ("survived", "no tests")
                and _runs_at_import(mutant, by_line)
                and not known
                and not options.no_whole_suite
            ):
                # A table read at import time can change calls that run no line of the module
                # (an operation's RULES, applied before its handler): the rest of the suite runs.
                rest = sorted(set(durations) - set(tests), key=durations.__getitem__)
                if rest:
                    outcome = run_mutant(
                        module_name_of(path),
                        path,
                        source,
                        mutant.index,
                        rest,
                        _timeout(rest, durations),
                    )
            if outcome in ("survived", "no tests") and known:
                outcome = "equivalent"
            counts[outcome] += 1
            if outcome != "killed":
                print(
                    f"  [{position}/{len(mutants)}] {outcome.upper()} "
                    f"{relative}:{mutant.line}: {mutant.name}",
                    flush=True,
                )
            elif position % 25 == 0:
                print(f"  [{position}/{len(mutants)}] ...", flush=True)
            results.append(
                {"module": relative, "line": mutant.line, "name": mutant.name, "outcome": outcome}
            )
            if options.json:  # after each mutant: a run stopped part-way keeps what it measured
                options.json.write_text(json.dumps(results, indent=1))
        totals[relative] = counts
        print(f"  {_summary(counts)} in {time.monotonic() - module_started:.0f} s")
    print("\nper module:")
    for relative, counts in totals.items():
        print(f"  {relative}: {_summary(counts)}")
    return 1 if any(c["survived"] + c["no tests"] + c["crashed"] for c in totals.values()) else 0


def _timeout(tests: Sequence[str], durations: dict[str, float]) -> float:
    """How long a mutant's ``tests`` may run before it counts as a timeout (an endless loop)."""
    return TIMEOUT_FACTOR * sum(durations[test] for test in tests) + TIMEOUT_ALLOWANCE_SECONDS


def _stop(signum: int, frame: Any) -> None:
    raise SystemExit(f"stopped by signal {signum}")


def _summary(counts: dict[str, int]) -> str:
    """Killed share of the mutants that are not equivalent; a timeout counts as killed."""
    relevant = sum(count for outcome, count in counts.items() if outcome != "equivalent")
    score = 100.0 * (counts["killed"] + counts["timeout"]) / relevant if relevant else 100.0
    return (
        f"{counts['killed']} killed / {counts['survived']} survived / "
        f"{counts['equivalent']} equivalent / {counts['timeout']} timeout / "
        f"{counts['no tests']} no tests / {counts['crashed']} crashed ({score:.1f}%)"
    )


if __name__ == "__main__":
    sys.exit(main())
