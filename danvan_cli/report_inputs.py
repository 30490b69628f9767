"""What one Báo cáo is made from, gathered before anything is rendered: the plan year loaded, the period, the log
(and the years before's), the narrative, the office's outline, the documents issued, the next report due."""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from danvan_cli import context as ctx
from danvan_cli import register, score
from danvan_cli import vnformat as vn
from danvan_cli.drafting import subject_of, upper_first
from danvan_cli.errors import (
    DanvanError,
    DateOutOfRange,
    InputError,
    OutlineMismatch,
    display_path,
)
from danvan_cli.files import present, read_bytes
from danvan_cli.loading import (
    LoadedOutline,
    LoadedPlan,
    check_narrative,
    load_narrative,
    load_outline,
    load_profile,
    optional_file,
)
from danvan_cli.models import Narrative, Profile, ProgressEntry, RegisterEntry, SelfAssessment
from danvan_cli.narrative_file import untouched_drafts
from danvan_cli.package import outline_problems
from danvan_cli.periods import ReportPeriod, a_year_earlier, label_with_year
from danvan_cli.plan_document import plan_number, plan_stem
from danvan_cli.progress import ProgressLog, read_log, year_log
from danvan_cli.render import builtin_templates_dir, template_path
from danvan_cli.report import ReportData, ReportText, report_data, subject_of_report
from danvan_cli.report_drafts import Issued, NextReport
from danvan_cli.validation import validate
from danvan_cli.yamlsource import Source, load, read_user_text


def previous_entries(loaded: LoadedPlan, notes: list[str]) -> list[ProgressEntry] | None:
    """The entries of the two years before (by date: a window a year earlier may reach into both),
    for 'so với cùng kỳ năm trước'; None when the unit kept no log then."""

    found: list[ProgressEntry] | None = None
    for year in (loaded.year - 1, loaded.year - 2):
        path = loaded.ws.progress_file(loaded.unit_name, year)
        if not present(path):
            continue
        try:
            found = (found or []) + read_log(path).entries
        except DanvanError as exc:
            notes.append(f"không so sánh được với cùng kỳ năm trước: nhật ký năm {year} có lỗi ({exc.lines()[0]})")
            return None
    return found


@dataclass
class ReportInputs:
    """Everything one Báo cáo is made from, gathered before anything is rendered."""

    loaded: LoadedPlan
    period: ReportPeriod
    log: ProgressLog  # the year's own entries, and those carried from the year before
    narrative: Narrative
    previous: list[ProgressEntry] | None  # the years before's, for the same period last year
    as_of: dt.date
    source: Source | None = None  # where the narrative was read from, for located messages
    profile: Profile | None = None  # tinh-hinh.yaml: the unit this year
    notes: list[str] = field(default_factory=list)
    outline: LoadedOutline | None = None  # the office's outline (de-cuong-<kỳ>.yaml) the report answers
    narrative_text: str | None = None  # the narrative file as it is on disk (None: there is none yet)
    redraft: frozenset[str] = frozenset()  # its parts that still hold danvan's draft as danvan wrote it
    text: ReportText | None = None  # what the rendered body says, drafted and asked (set by render_report)

    @functools.cached_property
    def assessment(self):
        """The yearly report's self-assessment (score.Assessment), when the unit has scored itself."""

        if self.period.code != "year" or not optional_file(self.loaded.self_assessment_file):
            return None
        return score.load_assessment(self.loaded, self.log)

    given_date: dt.date | None = None  # the date the clerk gave (--ngay)

    @functools.cached_property
    def data(self) -> ReportData:
        """What the report shows, computed once: for its text, its figures table and its package."""
        return self._report_data(
            plan_number=plan_number(self.loaded),
            issued=issued_documents(self),
            next_report=next_report(self),
            assessment=self.assessment_sentence(),
        )

    @functools.cached_property
    def tallied(self) -> ReportData:
        """What an office's consolidation sums of this report: the same tasks and figures as `data`, without the
        sentences only the report's own text says (documents issued, the next report, the self-assessment), which
        would cost a consolidation of thousands of units most of its time."""
        return self.data if "data" in self.__dict__ else self._report_data()

    def _report_data(self, **sentences) -> ReportData:
        loaded = self.loaded
        return report_data(
            loaded.unit,
            loaded.plan,
            self.period,
            self.log,
            self.as_of,
            year_start=loaded.calendar.start,
            previous_entries=self.previous,
            profile=self.profile,
            outline=self.outline.outline if self.outline else None,
            book=loaded.figure_book,
            **sentences,
        )

    def assessment_sentence(self) -> str:
        """The self-assessment's result as the body states it: the same totals and band as its Phụ lục."""

        a = self.assessment
        if a is None:
            return ""
        result = vn.lower_first(score.band_text(a)).rstrip(".")
        appraised = ", được cấp trên thẩm định" if a.appraised else ""
        return (
            f"{upper_first(subject_of(self.loaded.unit))} đã tự chấm điểm {self.topic} năm {self.loaded.year}"
            f"{appraised}: {result} (chi tiết tại Phụ lục kèm theo Báo cáo này)."
        )

    @functools.cached_property
    def issued(self) -> RegisterEntry | None:
        """The register's entry, when the report was issued."""

        loaded = self.loaded
        return register.entry_of(loaded.ws, loaded.unit_name, self.period.planned_date, self.stem)

    @property
    def date_given(self) -> bool:
        """Whether the report's date was given (--ngay, its narrative) or fixed (the register's), not the day it is
        made."""
        return bool(self.given_date or self.issued or self.period.dated)

    @property
    def date(self) -> dt.date:
        """The report's own date: the one given (--ngay), else the one it was issued with, else its narrative's,
        else the day it is made (`as_of`) — a late report is never backdated to its deadline."""
        if self.given_date:
            return self.given_date
        if self.issued is not None:
            return self.issued.ngay
        return self.period.date_on(self.as_of)

    @property
    def until(self) -> dt.date:
        """The last day of data the report shows."""
        return self.period.until(self.as_of)

    @property
    def template(self) -> Path:
        return template_path("bao_cao", self.loaded.unit, self.loaded.unit_dir)

    @property
    def stem(self) -> str:
        return ctx.report_file_stem(self.loaded.unit, self.period)

    @property
    def topic(self) -> str:
        """What the report is about: the narrative's chu_de, else the plan's."""

        return subject_of_report(self.loaded.plan, self.narrative, self.source)

    @property
    def made(self) -> bool:
        """Whether the report has been made and sent: it has a number (its own or the register's) or a date of its
        own. A narrative file holding only danvan's drafts and questions is a report still being written."""
        return bool(report_number(self) or self.narrative.ngay)

    def face(self, number: int | None = None) -> ctx.ReportFace:
        """The report's trích yếu, date, number, Kính gửi and Nơi nhận (`number`: the register's, where given)."""
        return ctx.report_face(
            self.loaded.unit,
            self.narrative,
            topic=self.topic,
            period_title=self.period.title,
            date=self.date,
            number=number,
        )

    @property
    def plan_citation(self) -> str | None:
        """The unit's plan as the report cites it; None for a report without a plan of the unit's own."""
        loaded = self.loaded
        return ctx.plan_citation(loaded.unit, loaded.plan, plan_number(loaded)) if loaded.plan is not None else None

    def numbered_face(self, number: int | None = None) -> ctx.ReportFace:
        """The face the document shows: with the register's number where given, else the report's own."""
        return self.face(number or report_number(self))

    def fingerprint(self) -> dict[str, str]:
        """What the report is made from, hashed: whole files where the report reads all of them (the yearly
        report's self-assessment and its criteria too), and for the progress logs the entries it can show: every
        entry up to its last day (the year so far and the tasks' standing use them), and last year's same window."""

        def digest(data: bytes) -> str:
            return hashlib.sha256(data).hexdigest()

        def entries(chosen_from, start, end) -> str:
            chosen = [e.model_dump(mode="json") for e in chosen_from if start <= e.ngay <= end]
            return digest(json.dumps(chosen, ensure_ascii=False, sort_keys=True).encode("utf-8"))

        loaded = self.loaded
        files = [
            loaded.unit_source.path,
            loaded.plan_file,
            loaded.narrative_file(self.period.code),
            loaded.profile_file,
            self.template,
        ]
        if self.outline is not None:
            files.append(self.outline.path)
        if self.period.code == "year":
            files += self_assessment_files(loaded)
        result = {_input_name(loaded, f): digest(read_bytes(f)) for f in files if f.is_file()}
        log_name = _input_name(loaded, loaded.progress_file)
        result[f"{log_name} (các mục đến {self.until.isoformat()})"] = entries(
            self.log.entries, dt.date.min, self.until
        )
        if self.previous is not None:
            result["nhật ký các năm trước (cùng kỳ năm trước)"] = entries(
                self.previous, a_year_earlier(self.period.start), a_year_earlier(self.until)
            )
        # a report dated the day it is made is not made again each day for its date alone
        result["ngày báo cáo"] = self.date.isoformat() if self.date_given else "ngày làm báo cáo"
        result["số trong sổ văn bản đi"] = str(report_number(self) or "")
        result["số của kế hoạch"] = str(plan_number(loaded) or "")
        return result


def issued_documents(inputs: ReportInputs) -> list:
    """The documents the unit issued in the report's window, to lead and direct the work: those its register
    holds (not its reports), then the numbered documents of its own its log cites (a Thông báo, a Kế hoạch, a
    Quyết định), each once, by date."""

    loaded, period = inputs.loaded, inputs.period
    unit = loaded.unit
    start, until = period.start, inputs.until
    found: dict[str, Issued] = {}
    own_plan = plan_stem(loaded) if loaded.plan is not None else None
    for year in sorted({start.year, until.year}):
        for e in register.load_register(loaded.ws.register_file(loaded.unit_name, year)):
            if not start <= e.ngay <= until or e.tep == own_plan or e.ten_loai.casefold() == "báo cáo":
                continue
            subject = vn.lower_first(vn.collapse_whitespace(e.trich_yeu))
            about = subject if subject.startswith("về ") else f"về {subject}"
            found[e.reference] = Issued(e.ngay, f"{e.ten_loai} số {e.reference} ngày {vn.short_date(e.ngay)} {about}")
    abbr = re.escape(unit.chu_viet_tat)
    own = re.compile(rf"\b([0-9]+)\s*(?:/[A-ZĐ]+-{abbr}|-[A-ZĐ]+/{abbr})\b")
    for entry in inputs.log.entries:
        if not start <= entry.ngay <= until:
            continue
        for item in entry.minh_chung:
            text = vn.collapse_whitespace(item).rstrip(" .;")
            m = own.search(text)
            if m is None:
                continue
            reference = text[m.start() : m.end()].replace(" ", "")
            if not any(reference == r or r.endswith(reference) for r in found):
                found[reference] = Issued(entry.ngay, text)
    return sorted(found.values(), key=lambda d: d.day)


def next_report(inputs: ReportInputs):
    """The report the plan's schedule asks for after this one, with its due date (None after the last)."""

    this = inputs.period.due or inputs.period.end
    later = [r for r in inputs.loaded.calendar.scheduled() if r.code != inputs.period.code and r.due and r.due > this]
    if not later:
        return None
    r = later[0]
    return NextReport(r.title, r.due, inputs.loaded.unit.co_quan_cap_tren) if r.due else None


def self_assessment_files(loaded: LoadedPlan) -> list[Path]:
    """tu-cham.yaml and the criteria file it names, where they can be found (a broken one fails the report)."""

    self_path = loaded.self_assessment_file
    if not self_path.is_file():
        return []
    try:
        source = load(self_path)
        return [self_path, score.criteria_file(loaded, validate(source, SelfAssessment).tieu_chi, source)]
    except DanvanError:
        return [self_path]


def _input_name(loaded: LoadedPlan, path: Path) -> str:
    """An input as the manifest names it: relative to the plans folder, or a template by its own name."""
    root = loaded.unit_dir.parent.resolve()
    real = path.resolve()
    if root in real.parents:
        return real.relative_to(root).as_posix()
    return f"mẫu {path.name}" if real.parent == (builtin_templates_dir()).resolve() else real.as_posix()


def plan_fingerprint(loaded: LoadedPlan) -> dict[str, str]:

    template = template_path("ke_hoach", loaded.unit, loaded.unit_dir)
    files = (loaded.unit_source.path, loaded.plan_file, template)
    result = {_input_name(loaded, f): hashlib.sha256(f.read_bytes()).hexdigest() for f in files}
    result["số trong sổ văn bản đi"] = str(plan_number(loaded) or "")
    return result


def report_number(inputs: ReportInputs) -> int | None:
    """The report's number: written in its narrative, else the register's when it was issued."""

    loaded = inputs.loaded
    return inputs.narrative.so or register.number_of(loaded.ws, loaded.unit_name, inputs.date, inputs.stem)


def gather_report(
    loaded: LoadedPlan,
    period_code: str,
    as_of: dt.date,
    *,
    logs: tuple | None = None,
    outline_file: Path | None = None,
    date: dt.date | None = None,
) -> ReportInputs:
    """Everything one report is made from. `logs` (this year's and the years before's, as `load_logs` gives)
    lets several reports of one unit share one reading of the logs. The report answers the outline named by
    `outline_file`, else the one placed in the year folder (de-cuong-<kỳ>.yaml, de-cuong.yaml), if any. `date`:
    the report's date the clerk gave (--ngay)."""
    period = loaded.calendar.period(period_code)
    if date is not None and date < period.start:
        raise DateOutOfRange(
            f"{vn.typed_date(date)}: báo cáo {period.title} phải ký sau ngày kỳ số liệu bắt đầu "
            f"({vn.typed_date(period.start)})",
            "ngay",
        )
    notes: list[str] = []
    log, previous = logs if logs is not None else load_logs(loaded, notes)
    narrative, source = load_narrative(loaded.narrative_file(period_code))
    check_narrative(narrative, source, period)
    inputs = ReportInputs(loaded, period, log, narrative, previous, as_of, source, load_profile(loaded), notes)
    if source is not None:
        inputs.narrative_text = read_user_text(loaded.narrative_file(period_code))
        inputs.redraft = untouched_drafts(inputs.narrative_text, narrative)
    inputs.given_date = date
    inputs.outline = report_outline(loaded, period, outline_file, notes)
    inputs.notes += [str(w) for w in log.warnings + (source.warnings if source else [])]
    return inputs


def report_outline(
    loaded: LoadedPlan, period: ReportPeriod, outline_file: Path | None, notes: list[str]
) -> LoadedOutline | None:
    """The outline a report answers: the one named (refused when it is for another period or year), else the
    year folder's when it is for this period (one for another period is said, not used)."""

    named = outline_file is not None
    path = outline_file or loaded.outline_file(period.code)
    if not named and not optional_file(path):
        return None
    found = load_outline(path)

    problems = outline_problems(found.outline, found.source)
    if problems:  # what no report package could carry, at its place in the outline, before anything is written
        raise InputError(problems)
    ky, nam = found.outline.ky, found.outline.nam
    if (ky is None or ky == period.code) and (nam is None or nam == period.year):
        return found
    meant = label_with_year(ky or period.code, nam or period.year)
    message = f"{display_path(path)}: đề cương dành cho báo cáo {meant}, không phải báo cáo {period.title}"
    if named:
        raise OutlineMismatch(message + "; hãy dùng đúng đề cương của kỳ này")
    notes.append(message + "; báo cáo này dùng khung của đơn vị.")
    return None


def load_logs(loaded: LoadedPlan, notes: list[str]) -> tuple:
    """The year's log (with what the year before carries into it) and the years before's entries (or None)."""

    return year_log(loaded), previous_entries(loaded, notes)
