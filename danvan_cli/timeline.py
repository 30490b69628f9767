"""A unit's plan years laid end to end: which year and report carry a day, and what no report shows.

A plan year's data starts the day after the last report of the plan year before it ends (its calendar:
`loading.year_calendar`), so an entry of any day lands in exactly one plan year (`plan_year_for`), and in
that year in the first report that shows it (`YearCalendar.carrying`). Entries recorded after a year's last report, before the next year's plan
existed, stay in that year's log and are carried by the next year's reports (`progress.year_log`).
"""

from __future__ import annotations

import datetime as dt
from contextlib import suppress

from danvan_cli import register
from danvan_cli.context import report_file_stem
from danvan_cli.errors import DanvanError, Note, Warning_
from danvan_cli.loading import load_narrative, load_plan, year_calendar
from danvan_cli.periods import OPENING, YearCalendar, label_with_year, nd09_window
from danvan_cli.vnformat import typed_date
from danvan_cli.workspace import Workspace


def plan_year_for(ws: Workspace, unit: str, day: dt.date) -> int | None:
    """The plan year whose data holds `day`: the latest plan year that starts on or before it.

    The newest plan year is open-ended: what comes after its last report waits for the next year's plan."""

    for year in reversed(ws.years(unit)):
        if year_calendar(ws, unit, year, load_plan(ws, unit, year).plan).start <= day:
            return year
    return None


def uncovered(cal: YearCalendar) -> list[tuple[dt.date, dt.date]]:
    """The stretches of the plan year's data that no scheduled report shows: an entry dated there would reach
    no report (a schedule of q1 and q3 alone leaves the second quarter out)."""
    reports = sorted(cal.scheduled(), key=lambda r: r.start)
    gaps: list[tuple[dt.date, dt.date]] = []
    day = cal.start
    for r in reports:
        if r.start > day:
            gaps.append((day, r.start - dt.timedelta(days=1)))
        day = max(day, r.last_day + dt.timedelta(days=1))
    return gaps


def calendar_problems(loaded) -> tuple[list, list]:
    """(problems, warnings) of a plan year's schedule on the calendar: a tu_ngay that would part it from the
    year before (days counted twice or by no report), and stretches no report shows."""

    plan, cal, source = loaded.plan, loaded.calendar, loaded.plan_source
    if plan is None or source is None:
        return [], []
    problems, warnings = [], []
    if cal.follows_a_plan:
        for i, item in enumerate(plan.che_do_bao_cao):
            if item.ky in OPENING and item.tu_ngay and item.tu_ngay != cal.start:
                problems.append(
                    source.problem(
                        ("che_do_bao_cao", i, "tu_ngay"),
                        f"số liệu năm {cal.year} nối tiếp năm {cal.year - 1}: bắt đầu ngày {typed_date(cal.start)}, "
                        f"ngay sau báo cáo cuối của năm {cal.year - 1}; tu_ngay {typed_date(item.tu_ngay)} sẽ "
                        + ("tính trùng" if item.tu_ngay < cal.start else "bỏ sót")
                        + f" các ngày giữa hai năm. Bỏ tu_ngay, hoặc ghi {cal.start.isoformat()}",
                    )
                )
    for first, last in uncovered(cal):
        line, col = source.key_at.get(("che_do_bao_cao",)) or source.position(("che_do_bao_cao",))
        kinds = ", ".join(label_with_year(i.ky, cal.year) for i in plan.che_do_bao_cao)
        warnings.append(
            Warning_(
                source.shown,
                line,
                col,
                f"từ ngày {typed_date(first)} đến ngày {typed_date(last)} không thuộc kỳ số liệu của báo cáo nào "
                f"({kinds}): việc ghi vào những ngày này sẽ không có trong báo cáo nào; hãy thêm kỳ báo cáo "
                "(ví dụ year: báo cáo năm)",
            )
        )
    return problems, warnings


# A report is "due" this many days before its due date (as `danvan export` makes the reports due within a week).
DUE_SOON_DAYS = 7


def chosen_year(
    ws: Workspace, unit: str, year: int | None, *, period: str | None = None, day: dt.date, newest: bool = False
) -> tuple[int, str | None]:
    """The plan year a command is for, and what to say of the choice (None when there was none to make): the year
    named; else (`newest`) the latest; else the year of the report the clerk is most likely working on — among the
    reports (of `period`, or any) due within a week or overdue and not yet issued, the one due latest; else the
    year whose data holds `day`; else the first year (a day before them all)."""
    latest = ws.pick_year(unit, year)  # the year named, checked; or the latest (a unit with no year is refused)
    years = ws.years(unit)
    if year is not None or newest or len(years) < 2:
        return latest, None

    r = _due_unissued(ws, unit, years, period, day)
    if r is not None and r.due is not None:
        state = "đến hạn" if r.due >= day else "đã quá hạn"
        why = f"báo cáo {r.title} {state} {typed_date(r.due)} mà chưa ban hành"
        chosen = r.year
    else:
        held = plan_year_for(ws, unit, day)
        chosen = held if held is not None else years[0]
        why = f"năm có kỳ số liệu chứa ngày {typed_date(day)}"
    return chosen, Note(f"Năm kế hoạch: {chosen} ({why}).", "nam_da_chon")


def _due_unissued(ws: Workspace, unit: str, years: list[int], period: str | None, day: dt.date):
    """The report due latest among those of `period` (or any) that are due within a week or overdue on `day` and not
    issued (in the register, or numbered in their narrative); None when there is none."""

    found = []
    for year in years:
        try:
            loaded = load_plan(ws, unit, year)
            reports = loaded.calendar.scheduled()
        except DanvanError:
            continue  # a year that does not load is not the one being worked on (and says so when named)
        for r in reports:
            if r.due is None or (period and r.code != period) or (r.due - day).days > DUE_SOON_DAYS:
                continue
            with suppress(DanvanError):
                issued = register.entry_of(ws, unit, r.planned_date, report_file_stem(loaded.unit, r))
                if issued is None and load_narrative(loaded.narrative_file(r.code))[0].so is None:
                    found.append(r)
    return max(found, key=lambda r: (r.due, r.year), default=None)


def office_year(years: list[int], period: str, day: dt.date) -> tuple[int, str]:
    """The year an office above consolidates when none is named: the latest of its units' years whose report of
    `period` has begun by `day` (NĐ 09's window: next year's plans made in December are no reason to consolidate a
    year that has not begun), else the first; with what to say of it."""

    begun = [y for y in years if nd09_window(period, y)[0] <= day]
    chosen = begun[-1] if begun else years[0]
    why = (
        f"năm gần nhất có dữ liệu của các đơn vị mà kỳ báo cáo {label_with_year(period, chosen)} đã bắt đầu vào ngày "
        f"{typed_date(day)}"
    )
    return chosen, Note(f"Năm báo cáo: {chosen} ({why}).", "nam_da_chon")
