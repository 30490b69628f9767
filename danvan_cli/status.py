"""`danvan status`: each task's standing and the next report deadlines, as a table or JSON."""

from __future__ import annotations

import datetime as dt
import json
import sys
from dataclasses import dataclass

from danvan_cli.loading import LoadedPlan
from danvan_cli.vnformat import json_value


@dataclass
class Summary:
    unit: str
    unit_name: str
    year: int
    as_of: dt.date
    tasks: list  # standing.TaskStanding
    reports: list[tuple]  # (ReportPeriod, days left, reported, report date)
    warnings: list  # what loading the log fixed on the way in


def summarise(loaded: LoadedPlan, as_of: dt.date) -> Summary:
    from danvan_cli import register
    from danvan_cli.context import report_file_stem
    from danvan_cli.progress import year_log
    from danvan_cli.standing import standings
    from danvan_cli.workspace import REPORTS_DIR

    log = year_log(loaded)
    tasks = standings(loaded.tasks, log, loaded.year, as_of)
    reports = []
    for r in loaded.calendar.scheduled():
        if not r.due:
            continue
        # a report counts as made once it has a date or a number: its narrative's, or the register's (a narrative
        # that holds only danvan's drafts and questions is a report still being written)
        issued = register.entry_of(loaded.ws, loaded.unit_name, r.planned_date, report_file_stem(loaded.unit, r))
        written = bool(r.dated or issued or _numbered(loaded.year_dir / REPORTS_DIR / f"{r.period}.yaml"))
        made_on = r.dated or (issued.ngay if issued else None)
        reports.append((r, (r.due - as_of).days, written and (made_on is None or made_on <= as_of), made_on))
    return Summary(loaded.unit_name, loaded.unit.name, loaded.year, as_of, tasks, reports, log.warnings)


def _numbered(path) -> bool:
    """A narrative that gives the report's number (an undated report that was issued)."""
    from danvan_cli.errors import DanvanError
    from danvan_cli.files import present
    from danvan_cli.loading import load_narrative

    if not present(path):
        return False
    try:
        return load_narrative(path)[0].so is not None
    except DanvanError:
        return False


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
                "period": r.period,
                "title": r.title,
                "due": r.due.isoformat(),
                "days_left": days,
                "reported": reported,
                "report_date": made_on.isoformat() if made_on else None,
                "overdue": days < 0 and not reported,
            }
            for r, days, reported, made_on in summary.reports
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
    from rich.console import Console
    from rich.markup import escape  # user text is never Rich markup
    from rich.table import Table

    from danvan_cli.standing import DONE
    from danvan_cli.vnformat import figures_text, typed_date

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
    for r, days, reported, made_on in summary.reports:
        if reported:
            late = f" (sau hạn {typed_date(r.due)})" if made_on and made_on > r.due else ""
            console.print(f"  {r.title}: đã báo cáo{' ngày ' + typed_date(made_on) if made_on else ''}{late}")
        elif days < 0:
            console.print(f"  [red]{r.title}: hạn {typed_date(r.due)} — đã quá hạn {-days} ngày[/red]")
        elif days == 0:
            console.print(f"  [yellow]{r.title}: hạn {typed_date(r.due)} — hôm nay[/yellow]")
        else:
            console.print(f"  {r.title}: hạn {typed_date(r.due)} — còn {days} ngày")


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
                "figures": u.figures,
                "problem": u.problem,
            }
            for u in c.units
        ],
        "refused_packages": c.refused,
    }
    return json.dumps(data, ensure_ascii=False, indent=2, default=json_value) + "\n"


def print_units(c, file=None) -> None:
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    from danvan_cli.periods import label_with_year
    from danvan_cli.vnformat import typed_date

    out = file or sys.stdout
    console = Console(file=out, width=None if out.isatty() else 140, highlight=False)
    table = Table(
        title=escape(f"{c.office_unit.name} — báo cáo {label_with_year(c.period, c.year)} của {len(c.units)} đơn vị")
    )
    for name in ("TT", "Đơn vị", "Tên", "Báo cáo", "Hạn", "Nhiệm vụ xong", "Quá hạn"):
        table.add_column(name)
    for i, u in enumerate(c.units, start=1):
        if u.problem:
            table.add_row(str(i), u.unit, escape(u.name), "dữ liệu lỗi", "", "", escape(u.problem[:60]), style="red")
            continue
        state = (typed_date(u.report_date) if u.report_date else "đã báo cáo") if u.reported else "chưa báo cáo"
        style = "red" if not u.reported else ("yellow" if u.late_report else None)
        table.add_row(
            str(i),
            u.unit,
            escape(u.name),
            state + (" (muộn)" if u.late_report else ""),
            typed_date(u.due) if u.due else "–",
            f"{u.done}/{u.planned}",
            str(u.late_tasks),
            style=style,
        )
    console.print(table)
    console.print(
        f"Đã báo cáo {len(c.units) - len(c.missing)}/{len(c.units)}; muộn {len(c.late)}; chưa báo cáo {len(c.missing)}."
    )
