"""The whole way of one document: loaded data → context → rendered .docx → files on disk (and PDF).

With --final a document is issued: it takes its number from the register under the register's lock,
is made and written, and only then is the register's entry written (register.issuing).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import hashlib
import io
import json
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from danvan_cli import context as ctx
from danvan_cli import narrative_file, register, score
from danvan_cli import vnformat as vn
from danvan_cli.docx_properties import Properties, owner_of
from danvan_cli.drafting import subject_of, upper_first
from danvan_cli.errors import (
    ConverterMissing,
    DanvanError,
    DocumentOfAnotherUnit,
    DraftOnlyReport,
    ExampleText,
    InputError,
    OutlineMismatch,
    PlanAfterReport,
    UsageProblem,
    display_path,
)
from danvan_cli.files import present, read_bytes, write_atomic
from danvan_cli.loading import (
    LoadedOutline,
    LoadedPlan,
    check_narrative,
    load_narrative,
    load_outline,
    load_profile,
    load_unit,
    optional_file,
)
from danvan_cli.models import Narrative, Profile, ProgressEntry, RegisterEntry, SelfAssessment, Unit
from danvan_cli.narrative_file import untouched_drafts
from danvan_cli.package import check_before_writing, outline_problems, package_data, write_package
from danvan_cli.pdf import docx_to_pdf, find_soffice
from danvan_cli.periods import ReportPeriod, a_year_earlier, label_with_year
from danvan_cli.progress import ProgressLog, read_log, year_log
from danvan_cli.register import load_register
from danvan_cli.render import builtin_templates_dir, render_docx, template_path
from danvan_cli.report import ReportData, ReportText, report_context, report_data, subject_of_report
from danvan_cli.report_drafts import Issued, NextReport, Question
from danvan_cli.report_skeleton import PART_NAMES_VI, WRITTEN_PARTS
from danvan_cli.validation import validate
from danvan_cli.workspace import REPORTS_DIR, Workspace
from danvan_cli.yamlsource import Source, load, read_user_text


@dataclass
class Written:
    docx: Path
    pdf: Path | None = None
    notes: list[str] = field(default_factory=list)
    package: Path | None = None  # a report's data package (package.py), beside its documents
    narrative: Path | None = None  # the report's narrative file, where its drafts and questions were written


def properties(
    loaded_unit: Unit, owner: str, type_name: str, subject: str, date: dt.date, tasks: tuple = ()
) -> Properties:
    return Properties(
        title=f"{type_name} {vn.collapse_whitespace(subject)}",
        subject=type_name,
        author=loaded_unit.name,
        owner=owner,
        date=date,
        tasks=tasks,
    )


# ---------------------------------------------------------------- writing


def write_docx(data: bytes, out_dir: Path, stem: str, owner: str) -> Path:
    """Write `stem`.docx into out_dir, refusing to replace another unit's document of the same name."""
    path = out_dir / f"{stem}.docx"
    if present(path):
        other = owner_of(path)
        if other is not None and other != owner:
            raise DocumentOfAnotherUnit(
                f"{display_path(path)}: tệp này là văn bản của đơn vị '{other}', không ghi đè bằng văn bản của "
                f"đơn vị '{owner}' (hai đơn vị cùng chữ viết tắt); hãy ghi vào thư mục khác bằng -o"
            )
    write_atomic(path, data)
    return path


def write_pdf(docx: Path, pdf: bool | None) -> Path | None:
    """pdf=True demands a PDF beside the .docx, None makes one where LibreOffice is installed, False none."""
    if pdf is False or (pdf is None and find_soffice() is None):
        return None
    target = docx.with_suffix(".pdf")
    try:
        docx_to_pdf(docx, target)
    except ConverterMissing:
        if pdf:
            raise
        return None
    return target


def write_document(data: bytes, out_dir: Path, stem: str, *, owner: str, pdf: bool | None) -> Written:
    docx = write_docx(data, out_dir, stem, owner)
    return Written(docx, write_pdf(docx, pdf))


# ---------------------------------------------------------------- the Kế hoạch


def plan_stem(loaded: LoadedPlan) -> str:
    return ctx.plan_file_stem(loaded.unit, loaded.require_plan(), loaded.year)


def plan_recipients(loaded: LoadedPlan) -> list[str]:
    """A plan goes to the office above first (it asked for it), then to the unit's own list."""
    plan, unit = loaded.require_plan(), loaded.unit
    return ([unit.co_quan_cap_tren] if unit.co_quan_cap_tren else []) + list(
        plan.noi_nhan if plan.noi_nhan is not None else unit.noi_nhan
    )


def plan_number(loaded: LoadedPlan) -> int | None:
    """The plan's number: written in plan.yaml, else the register's when it was issued, else none (a draft)."""

    if loaded.plan is None:
        return None
    return loaded.plan.so or register.number_of(loaded.ws, loaded.unit_name, loaded.plan.ngay, plan_stem(loaded))


def render_plan(loaded: LoadedPlan, number: int | None = None) -> bytes:
    template = template_path("ke_hoach", loaded.unit, loaded.unit_dir)
    plan = loaded.require_plan()
    tasks = tuple((t.ma, vn.collapse_whitespace(t.printed_title)) for t in plan.tasks if t.ma)
    props = properties(
        loaded.unit, loaded.unit_name, "Kế hoạch", vn.collapse_whitespace(plan.trich_yeu), plan.ngay, tasks
    )
    return render_docx(template, ctx.plan_context(loaded.unit, plan, number or plan_number(loaded)), props)


def make_plan(loaded: LoadedPlan, out_dir: Path, *, pdf: bool | None = False, final: bool = False) -> Written:

    stem = plan_stem(loaded)
    if not final:
        return write_document(render_plan(loaded), out_dir, stem, owner=loaded.unit_name, pdf=pdf)
    plan = loaded.require_plan()
    with register.issuing(
        loaded.ws,
        loaded.unit_name,
        loaded.unit,
        plan.ngay,
        stem=stem,
        type_abbr="KH",
        type_name="Kế hoạch",
        subject=vn.collapse_whitespace(plan.trich_yeu),
        recipients=[vn.collapse_whitespace(r) for r in plan_recipients(loaded)],
        requested=plan.so,
    ) as issue:
        data = render_plan(loaded, issue.number)
        refuse_example_text(data, loaded.year_dir)
        docx = write_docx(data, out_dir, stem, loaded.unit_name)
    written = Written(docx, notes=[*issue.notes, _issued_note(issue, plan.ngay)])
    written.notes += backdated(issue, plan.ngay, dt.date.today(), f"{display_path(loaded.plan_file)} (khóa ngay)")
    written.pdf = write_pdf(docx, pdf)
    return written


def backdated(issue, date: dt.date, taken: dt.date, where: str) -> list[str]:
    """A document newly numbered on `taken` but dated before it: a backdated official document, said."""
    if not issue.new or date >= taken:
        return []
    return [
        f"cảnh báo: văn bản số {issue.reference} đề ngày {vn.typed_date(date)}, trước ngày lấy số "
        f"({vn.typed_date(taken)}): văn bản đề lùi ngày. Nếu không cố ý, hãy sửa ngày ở {where}"
    ]


def _issued_note(issue, date: dt.date) -> str:
    return f"{'Đã cấp' if issue.new else 'Giữ'} số {issue.reference} (sổ văn bản đi năm {issue.year or date.year})."


# ---------------------------------------------------------------- the Báo cáo


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
            plan_number=plan_number(loaded),
            issued=issued_documents(self),
            next_report=next_report(self),
            assessment=self.assessment_sentence(),
            book=loaded.figure_book,
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
        raise UsageProblem(
            f"--ngay {vn.typed_date(date)}: báo cáo {period.title} phải ký sau ngày kỳ số liệu bắt đầu "
            f"({vn.typed_date(period.start)})"
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


def render_report(inputs: ReportInputs, number: int | None = None) -> bytes:
    """The Báo cáo's bytes; notes the parts drafted from the data because the narrative left them out, what is
    still asked of the unit, and the figures recorded that the outline it answers does not ask for."""

    loaded = inputs.loaded
    face = inputs.numbered_face(number)
    appendix = score_appendix(inputs, face)
    context, text = report_context(
        loaded.unit,
        loaded.plan,
        inputs.narrative,
        inputs.data,
        face=face,
        source=inputs.source,
        outline=inputs.outline.outline if inputs.outline else None,
        redraft=inputs.redraft,
    )
    inputs.text = text
    context["cham_diem"] = appendix
    narrative_file = f"{REPORTS_DIR}/{inputs.period.code}.yaml"
    if text.drafted:
        inputs.notes.append(
            f"{narrative_file}: danvan viết bản nháp {', '.join(PART_NAMES_VI[p] for p in text.drafted)} từ dữ liệu — "
            "hãy đọc lại trước khi ký."
        )
    if text.asked:
        listed = "; ".join(f"{PART_NAMES_VI[q.part]}{' (bắt buộc)' if q.required else ''}" for q in text.asked)
        inputs.notes.append(
            f"{narrative_file}: còn {len(text.asked)} phần chỉ đơn vị viết được, báo cáo chưa có: {listed}. Trả lời "
            f"trong tệp đó, hoặc: danvan report --period {inputs.period.code} --hoi"
        )
    refuse_later_plan(inputs, face.date)
    if inputs.outline is not None and inputs.data.unasked:
        inputs.notes.append(
            f"đề cương của {inputs.outline.outline.co_quan} không hỏi các số liệu: "
            + "; ".join(inputs.data.unasked)
            + " — không đưa vào bảng số liệu và gói báo cáo; nếu cần, hãy ghi trong phần lời."
        )
    props = properties(loaded.unit, loaded.unit_name, "Báo cáo", face.subject, face.date)
    return render_docx(inputs.template, context, props)


def complete_narrative(inputs: ReportInputs) -> Path | None:
    """Write the report's drafted parts and its questions into its narrative file (reports/<kỳ>.yaml), never
    changing the clerk's words; returns the file when it changed."""

    text = inputs.text
    if text is None:
        return None
    loaded = inputs.loaded
    path = loaded.narrative_file(inputs.period.code)
    done = narrative_file.completed(
        inputs.narrative_text,
        order=WRITTEN_PARTS,
        labels={p: vn.sentence_case(PART_NAMES_VI[p]) for p in WRITTEN_PARTS},
        drafts=text.drafted,
        asked=text.asked,
        untouched=inputs.redraft,
        header={"title": inputs.period.title, "unit": loaded.unit.name, "period": inputs.period.code},
    )
    if done.text is None:
        return None
    raw = read_bytes(path) if present(path) else b""
    path.parent.mkdir(parents=True, exist_ok=True)
    narrative_file.write(path, done.text, loaded.ws.plans_dir, crlf=b"\r\n" in raw, bom=raw.startswith(b"\xef\xbb\xbf"))
    return path


def later_plan(inputs: ReportInputs, date: dt.date | None = None) -> str | None:
    """Why the report cannot be made on its date: it would cite its unit's plan, issued after that date (a report
    of a year whose plan is not out yet, made too early or for the wrong year). None when it can."""
    loaded, day = inputs.loaded, date or inputs.date
    plan = loaded.plan
    if plan is None or plan.ngay <= day or inputs.narrative.mo_dau or inputs.narrative.thuc_hien:
        return None  # (a narrative with its own opening does not cite the plan)
    return (
        f"sẽ dẫn kế hoạch năm {loaded.year} ban hành ngày {vn.typed_date(plan.ngay)}, sau ngày báo cáo "
        f"({vn.typed_date(day)})"
    )


def refuse_later_plan(inputs: ReportInputs, date: dt.date) -> None:
    """A report never cites a plan dated after it: refused, with what to check."""
    why = later_plan(inputs, date)
    if why is not None:
        raise PlanAfterReport(
            f"{display_path(inputs.loaded.plan_file)}: báo cáo {inputs.period.title} {why}; chưa làm báo cáo này. "
            "Hãy kiểm tra năm (--year), ngày "
            "của báo cáo (--as-of, --ngay) hoặc ngày của kế hoạch (khóa ngay)"
        )


def score_appendix(inputs: ReportInputs, face: ctx.ReportFace) -> dict | None:
    """The yearly report's appendix: the self-assessment table, when the unit has scored itself."""

    loaded = inputs.loaded
    assessment = inputs.assessment
    if assessment is None:
        return None
    rows = [dict(r, ten=r["ten"].upper() if r["nhom"] else r["ten"]) for r in score.table_rows(assessment)]
    return {
        **ctx.appendix_heading(f"Bảng tự chấm điểm {inputs.topic} năm {loaded.year}", face.attached(), 163),
        "can_cu": score.criteria_citation(assessment.criteria),
        "dong": rows,
        "tham_dinh": assessment.appraised,
        "ket_luan": score.band_text(assessment),
    }


def written_parts(narrative: Narrative, drafted: frozenset[str] = frozenset()) -> list[str]:
    """The narrative parts the unit wrote itself (its own opening and skeleton count as written words too); a
    part still holding danvan's draft as danvan wrote it (`drafted`) is not the unit's."""

    own = [name for name in WRITTEN_PARTS if getattr(narrative, name) and name not in drafted]
    return own + (["mo_dau"] if narrative.mo_dau else [])


EXAMPLE_MARK = "(ví dụ)"


def refuse_example_text(data: bytes, year_dir: Path) -> None:
    """A document is not issued while it prints a value marked '(ví dụ)': a sample, not the unit's own."""

    with zipfile.ZipFile(io.BytesIO(data)) as z:
        text = re.sub(r"<[^>]+>", "", z.read("word/document.xml").decode("utf-8"))
    at = text.lower().find(EXAMPLE_MARK)
    if at == -1:
        return
    around = vn.collapse_whitespace(text[max(0, at - 60) : at + len(EXAMPLE_MARK)])
    raise ExampleText(
        f"văn bản còn giá trị mẫu “…{around}”: chữ “{EXAMPLE_MARK}” đánh dấu thông tin chưa phải của đơn vị. Hãy "
        f"thay bằng thông tin thật trong các tệp YAML ({display_path(year_dir)}, unit.yaml) rồi ban hành; chưa cấp số nào"
    )


def make_report(
    loaded: LoadedPlan,
    period_code: str,
    out_dir: Path,
    *,
    as_of: dt.date,
    pdf: bool | None = False,
    final: bool = False,
    draft_ok: bool = False,
    outline_file: Path | None = None,
    date: dt.date | None = None,
) -> Written:

    inputs = gather_report(loaded, period_code, as_of, outline_file=outline_file, date=date)
    if not final:
        package = package_data(inputs, inputs.numbered_face())
        check_before_writing(package, inputs.stem)
        written = write_document(render_report(inputs), out_dir, inputs.stem, owner=loaded.unit_name, pdf=pdf)
        written.notes = inputs.notes
        written.package = write_package(package, written.docx, written.pdf)
        written.narrative = complete_narrative(inputs)
        return written
    if not draft_ok:
        refuse_unwritten(inputs)
    with register.issuing(
        loaded.ws,
        loaded.unit_name,
        loaded.unit,
        inputs.date,
        stem=inputs.stem,
        type_abbr="BC",
        type_name="Báo cáo",
        subject=inputs.face().subject,
        recipients=inputs.face().delivered_to,
        requested=inputs.narrative.so,
    ) as issue:
        package = package_data(inputs, inputs.numbered_face(issue.number))
        check_before_writing(package, inputs.stem)  # (before the number is issued, too)
        data = render_report(inputs, issue.number)
        refuse_example_text(data, loaded.year_dir)
        docx = write_docx(data, out_dir, inputs.stem, loaded.unit_name)
    written = Written(docx, notes=[*inputs.notes, *issue.notes, _issued_note(issue, inputs.date)])
    written.notes += backdated(issue, inputs.date, as_of, "reports/" + period_code + ".yaml (khóa ngay) hoặc --ngay")
    written.pdf = write_pdf(docx, pdf)
    written.package = write_package(package, docx, written.pdf)
    written.narrative = complete_narrative(inputs)
    return written


def answer_questions(
    loaded: LoadedPlan,
    period_code: str,
    as_of: dt.date,
    ask: Callable[[Question], list[str]],
    *,
    outline_file: Path | None = None,
) -> list[str]:
    """`report --hoi`: each part of the report only the unit can write, asked one by one (`ask` returns the
    answer's paragraphs, [] to leave it); the answers written into the narrative file. Returns the parts answered."""

    inputs = gather_report(loaded, period_code, as_of, outline_file=outline_file)
    render_report(inputs)
    path = complete_narrative(inputs) or loaded.narrative_file(period_code)
    answered: list[str] = []
    for question in inputs.text.asked if inputs.text else []:
        paragraphs = [vn.collapse_whitespace(p) for p in ask(question) if p.strip()]
        if not paragraphs:
            continue
        text = narrative_file.answered(read_user_text(path), question.part, paragraphs)
        raw = read_bytes(path)
        narrative_file.write(path, text, loaded.ws.plans_dir, crlf=b"\r\n" in raw, bom=raw.startswith(b"\xef\xbb\xbf"))
        answered.append(question.part)
    return answered


def refuse_unwritten(inputs: ReportInputs) -> None:
    """An official number is not given to a report nobody wrote, nor to one still missing a part only the unit
    can write (its causes, its lessons): --draft-ok says the drafts were read and the gaps are meant."""

    loaded = inputs.loaded
    shown = display_path(loaded.narrative_file(inputs.period.code))
    if not written_parts(inputs.narrative, inputs.redraft):
        raise DraftOnlyReport(
            f"{shown}: báo cáo {inputs.period.title} chưa có phần lời nào do đơn vị viết (toàn bộ là bản nháp dựng từ "
            "dữ liệu); không cấp số chính thức cho văn bản chưa ai đọc. Hãy đọc, sửa các phần đánh dấu bản nháp và "
            "trả lời các câu hỏi trong tệp đó, hoặc thêm --draft-ok nếu đã đọc và đồng ý với bản nháp."
        )
    render_report(inputs)  # what the body asks is known once it is laid out
    missing = [q for q in (inputs.text.asked if inputs.text else []) if q.required]
    if missing:
        raise DraftOnlyReport(
            f"{shown}: báo cáo {inputs.period.title} còn thiếu phần chỉ đơn vị viết được: "
            + "; ".join(f"{PART_NAMES_VI[q.part]} ({q.text})" for q in missing)
            + f". Hãy trả lời trong tệp đó (hoặc danvan report --period {inputs.period.code} --hoi), rồi ban hành; "
            "--draft-ok ban hành khi vẫn thiếu"
        )


def issued_report_warnings(loaded: LoadedPlan, day: dt.date) -> list[str]:
    """What the clerk must know about where an entry of `day` goes: into a report already issued, whose paper
    copy will not have it."""

    cal = loaded.calendar
    report = cal.carrying(day)
    if report is None:
        return []
    narrative_so = None
    with contextlib.suppress(DanvanError):
        narrative_so = load_narrative(loaded.narrative_file(report.code))[0].so
    issued = register.entry_of(
        loaded.ws, loaded.unit_name, report.planned_date, ctx.report_file_stem(loaded.unit, report)
    )
    number = issued.so if issued else narrative_so
    if number is None:
        return []
    return [
        f"cảnh báo: Báo cáo {report.title} đã ban hành (số {number:02d}): bản đã gửi không có mục này, và làm lại "
        f"báo cáo đó sẽ ra văn bản khác bản đã gửi mà vẫn mang số {number:02d}. Nếu cần, hãy nêu việc này trong phần "
        "lời của báo cáo kỳ sau"
    ]


# ---------------------------------------------------------------- the Sổ đăng ký văn bản đi


def make_register_book(ws: Workspace, unit: str, year: int, out_dir: Path, *, pdf: bool = False) -> Written:
    """The register as the NĐ 30 Phụ lục IV book (.docx)."""

    unit_model, _ = load_unit(ws, unit)
    entries = sorted(load_register(ws.register_file(unit, year)), key=lambda e: (e.so, e.ky_hieu))
    props = properties(unit_model, unit, "Sổ đăng ký văn bản đi", f"năm {year}", dt.date(year, 12, 31))
    data = render_docx(
        template_path("so_van_ban_di", unit_model, ws.unit_dir(unit)),
        ctx.register_context(unit_model, year, entries),
        props,
    )
    stem = f"SO-VAN-BAN-DI-{vn.abbreviation_slug(unit_model.chu_viet_tat)}-{year}"
    return write_document(data, out_dir, stem, owner=unit, pdf=pdf)
