"""`danvan status`: each task's standing and the next report deadlines, as a table or JSON."""

from __future__ import annotations

import datetime as dt
import json
import sys
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path

from danvan_cli import register
from danvan_cli.context import report_file_stem
from danvan_cli.errors import DanvanError
from danvan_cli.files import present, read_bytes
from danvan_cli.loading import LoadedPlan, load_narrative
from danvan_cli.manifest import Manifest
from danvan_cli.package import package_name
from danvan_cli.periods import ReportPeriod, label_with_year
from danvan_cli.progress import year_log
from danvan_cli.standing import DONE, standings
from danvan_cli.vnformat import doc_reference, figures_text, json_value, typed_date


@dataclass
class Sent:
    """What became of one scheduled report by a day: issued (in the register, with its number), exported (made by
    `danvan export`), or its narrative written (as the office above counts it from a unit's folder); or nothing."""

    report: ReportPeriod
    due: dt.date
    days_left: int
    how: str | None  # "issued", "exported", "written" or None
    date: dt.date | None = None
    number: str | None = None  # '01/BC-UBND', as the register gives it

    @property
    def reported(self) -> bool:
        return self.how is not None


@dataclass
class Summary:
    unit: str
    unit_name: str
    year: int
    as_of: dt.date
    tasks: list  # standing.TaskStanding
    reports: list[Sent]
    warnings: list  # what loading the log fixed on the way in


def summarise(loaded: LoadedPlan, as_of: dt.date, exports: Path | None = None) -> Summary:
    """Each task's standing and each scheduled report's state on `as_of`. A report is reported once it is issued
    (the register holds it), exported (the manifest of `exports`, by default exports/ beside the plans folder,
    holds it), or its narrative is written; only what had happened by `as_of` counts."""

    log = year_log(loaded)
    tasks = standings(loaded.tasks, log, loaded.year, as_of)
    exported = _exported(loaded, exports if exports is not None else loaded.ws.plans_dir.parent / "exports")
    reports = [sent_by(loaded, r, as_of, exported) for r in loaded.calendar.scheduled() if r.due]
    return Summary(loaded.unit_name, loaded.unit.name, loaded.year, as_of, tasks, reports, log.warnings)


def sent_by(loaded: LoadedPlan, r: ReportPeriod, as_of: dt.date, exported: dict[str, dt.date]) -> Sent:
    """One report's state on `as_of`: issued, exported, its narrative written, or none of them."""

    due = r.due or r.planned_date  # (status shows the reports with a due date)
    days = (due - as_of).days
    stem = report_file_stem(loaded.unit, r)
    entry = None
    with suppress(DanvanError):  # a register that does not read is validate's to say
        entry = register.entry_of(loaded.ws, loaded.unit_name, r.planned_date, stem)
    if entry is not None and entry.ngay <= as_of:
        return Sent(r, due, days, "issued", entry.ngay, entry.reference)
    made = exported.get(stem)
    if made is not None and made <= as_of:
        return Sent(r, due, days, "exported", made)
    # a narrative counts (as the office above counts it) once it gives the report a date or a number: one that
    # holds only danvan's drafts and questions is a report still being written
    if present(loaded.narrative_file(r.code)) and (r.dated is None or r.dated <= as_of):
        number = None
        with suppress(DanvanError):
            number = load_narrative(loaded.narrative_file(r.code))[0].so
        if number is None and r.dated is None:
            return Sent(r, due, days, None)
        party = loaded.unit.the_thuc == "dang"
        reference = doc_reference(number, "BC", loaded.unit.chu_viet_tat, party=party) if number else None
        return Sent(r, due, days, "written", r.dated, reference)
    return Sent(r, due, days, None)


def _exported(loaded: LoadedPlan, exports: Path) -> dict[str, dt.date]:
    """The unit's reports of the year that `danvan export` made into `exports` (its manifest holds them), with the
    date each is dated (its package beside it says it), by file stem."""

    if not (exports / "manifest.json").is_file():
        return {}
    try:
        entries = Manifest(exports).entries
    except DanvanError:
        return {}
    prefix = f"{loaded.unit_name}/{loaded.year}/"
    found: dict[str, dt.date] = {}
    for key in entries:
        stem = key[len(prefix) :]
        if not key.startswith(prefix) or not stem.startswith("BC-"):
            continue
        try:
            package = json.loads(read_bytes(exports / loaded.unit_name / str(loaded.year) / package_name(stem)))
            found[stem] = dt.date.fromisoformat(package["van_ban"]["ngay"])
        except (OSError, ValueError, KeyError, TypeError, DanvanError):
            continue  # a package gone or of another shape: not known as exported
    return found


def to_json(summary: Summary) -> str:
    data = {
        "unit": summary.unit,
        "year": summary.year,
        "as_of": summary.as_of.isoformat(),
        "tasks": [
            {
                "id": s.task.ma,
                "number": s.number,
                "title": s.title,
                "status": s.status,
                "percent": s.percent,
                "last_update": s.last_update.isoformat() if s.last_update else None,
                "deadline": s.deadline.isoformat(),
                "late": s.late,
                "figures": s.figures,
                "entries": len(s.entries),
            }
            for s in summary.tasks
        ],
        "reports": [
            {
                "period": sent.report.code,
                "title": sent.report.title,
                "due": sent.due.isoformat(),
                "days_left": sent.days_left,
                "reported": sent.reported,
                "reported_as": sent.how,
                "number": sent.number,
                "report_date": sent.date.isoformat() if sent.date else None,
                "overdue": sent.days_left < 0 and not sent.reported,
            }
            for sent in summary.reports
        ],
    }
    return json.dumps(data, ensure_ascii=False, indent=2, default=json_value)


def _bar(percent: int | None, width: int = 10) -> str:
    if percent is None:
        return "–"
    filled = round(percent * width / 100)
    return "█" * filled + "░" * (width - filled) + f" {percent:>3}%"


def print_table(summary: Summary, file=None, width: int | None = None) -> None:
    """A Rich table on a terminal; the same table without colours or control codes otherwise. The task codes the
    clerk types into `progress add` are never cut: the names and figures wrap instead."""
    from rich.console import Console  # noqa: PLC0415 (rich only when printing)
    from rich.markup import escape  # noqa: PLC0415 (rich only when printing); user text is never Rich markup
    from rich.table import Table  # noqa: PLC0415 (rich only when printing)

    out = file or sys.stdout
    console = Console(file=out, width=width or (None if out.isatty() else 140), highlight=False)
    longest = max((len(s.task.ma or "") for s in summary.tasks), default=2)
    table = Table(
        title=escape(f"{summary.unit_name} — kế hoạch năm {summary.year}, tính đến {typed_date(summary.as_of)}"),
        show_lines=False,
    )
    columns: list[tuple[str, dict]] = [
        ("TT", {"justify": "right"}),
        ("Mã", {"no_wrap": True, "min_width": longest}),
        ("Nhiệm vụ", {"max_width": 40, "ratio": 2}),
        ("Trạng thái", {}),
        ("Hoàn thành", {}),
        ("Cập nhật", {}),
        ("Số liệu", {"max_width": 40, "ratio": 1}),
        ("Quá hạn", {}),
    ]
    for name, kw in columns:
        table.add_column(name, **kw)
    for s in summary.tasks:
        style = "red" if s.late else ("green" if s.status == DONE else None)
        table.add_row(
            str(s.number),
            s.task.ma,
            escape(s.title),
            s.status,
            _bar(s.percent),
            typed_date(s.last_update) if s.last_update else "–",
            escape(figures_text(s.figures)) or "–",
            f"quá hạn ({typed_date(s.deadline)})" if s.late else "",
            style=style,
        )
    console.print(table)
    if not summary.reports:
        console.print("Kế hoạch chưa khai báo chế độ báo cáo (che_do_bao_cao).")
        return
    console.print("Các kỳ báo cáo:")
    for sent in summary.reports:
        r, due, days, made_on = sent.report, sent.due, sent.days_left, sent.date
        if sent.reported:
            late = f" (sau hạn {typed_date(due)})" if made_on and made_on > due else ""
            said = {"exported": "đã xuất (danvan export), chưa có số"}.get(sent.how or "", "đã báo cáo")
            said += f": số {sent.number}" if sent.number else ""
            console.print(f"  {r.title}: {said}{' ngày ' + typed_date(made_on) if made_on else ''}{late}")
        elif days < 0:
            console.print(f"  [red]{r.title}: hạn {typed_date(due)} — đã quá hạn {-days} ngày[/red]")
        elif days == 0:
            console.print(f"  [yellow]{r.title}: hạn {typed_date(due)} — hôm nay[/yellow]")
        else:
            console.print(f"  {r.title}: hạn {typed_date(due)} — còn {days} ngày")


def units_json(c) -> str:
    """`status --all --json`: every reporting unit's standing for one period."""
    data = {
        "office": c.office,
        "period": c.period,
        "year": c.year,
        "units": [
            {
                "unit": u.unit,
                "name": u.name,
                "reported": u.reported,
                "report_date": u.report_date.isoformat() if u.report_date else None,
                "due": u.due.isoformat() if u.due else None,
                "late_report": u.late_report,
                "tasks_done": u.done,
                "tasks_planned": u.planned,
                "tasks_late": u.late_tasks,
                "number": u.number,
                "figures": {r.name: r.value for r in u.figures.values()},
                "problem": u.problem,
            }
            for u in c.units
        ],
        "refused_packages": [r.terminal() for r in c.refused],
    }
    return json.dumps(data, ensure_ascii=False, indent=2, default=json_value) + "\n"


def print_units(c, file=None) -> None:
    """The office's table of its units, the missing and late first: drawn with colours for a person at a terminal,
    as plain aligned columns in a pipe, a log or cron's mail, or when the units are many (a drawn table of
    thousands of rows takes seconds to lay out, and nobody scrolls through its colours)."""
    out = file or sys.stdout
    title = f"{c.office_unit.name} — báo cáo {label_with_year(c.period, c.year)} của {len(c.units)} đơn vị"
    heads = ("TT", "Đơn vị", "Tên", "Báo cáo", "Hạn", "Nhiệm vụ xong", "Quá hạn")
    rows: list[tuple[tuple[str, ...], str | None]] = []
    for i, u in enumerate(c.units, start=1):
        if u.problem:
            rows.append(((str(i), u.unit, u.name, "dữ liệu lỗi", "", "", u.problem[:60]), "red"))
            continue
        state = (typed_date(u.report_date) if u.report_date else "đã báo cáo") if u.reported else "chưa báo cáo"
        style = "red" if not u.reported else ("yellow" if u.late_report else None)
        due = typed_date(u.due) if u.due else "–"
        late = " (muộn)" if u.late_report else ""
        rows.append(((str(i), u.unit, u.name, state + late, due, f"{u.done}/{u.planned}", str(u.late_tasks)), style))
    summary = (
        f"Đã báo cáo {len(c.units) - len(c.missing)}/{len(c.units)}; muộn {len(c.late)}; chưa báo cáo {len(c.missing)}."
    )
    if not out.isatty() or len(rows) > DRAWN_ROWS:
        out.write("\n".join([title, *plain_columns([heads, *(cells for cells, _ in rows)]), summary]) + "\n")
        return
    from rich.console import Console  # noqa: PLC0415 (rich only when drawing)
    from rich.markup import escape  # noqa: PLC0415 (rich only when drawing)
    from rich.table import Table  # noqa: PLC0415 (rich only when drawing)

    console = Console(file=out, highlight=False)
    table = Table(title=escape(title))
    for name in heads:
        table.add_column(name)
    for cells, style in rows:
        table.add_row(*(escape(cell) for cell in cells), style=style)
    console.print(table)
    console.print(escape(summary))


DRAWN_ROWS = 300  # more units than this are listed as plain columns even at a terminal


def plain_columns(rows: list[tuple[str, ...]]) -> list[str]:
    """Rows of cells as lines of left-aligned columns two spaces apart (the text is NFC: one character, one column)."""
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return ["  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip() for row in rows]
