"""`danvan validate`: every file of a unit checked, every problem reported at once."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from danvan_cli.errors import InputError, Problem, UsageProblem, Warning_, display_path
from danvan_cli.loading import PLAN_FILE, UNIT_FILE, Workspace, check_plan, load_plan, load_unit, validate
from danvan_cli.models import PERIODS

Found = tuple[list[Problem], list[Warning_], int]


def _collect(problems: list, action):
    """Run one check, keeping its problems instead of stopping at them; returns its result or None."""
    try:
        return action()
    except InputError as exc:
        problems += exc.problems
        return None


def check_year(ws: Workspace, unit: str, year: int) -> Found:
    """plan.yaml (with unit.yaml), progress.yaml and reports/*.yaml of one year."""
    from danvan_cli.documents import REPORTS_DIR, load_narrative
    from danvan_cli.progress import load_log, progress_path

    problems: list[Problem] = []
    warnings: list[Warning_] = []
    loaded = _collect(problems, lambda: load_plan(ws, unit, year))
    files = 2
    year_dir = ws.year_dir(unit, year)
    for narrative in sorted((year_dir / REPORTS_DIR).glob("*.yaml")):
        files += 1
        if narrative.stem not in PERIODS:
            problems.append(
                Problem(
                    display_path(narrative),
                    1,
                    1,
                    f"tên tệp '{narrative.name}' không phải một kỳ báo cáo; đặt tên theo kỳ: {', '.join(p + '.yaml' for p in PERIODS)}",
                )
            )
            continue
        _collect(problems, lambda stem=narrative.stem: load_narrative(year_dir, stem))
    from danvan_cli.register import load_register, register_path

    if register_path(ws.unit_dir(unit), year).exists():
        files += 1
        _collect(problems, lambda: load_register(register_path(ws.unit_dir(unit), year)))
    if loaded is None:
        return problems, warnings, files  # the log and the scores are checked against a plan that loads
    warnings += loaded.warnings
    if progress_path(loaded.year_dir).exists():
        files += 1
    log = _collect(problems, lambda: load_log(loaded.year_dir, loaded.plan, year))
    warnings += log.warnings if log else []
    from danvan_cli.score import SELF_FILE, load_assessment

    if (loaded.year_dir / SELF_FILE).exists() and log is not None:  # scores cite the log: checked once it reads
        files += 2
        _collect(problems, lambda: load_assessment(loaded.year_dir, loaded.plan, log))
    return problems, warnings, files


def check_units(ws: Workspace, units: list[str], year: int | None = None) -> Found:
    """Every year of every unit named (or one year of each)."""
    problems: list[Problem] = []
    warnings: list[Warning_] = []
    files = 0
    for unit in units:
        ws.require_unit(unit)
        years = [year] if year is not None else ws.years(unit)
        if not years:
            _collect(problems, lambda unit=unit: load_unit(ws, unit))
            files += 1
        for y in years:
            p, w, n = check_year(ws, unit, y)
            problems += p
            warnings += w
            files += n
    return sorted(set(problems)), warnings, files


def check_file(path: Path) -> Found:
    """One file, its kind told by its name; a plan's progress log is checked against that plan when it loads."""
    from pydantic import BaseModel

    from danvan_cli.documents import REPORTS_DIR
    from danvan_cli.models import Narrative, Plan, ProgressLog, Unit
    from danvan_cli.yamlsource import load

    if not path.is_file():
        raise UsageProblem(f"không tìm thấy tệp {display_path(path)}")
    kinds: dict[str, type[BaseModel]] = {UNIT_FILE: Unit, PLAN_FILE: Plan, "progress.yaml": ProgressLog}
    model = kinds.get(path.name) or (Narrative if path.parent.name == REPORTS_DIR and path.stem in PERIODS else None)
    if model is None:
        raise UsageProblem(
            f"không biết kiểm tra tệp {display_path(path)}: chỉ kiểm tra được {', '.join(kinds)} và reports/<kỳ>.yaml"
        )
    problems: list[Problem] = []

    def run():
        source = load(path, allow_empty=model is not Plan and model is not Unit)
        if source.data is None:
            return source
        result: Any = validate(source, model)
        year = path.parent.name
        if model is Plan and year.isdigit():
            found = check_plan(result, source, int(year))
            if found:
                raise InputError(found)
        if model is ProgressLog and year.isdigit() and (path.parent / PLAN_FILE).exists():
            from danvan_cli.progress import load_log

            ws = Workspace(path.parent.parent.parent)
            plan = load_plan(ws, path.parent.parent.name, int(year)).plan
            load_log(path.parent, plan, int(year))
        return source

    source = _collect(problems, run)
    return problems, source.warnings if source else [], 1
