"""The whole way of one document: loaded data → context → rendered .docx → files on disk (and PDF).

With --final a document is issued: it takes its number from the register under the register's lock,
is made and written, and only then is the register's entry written (register.issuing)."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable
from pathlib import Path

from danvan_cli import context as ctx
from danvan_cli import narrative_file, register, score
from danvan_cli import vnformat as vn
from danvan_cli.errors import (
    DanvanError,
    DraftOnlyReport,
    PlanAfterReport,
    display_path,
)
from danvan_cli.files import present, read_bytes
from danvan_cli.loading import (
    LoadedPlan,
    load_narrative,
    load_unit,
)
from danvan_cli.models import Narrative
from danvan_cli.package import check_before_writing, package_data, write_package
from danvan_cli.plan_document import (
    Written,
    _issued_note,
    backdated,
    properties,
    refuse_example_text,
    write_document,
    write_docx,
    write_pdf,
)
from danvan_cli.register import load_register
from danvan_cli.render import render_docx, template_path
from danvan_cli.report import report_context
from danvan_cli.report_drafts import Question
from danvan_cli.report_inputs import ReportInputs, gather_report
from danvan_cli.report_skeleton import PART_NAMES_VI, WRITTEN_PARTS
from danvan_cli.workspace import REPORTS_DIR, Workspace
from danvan_cli.yamlsource import read_user_text


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
            "Hãy kiểm tra năm, ngày của báo cáo hoặc ngày của kế hoạch (khóa ngay)",
            "ngay_ke_hoach_bao_cao",
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
    written.notes += backdated(
        issue, inputs.date, as_of, "reports/" + period_code + ".yaml (khóa ngay)", "ngay_ban_hanh"
    )
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
    can write (its causes, its lessons); the clerk may say the drafts were read and the gaps are meant."""

    loaded = inputs.loaded
    shown = display_path(loaded.narrative_file(inputs.period.code))
    if not written_parts(inputs.narrative, inputs.redraft):
        raise DraftOnlyReport(
            f"{shown}: báo cáo {inputs.period.title} chưa có phần lời nào do đơn vị viết (toàn bộ là bản nháp dựng từ "
            "dữ liệu); không cấp số chính thức cho văn bản chưa ai đọc. Hãy đọc, sửa các phần đánh dấu bản nháp và "
            "trả lời các câu hỏi trong tệp đó",
            "ban_nhap",
        )
    render_report(inputs)  # what the body asks is known once it is laid out
    missing = [q for q in (inputs.text.asked if inputs.text else []) if q.required]
    if missing:
        raise DraftOnlyReport(
            f"{shown}: báo cáo {inputs.period.title} còn thiếu phần chỉ đơn vị viết được: "
            + "; ".join(f"{PART_NAMES_VI[q.part]} ({q.text})" for q in missing)
            + f". Hãy trả lời trong tệp đó (hoặc danvan report --period {inputs.period.code} --hoi), rồi ban hành",
            "ban_nhap_thieu",
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
