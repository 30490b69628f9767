"""The shape of the code, as a maintainer relies on it: every module in the README's table, no import cycle
between the stages, a thin command line, exit codes from the error classes alone, one test file per
command group."""

from __future__ import annotations

import ast
import re
import typing
from pathlib import Path

from conftest import ROOT

PACKAGE = ROOT / "danvan_cli"


def modules() -> dict[str, Path]:
    """danvan_cli's modules by dotted name."""
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


def imports(path: Path) -> set[str]:
    """The danvan_cli modules `path` imports: at the top, inside a function, or for type checkers only (an
    annotation naming a type of a module above is an edge as real as a call: a cycle there is still a cycle for
    whoever reads the code)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("danvan_cli"):
            if node.module == "danvan_cli":
                found |= {f"danvan_cli.{alias.name}" for alias in node.names}
            else:
                found.add(node.module)
        elif isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names if alias.name.startswith("danvan_cli")}
    return found


def test_every_module_is_in_the_readme_code_table():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme[readme.index("| module | stage |") :].split("\n\n")[0]
    for name, path in modules().items():
        if path.name in ("__init__.py", "__main__.py") and name != "danvan_cli.cli":
            continue
        shown = "`cli/`" if name.startswith("danvan_cli.cli") else f"`{path.name}`"
        folder = path.relative_to(PACKAGE).parts[:-1]
        where = table
        if folder and folder[0] != "cli":  # a package's modules are named in its own row (`models/`)
            where = next((row for row in table.splitlines() if row.startswith(f"| `{folder[0]}/`")), "")
        assert shown in where, f"{name} is not in the README's code table"


def test_no_import_cycle_between_modules():
    known = modules()
    graph = {name: {m for m in imports(path) if m in known and m != name} for name, path in known.items()}
    graph = {
        name: deps - {"danvan_cli.cli"} if name.startswith("danvan_cli.cli.") else deps for name, deps in graph.items()
    }

    def reaches(start: str, goal: str, seen: set[str]) -> list[str] | None:
        for nxt in sorted(graph[start]):
            if nxt == goal:
                return [start, nxt]
            if nxt not in seen:
                seen.add(nxt)
                path = reaches(nxt, goal, seen)
                if path:
                    return [start, *path]
        return None

    for name in graph:
        cycle = reaches(name, name, set())
        assert cycle is None, " → ".join(cycle)


def test_the_command_line_stays_thin():
    """The CLI parses, calls the library and prints: no module of it passes 250 lines, and the library never
    imports it back."""
    for name, path in modules().items():
        if name.startswith("danvan_cli.cli"):
            lines = len(path.read_text(encoding="utf-8").splitlines())
            assert lines <= 250, f"{path.relative_to(ROOT)}: {lines} lines"
        elif name not in ("danvan_cli.__main__",):
            assert not any(m.startswith("danvan_cli.cli") for m in imports(path)), f"{name} imports the CLI"


def test_exit_codes_come_from_the_error_classes_alone():
    for name, path in modules().items():
        text = path.read_text(encoding="utf-8")
        if name != "danvan_cli.errors":
            assert not re.search(r"^\s+exit_code\s*=", text, re.M), f"{name} sets an exit code outside errors.py"
        for literal in re.findall(r"(?:typer\.Exit|sys\.exit|SystemExit)\((\d+)\)", text):
            assert literal == "0", f"{name} exits with a literal {literal}"


def test_every_failure_type_is_a_danvan_error_in_errors_py():
    from danvan_cli import errors

    for name, path in modules().items():
        if name == "danvan_cli.errors":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef) and not node.name.startswith("_"):  # private: never reaches a user
                bases = {getattr(b, "id", getattr(b, "attr", "")) for b in node.bases}
                assert not bases & {"Exception", "BaseException", *dir(errors)} - {"Problem", "Warning_"}, (
                    f"{name}.{node.name}: failure types live in errors.py"
                )


def test_one_test_file_per_command_group():
    from danvan_cli.cli import app
    from danvan_cli.cli.common import progress_app

    commands = {c.name for c in app.registered_commands} | {"progress"}
    assert {c.name for c in progress_app.registered_commands} == {"add", "list"}
    files = {path.stem.removeprefix("test_").replace("_", "-") for path in (ROOT / "tests").glob("test_*.py")}
    # demo-units makes test data: the tests of the office above and of scale use it throughout
    missing = commands - files - {"demo-units"}
    assert not missing, f"no tests/test_<command>.py for: {', '.join(sorted(missing))}"


# Library modules that must write another program's command line: (module, why).
COMMAND_LINES_WRITTEN = {
    "danvan_cli.pdf": "LibreOffice's own options (soffice --headless --convert-to …)",
    "danvan_cli.schedule": "the command line cron or the Task Scheduler runs (danvan export --plans-dir … --quiet)",
}
# An option named in a whole danvan command line the clerk is told to run ('tạo bằng: danvan new-plan --unit …',
# in a message or in the header of a file danvan writes): the command names its options, as the docs do.
_FLAG = re.compile(r"(?<![\w-])--[a-z][a-z-]*")
_IN_A_COMMAND = re.compile(r"danvan [a-z][a-z-]*[^,;:()\n]*$")


def _strings(tree: ast.AST):
    """Every string of a module but its docstrings, an f-string whole (its values as '{}')."""
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
        and node.body
        and isinstance(node.body[0], ast.Expr)
    }
    parts = {id(v) for node in ast.walk(tree) if isinstance(node, ast.JoinedStr) for v in node.values}
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            yield node.lineno, "".join(v.value if isinstance(v, ast.Constant) else "{}" for v in node.values)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings | parts:
            yield node.lineno, node.value


def test_the_library_never_speaks_of_the_command_line():
    """Outside `cli/` no module raises the command line's error (a library refuses in domain terms, RequestRefused,
    and says what the user could change with `about`) nor names an option in a string: which option carries a
    value, or changes what the library said, is the command line's to say (cli/asked.py)."""
    for name, path in modules().items():
        if name.startswith("danvan_cli.cli") or name == "danvan_cli.errors":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Name) and node.id == "UsageProblem":
                raise AssertionError(f"{name}:{node.lineno}: the library raises the command line's error")
            if isinstance(node, ast.alias) and node.name == "UsageProblem":
                raise AssertionError(f"{name}: imports the command line's error")
        if name in COMMAND_LINES_WRITTEN:
            continue
        for line, text in _strings(tree):
            for flag in _FLAG.finditer(text):
                assert _IN_A_COMMAND.search(text[: flag.start()]), f"{name}:{line}: names {flag.group()}: {text[:80]!r}"


# ---------------------------------------------------------------- hostile input, third campaign (issue 26, docs/reliability.md)


def test_every_test_has_a_temporary_folder_of_its_own(tmp_path_factory):
    """A lock, a LibreOffice work folder, anything danvan puts in the temporary folder is the test's alone."""
    import os
    import tempfile

    from conftest import SYSTEM_TEMP

    own = tempfile.gettempdir()
    assert os.environ["TMPDIR"] == own != SYSTEM_TEMP
    assert Path(own).is_relative_to(tmp_path_factory.getbasetemp())


def test_every_test_the_docs_cite_exists():
    """A test the docs name (`tests/test_x.py::test_name`, a `test_name` alone, or a `tests/test_x.py`) is in the
    suite, in that file: the reliability catalogue cannot point at a test that moved or went."""
    defined = {
        path.name: set(re.findall(r"^def (test_\w+)\(", path.read_text(encoding="utf-8"), re.M))
        for path in (ROOT / "tests").glob("test_*.py")
    }
    anywhere = set().union(*defined.values())
    cited = 0
    for doc in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]:
        text = doc.read_text(encoding="utf-8")
        for file, name in re.findall(r"tests/(test_\w+\.py)::(test_\w+)", text):
            assert name in defined.get(file, ()), f"{doc.name} cites tests/{file}::{name}, which is not there"
            cited += 1
        for name in re.findall(r"`(test_\w+)`", text):
            assert name in anywhere, f"{doc.name} cites `{name}`, which no test file has"
        for file in re.findall(r"`tests/(test_\w+\.py)`", text):
            assert file in defined, f"{doc.name} cites tests/{file}, which is not there"
    assert cited > 20  # the catalogue in docs/reliability.md is read


def test_the_periods_are_spelled_once():
    """The reports a plan can ask for are periods.Period; every other module names them through it."""
    for name, path in modules().items():
        text = path.read_text(encoding="utf-8")
        if name != "danvan_cli.periods":
            assert not re.search(r'"9m",\s*"year",\s*"q1"', text), f"{name} spells the list of periods"
    from danvan_cli.periods import PERIODS, Period

    assert typing.get_args(Period) == PERIODS and len(PERIODS) == 19
