"""The speed aims danvan holds itself to (issue 27), each a ratio to a yardstick measured in the same run, so that
a busy or a slower machine moves both sides alike.

    make bench QUICK=1     # or: .venv/bin/python bench/bench.py --quick

| aim                                              | yardstick                                                  |
|--------------------------------------------------|------------------------------------------------------------|
| `plan`, `report --period 6m` cold: ≤ 4×           | pandoc making the seed's text into a .docx                  |
| `--help`: ≤ 1.1×                                 | `python3 -c pass`                                          |
| `aggregate`, `status --all`: ≤ 1.0×              | reading the same units' YAML files with PyYAML's C loader, |
|                                                  | one process                                                |
| `export --all --no-pdf`: ≥ 2× documents/second   | the same export by danvan as it was when the aim was set   |
|                                                  | (commit BASELINE, its own demo units), in the same run     |
| one document: < 60 MB peak; 10,000 units: < 300 MB |                                                          |

The quick run uses 500 units for the consolidation and 200 for the export; the full run 2,000 (and 10,000 for the
consolidation's memory). Nothing here is asserted: the table is for reading, and for the closing notes.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED_TEXT = ROOT / "tests" / "data" / "ke-hoach-dan-van-chinh-quyen-2022-mn-hung-an.txt"
DANVAN = [str(Path(sys.executable).parent / "danvan")]
BASELINE = "891e2d4"  # main when issue 27 measured export at 33 documents/s
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}

# Reads every .yaml file under a folder with PyYAML's C loader, in one process: the consolidation's yardstick.
_YAML_READER = """
import os, sys, yaml
for folder, _, names in os.walk(sys.argv[1]):
    for name in names:
        if name.endswith('.yaml'):
            with open(os.path.join(folder, name), encoding='utf-8') as f:
                yaml.load(f, Loader=yaml.CSafeLoader)
"""
# One command and its own peak memory (RUSAGE_CHILDREN of a process with one child).
_PROBE = (
    "import resource,subprocess,sys; r=subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL); "
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, r.returncode)"
)


@dataclass
class Timing:
    seconds: float
    peak_mb: float


def measure(command: list[str], runs: int, cwd: Path | None, expect: str = "0", env: dict | None = None) -> dict:
    """`runs` runs of `command` in fresh processes: the median and least wall time, the peak memory of the largest
    (bench.py's table and the aims below share it)."""
    times, peaks = [], []
    for _ in range(runs):
        start = time.perf_counter()
        out = subprocess.run(
            [sys.executable, "-c", _PROBE, *command], cwd=cwd, capture_output=True, text=True, env=env or ENV
        )
        times.append(time.perf_counter() - start)
        peak_kb, code = out.stdout.split()
        if code != expect:
            raise SystemExit(f"failed ({code}): {' '.join(command)}\n{out.stderr}")
        peaks.append(int(peak_kb) / 1024)
    return {"median_s": statistics.median(times), "min_s": min(times), "peak_mb": max(peaks)}


def timed(command: list[str], *, runs: int = 1, cwd: Path | None = None, env: dict | None = None) -> Timing:
    """The median wall time of `runs` runs of `command` and the peak memory of the largest."""
    result = measure(command, runs, cwd, env=env)
    return Timing(result["median_s"], result["peak_mb"])


@dataclass
class Aim:
    measure: str
    value: str
    yardstick: str
    ratio: float | None
    aim: str
    met: bool | None


def run(work: Path, *, quick: bool, runs: int) -> list[Aim]:
    aims: list[Aim] = []
    work.mkdir(parents=True, exist_ok=True)
    shutil.copytree(ROOT / "plans", work / "plans", dirs_exist_ok=True)
    timed([*DANVAN, "--help"], cwd=work)  # bytecode written before anything is timed
    overhead = timed(["true"], runs=runs, cwd=work).seconds

    def net(t: Timing) -> float:
        return max(t.seconds - overhead, 1e-6)

    python = net(timed(["python3", "-c", "pass"], runs=runs, cwd=work))
    help_ = net(timed([*DANVAN, "--help"], runs=runs, cwd=work))
    aims.append(_ratio("--help", help_, "python3 -c pass", python, 1.1, "≤ 1.1×"))

    pandoc = shutil.which("pandoc")
    seed = ["--unit", "mn-hung-an", "--year", "2022", "-o", "out"]
    plan = timed([*DANVAN, "plan", *seed], runs=runs, cwd=work)
    report = timed([*DANVAN, "report", "--period", "6m", *seed], runs=runs, cwd=work)
    if pandoc:
        pandoc_seed = [pandoc, str(SEED_TEXT), "-f", "markdown", "-o", "p.docx"]
        timed(pandoc_seed, cwd=work)  # its first start reads its data from disk, as danvan's bytecode is written
        yard = net(timed(pandoc_seed, runs=runs, cwd=work))
        aims.append(_ratio("plan, cold (seed)", net(plan), "pandoc seed → .docx", yard, 4.0, "≤ 4×"))
        aims.append(_ratio("report --period 6m, cold (seed)", net(report), "pandoc seed → .docx", yard, 4.0, "≤ 4×"))
    else:
        aims.append(
            Aim("plan / report, cold", f"{net(plan) * 1000:.0f} ms", "pandoc not installed", None, "≤ 4×", None)
        )
    peak = max(plan.peak_mb, report.peak_mb)
    aims.append(Aim("one document, peak memory", f"{peak:.0f} MB", "", None, "< 60 MB", peak < 60))

    units = 500 if quick else 2000
    aims += _consolidation(work, units)
    if not quick:
        aims += _consolidation_memory(work, 10_000)
    aims += _export_against_baseline(work, 200 if quick else 2000)
    return aims


def _ratio(measure: str, value: float, yard_name: str, yard: float, limit: float, aim: str) -> Aim:
    ratio = value / yard
    return Aim(measure, f"{value * 1000:,.0f} ms", f"{yard_name}: {yard * 1000:,.0f} ms", ratio, aim, ratio <= limit)


def _demo_units(plans: Path, count: int, *, pythonpath: Path | None = None) -> None:
    if plans.exists():
        return
    env = dict(ENV, PYTHONPATH=str(pythonpath)) if pythonpath else ENV
    # run from the plans' parent: `python -m` puts the working folder first on the path, before PYTHONPATH
    subprocess.run(
        [sys.executable, "-m", "danvan_cli", "demo-units", str(count), "--plans-dir", str(plans), "--year", "2026"],
        check=True,
        capture_output=True,
        env=env,
        cwd=plans.parent,
    )


def _consolidation(work: Path, units: int) -> list[Aim]:
    plans = work / f"units-{units}"
    _demo_units(plans, units)
    # The yardstick reads every YAML file of the units, though a 6-month consolidation needs fewer of them.
    yard = timed([sys.executable, "-c", _YAML_READER, str(plans)], cwd=work).seconds
    common = ["--plans-dir", str(plans), "--year", "2026", "--as-of", "2026-07-20"]
    aggregate = timed([*DANVAN, "aggregate", "--period", "6m", *common, "-o", str(work / "agg")], cwd=work)
    status = timed([*DANVAN, "status", "--all", *common], cwd=work)
    files = sum(1 for _ in plans.rglob("*.yaml"))
    yard_name = f"C loader, {files:,} files"
    return [
        Aim(
            f"aggregate, {units:,} units",
            f"{aggregate.seconds:.1f} s, {aggregate.peak_mb:.0f} MB",
            f"{yard_name}: {yard:.1f} s",
            aggregate.seconds / yard,
            "≤ 1.0×",
            aggregate.seconds <= yard,
        ),
        Aim(
            f"status --all, {units:,} units",
            f"{status.seconds:.1f} s, {status.peak_mb:.0f} MB",
            f"{yard_name}: {yard:.1f} s",
            status.seconds / yard,
            "≤ 1.0×",
            status.seconds <= yard,
        ),
    ]


def _consolidation_memory(work: Path, units: int) -> list[Aim]:
    plans = work / f"units-{units}"
    _demo_units(plans, units)
    common = ["--plans-dir", str(plans), "--year", "2026", "--as-of", "2026-07-20"]
    aggregate = timed([*DANVAN, "aggregate", "--period", "6m", *common, "-o", str(work / "agg-big")], cwd=work)
    return [
        Aim(
            f"aggregate, {units:,} units",
            f"{aggregate.seconds:.1f} s, {aggregate.peak_mb:.0f} MB",
            "",
            None,
            "< 300 MB",
            aggregate.peak_mb < 300,
        )
    ]


def _baseline(work: Path) -> Path | None:
    """danvan as it was at BASELINE, unpacked from this repository's history (None outside a git checkout)."""
    target = work / f"danvan-{BASELINE}"
    if (target / "danvan_cli").is_dir():
        return target
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        return None
    target.mkdir(parents=True, exist_ok=True)
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", BASELINE, "danvan_cli", "templates"], capture_output=True, check=False
    )
    if archive.returncode != 0:
        return None
    subprocess.run(["tar", "-x", "-C", str(target)], input=archive.stdout, check=True)
    return target


def _export_against_baseline(work: Path, units: int) -> list[Aim]:
    docs = units * 3  # the plan and the two scheduled reports of each unit

    def export(plans: Path, out: Path, env: dict | None = None) -> float:
        shutil.rmtree(out, ignore_errors=True)
        command = [sys.executable, "-m", "danvan_cli", "export", "--all", "--no-pdf", "--quiet", "--today"]
        command += ["2026-12-20", "--plans-dir", str(plans), "-o", str(out)]
        seconds = timed(command, cwd=work, env=env).seconds
        made = sum(1 for _ in out.rglob("*.docx"))
        if made != docs:
            raise SystemExit(f"export made {made} documents of {docs}: {' '.join(command)}")
        return docs / seconds

    now_plans = work / f"units-{units}"
    _demo_units(now_plans, units)
    now = export(now_plans, work / "export-now")
    base = _baseline(work)
    if base is None:
        return [
            Aim(f"export --all --no-pdf, {units:,} units", f"{now:.0f} docs/s", "no git history", None, "≥ 2×", None)
        ]
    base_plans = work / f"units-{units}-{BASELINE}"
    _demo_units(base_plans, units, pythonpath=base)
    before = export(base_plans, work / "export-before", dict(ENV, PYTHONPATH=str(base)))
    ratio = now / before
    return [
        Aim(
            f"export --all --no-pdf, {units:,} units ({docs:,} docs)",
            f"{now:.0f} docs/s",
            f"danvan {BASELINE}: {before:.0f} docs/s",
            ratio,
            "≥ 2×",
            ratio >= 2.0,
        )
    ]


def print_table(aims: list[Aim], say: Callable[[str], None] = print) -> None:
    say(f"{'measure':<44} {'value':>16}  {'yardstick':<40} {'ratio':>6}  {'aim':<9} met")
    for a in aims:
        ratio = f"{a.ratio:.2f}×" if a.ratio is not None else ""
        met = {True: "yes", False: "NO", None: "—"}[a.met]
        say(f"{a.measure:<44} {a.value:>16}  {a.yardstick:<40} {ratio:>6}  {a.aim:<9} {met}")
