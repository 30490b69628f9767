"""Load: a unit and one of its plan years, from their files to typed models (or every problem at once), and
the year's calendar, which starts where the plan year before it ended."""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import itertools
import os
from dataclasses import dataclass, field
from pathlib import Path

from danvan_cli.errors import (
    DanvanError,
    FileNotFound,
    FileUnreadable,
    InputError,
    NewerFormat,
    Problem,
    Warning_,
    display_path,
    reason,
)
from danvan_cli.figures import FigureBook
from danvan_cli.figures import key as figure_key
from danvan_cli.files import read_bytes
from danvan_cli.models import (
    OUTLINE_FORMAT,
    OUTLINE_VERSION,
    Narrative,
    Outline,
    Plan,
    Profile,
    Unit,
)
from danvan_cli.periods import PERIODS, ReportPeriod, YearCalendar, calendar, label_with_year, nd09_window
from danvan_cli.signers import signer_warnings
from danvan_cli.validation import validate
from danvan_cli.vnformat import short_date, shorten, typed_date
from danvan_cli.workspace import Workspace, misnamed_hint, present
from danvan_cli.yamlsource import Source, load


@dataclass
class LoadedPlan:
    """A unit and one of its years: the year's plan, or None for a unit that reports without a plan of its own."""

    unit_name: str
    year: int
    unit: Unit
    plan: Plan | None
    unit_source: Source
    plan_source: Source | None
    ws: Workspace
    warnings: list[Warning_] = field(default_factory=list)

    @functools.cached_property
    def figure_book(self):
        """The figures the unit and its plan declare (figures.FigureBook): what its log may record, and how."""

        return FigureBook.of(self.unit.so_lieu, self.plan.so_lieu if self.plan is not None else [])

    @property
    def tasks(self) -> list:
        return self.plan.tasks if self.plan is not None else []

    def require_plan(self) -> Plan:
        """The plan, for what cannot be made without one (the Kế hoạch itself)."""
        if self.plan is None:
            path = self.plan_file
            raise FileNotFound(
                f"{display_path(path)}: đơn vị '{self.unit_name}' chưa có kế hoạch năm {self.year}."
                f"{misnamed_hint(path) or ' Tạo kế hoạch bằng: danvan new-plan'}"
            )
        return self.plan

    @functools.cached_property
    def calendar(self) -> YearCalendar:
        """The year's reports on the calendar, starting where the plan year before ended."""
        return year_calendar(self.ws, self.unit_name, self.year, self.plan)

    @property
    def unit_dir(self) -> Path:
        return self.unit_source.path.parent

    @property
    def year_dir(self) -> Path:
        return self.ws.year_dir(self.unit_name, self.year)

    @property
    def plan_file(self) -> Path:
        return self.ws.plan_file(self.unit_name, self.year)

    @property
    def progress_file(self) -> Path:
        return self.ws.progress_file(self.unit_name, self.year)

    @property
    def profile_file(self) -> Path:
        return self.ws.profile_file(self.unit_name, self.year)

    @property
    def self_assessment_file(self) -> Path:
        return self.ws.self_assessment_file(self.unit_name, self.year)

    def outline_file(self, period: str | None = None) -> Path:
        return self.ws.outline_file(self.unit_name, self.year, period)

    def narrative_file(self, period: str) -> Path:
        return self.ws.narrative_file(self.unit_name, self.year, period)


def _read(path: Path, what: str) -> Source:
    if not present(path):
        raise FileNotFound(f"{display_path(path)}: không tìm thấy tệp {what}.{misnamed_hint(path)}")
    try:
        return load(path)
    except OSError as exc:
        raise FileUnreadable(f"{display_path(path)}: không đọc được tệp {what} ({reason(exc)})") from None


def load_unit(ws: Workspace, unit_name: str) -> tuple[Unit, Source]:

    source = _read(ws.unit_file(unit_name), "thông tin đơn vị (unit.yaml)")
    unit = validate(source, Unit)
    problems = check_unit(unit, source)
    if problems:
        raise InputError(problems)
    source.warnings += signer_warnings(unit, source)
    return unit, source


def check_unit(unit: Unit, source: Source) -> list[Problem]:
    """What the types cannot say: terms that follow one another, figures to consolidate named once."""
    problems: list[Problem] = []
    terms = sorted(enumerate(unit.nhiem_ky), key=lambda t: t[1].tu)
    for (_, before), (i, after) in itertools.pairwise(terms):
        if before.den is not None and after.tu <= before.den:
            problems.append(
                source.problem(
                    ("nhiem_ky", i, "tu"),
                    f"nhiệm kỳ bắt đầu {typed_date(after.tu)} trùng với nhiệm kỳ trước (đến {typed_date(before.den)})",
                )
            )
    if unit.tong_hop is not None:
        names: dict[str, int] = {}
        for i, figure in enumerate(unit.tong_hop.so_lieu):
            key = " ".join(figure.ten.casefold().split())
            if key in names:
                problems.append(
                    source.problem(
                        ("tong_hop", "so_lieu", i, "ten"),
                        f"số liệu '{shorten(figure.ten)}' đã có ở mục {names[key] + 1} (khác nhau chỉ ở chữ hoa hay "
                        "dấu cách); mỗi số liệu ghi một lần",
                    )
                )
            names.setdefault(key, i)
    return problems


def check_plan(plan, source: Source, year: int) -> list[Problem]:
    """What the types cannot say: unique task ids, dates inside sense, the year of the folder."""
    problems: list[Problem] = []
    seen: dict[str, tuple] = {}
    for where, task in plan.located_tasks():
        loc = (*where, "ma")
        if task.ma in seen:
            first_line = source.position(seen[task.ma])[0]
            problems.append(
                source.problem(
                    loc,
                    f"mã nhiệm vụ '{task.ma}' bị trùng (đã dùng ở dòng {first_line}); mỗi nhiệm vụ cần một mã riêng",
                )
            )
        else:
            seen[task.ma] = loc
        if task.han and not year - 1 <= task.han.year <= year + 1:
            problems.append(
                source.problem(
                    (*where, "han"),
                    f"hạn {task.han.strftime('%d/%m/%Y')} quá xa năm kế hoạch {year}; hãy kiểm tra lại năm",
                )
            )
    if plan.ngay.year not in (year - 1, year):
        problems.append(
            source.problem(
                ("ngay",),
                f"ngày ban hành {plan.ngay.isoformat()} không thuộc năm kế hoạch {year} (hoặc cuối năm trước)",
            )
        )
    periods: dict[str, int] = {}
    for i, due in enumerate(plan.che_do_bao_cao):
        if due.ky in periods:
            problems.append(
                source.problem(
                    ("che_do_bao_cao", i, "ky"), f"kỳ báo cáo '{due.ky}' được khai báo hai lần; mỗi kỳ chỉ một lần"
                )
            )
        periods[due.ky] = i

        if not year - 1 <= due.han_nop.year <= year + 1:
            problems.append(
                source.problem(
                    ("che_do_bao_cao", i, "han_nop"), f"hạn nộp {due.han_nop.isoformat()} quá xa năm kế hoạch {year}"
                )
            )
        elif due.han_nop <= nd09_window(due.ky, year)[0]:
            problems.append(
                source.problem(
                    ("che_do_bao_cao", i, "han_nop"),
                    f"hạn nộp {typed_date(due.han_nop)} đến trước cả khi kỳ {label_with_year(due.ky, year)} bắt đầu "
                    f"(ngày {typed_date(nd09_window(due.ky, year)[0])}); hãy kiểm tra lại ngày",
                )
            )
        for key in ("tu_ngay", "den_ngay"):
            day = getattr(due, key)
            if day and not year - 1 <= day.year <= year + 1:
                problems.append(
                    source.problem(
                        ("che_do_bao_cao", i, key),
                        f"ngày {day.strftime('%d/%m/%Y')} quá xa năm kế hoạch {year}; hãy kiểm tra lại năm",
                    )
                )
        if due.tu_ngay and due.den_ngay and due.tu_ngay > due.den_ngay:
            problems.append(source.problem(("che_do_bao_cao", i, "tu_ngay"), "ngày đầu kỳ số liệu sau ngày cuối kỳ"))
    return problems


def missing_plan(ws: Workspace, unit_name: str, year: int) -> FileNotFound:
    """No plan.yaml for the year: the file an editor renamed it to, else the years that have one."""
    plan_path = ws.plan_file(unit_name, year)
    years = ws.plan_years(unit_name)
    hint = f" Các năm có kế hoạch: {', '.join(map(str, years))}." if years else " Tạo kế hoạch bằng: danvan new-plan"
    return FileNotFound(
        f"{display_path(plan_path)}: chưa có kế hoạch năm {year} của đơn vị '{unit_name}'."
        f"{misnamed_hint(plan_path) or hint}",
        missing=plan_path,
    )


def load_plan(ws: Workspace, unit_name: str, year: int, *, plan_optional: bool = False) -> LoadedPlan:
    """The unit and its plan for one year; every problem in both files at once. `plan_optional`: a year without a
    plan of the unit's own is loaded without one (for what needs no plan: the self-assessment)."""

    problems: list[Problem] = []
    unit: Unit | None = None
    plan: Plan | None = None
    unit_source = plan_source = None
    ws.require_unit(unit_name)
    try:
        unit, unit_source = load_unit(ws, unit_name)
    except InputError as exc:
        problems += exc.problems
    plan_path = ws.plan_file(unit_name, year)
    without_plan = plan_optional or year in ws.years(unit_name) or present(ws.self_assessment_file(unit_name, year))
    if not present(plan_path) and without_plan and not misnamed_hint(plan_path):
        # a year of reports without a plan of the unit's own (answers to requests from above), or of its
        # self-assessment alone (a unit scored by the province's criteria that makes no plan of its own)
        if problems:
            raise InputError(problems)
        assert unit is not None and unit_source is not None
        return LoadedPlan(unit_name, year, unit, None, unit_source, None, ws, list(unit_source.warnings))
    if not present(plan_path):
        raise missing_plan(ws, unit_name, year)
    try:
        plan_source = _read(plan_path, "kế hoạch (plan.yaml)")
        plan = validate(plan_source, Plan)
        problems += check_plan(plan, plan_source, year)
    except InputError as exc:
        problems += exc.problems
    if problems:
        raise InputError(problems)
    assert unit is not None and plan is not None and unit_source is not None and plan_source is not None
    warnings = unit_source.warnings + plan_source.warnings
    return LoadedPlan(unit_name, year, unit, plan, unit_source, plan_source, ws, warnings)


def load_narrative(path: Path) -> tuple[Narrative, Source | None]:
    """reports/<period>.yaml (`path`, as Workspace.narrative_file gives it), or an empty narrative (every part
    then drafted from the data)."""

    if not present(path):
        hint = misnamed_hint(path)
        if hint:
            raise InputError([Problem(display_path(path), 1, 1, f"không có phần lời của báo cáo ở đây.{hint}")])
        return Narrative(), None
    source = load(path, allow_empty=True)
    if source.data is None:
        return Narrative(), source
    return validate(source, Narrative), source


def check_narrative(narrative: Narrative, source: Source | None, period: ReportPeriod) -> None:
    """A report's own date must fall after its window opens (and near its plan year)."""
    if narrative.ngay is None or source is None:
        return
    if narrative.ngay < period.start or not period.year - 1 <= narrative.ngay.year <= period.year + 1:
        raise InputError(
            [
                source.problem(
                    ("ngay",),
                    f"ngày báo cáo {short_date(narrative.ngay)} không hợp với kỳ báo cáo {period.title} "
                    f"(số liệu từ {short_date(period.start)}); báo cáo phải được ký sau ngày kỳ số liệu bắt đầu",
                )
            ]
        )


def optional_file(path: Path) -> bool:
    """Whether a file the document may go without is there. Missing but standing beside under an editor's name
    (tu-cham.yml, tinh-hinh.yaml.txt), it is refused, never silently left out of the document."""
    if present(path):
        return True
    hint = misnamed_hint(path)
    if hint:
        raise FileNotFound(f"{display_path(path)}: không có tệp này.{hint}")
    return False


def load_profile(loaded: LoadedPlan) -> Profile | None:
    """tinh-hinh.yaml: the unit as it stands this year (classes, pupils, staff, advantages, difficulties)."""

    path = loaded.profile_file
    if not optional_file(path):
        return None
    source = load(path, allow_empty=True)
    return validate(source, Profile) if source.data is not None else None


@dataclass(frozen=True)
class LoadedOutline:
    """An office's outline as a unit received it: what it asks, where it was read, and its fingerprint (the
    package sent back names the outline it answers by these)."""

    outline: Outline
    path: Path
    sha256: str
    source: Source | None = None  # where each of its values stands, for messages


def load_outline(path: Path) -> LoadedOutline:
    """A de-cuong.yaml, checked: a newer format than this danvan reads is refused with what to do."""

    path = Path(path)
    if not present(path):
        raise FileNotFound(f"{display_path(path)}: không tìm thấy tệp đề cương.{misnamed_hint(path)}")
    source = load(path)
    data = source.data if isinstance(source.data, dict) else {}
    kind = data.get("dinh_dang")
    if kind not in (None, OUTLINE_FORMAT):
        raise InputError(
            [
                source.problem(
                    ("dinh_dang",),
                    f"tệp này là '{kind}', không phải đề cương báo cáo ({OUTLINE_FORMAT}); đề cương là tệp "
                    "de-cuong.yaml cơ quan cấp trên gửi",
                )
            ]
        )
    version = data.get("phien_ban")
    if isinstance(version, int) and not isinstance(version, bool) and version > OUTLINE_VERSION:
        raise NewerFormat(  # before its shape: a newer outline may well have keys this danvan does not know
            f"{display_path(path)}: đề cương định dạng phiên bản {version}, bản danvan này chỉ đọc đến "
            f"phiên bản {OUTLINE_VERSION}; hãy cập nhật danvan lên bản mới hơn"
        )
    outline = validate(source, Outline)

    seen: dict[str, int] = {}
    for i, figure in enumerate(outline.so_lieu):
        if figure_key(figure.ten) in seen:
            raise InputError(
                [
                    source.problem(
                        ("so_lieu", i, "ten"),
                        f"số liệu '{figure.ten}' đã có ở mục thứ {seen[figure_key(figure.ten)] + 1} (chỉ khác chữ hoa "
                        "hay khoảng trắng); mỗi số liệu một lần, nếu không sẽ bị cộng hai lần",
                    )
                ]
            )
        seen[figure_key(figure.ten)] = i
    return LoadedOutline(outline, path, hashlib.sha256(read_bytes(path)).hexdigest(), source)


def narrative_dates(ws: Workspace, unit: str, year: int) -> dict[str, dt.date]:
    """The dates the year's report narratives (reports/<period>.yaml) give, by period."""

    dates: dict[str, dt.date] = {}
    folder = ws.reports_dir(unit, year)
    if not folder.is_dir():
        return dates
    written = {entry.name for entry in os.scandir(folder)}  # one listing, not a probe per period
    for period in PERIODS:
        if f"{period}.yaml" not in written:
            continue
        path = ws.narrative_file(unit, year, period)
        if present(path):
            try:
                narrative, _ = load_narrative(path)
            except DanvanError:
                continue  # a broken narrative is reported by its own report (and validate), not by every other
            if narrative.ngay:
                dates[period] = narrative.ngay
    return dates


def year_calendar(ws: Workspace, unit: str, year: int, plan: Plan | None) -> YearCalendar:
    """The calendar of `unit`'s plan year `year`: it starts where the plan year before it ended."""

    previous = previous_last_day(ws, unit, year)
    return calendar(plan, year, previous_last_day=previous, dated=narrative_dates(ws, unit, year))


def previous_last_day(ws: Workspace, unit: str, year: int) -> dt.date | None:
    """The last day of data of the plan year before `year`, when the unit has a plan for it.

    Only the year before counts: its own start does not change where its reports end."""

    if year - 1 not in ws.plan_years(unit):
        if misnamed_hint(ws.plan_file(unit, year - 1)):
            # the year before has a plan under an editor's name: where its reports end is unknown until it is renamed
            raise missing_plan(ws, unit, year - 1)
        return None
    before = load_plan(ws, unit, year - 1).require_plan()
    return calendar(before, year - 1, dated=narrative_dates(ws, unit, year - 1)).last_day
