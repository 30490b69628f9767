"""For the office above: every reporting unit's standing for one period, and one consolidated report.

A unit has reported for a period when it wrote that report's narrative (reports/<period>.yaml);
it is late when the report's date is after the due date of its plan's schedule. Figures are summed
across units only when their name matches one the office declared (tong_hop.so_lieu in its
unit.yaml); any other figure is listed with its unit, never silently added.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fnmatch
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from danvan_cli import vnformat as vn
from danvan_cli.errors import DanvanError, NothingToConsolidate, UsageProblem, display_path
from danvan_cli.figures import key as figure_key
from danvan_cli.loading import load_plan, load_unit
from danvan_cli.workspace import Workspace

if TYPE_CHECKING:
    from danvan_cli.context import ReportFace
    from danvan_cli.models import DeclaredFigure, Unit
    from danvan_cli.package import ReportPackage
    from danvan_cli.periods import ReportPeriod
    from danvan_cli.report import ReportData
    from danvan_cli.score import UnitScore
    from danvan_cli.vnformat import Number


@dataclass
class UnitStanding:
    unit: str
    name: str
    reported: bool = False
    report_date: dt.date | None = None
    due: dt.date | None = None
    planned: int = 0
    done: int = 0
    late_tasks: int = 0
    figures: dict[str, Number] = field(default_factory=dict)  # as the unit names them
    last_year: dict[str, Number] | None = None
    problem: str | None = None  # the unit's data could not be read
    score: UnitScore | None = None  # the yearly report's self-assessment, where the unit has one

    @property
    def late_report(self) -> bool:
        return bool(self.reported and self.due and self.report_date and self.report_date > self.due)

    @property
    def order(self) -> tuple:
        """Missing first, then late, then the rest; by folder name within each."""
        return (0 if self.problem or not self.reported else 1 if self.late_report else 2, self.unit)


def unit_standing(ws: Workspace, unit: str, period: str, year: int, as_of: dt.date) -> UnitStanding:
    """A unit's standing for the period from its own folder: the same data its report shows."""
    from danvan_cli.documents import gather_report

    try:
        loaded = load_plan(ws, unit, year)
        inputs = gather_report(loaded, period, as_of)
        data = inputs.data
    except DanvanError as exc:
        name = unit
        with contextlib.suppress(DanvanError):
            name = load_unit(ws, unit)[0].name
        return UnitStanding(unit, name, problem=exc.lines()[0])
    result = standing_of_data(
        unit,
        loaded.unit.name,
        data,
        reported=inputs.made,
        report_date=inputs.narrative.ngay,
        due=inputs.period.due,
    )
    if period == "year":
        from danvan_cli.score import unit_score

        result.score = unit_score(loaded, inputs.log)
    return result


def standing_of_data(
    unit: str, name: str, data: ReportData, *, reported: bool, report_date: dt.date | None, due: dt.date | None
) -> UnitStanding:
    """What the office sums of one report's data, read from the unit's folder (standing_of_package gives the same
    from the package it sent)."""
    from danvan_cli.standing import DONE

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
        figures=data.in_period,
        last_year=data.last_year,
    )


@dataclass
class Consolidated:
    office: str
    office_unit: Unit
    period: str
    year: int
    units: list[UnitStanding]
    declared: list[DeclaredFigure]
    totals: dict[str, Number]  # by declared name, over the units that reported
    contributors: dict[str, int]  # by declared name: how many reporting units recorded the figure
    last_year: dict[str, Number] | None
    undeclared: list[tuple[str, str, Number]]  # (unit's name, figure as written, value), reporting units only
    refused: list[str] = field(default_factory=list)  # packages received and not summed, each with its reason
    from_packages: int = 0  # how many units' standings come from the packages they sent
    other_years: int = 0  # packages of other years in the inbox, passed over
    without_document: list[str] = field(default_factory=list)  # packages summed whose .docx did not arrive

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
READ_JOBS = 2


def pick_office(ws: Workspace, unit: str | None) -> str:
    """The office above a command is for: the one named, else the only unit whose unit.yaml has tong_hop."""
    if unit:
        return unit
    offices = []
    for u in ws.units():
        try:
            if load_unit(ws, u)[0].tong_hop is not None:
                offices.append(u)
        except DanvanError:
            continue
    if len(offices) == 1:
        return offices[0]
    raise UsageProblem(
        "hãy chọn cơ quan tổng hợp bằng --unit (đơn vị có phần tong_hop trong unit.yaml)"
        + (f": {', '.join(offices)}" if offices else "")
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
    from danvan_cli.timeline import office_year

    office = pick_office(ws, unit)
    if year is not None:
        return office, year, None
    received: list[int] = []
    if inbox is not None:
        from danvan_cli.package import package_years

        received = package_years(inbox)
    today = day or dt.date.today()
    years = sorted(set(units_years(ws, office)) | set(received)) or [today.year]
    chosen, why = office_year(years, period, today)
    return office, chosen, why


def scores_of_units(ws: Workspace, office: str, year: int) -> list[UnitScore]:
    """Every unit reporting to `office` (its tong_hop) with its self and appraised scores for `year`."""
    from danvan_cli.progress import year_log
    from danvan_cli.score import UnitScore, unit_score

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
) -> Consolidated:
    """Every reporting unit's standing and the totals of the declared figures: from the units' folders present
    here, and from the report packages received in `inbox` (a unit whose folder is here is read from it)."""
    from danvan_cli.periods import PERIODS

    if period not in PERIODS:
        raise UsageProblem(f"kỳ báo cáo '{period}' không có; các kỳ hợp lệ: {', '.join(PERIODS)}")
    office_unit, _ = load_unit(ws, office)
    config = office_unit.tong_hop
    if config is None:
        raise UsageProblem(
            f"đơn vị '{office}' chưa khai báo phần tong_hop trong unit.yaml (các đơn vị gửi báo cáo lên và danh mục số liệu); xem docs/glossary.md"
        )
    names = reporting_units(ws, office, config.don_vi, year, only)
    received = None
    if inbox is not None:
        from danvan_cli.package import receive

        received = receive(inbox, office, office_unit, period, year, only)
    if not names and not (received and received.packages):
        which = f"--units '{only}'" if only else f"tong_hop.don_vi ({', '.join(config.don_vi)})"
        where = display_path(ws.plans_dir) + (f" hay gói báo cáo trong {display_path(inbox)}" if inbox else "")
        listed = "".join(f"\n- {r}" for r in received.refused) if received else ""
        raise NothingToConsolidate(
            f"không có đơn vị nào khớp {which} có dữ liệu năm {year} trong {where}; không có gì để "
            "tổng hợp, không ghi văn bản nào (văn bản đã có được giữ nguyên)"
            + (f". Gói báo cáo nhận được nhưng không tổng hợp:{listed}" if listed else "")
        )
    if jobs > 1 and len(names) > 50:
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(max_workers=jobs) as pool:
            units = list(
                pool.map(
                    _standing_in_worker, [(str(ws.plans_dir), u, period, year, as_of) for u in names], chunksize=25
                )
            )
    else:
        units = [unit_standing(ws, u, period, year, as_of) for u in names]
    refused: list[str] = []
    from_packages = 0
    if received is not None:
        units, refused, from_packages = _with_packages(units, received, config.don_vi, only, inbox)
    units.sort(key=lambda u: u.order)
    c = summed(office, office_unit, period, year, units)
    c.refused, c.from_packages = refused, from_packages
    c.other_years = received.other_years if received else 0
    c.without_document = received.without_document if received else []
    return c


def standing_of_package(pkg: ReportPackage) -> UnitStanding:
    """What the office sums of a package: exactly what the folder's data would give (aggregate.unit_standing)."""
    from danvan_cli.package import number_from
    from danvan_cli.score import UnitScore
    from danvan_cli.standing import DONE

    result = UnitStanding(
        pkg.don_vi.ma,
        pkg.don_vi.ten,
        reported=True,
        report_date=pkg.van_ban.ngay,
        due=pkg.ky.han,
        planned=len(pkg.nhiem_vu),
        done=sum(t.tinh_trang == DONE for t in pkg.nhiem_vu),
        late_tasks=sum(t.qua_han for t in pkg.nhiem_vu),
        figures={f.ten: n for f in pkg.so_lieu if (n := number_from(f.ky_nay)) is not None},
        last_year={k: number_from(v) or 0 for k, v in pkg.cung_ky_nam_truoc.items()}
        if pkg.cung_ky_nam_truoc is not None
        else None,
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
        )
    return result


def _with_packages(units: list[UnitStanding], received, patterns: list[str], only: str | None, inbox) -> tuple:
    """The folder standings with the packages' added; a unit named exactly in tong_hop.don_vi that neither has
    a folder here nor sent a package is listed as not reporting (never left out)."""
    from danvan_cli.package import shown_text

    refused = list(received.refused)
    have = {u.unit for u in units}
    out = list(units)
    count = 0
    for unit, (name, why) in sorted(received.failed.items()):
        if unit not in have and unit not in received.packages:
            out.append(UnitStanding(unit, name, problem=f"gói báo cáo không dùng được: {why}"))
            have.add(unit)
    for unit, (path, pkg) in sorted(received.packages.items()):
        if unit in have:
            refused.append(
                f"{shown_text(path.relative_to(inbox).as_posix(), 120)} ({shown_text(pkg.don_vi.ten)}): dữ liệu của "
                "đơn vị có ở thư mục kế hoạch; dùng dữ liệu thư mục"
            )
            continue
        out.append(standing_of_package(pkg))
        have.add(unit)
        count += 1
    for pattern in patterns:
        exact = not any(c in pattern for c in "*?[")
        if exact and pattern not in have and (not only or fnmatch.fnmatchcase(pattern, only)):
            out.append(UnitStanding(pattern, pattern))
            have.add(pattern)
    return out, refused, count


def summed(office: str, office_unit: Unit, period: str, year: int, units: list[UnitStanding]) -> Consolidated:
    """The totals of the declared figures over the units that reported for the period (a unit that has not
    reported adds nothing, whatever its log holds); other figures listed by unit, never added."""
    config = office_unit.tong_hop
    declared_figures = list(config.so_lieu) if config else []
    declared = {figure_key(f.ten): f.ten for f in declared_figures}
    totals: dict[str, Number] = {f.ten: 0 for f in declared_figures}
    contributors = {f.ten: 0 for f in declared_figures}
    undeclared: list[tuple[str, str, Number]] = []
    reporting = [u for u in units if u.reported and not u.problem]
    have_last_year = any(u.last_year is not None for u in reporting)
    last_year: dict[str, Number] | None = {f.ten: 0 for f in declared_figures} if have_last_year else None
    for u in reporting:
        for name, value in u.figures.items():
            if figure_key(name) in declared:
                totals[declared[figure_key(name)]] += value
                contributors[declared[figure_key(name)]] += 1
            else:
                undeclared.append((u.name, name, value))
        for name, value in (u.last_year or {}).items():
            if last_year is not None and figure_key(name) in declared:
                last_year[declared[figure_key(name)]] += value
    return Consolidated(
        office, office_unit, period, year, units, declared_figures, totals, contributors, last_year, undeclared
    )


def _standing_in_worker(args) -> UnitStanding:
    plans_dir, unit, period, year, as_of = args
    from pathlib import Path

    return unit_standing(Workspace(Path(plans_dir)), unit, period, year, as_of)


# ---------------------------------------------------------------- the Báo cáo tổng hợp


def _by_key(figures: dict[str, Number]) -> dict[str, Number]:
    """A unit's figures summed by their matching key (names differing only in case, spacing or form agree)."""
    out: dict[str, Number] = {}
    for name, value in figures.items():
        key = figure_key(name)
        out[key] = out.get(key, 0) + value
    return out


# The Phụ lục's matrix: after TT and the unit's name, this many columns fit one landscape table (25 mm each, 12 pt);
# more continue in a second table with the unit column repeated, never in smaller type.
APPENDIX_COLUMNS = 7


def appendix_tables(c: Consolidated) -> list[dict]:
    """The Phụ lục as an office reads it: one row per unit, one column per figure of the list (its unit of
    measure in the header), a total row over the units that reported; a unit that did not report has its row,
    empty. Columns beyond APPENDIX_COLUMNS continue in further tables."""
    reported = [u for u in c.units if u.reported and not u.problem]
    shown = {id(u) for u in reported}  # by identity: comparing standings field by field is quadratic at scale
    keyed = {id(u): _by_key(u.figures) for u in reported}
    columns: list[tuple[str, list[str], str]] = [  # (header, a cell per unit, total)
        (
            "Ngày báo cáo",
            [_status(u) for u in c.units],
            f"{len(reported)}/{len(c.units)}",
        ),
        (
            "Nhiệm vụ hoàn thành",
            [f"{u.done}/{u.planned}" if id(u) in shown else "" for u in c.units],
            f"{sum(u.done for u in reported)}/{sum(u.planned for u in reported)}",
        ),
        (
            "Nhiệm vụ quá hạn",
            [str(u.late_tasks) if id(u) in shown else "" for u in c.units],
            str(sum(u.late_tasks for u in reported)),
        ),
    ]
    for f in c.declared:
        key = figure_key(f.ten)
        values = {id(u): keyed[id(u)].get(key, 0) for u in reported}
        columns.append(
            (
                f"{vn.sentence_case(f.ten)} ({f.don_vi_tinh})",
                [vn.number(values[id(u)]) if id(u) in values else "" for u in c.units],
                vn.number(sum(values.values())),
            )
        )
    tables = []
    for start in range(0, len(columns), APPENDIX_COLUMNS):
        chunk = columns[start : start + APPENDIX_COLUMNS]
        tables.append(
            {
                "cot": [header for header, _, _ in chunk],
                "dong": [
                    {"tt": str(i), "don_vi": u.name, "o": [cells[i - 1] for _, cells, _ in chunk]}
                    for i, u in enumerate(c.units, start=1)
                ],
                "tong": [total for _, _, total in chunk],
            }
        )
    return tables


def scores_appendix(scores: list, subject: str, year: int, attached: str) -> dict:
    """Phụ lục II of the consolidated yearly report: every unit's self and appraised scores and band, and how
    many units fall in each band."""
    from danvan_cli.context import appendix_heading
    from danvan_cli.score import counts_text, units_rows

    return {
        **appendix_heading(f"Kết quả tự chấm điểm, xếp loại {subject} năm {year} của các đơn vị", attached, 250),
        "dong": units_rows(scores),
        "ket_luan": counts_text(scores),
    }


def _status(u: UnitStanding) -> str:
    if u.problem:
        return "dữ liệu lỗi"
    if not u.reported:
        return "chưa báo cáo"
    status = vn.short_date(u.report_date) if u.report_date else "đã báo cáo"
    return status + " (muộn)" if u.late_report else status


def consolidated_context(c: Consolidated, narrative, face: ReportFace) -> dict:
    """Everything the consolidated report's template shows (pure)."""
    from danvan_cli.context import appendix_heading
    from danvan_cli.outline import block
    from danvan_cli.report import change_text

    def section_heading(index: int, title: str) -> dict:
        return block("muc", f"{vn.roman(index)}. {vn.upper(title)}")

    from danvan_cli.periods import label_with_year

    title = label_with_year(c.period, c.year)
    subject = consolidated_topic(c.office_unit)
    office_name = c.office_unit.name
    total = len(c.units)
    reported = c.reporting
    planned = sum(u.planned for u in reported)
    done = sum(u.done for u in reported)
    late_tasks = sum(u.late_tasks for u in reported)

    def names(units) -> str:
        return "; ".join(u.name for u in units)

    body = [
        block(
            "doan",
            f"Căn cứ báo cáo của các đơn vị, {office_name} tổng hợp kết quả thực hiện {subject} {title} như sau:",
        )
    ]
    body.append(section_heading(1, "Tình hình báo cáo của các đơn vị"))
    body.append(
        block(
            "doan",
            f"Có {len(reported)}/{total} đơn vị đã báo cáo, "
            + (f"trong đó {len(c.late)} đơn vị báo cáo sau hạn." if c.late else "không có đơn vị nào báo cáo sau hạn."),
        )
    )
    if c.late:
        body.append(block("doan", f"- Đơn vị báo cáo sau hạn: {names(c.late)}."))
    if c.missing:
        body.append(block("doan", f"- Đơn vị chưa báo cáo: {names(c.missing)}."))
    body += [block("doan", p) for p in narrative.dac_diem_tinh_hinh]
    body.append(section_heading(2, "Kết quả thực hiện"))
    body.append(
        block(
            "doan",
            f"Chưa có đơn vị nào gửi báo cáo {title}; các số liệu dưới đây để trống; chi tiết từng đơn vị tại Phụ lục "
            "kèm theo báo cáo này.",
        )
        if not reported
        else block(
            "doan",
            f"Có {len(reported)} đơn vị đã báo cáo triển khai {planned} nhiệm vụ theo kế hoạch; "
            + (f"{done} nhiệm vụ đã hoàn thành; " if done else "chưa có nhiệm vụ nào hoàn thành; ")
            + (f"{late_tasks} nhiệm vụ quá hạn chưa hoàn thành." if late_tasks else "không có nhiệm vụ nào quá hạn.")
            + " Số liệu trong bảng dưới được cộng từ báo cáo của "
            f"{len(reported)}/{total} đơn vị đã báo cáo kỳ này (đơn vị chưa báo cáo không được cộng); "
            "chi tiết từng đơn vị tại Phụ lục kèm theo báo cáo này.",
        )
    )
    body += [block("doan", p) for p in narrative.ket_qua_noi_bat]
    rows = []
    for i, f in enumerate(c.declared, start=1):
        now = c.totals.get(f.ten, 0)
        before = c.last_year.get(f.ten, 0) if c.last_year is not None else None
        rows.append(
            {
                "tt": str(i),
                "ten": vn.sentence_case(f.ten),
                "dvt": f.don_vi_tinh,
                "ky_nay": vn.number(now),
                "cung_ky": vn.number(before) if before is not None else "–",
                "so_sanh": change_text(now, before),
            }
        )
    table = {
        "tieu_de": f"Bảng tổng hợp số liệu {title} (từ báo cáo của {len(reported)}/{total} đơn vị)",
        "dong": rows,
        "co_cung_ky": c.last_year is not None,
    }
    after = []
    if c.undeclared:
        after.append(
            block(
                "doan",
                "Số liệu do đơn vị ghi nhưng không có trong danh mục tổng hợp (được liệt kê, không cộng vào tổng):",
            )
        )
        after += [block("doan", f"- {unit}: {name} {vn.number(value)};") for unit, name, value in c.undeclared]
    after.append(section_heading(3, "Đánh giá, kiến nghị"))
    if narrative.uu_diem or narrative.ton_tai_han_che or narrative.de_xuat_kien_nghi:
        after += [block("doan", p) for p in narrative.uu_diem + narrative.ton_tai_han_che + narrative.de_xuat_kien_nghi]
    else:
        if c.missing:
            after.append(
                block("doan", f"- Đề nghị {len(c.missing)} đơn vị chưa báo cáo khẩn trương gửi báo cáo {title}.")
            )
        if late_tasks:
            after.append(
                block(
                    "doan",
                    f"- Đề nghị các đơn vị có nhiệm vụ quá hạn ({late_tasks} nhiệm vụ) có giải pháp hoàn thành trong kỳ tới.",
                )
            )
        if not c.missing and not late_tasks:
            after.append(block("doan", "- Các đơn vị đã báo cáo đầy đủ, không có nhiệm vụ quá hạn."))
    after.append(block("ket", f"Trên đây là báo cáo tổng hợp kết quả thực hiện {subject} {title} của các đơn vị./."))

    appendix = appendix_tables(c)
    scores = [u.score for u in c.units if u.score is not None and u.score.problem != "chưa tự chấm"]
    scores = [u.score for u in c.units if u.score is not None] if scores else []

    return {
        **face.context(),
        "phan_dau": body,
        "bang_so_lieu": table,
        "phan_sau": after,
        "phu_luc": {
            "so": " I" if scores else "",
            **appendix_heading(f"Kết quả thực hiện {subject} {title} của các đơn vị", face.attached(), 250),
            "bang": appendix,
            "ghi_chu": refusal_lines(c),
        },
        "phu_luc_diem": scores_appendix(scores, subject, c.year, face.attached()) if scores else None,
    }


def refusal_lines(c: Consolidated) -> list[str]:
    """The Phụ lục's lines on the packages received and not summed, each with its reason."""
    if not c.refused:
        return []
    return [f"Gói báo cáo nhận được nhưng không tổng hợp ({len(c.refused)}):"] + [f"- {r}." for r in c.refused]


def inbox_lines(c: Consolidated) -> list[str]:
    """What the office is told of its inbox on the terminal: the refusals, and the packages of other years."""
    passed = [f"Bỏ qua {c.other_years} gói báo cáo của năm khác {c.year} trong hộp thư."] if c.other_years else []
    alone = (
        [f"Gói báo cáo đã tổng hợp nhưng không kèm văn bản .docx ({len(c.without_document)}): "
         + "; ".join(c.without_document) + ". Đề nghị đơn vị gửi kèm văn bản."]
        if c.without_document
        else []
    )  # fmt: skip
    return refusal_lines(c) + passed + alone


def consolidated_topic(office_unit: Unit) -> str:
    return office_unit.tong_hop.chu_de if office_unit.tong_hop else "công tác dân vận chính quyền"


def aggregate_file_stem(office_unit: Unit, period: str, year: int) -> str:
    """BC-TH-PGDDT-2022-6-thang-dau-nam."""
    from danvan_cli.periods import label

    return f"BC-TH-{vn.abbreviation_slug(office_unit.chu_viet_tat)}-{year}-{vn.slug(label(period))}"


def office_narrative(ws: Workspace, office: str, year: int, period: str):
    from danvan_cli.loading import load_narrative

    narrative, _ = load_narrative(ws.narrative_file(office, year, period))
    return narrative


def office_period(narrative, period: str, year: int) -> ReportPeriod:
    """The consolidation's period on the office's calendar: NĐ 09's window, dated as its narrative says, else
    the day after the window (the office's own schedule is its units' due dates, not one of its own)."""
    from danvan_cli.periods import calendar

    dated = {period: narrative.ngay} if narrative.ngay else {}
    return calendar(None, year, dated=dated).period(period)


def make_consolidated(
    ws: Workspace,
    office: str,
    period: str,
    year: int,
    out_dir,
    *,
    as_of: dt.date,
    only=None,
    jobs: int = 1,
    pdf=False,
    inbox: Path | None = None,
):
    """The whole way of the Báo cáo tổng hợp: every unit's standing, the context, the .docx (and PDF)."""
    from danvan_cli import register
    from danvan_cli.context import report_face
    from danvan_cli.documents import properties, write_document
    from danvan_cli.periods import label_with_year
    from danvan_cli.render import render_docx, template_path

    c = consolidate(ws, office, period, year, as_of=as_of, only=only, jobs=jobs, inbox=inbox)
    narrative = office_narrative(ws, office, year, period)
    date = office_period(narrative, period, year).date_on(as_of)
    stem = aggregate_file_stem(c.office_unit, period, year)
    face = report_face(
        c.office_unit,
        narrative,
        topic=consolidated_topic(c.office_unit),
        period_title=label_with_year(period, year),
        date=date,
        number=narrative.so or register.number_of(ws, office, date, stem),
        consolidated=True,
    )
    context = consolidated_context(c, narrative, face)
    props = properties(c.office_unit, office, "Báo cáo", face.subject, date)
    data = render_docx(template_path("bao_cao_tong_hop", c.office_unit, ws.unit_dir(office)), context, props)
    return c, write_document(data, out_dir, stem, owner=office, pdf=pdf)
