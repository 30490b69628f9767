"""Shared fixtures: a copy of the seed's plans folder, the CLI runner, and LibreOffice when required."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import shutil
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from typer.testing import CliRunner

ROOT = Path(__file__).resolve().parent.parent
SEED_PLANS = ROOT / "plans"
# The seed: the text of the real plan the project began from (Trường Mầm non Hùng An, 2022; docs/product.md), byte
# for byte as it was given (test_plan checks its SHA-256); plans/mn-hung-an/2022 is its data.
SEED_TEXT = ROOT / "tests" / "data" / "ke-hoach-dan-van-chinh-quyen-2022-mn-hung-an.txt"
# The machine's temporary folder, before each test is given its own (own_temp_folder).
SYSTEM_TEMP = __import__("tempfile").gettempdir()
# Where a coverage run keeps its data, for every process a test starts (import's and a template's bounded child,
# danvan run as a command) whatever folder that process works in: all are measured, none leaves files in a test's.
os.environ.setdefault("COVERAGE_FILE", str(ROOT / ".coverage"))

# Property tests (Hypothesis): a few examples, the same ones every run, in the edit loop and `make test`; many, drawn
# afresh, in CI (.ci/run sets DANVAN_HYPOTHESIS_PROFILE=ci; a failure there prints how to replay it). Each example
# renders documents or runs a command, so neither profile has a deadline.
settings.register_profile(
    "dev",
    max_examples=10,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
settings.register_profile("ci", settings.get_profile("dev"), max_examples=150, derandomize=False, print_blob=True)
settings.load_profile(os.environ.get("DANVAN_HYPOTHESIS_PROFILE", "dev"))


def examples(most: int) -> int:
    """A property test's number of examples: `most` (what CI runs), or fewer where the profile runs fewer."""
    return min(most, settings.default.max_examples)


def pytest_collection_modifyitems(config, items):
    """A test that asks for LibreOffice (the `soffice` fixture) is marked `soffice`, so that `-m "not soffice"`
    leaves out every one. Slow tests (long runs, races between processes, the real cron daemon) run where
    DANVAN_RUN_SLOW=1, as .ci/run sets."""
    for item in items:
        if "soffice" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.soffice)
    if os.environ.get("DANVAN_RUN_SLOW") == "1":
        return
    skip = pytest.mark.skip(reason="slow: set DANVAN_RUN_SLOW=1 to run (.ci/run does)")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)


def _tree_state(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture(scope="session", autouse=True)
def repository_data_untouched():
    """No test writes into the repository's own plans/ and examples/ (a report completes its narrative file:
    tests work on copies)."""
    roots = [ROOT / "plans", ROOT / "examples"]
    before = [_tree_state(r) for r in roots]
    yield
    for root, state in zip(roots, before, strict=True):
        assert _tree_state(root) == state, f"a test changed {root}"


@contextlib.contextmanager
def temp_folder_of_its_own(tmp_path_factory):
    """A temporary folder for danvan in this process and in any process it starts, for as long as the block lasts:
    the locks, work folders and cache danvan keeps (the crontab's lock, LibreOffice's work folders, the standings a
    consolidation remembers) are never shared with another test, another run of the suite, or another checkout."""
    import tempfile

    folder = tmp_path_factory.mktemp("temp")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TMPDIR", str(folder))
        patch.setenv("XDG_CACHE_HOME", str(folder / "cache"))  # what a consolidation remembers, the test's own
        patch.setenv("LOCALAPPDATA", str(folder / "cache"))
        patch.setattr(tempfile, "tempdir", str(folder))
        yield folder


@pytest.fixture(autouse=True)
def own_temp_folder(tmp_path_factory):
    """Every test has a temporary folder of its own (a fixture made once for a module takes its own too)."""
    with temp_folder_of_its_own(tmp_path_factory) as folder:
        yield folder


@pytest.fixture
def plans(tmp_path: Path) -> Path:
    """A writable copy of the repository's plans/ (the seed)."""
    from danvan_cli.pdf import FONT_NOTE_MARK

    target = tmp_path / "plans"
    # what a run of `make demo` remembered in the repository's plans/ is not the test's own
    shutil.copytree(SEED_PLANS, target, ignore=shutil.ignore_patterns(FONT_NOTE_MARK))
    return target


SEED_DECLARATIONS = "\n# Các số liệu nhà trường theo dõi"


def without_declared_figures(plans: Path) -> Path:
    """The seed's plan without its list of figures: any figure name is taken, its unit and kind read from the
    name (as for a plan made before figures were declared). For tests of how numbers are read, not named."""
    path = plans / "mn-hung-an/2022/plan.yaml"
    text = path.read_text(encoding="utf-8")
    assert SEED_DECLARATIONS in text
    path.write_text(text[: text.index(SEED_DECLARATIONS)] + "\n", encoding="utf-8")
    return plans


@pytest.fixture
def units(tmp_path) -> Path:
    """15 generated units reporting to phong-gd-dt; one has recorded nothing; one names a figure its own way (don-vi-0011)."""
    from danvan_cli.demo import make_demo_units

    plans = tmp_path / "plans"
    make_demo_units(plans, 15, year=2022)
    log = plans / "don-vi-0003/2022/progress.yaml"
    log.write_text("# chưa ghi gì\n", encoding="utf-8")
    return plans


# What a fault of danvan's own prints: no command a test runs may reach it, unless the test makes that fault.
NOT_HANDLED = ("Traceback", "lỗi không lường trước")


@pytest.fixture
def cli(monkeypatch, tmp_path):
    """Run `danvan ARGS…` in-process from a scratch working folder; returns the result (exit_code, stdout, stderr).
    Every command ends in a message of its own: never a traceback, never danvan's last-resort 'unexpected error'
    (`fault_expected=True` for a test that injects a fault of danvan's own)."""
    from danvan_cli.cli import app

    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("DANVAN_PLANS_DIR", raising=False)
    runner = CliRunner()

    def run(*args: str, input: str | None = None, env: dict | None = None, fault_expected: bool = False):
        result = runner.invoke(app, [str(a) for a in args], input=input, env=env, catch_exceptions=False)
        assert fault_expected or not any(mark in result.stderr for mark in NOT_HANDLED), result.stderr
        return result

    return run


@pytest.fixture
def danvan(cli, plans):
    """`danvan COMMAND ARGS…` on the test's copy of the seed: the `cli` runner with `--plans-dir <plans>` added, as a
    clerk in the plans folder's parent would type it."""

    def run(*args, **kwargs):
        return cli(*args, "--plans-dir", plans, **kwargs)

    return run


@pytest.fixture(scope="session")
def soffice():
    """LibreOffice's command; skips without it, fails instead under DANVAN_REQUIRE_SOFFICE=1 (CI)."""
    from danvan_cli.pdf import find_soffice

    found = find_soffice()
    if found is None:
        if os.environ.get("DANVAN_REQUIRE_SOFFICE") == "1":
            pytest.fail("LibreOffice (soffice) is required (DANVAN_REQUIRE_SOFFICE=1) but was not found")
        pytest.skip("LibreOffice (soffice) is not installed")
    return found


def use_unit_template(plans: Path, template: Path, kind: str = "ke_hoach", unit: str = "mn-hung-an") -> Path:
    """Make `template` the unit's own (a copy in its folder, named in unit.yaml by its path from there)."""
    own = plans / unit / "mau" / template.name
    own.parent.mkdir(exist_ok=True)
    shutil.copyfile(template, own)
    unit_yaml = plans / unit / "unit.yaml"
    unit_yaml.write_text(
        unit_yaml.read_text(encoding="utf-8") + f"mau:\n  {kind}: mau/{template.name}\n", encoding="utf-8"
    )
    return own


def norm(text: str) -> str:
    """NFC and single spaces: how the seed's text is compared with a rendered document."""
    return " ".join(unicodedata.normalize("NFC", text).replace("\u00a0", " ").split())


W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def paragraph_text(p) -> str:
    """A paragraph's text as Word shows it: a line break (Shift+Enter) is a new line, a non-breaking hyphen '-'."""
    shown = {W + "br": "\n", W + "noBreakHyphen": "-"}
    return "".join(
        (e.text or "") if e.tag == W + "t" else shown[e.tag] for e in p.iter(W + "t", W + "br", W + "noBreakHyphen")
    )


def docx_paragraphs(path: Path) -> list[str]:
    """Every paragraph of a .docx in reading order, table cells included."""
    from docx import Document

    doc = Document(str(path))
    out: list[str] = []
    for child in doc.element.body.iterchildren():
        if child.tag == W + "p":
            out.append(paragraph_text(child))
        elif child.tag == W + "tbl":
            out += [paragraph_text(p) for p in child.iter(W + "p")]
    return out


FAKE_CRONTAB = """#!/bin/sh
case "$1" in
  -l) if [ -f "$FAKE_CRONTAB_FILE" ]; then cat "$FAKE_CRONTAB_FILE"; else echo "no crontab for $(id -un)" >&2; exit 1; fi ;;
  -) cat > "$FAKE_CRONTAB_FILE" ;;
esac
"""


@pytest.fixture
def fake_crontab(tmp_path, monkeypatch):
    """A `crontab` command that keeps its table in a file, so the user's real one is never touched."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    script = bin_dir / "crontab"
    script.write_text(FAKE_CRONTAB, encoding="utf-8")
    script.chmod(0o755)
    table = tmp_path / "crontab.txt"
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setenv("FAKE_CRONTAB_FILE", str(table))
    return table


@pytest.fixture
def sent(tmp_path):
    """Six schools of a commune (2026), each having made its 6-month report on its own computer; the office's
    folder with its roster; an inbox holding what two of them sent."""
    from danvan_cli.demo import make_demo_units
    from danvan_cli.documents import make_report
    from danvan_cli.loading import load_plan
    from danvan_cli.workspace import Workspace

    plans = tmp_path / "units"
    units = make_demo_units(plans, 6, year=2026)
    ws = Workspace(plans)
    outbox = tmp_path / "sent"
    for unit in units:
        narrative = plans / unit / "2026/reports/6m.yaml"
        if not narrative.exists():
            narrative.parent.mkdir(parents=True, exist_ok=True)
            narrative.write_text("so: 9\n", encoding="utf-8")
        make_report(load_plan(ws, unit, 2026), "6m", outbox / unit, as_of=dt.date(2026, 7, 20))
    office = tmp_path / "office"
    office.mkdir()
    shutil.copytree(plans / "phong-van-hoa-xa-hoi", office / "phong-van-hoa-xa-hoi")
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for unit in units[:2]:
        for path in (outbox / unit).iterdir():
            shutil.copy(path, inbox / path.name)
    return office, inbox, outbox, units, plans
