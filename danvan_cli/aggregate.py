"""For the office above: every unit of its roster, its standing for one period, and the figures by their kind.

A unit has reported for a period when that report has a number or a date (from its folder), or when its report
package arrived (from an inbox); it is late when the report's date is after the due date of its plan's schedule.
Every count is against the office's roster (roster.py) for the period. Figures are taken only under a name the
office declared (tong_hop.so_lieu) and in the unit of measure it declared, and totalled by their kind: counts,
amounts and money summed, levels summed over each unit's latest, rates computed from their parts or averaged,
never summed; any other figure is listed with its unit, never silently added.
"""

from __future__ import annotations

import datetime as dt
import fnmatch
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from danvan_cli import figures as fig
from danvan_cli import roster as rosters
from danvan_cli.errors import (
    DanvanError,
    NothingToConsolidate,
    RosterMissing,
    UnitNotChosen,
    ValueNotAllowed,
    display_path,
)
from danvan_cli.files import read_bytes
from danvan_cli.inbox import PLAIN, Refusal, package_years, receive, shown_text
from danvan_cli.loading import load_plan, load_unit
from danvan_cli.models import DeclaredFigure, Unit
from danvan_cli.periods import check_period, nd09_window
from danvan_cli.progress import year_log
from danvan_cli.roster import Member
from danvan_cli.score_units import UnitScore, unit_score
from danvan_cli.timeline import office_year
from danvan_cli.unit_standings import Reported, UnitStanding, read_standings, standing_of_package
from danvan_cli.vnformat import Number
from danvan_cli.workspace import Workspace


@dataclass(frozen=True)
class Total:
    """A declared figure over the units that reported it: its value, how it was made, over how many units."""

    figure: DeclaredFigure
    value: Number | None  # None: no unit reported it
    units: int  # how many units it runs over
    how: str = ""  # '' summed; 'từ các phần'; 'bình quân' (a rate averaged: its parts were not reported)
    last_year: Number | None = None

    @property
    def spec(self) -> fig.FigureSpec:
        return self.figure.spec


@dataclass
class Consolidated:
    office: str
    office_unit: Unit
    period: str
    year: int
    units: list[UnitStanding]
    declared: list[DeclaredFigure]
    totals: dict[str, Total]  # by declared name
    undeclared: list[tuple[str, str, Number, str]]  # (unit's name, figure as written, value, unit), reporting units
    mismatched: list[tuple[str, str, str, str]] = field(default_factory=list)  # (unit, figure, sent as, declared as)
    refused: list = field(default_factory=list)  # inbox.Refusal: files received and not summed, with the reason
    from_packages: int = 0  # how many units' standings come from the packages they sent
    other_years: int = 0  # packages of other years in the inbox, passed over
    without_document: list[str] = field(default_factory=list)  # packages summed whose .docx did not arrive
    with_roster: bool = False  # counted against the office's roster (don-vi.yaml)

    @property
    def missing(self) -> list[UnitStanding]:
        return [u for u in self.units if u.problem or not u.reported]

    @property
    def reporting(self) -> list[UnitStanding]:
        """The units whose report for the period is in: the only ones summed."""
        return [u for u in self.units if u.reported and not u.problem]

    @property
    def late(self) -> list[UnitStanding]:
        return [u for u in self.units if u.late_report]

    @property
    def has_last_year(self) -> bool:
        return any(u.last_year is not None for u in self.reporting)


def reporting_units(ws: Workspace, office: str, patterns: list[str], year: int, only: str | None) -> list[str]:
    chosen = []
    for unit in ws.units():
        if unit == office or not any(fnmatch.fnmatchcase(unit, p) for p in patterns):
            continue
        if only and not fnmatch.fnmatchcase(unit, only):
            continue
        if year in ws.years(unit) or ws.year_dir(unit, year).is_dir():
            chosen.append(unit)
    return chosen


# Units' data read side by side by `aggregate` and `status --all` (the reading is mostly waiting for the disk).


def pick_office(ws: Workspace, unit: str | None) -> str:
    """The office above a command is for: the one named, else the only unit whose unit.yaml has tong_hop."""
    if unit:
        return unit
    offices = []
    for u in ws.units():
        try:
            if b"tong_hop" not in read_bytes(ws.unit_file(u)):
                continue  # a unit that writes no tong_hop is not an office: its file need not be parsed
            if load_unit(ws, u)[0].tong_hop is not None:
                offices.append(u)
        except DanvanError:
            continue
    if len(offices) == 1:
        return offices[0]
    raise UnitNotChosen(
        "hãy chọn cơ quan tổng hợp (đơn vị có phần tong_hop trong unit.yaml)"
        + (f": {', '.join(offices)}" if offices else ""),
        "don_vi",
    )


def units_years(ws: Workspace, office: str) -> list[int]:
    """The years for which any unit reporting to `office` has data (a plan, narratives or a log)."""
    office_unit, _ = load_unit(ws, office)
    patterns = office_unit.tong_hop.don_vi if office_unit.tong_hop else ["*"]
    return sorted(
        {y for u in ws.units() if u != office and any(fnmatch.fnmatchcase(u, p) for p in patterns) for y in ws.years(u)}
    )


def office_and_year(
    ws: Workspace,
    unit: str | None,
    year: int | None,
    inbox: Path | None = None,
    *,
    period: str = "year",
    day: dt.date | None = None,
) -> tuple[str, int, str | None]:
    """The office and year an office-wide command (aggregate, status --all, score --all) is for, and what to say of
    the choice when the year was not named: one rule for all three (timeline.office_year), over the years of its
    units' folders and of the packages in `inbox` (this calendar year when there are none)."""

    office = pick_office(ws, unit)
    if year is not None:
        return office, year, None
    received: list[int] = []
    if inbox is not None:
        received = package_years(inbox)
    today = day or dt.date.today()
    years = sorted(set(units_years(ws, office)) | set(received)) or [today.year]
    chosen, why = office_year(years, period, today)
    return office, chosen, why


def scores_of_units(ws: Workspace, office: str, year: int) -> list[UnitScore]:
    """Every unit reporting to `office` (its tong_hop) with its self and appraised scores for `year`."""

    office_unit, _ = load_unit(ws, office)
    patterns = office_unit.tong_hop.don_vi if office_unit.tong_hop else ["*"]
    out = []
    for unit in reporting_units(ws, office, patterns, year, None):
        try:
            loaded = load_plan(ws, unit, year)
            out.append(unit_score(loaded, year_log(loaded)))
        except DanvanError as exc:
            out.append(UnitScore(unit, unit, problem=exc.lines()[0]))
    return out


def consolidate(
    ws: Workspace,
    office: str,
    period: str,
    year: int,
    *,
    as_of: dt.date,
    only: str | None = None,
    jobs: int = 1,
    inbox: Path | None = None,
    progress=None,
) -> Consolidated:
    """Every unit of the office's roster (else of its folder patterns) with its standing, and the totals of the
    declared figures: from the units' folders present here, and from the report packages received in `inbox` (a
    unit whose folder is here is read from it). `progress`, when given, is called with (done, total) as units are
    read. An inbox is consolidated only against a roster: a package can claim to be any unit."""

    check_period(period)
    office_unit, _ = load_unit(ws, office)
    config = office_unit.tong_hop
    if config is None:
        raise ValueNotAllowed(
            f"đơn vị '{office}' chưa khai báo phần tong_hop trong unit.yaml (các đơn vị gửi báo cáo lên và danh mục số liệu); xem docs/glossary.md"
        )
    roster = rosters.load_roster(ws, office)
    if roster is None and inbox is not None:
        raise RosterMissing(
            f"{display_path(ws.roster_file(office))}: chưa có danh sách đơn vị của {office_unit.name}; tổng hợp từ "
            "hộp thư cần danh sách này để biết đơn vị nào phải báo cáo (một gói có thể nhận là bất kỳ đơn vị nào). "
            f"Tạo danh sách từ các thư mục đơn vị: danvan danh-sach --unit {office} --tao, rồi đọc lại, sửa tên và "
            "thêm các đơn vị chưa có thư mục ở đây"
        )
    members: list[Member] | None = None
    if roster is not None:
        start, end = nd09_window(period, year)
        members = rosters.members(roster, start, end, only)
        names = [m.unit for m in members if ws.year_dir(m.unit, year).is_dir()]
    else:
        names = reporting_units(ws, office, config.don_vi, year, only)
    received = None
    if inbox is not None:
        received = receive(inbox, office, office_unit, period, year, only, members)
    if not names and not (received and received.packages) and not members:
        which = f"mẫu tên '{only}'" if only else f"tong_hop.don_vi ({', '.join(config.don_vi)})"
        where = display_path(ws.plans_dir) + (f" hay gói báo cáo trong {display_path(inbox)}" if inbox else "")
        listed = "".join(f"\n- {r.terminal()}" for r in received.refused) if received else ""
        raise NothingToConsolidate(
            f"không có đơn vị nào khớp {which} có dữ liệu năm {year} trong {where}; không có gì để "
            "tổng hợp, không ghi văn bản nào (văn bản đã có được giữ nguyên)"
            + (f". Gói báo cáo nhận được nhưng không tổng hợp:{listed}" if listed else "")
        )
    units = read_standings(ws, names, period, year, as_of, jobs, progress, office)
    from_packages = 0
    refused: list = []
    if received is not None:
        units, refused, from_packages = _with_packages(units, received, inbox)
    if members is not None:
        units = _on_roster(units, members)
    else:
        units += _named_not_found(units, config.don_vi, only)
    units.sort(key=lambda u: u.order)
    c = summed(office, office_unit, period, year, units)
    c.refused, c.from_packages, c.with_roster = refused, from_packages, members is not None
    c.other_years = received.other_years if received else 0
    c.without_document = received.without_document if received else []
    return c


def _with_packages(units: list[UnitStanding], received, inbox) -> tuple:
    """The folder standings with the packages' added (a unit whose folder is here is read from it); a unit whose
    only package was refused is listed with its reason, never lost."""

    refused = list(received.refused)
    have = {u.unit for u in units}
    out = list(units)
    count = 0
    for unit, (name, why) in sorted(received.failed.items()):
        if unit not in have and unit not in received.packages:
            out.append(UnitStanding(unit, name, problem=why))
            have.add(unit)
    for unit, (path, pkg) in sorted(received.packages.items()):
        if unit in have:
            refused.append(
                Refusal(
                    shown_text(path.relative_to(inbox).as_posix(), 120),
                    pkg.don_vi.ten,
                    PLAIN["folder"],
                    "dữ liệu của đơn vị có ở thư mục kế hoạch; dùng dữ liệu thư mục",
                )
            )
            continue
        out.append(standing_of_package(pkg))
        have.add(unit)
        count += 1
    return out, refused, count


def _on_roster(units: list[UnitStanding], members: list[Member]) -> list[UnitStanding]:
    """One standing per unit of the roster, named as the roster names it, in full; a unit of the roster with
    neither a folder nor a package is listed as not reporting."""
    by_unit = {u.unit: u for u in units}
    out = []
    for m in members:
        u = by_unit.get(m.unit) or UnitStanding(m.unit, m.name)
        u.name, u.kind = m.name, m.kind
        out.append(u)
    return out


def _named_not_found(units: list[UnitStanding], patterns: list[str], only: str | None) -> list[UnitStanding]:
    """Without a roster: a unit named exactly in tong_hop.don_vi that has no folder here, listed as not reporting."""
    have = {u.unit for u in units}
    return [
        UnitStanding(p, p)
        for p in dict.fromkeys(patterns)
        if not any(c in p for c in "*?[") and p not in have and (not only or fnmatch.fnmatchcase(p, only))
    ]


def summed(office: str, office_unit: Unit, period: str, year: int, units: list[UnitStanding]) -> Consolidated:
    """The totals of the declared figures over the units that reported for the period (a unit that has not
    reported adds nothing, whatever its log holds), each by its kind; a figure sent in another unit of measure or
    as another kind is listed, not added; other figures listed by unit, never added."""
    config = office_unit.tong_hop
    declared_figures = list(config.so_lieu) if config else []
    by_key = {f.spec.key: f for f in declared_figures}
    reporting = [u for u in units if u.reported and not u.problem]
    undeclared: list[tuple[str, str, Number, str]] = []
    mismatched: list[tuple[str, str, str, str]] = []
    taken: dict[str, list[tuple[UnitStanding, Reported]]] = {k: [] for k in by_key}
    for u in reporting:
        for k, r in u.figures.items():
            declared = by_key.get(k)
            if declared is None:
                undeclared.append((u.name, r.name, r.value, r.unit))
                continue
            why = _not_as_declared(declared.spec, r)
            if why:
                mismatched.append((u.name, r.name, why, declared.spec.unit))
                continue
            taken[k].append((u, r))
    totals = {}
    have_last_year = any(u.last_year is not None for u in reporting)
    for k, declared in by_key.items():
        rows = taken[k]
        value, how = total_of(declared.spec, [r.value for _, r in rows], taken, by_key)
        before = None
        if have_last_year:
            earlier = [
                u.last_year[k].value
                for u, _ in rows
                if u.last_year and k in u.last_year and not _not_as_declared(declared.spec, u.last_year[k])
            ]
            before = total_of(declared.spec, earlier, None, by_key)[0] if earlier else 0
        totals[declared.ten] = Total(declared, value, len(rows), how, before)
    return Consolidated(office, office_unit, period, year, units, declared_figures, totals, undeclared, mismatched)


def _not_as_declared(spec: fig.FigureSpec, r: Reported) -> str | None:
    """Why a unit's figure cannot be added under the office's declared one: another unit of measure, or a rate
    sent for a count (or the other way round)."""
    if r.unit and spec.unit and r.unit.casefold() != spec.unit.casefold():
        return f"theo đơn vị {r.unit}"
    if (r.kind == fig.RATE) != (spec.kind == fig.RATE):
        return "là tỷ lệ" if r.kind == fig.RATE else "không phải tỷ lệ"
    return None


def total_of(spec: fig.FigureSpec, values: list, taken: dict | None, by_key: dict) -> tuple[Number | None, str]:
    """The total of one declared figure over units, by its kind: counts, amounts, money and levels (each unit's
    latest) summed; a rate from its parts summed over the units that reported both, else the units' rates
    averaged (said as such), never summed."""
    if not values and not (spec.kind == fig.RATE and spec.numerator):
        return None, ""
    if spec.kind != fig.RATE:
        total: Number = 0
        for v in values:
            total += v
        return total, ""
    if taken is not None and spec.numerator in by_key and spec.denominator in by_key:
        tops = {u.unit: r.value for u, r in taken.get(spec.numerator, [])}
        bottoms = {u.unit: r.value for u, r in taken.get(spec.denominator, [])}
        both = [u for u in tops if u in bottoms]
        if both:
            computed = fig.rate_of(sum(tops[u] for u in both), sum(bottoms[u] for u in both))
            if computed is not None:
                return computed, "từ các phần"
    if not values:
        return None, ""

    mean = (sum((Decimal(v) for v in values), Decimal(0)) / len(values)).quantize(fig.RATE_PLACES)
    return (int(mean) if mean == mean.to_integral_value() else mean), "bình quân"


# ---------------------------------------------------------------- the terminal


def inbox_lines(c: Consolidated) -> list[str]:
    """What the office is told of its inbox on the terminal: each refusal with its file and reason, the packages
    of other years, the reports summed without their document."""
    refused = (
        [f"Gói báo cáo nhận được nhưng không tổng hợp ({len(c.refused)}):"] + [f"- {r.terminal()}." for r in c.refused]
        if c.refused
        else []
    )
    passed = [f"Bỏ qua {c.other_years} gói báo cáo của năm khác {c.year} trong hộp thư."] if c.other_years else []
    alone = (
        [f"Gói báo cáo đã tổng hợp nhưng không kèm văn bản .docx ({len(c.without_document)}): "
         + "; ".join(c.without_document) + ". Đề nghị đơn vị gửi kèm văn bản."]
        if c.without_document
        else []
    )  # fmt: skip
    return refused + passed + alone
