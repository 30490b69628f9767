"""Each unit's standing for the office (aggregate): from the unit's own folder, the same data its report shows
(remembered between runs by standing_cache while none of its files change), or from the report package it sent.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from danvan_cli import figures as fig
from danvan_cli import vnformat as vn
from danvan_cli.documents import gather_report
from danvan_cli.errors import (
    DanvanError,
)
from danvan_cli.loading import load_plan, load_unit
from danvan_cli.package import ReportPackage, number_from
from danvan_cli.report import ReportData
from danvan_cli.score_units import UnitScore, unit_score
from danvan_cli.standing import DONE
from danvan_cli.standing_cache import StandingCache, unit_key
from danvan_cli.vnformat import Number
from danvan_cli.workspace import Workspace

READ_JOBS = 2


@dataclass(frozen=True)
class Reported:
    """One figure as a unit's report gives it for the period: its name and unit as written, its kind."""

    name: str
    unit: str
    kind: str
    value: Number


@dataclass
class UnitStanding:
    unit: str
    name: str
    reported: bool = False
    report_date: dt.date | None = None
    due: dt.date | None = None
    number: str | None = None  # the report's number and symbol, where it has one ('05/BC-MNHA')
    planned: int = 0
    done: int = 0
    late_tasks: int = 0
    figures: dict[str, Reported] = field(default_factory=dict)  # by figure key
    last_year: dict[str, Reported] | None = None
    problem: str | None = None  # the unit's data could not be read
    score: UnitScore | None = None  # the yearly report's self-assessment, where the unit has one
    tasks: list[tuple[str, str]] = field(default_factory=list)  # (task title, its status)
    kind: str | None = None  # the kind of unit (roster), for the appendix's order

    @property
    def late_report(self) -> bool:
        return bool(self.reported and self.due and self.report_date and self.report_date > self.due)

    @property
    def order(self) -> tuple:
        """Missing first, then late, then the rest; by folder name within each."""
        return (0 if self.problem or not self.reported else 1 if self.late_report else 2, self.unit)


def unit_standing(ws: Workspace, unit: str, period: str, year: int, as_of: dt.date) -> UnitStanding:
    """A unit's standing for the period from its own folder: the same data its report shows."""

    try:
        loaded = load_plan(ws, unit, year)
        inputs = gather_report(loaded, period, as_of)
        data = inputs.tallied
    except DanvanError as exc:
        name = unit
        with contextlib.suppress(DanvanError):
            name = load_unit(ws, unit)[0].name
        return UnitStanding(unit, name, problem=exc.lines()[0])

    number = None
    if inputs.made and inputs.numbered_face().number:
        unit_ = loaded.unit  # the number line the report's own header prints (context.document_header)
        number = vn.number_line(inputs.numbered_face().number, "BC", unit_.chu_viet_tat, party=unit_.the_thuc == "dang")
    result = standing_of_data(
        unit,
        loaded.unit.name,
        data,
        reported=inputs.made,
        report_date=inputs.date if inputs.made else None,
        due=inputs.period.due,
    )
    result.number = number.removeprefix("Số: ").removeprefix("Số ") if number else None
    if period == "year":
        result.score = unit_score(loaded, inputs.log)
    return result


def standing_of_data(
    unit: str, name: str, data: ReportData, *, reported: bool, report_date: dt.date | None, due: dt.date | None
) -> UnitStanding:
    """What the office sums of one report's data, read from the unit's folder (standing_of_package gives the same
    from the package it sent)."""

    state = data.facts.state
    return UnitStanding(
        unit,
        name,
        reported=reported,
        report_date=report_date,
        due=due,
        planned=len(state),
        done=sum(s.status == DONE for s in state),
        late_tasks=sum(s.late for s in state),
        figures={
            fig.key(line.name): Reported(line.name, line.measure, line.kind, line.now)
            for line in data.figures
            if line.now is not None
        },
        last_year={
            fig.key(line.name): Reported(line.name, line.measure, line.kind, line.before)
            for line in data.figures
            if line.before is not None
        }
        if data.last_year is not None
        else None,
        tasks=[(s.title, s.status) for s in state],
    )


def read_standings(
    ws: Workspace, names: list[str], period: str, year: int, as_of: dt.date, jobs: int, progress, office: str = ""
) -> list[UnitStanding]:
    """Each unit's standing from its folder: remembered from an earlier run when none of the unit's files changed
    (standing_cache), else read, side by side in `jobs` processes where there are many."""
    cache = StandingCache.of_run(ws.plans_dir, office, period, year, as_of)
    found: dict[str, UnitStanding] = {}
    keys: dict[str, str | None] = {}
    if cache is not None:
        for u in names:
            keys[u] = _key_of(ws, u, year, period, cache.context)
            hit = cache.get(u, keys[u])
            if isinstance(hit, UnitStanding):
                found[u] = hit
        if progress is not None and found:
            progress(len(found), len(names))
    todo = [u for u in names if u not in found]
    done = len(found)

    def step(standing: UnitStanding) -> None:
        nonlocal done
        found[standing.unit] = standing
        key = keys.get(standing.unit)
        # remembered only when the unit's files are still those the key was made of (none changed while read)
        if cache is not None and key is not None and _key_of(ws, standing.unit, year, period, cache.context) == key:
            cache.put(standing.unit, key, standing)
        done += 1
        if progress is not None:
            progress(done, len(names))

    if jobs > 1 and len(todo) > 50:
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            args = [(str(ws.plans_dir), u, period, year, as_of) for u in todo]
            for standing in pool.map(_standing_in_worker, args, chunksize=25):
                step(standing)
    else:
        for u in todo:
            step(unit_standing(ws, u, period, year, as_of))
    if cache is not None:
        cache.save()
    return [found[u] for u in names]


def _key_of(ws: Workspace, unit: str, year: int, period: str, context: bytes) -> str | None:
    """The unit's cache key, or None: a yearly standing with a self-assessment may read criteria shared outside
    the unit's folder, and a folder that is not as danvan makes it is read afresh every time."""
    try:
        if period == "year" and ws.self_assessment_file(unit, year).exists():
            return None
        return unit_key(ws.unit_dir(unit), context)
    except DanvanError:
        return None


def standing_of_package(pkg: ReportPackage) -> UnitStanding:
    """What the office sums of a package: exactly what the folder's data would give (unit_standing)."""

    def reported(f, value) -> Reported:
        return Reported(f.ten, f.don_vi_tinh, f.loai or fig.inferred(f.ten).kind, value)

    result = UnitStanding(
        pkg.don_vi.ma,
        pkg.don_vi.ten,
        reported=True,
        report_date=pkg.van_ban.ngay,
        due=pkg.ky.han,
        number=pkg.van_ban.so_ky_hieu.removeprefix("Số: ").removeprefix("Số ") if pkg.van_ban.so else None,
        planned=len(pkg.nhiem_vu),
        done=sum(t.tinh_trang == DONE for t in pkg.nhiem_vu),
        late_tasks=sum(t.qua_han for t in pkg.nhiem_vu),
        figures={fig.key(f.ten): reported(f, n) for f in pkg.so_lieu if (n := number_from(f.ky_nay)) is not None},
        last_year={fig.key(f.ten): reported(f, n) for f in pkg.so_lieu if (n := number_from(f.cung_ky)) is not None}
        if pkg.cung_ky_nam_truoc is not None
        else None,
        tasks=[(t.ten, t.tinh_trang) for t in pkg.nhiem_vu],
    )
    if pkg.tu_cham is not None and pkg.ky.ma == "year":  # as from folders: scores belong to the yearly report
        s = pkg.tu_cham
        result.score = UnitScore(
            pkg.don_vi.ma,
            pkg.don_vi.ten,
            own_total=number_from(s.tu_cham),
            total=number_from(s.tong_diem),
            appraised=s.da_tham_dinh,
            band=s.xep_loai,
            not_rated=s.khong_xep_loai,
            problem=s.van_de,
            own_maximum=number_from(s.diem_toi_da_tu_cham),
            maximum=number_from(s.diem_toi_da),
            appraised_own=number_from(s.tham_dinh_tu_cham),
            pending=s.chua_xep_loai,
            criteria=s.tieu_chi,
        )
    return result


def _standing_in_worker(args) -> UnitStanding:
    plans_dir, unit, period, year, as_of = args

    return unit_standing(Workspace(Path(plans_dir)), unit, period, year, as_of)
