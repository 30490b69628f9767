"""The progress log (plans/<unit>/<year>/progress.yaml): read it, check it against the plan, append to it.

The log is append-only and the user's own file: `append_entry` never rewrites a byte that is
there. It adds text at the end, under a lock, through an atomic replace, and only after the
whole new file has been parsed and validated."""

from __future__ import annotations

import datetime as dt
import difflib
from dataclasses import dataclass, field
from pathlib import Path

from danvan_cli.errors import (
    DateOutOfRange,
    InputError,
    NoReportShowsIt,
    Problem,
    UnknownTask,
    Warning_,
    display_path,
)
from danvan_cli.figures import FigureBook, read_value, value_problem
from danvan_cli.files import present
from danvan_cli.loading import LoadedPlan, load_plan, year_calendar
from danvan_cli.models import Plan, ProgressEntry
from danvan_cli.models import ProgressLog as Model
from danvan_cli.periods import YearCalendar
from danvan_cli.timeline import plan_year_for, uncovered
from danvan_cli.validation import validate
from danvan_cli.vnformat import (
    collapse_whitespace,
    figures_text,
    parse_date,
    shorten,
    typed_date,
)
from danvan_cli.workspace import Workspace, misnamed_hint
from danvan_cli.yamlsource import Source, parse_text, read_user_text

LOCK_TIMEOUT = 30.0


HEADER = """\
# Nhật ký tiến độ: mỗi mục là một việc đã làm cho một nhiệm vụ của kế hoạch, mục cũ ở trên, mục mới ở dưới.
# Thêm mục bằng: danvan progress add <mã nhiệm vụ> "việc đã làm" (hoặc viết tay theo mẫu các mục có sẵn).
# Các khóa: nhiem_vu (mã nhiệm vụ), ngay (YYYY-MM-DD), ket_qua (việc đã làm), trang_thai (chưa thực hiện /
# đang thực hiện / hoàn thành / tạm dừng), phan_tram (0–100), so_lieu (tên số liệu: con số),
# minh_chung (biên bản, công văn số…), kho_khan (khó khăn, vướng mắc).
"""


@dataclass
class ProgressLog:
    entries: list[ProgressEntry]  # in file order; then those carried from the year before
    source: Source | None
    warnings: list[Warning_] = field(default_factory=list)
    carried: int = 0  # how many of the entries come from the year before's log

    def for_task(self, task_id: str) -> list[ProgressEntry]:
        return [e for e in self.entries if e.nhiem_vu == task_id]


def task_ids(plan: Plan | None) -> list[str]:
    return [t.ma for t in plan.tasks if t.ma] if plan is not None else []


def _nearest(task_id: str, known: list[str]) -> str:
    close = difflib.get_close_matches(task_id, known, n=3, cutoff=0.4)
    return f"; có phải ý bạn là: {', '.join(close)}?" if close else f"; các mã có trong kế hoạch: {', '.join(known)}"


def check_figures(item: dict, i: int, source: Source, book: FigureBook, plan_file: str) -> list[Problem]:
    """An entry's figures against what they are: a name the plan declares (else the closest declared names, or
    so_lieu_moi for a new one, said as a warning), a whole number for a count, a share in % of at most 100, the
    unit the figure was declared with."""

    problems = []
    for key in ("so_lieu", "so_lieu_moi"):
        figures = item.get(key)
        if not isinstance(figures, dict):
            continue
        for name, raw in figures.items():
            if not isinstance(name, str):
                continue
            declared = book.is_declared(name)
            if key == "so_lieu" and book.declares_any and not declared:
                close = book.closest(name)
                hint = f" (có phải: {', '.join(close)}?)" if close else ""
                problems.append(
                    source.problem(
                        (i, key, name),
                        f"số liệu '{shorten(name)}' chưa khai báo trong so_lieu của kế hoạch{hint}. Hãy sửa tên cho "
                        f"đúng, khai báo số liệu này trong {plan_file} (ten, don_vi_tinh, loai), hoặc ghi nó dưới "
                        "so_lieu_moi nếu đúng là số liệu mới",
                        at_key=True,
                    )
                )
                continue
            if key == "so_lieu_moi" and declared:
                problems.append(
                    source.problem(
                        (i, key, name),
                        f"số liệu '{shorten(name)}' đã khai báo trong kế hoạch: hãy ghi dưới so_lieu",
                        at_key=True,
                    )
                )
                continue
            if key == "so_lieu_moi":
                line, col = source.key_at.get((i, key, name), source.position((i, key, name)))
                source.warnings.append(
                    Warning_(
                        source.shown,
                        line,
                        col,
                        f"số liệu mới '{shorten(name)}' chưa khai báo trong so_lieu của kế hoạch: báo cáo dùng nó với "
                        f"đơn vị và loại đoán từ tên; hãy khai báo trong {plan_file}",
                    )
                )
            if not book.spec(name).unit:
                line, col = source.key_at.get((i, key, name), source.position((i, key, name)))
                source.warnings.append(
                    Warning_(
                        source.shown,
                        line,
                        col,
                        f"không rõ đơn vị tính của số liệu '{shorten(name)}': báo cáo in con số không kèm đơn vị; hãy "
                        "ghi đơn vị trong ngoặc sau tên, ví dụ 'kinh phí (triệu đồng)', hoặc khai báo số liệu trong "
                        f"so_lieu của {plan_file}",
                    )
                )
            value = read_value(raw)
            if value is None:
                continue  # the model says what is wrong with it
            wrong = value_problem(book.spec(name), name, value)
            if wrong:
                problems.append(source.problem((i, key, name), wrong))
    return problems


def check_entries(
    data: list,
    source: Source,
    plan: Plan | None,
    year: int,
    today: dt.date,
    start: dt.date | None,
    book: FigureBook | None = None,
    plan_file: str = "plan.yaml",
) -> list[Problem]:
    """Each entry names a task of the plan and a day inside the plan year's data: not before `start`
    (those days belong to the plan year before, whose reports showed them), not after today; and records
    its figures as what they are (check_figures).

    Works on the file's raw data, so that these problems are reported together with any other
    mistake of the same entries, not one run later."""
    known = task_ids(plan)
    book = book or FigureBook.of(plan.so_lieu if plan is not None else [])
    problems = []
    for i, item in enumerate(data if isinstance(data, list) else []):
        if not isinstance(item, dict):
            continue
        problems += check_figures(item, i, source, book, plan_file)
        task = item.get("nhiem_vu")
        if isinstance(task, str) and plan is None:
            problems.append(
                source.problem(
                    (i, "nhiem_vu"),
                    f"đơn vị không có kế hoạch năm {year}, nên không có nhiệm vụ '{shorten(task)}'; hãy ghi việc này "
                    "dưới một đầu mục tự do: linh_vuc: <tên đầu mục>",
                )
            )
        elif isinstance(task, str) and task not in known:
            problems.append(
                source.problem(
                    (i, "nhiem_vu"), f"kế hoạch năm {year} không có nhiệm vụ '{shorten(task)}'{_nearest(task, known)}"
                )
            )
        try:
            day = parse_date(str(item.get("ngay")))
        except ValueError:
            continue  # the model reports a date it cannot read
        if day > today:
            problems.append(
                source.problem(
                    (i, "ngay"), f"ngày {typed_date(day)} ở sau hôm nay ({typed_date(today)}): chỉ ghi việc đã làm"
                )
            )
        elif start is not None and day < start:
            problems.append(
                source.problem(
                    (i, "ngay"),
                    f"ngày {typed_date(day)} ở trước ngày bắt đầu số liệu của năm kế hoạch {year} ({typed_date(start)}): "
                    "ngày này thuộc năm kế hoạch trước, mà báo cáo của năm đó đã tính; mục ghi ở đây không vào báo cáo nào. "
                    f"Hãy ghi mục này vào nhật ký của năm kế hoạch trước, hoặc sửa lại ngày",
                )
            )
        elif day.year > year + 1:
            problems.append(
                source.problem((i, "ngay"), f"ngày {typed_date(day)} quá xa năm kế hoạch {year}; hãy kiểm tra lại năm")
            )
    return problems


def parse_log(
    path: Path,
    text: str,
    plan: Plan | None,
    year: int,
    today: dt.date,
    start: dt.date | None = None,
    book: FigureBook | None = None,
) -> ProgressLog:

    source = parse_text(path, text, allow_empty=True)
    if source.data is None:
        return ProgressLog([], source, source.warnings)
    plan_file = display_path(path.parent / "plan.yaml")
    problems = check_entries(source.data, source, plan, year, today, start, book, plan_file)
    problems += _document_end(source, text)
    try:
        entries = validate(source, Model).root
    except InputError as exc:
        raise InputError(exc.problems + problems) from None
    if problems:
        raise InputError(problems)
    return ProgressLog(entries, source, source.warnings)


def _document_end(source: Source, text: str) -> list[Problem]:
    """A log is appended to: a YAML end-of-document line ('...') would leave every later entry outside it."""
    for number, line in enumerate(text.split("\n"), start=1):
        if line.rstrip() in ("...", "---") and number > 1:
            return [
                Problem(
                    source.shown,
                    number,
                    1,
                    f"dòng '{line.rstrip()}' đánh dấu hết (hoặc bắt đầu) một tài liệu YAML; nhật ký chỉ có một danh sách "
                    "và được ghi thêm ở cuối, nên hãy xóa dòng này",
                )
            ]
    return []


def load_log(
    path: Path,
    plan: Plan | None,
    year: int,
    today: dt.date | None = None,
    *,
    start: dt.date | None = None,
    book: FigureBook | None = None,
) -> ProgressLog:
    """The year's log (`path`: its progress.yaml), or an empty one where the unit has recorded nothing yet.

    A file the clerk's editor renamed (progress.yaml.txt) is refused, not taken for an empty log."""
    if not present(path):
        hint = misnamed_hint(path)
        if hint:
            raise InputError([Problem(display_path(path), 1, 1, f"không có nhật ký tiến độ ở đây.{hint}")])
        return ProgressLog([], None)
    return parse_log(path, read_user_text(path), plan, year, today or dt.date.today(), start, book)


def read_log(path: Path) -> ProgressLog:
    """A log's entries as written, their form checked but not their tasks or dates: the year before's,
    for what it carries into this year and for the same period last year."""

    if not present(path):
        return ProgressLog([], None)
    source = parse_text(path, read_user_text(path), allow_empty=True)
    if source.data is None:
        return ProgressLog([], source, source.warnings)
    return ProgressLog(validate(source, Model).root, source, source.warnings)


def out_of_reach(loaded: LoadedPlan) -> list[Problem]:
    """Entries of this year's log that no report will show: dated between the year's scheduled reports (a
    schedule of q1 and q3 alone), or after the next plan year's last report (the next year carries what
    comes after this year's reports, but no further) where a plan year after that exists to report them."""

    gaps = uncovered(loaded.calendar) if loaded.plan is not None else []
    problems = []
    if gaps:
        log = read_log(loaded.progress_file)
        for i, e in enumerate(log.entries):
            gap = next(((a, b) for a, b in gaps if a <= e.ngay <= b), None)
            if gap is not None and log.source is not None:
                problems.append(log.source.problem((i, "ngay"), _between_reports(loaded, e.ngay, gap)))
    years = loaded.ws.plan_years(loaded.unit_name)
    if loaded.year + 1 not in years or loaded.year + 2 not in years:
        return problems
    following = load_plan(loaded.ws, loaded.unit_name, loaded.year + 1)
    last = year_calendar(loaded.ws, loaded.unit_name, loaded.year + 1, following.plan).last_day
    log = read_log(loaded.progress_file)
    if log.source is None:
        return problems
    return problems + [
        log.source.problem(
            (i, "ngay"),
            f"ngày {typed_date(e.ngay)} sau báo cáo cuối cùng của năm kế hoạch {loaded.year + 1} "
            f"(số liệu đến {typed_date(last)}): mục ghi ở nhật ký năm {loaded.year} không vào báo cáo nào; "
            f"hãy ghi vào nhật ký của năm kế hoạch chứa ngày này",
        )
        for i, e in enumerate(log.entries)
        if e.ngay > last
    ]


def year_log(loaded: LoadedPlan, today: dt.date | None = None) -> ProgressLog:
    """What the plan year's reports show: its own log from the year's first day, and the entries the year
    before's log holds after that year's last report (written before this year's plan existed)."""
    cal = loaded.calendar
    own = load_log(loaded.progress_file, loaded.plan, loaded.year, today, start=cal.start, book=loaded.figure_book)
    if not cal.follows_a_plan:
        return own
    before = read_log(loaded.ws.progress_file(loaded.unit_name, loaded.year - 1))
    known = set(task_ids(loaded.plan))
    carried: list[ProgressEntry] = []
    problems = []
    for i, entry in enumerate(before.entries):
        if entry.ngay < cal.start:
            continue
        if entry.nhiem_vu is not None and entry.nhiem_vu not in known and before.source is not None:
            problems.append(
                before.source.problem(
                    (i, "nhiem_vu"),
                    f"mục ngày {typed_date(entry.ngay)} ghi sau báo cáo cuối cùng của năm {loaded.year - 1}, nên thuộc báo cáo "
                    f"năm {loaded.year}; nhưng kế hoạch năm {loaded.year} không có nhiệm vụ '{shorten(entry.nhiem_vu)}'"
                    f"{_nearest(entry.nhiem_vu, sorted(known))}",
                )
            )
        carried.append(entry)
    if problems:
        raise InputError(problems)
    return ProgressLog(own.entries + carried, own.source, own.warnings + before.warnings, len(carried))


def year_for_entry(ws: Workspace, unit: str, day: dt.date, year: int | None, *, said: str = "") -> int:
    """The plan year whose data holds `day`; a year given must be that year (an entry in another year's log
    would reach no report). A day past the year after the newest plan belongs to a plan that does not exist
    yet: refused, naming where the day came from (`said`, as the caller puts it; else 'ngày …')."""

    newest = max(ws.plan_years(unit), default=None)
    if newest is not None and day.year > newest + 1:
        raise DateOutOfRange(
            f"{said or 'ngày ' + typed_date(day)}: đơn vị '{unit}' chưa có kế hoạch năm {day.year} (kế hoạch mới nhất: "
            f"năm {newest}). Ghi ngày đã làm, hoặc tạo kế hoạch mới: danvan new-plan --from "
            f"{display_path(ws.year_dir(unit, newest))}"
        )
    holding = plan_year_for(ws, unit, day)
    if holding is None:
        years = ws.years(unit)
        first = f" (kế hoạch đầu tiên là năm {years[0]})" if years else ""
        raise DateOutOfRange(f"ngày {typed_date(day)} ở trước kỳ số liệu của mọi kế hoạch của đơn vị '{unit}'{first}")
    if year is not None and year != holding:
        raise DateOutOfRange(
            f"ngày {typed_date(day)} thuộc năm kế hoạch {holding}, không phải {year}: ghi vào nhật ký năm {year} thì "
            f"không báo cáo nào có mục này; hãy chọn năm {holding} (hoặc không chọn năm)",
            "nam",
        )
    return holding


def where_reported(cal: YearCalendar, day: dt.date) -> str:
    """Which report will carry an entry of `day`: '… sẽ có trong Báo cáo năm 2022 (hạn 15/11/2022)'."""
    report = cal.carrying(day)
    if report is not None:
        due = f" (hạn {typed_date(report.due)})" if report.due else ""
        return f"sẽ có trong Báo cáo {report.title}{due}"
    last = max(cal.scheduled(), key=lambda r: r.last_day, default=None)
    after = f" (sau Báo cáo {last.title}, số liệu đến {typed_date(last.last_day)})" if last else ""
    return f"sẽ có trong báo cáo đầu tiên của năm {cal.year + 1}{after}"


def _between_reports(loaded: LoadedPlan, day: dt.date, gap: tuple[dt.date, dt.date]) -> str:
    kinds = ", ".join(r.title for r in loaded.calendar.scheduled())
    return (
        f"ngày {typed_date(day)} nằm giữa các kỳ báo cáo của kế hoạch năm {loaded.year} ({kinds}; không kỳ nào có "
        f"số liệu từ {typed_date(gap[0])} đến {typed_date(gap[1])}): việc ghi ngày này không vào báo cáo nào. Hãy "
        f"thêm kỳ báo cáo (ví dụ year) vào che_do_bao_cao của {display_path(loaded.plan_file)}"
    )


def check_reached(loaded: LoadedPlan, day: dt.date) -> None:
    """Refuse an entry that no report of its plan year would show, before it is written."""

    gap = next(((a, b) for a, b in uncovered(loaded.calendar) if a <= day <= b), None)
    if gap is not None:
        raise NoReportShowsIt(_between_reports(loaded, day, gap))


def list_lines(
    loaded: LoadedPlan, log: ProgressLog, *, task: str | None = None, period: str | None = None
) -> list[str]:
    """`progress list`: one line per entry, with its figures. With a period, the entries of its window;
    those dated after the report's own date are marked, since that report will not show them."""

    known = task_ids(loaded.plan)
    if task and task not in known:
        raise UnknownTask(f"kế hoạch không có nhiệm vụ '{shorten(task)}'{_nearest(task, known)}")
    entries = log.for_task(task) if task else list(log.entries)
    report = loaded.calendar.period(period) if period else None
    if report is not None:
        entries = [e for e in entries if report.start <= e.ngay <= report.end]
    lines = []
    left_out = 0
    for e in entries:
        line = f"{typed_date(e.ngay)}  {e.nhiem_vu}: {collapse_whitespace(e.ket_qua)}"
        details = [
            x
            for x in (e.trang_thai, f"{e.phan_tram}%" if e.phan_tram is not None else None, figures_text(e.so_lieu))
            if x
        ]
        if details:
            line += f" [{'; '.join(details)}]"
        if report is not None and e.ngay > report.last_day:
            line += f"  ← sau ngày báo cáo ({typed_date(report.planned_date)}): báo cáo này không tính"
            left_out += 1
        lines.append(line)
    summary = f"({len(entries)} mục"
    if report is not None:
        summary += (
            f" trong kỳ {report.window_text()}"
            if not left_out
            else f"; {left_out} mục sau ngày báo cáo, không được tính"
        )
    lines.append(summary + ")")
    return lines
