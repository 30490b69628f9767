"""The whole way of one document: loaded data → context → rendered .docx → files on disk (and PDF)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from danvan_cli import context as ctx
from danvan_cli import vnformat as vn
from danvan_cli.errors import ConverterMissing
from danvan_cli.loading import LoadedPlan
from danvan_cli.output import docx_to_pdf, find_soffice, write_atomic
from danvan_cli.render import builtin_templates_dir, render_docx, template_path

if TYPE_CHECKING:
    from danvan_cli.models import Narrative
    from danvan_cli.periods import ReportPeriod
    from danvan_cli.progress import ProgressLog


@dataclass
class Written:
    docx: Path
    pdf: Path | None = None
    notes: list[str] = field(default_factory=list)


def render_plan(loaded: LoadedPlan, *, final: bool = False, notes: list[str] | None = None) -> bytes:
    template = template_path("ke_hoach", loaded.unit, loaded.unit_dir)
    plan = loaded.plan
    number = document_number(
        loaded,
        plan.ngay,
        ctx.plan_file_stem(plan, loaded.year),
        "KH",
        "Kế hoạch",
        plan.trich_yeu,
        ([loaded.unit.co_quan_cap_tren] if loaded.unit.co_quan_cap_tren else [])
        + list(plan.noi_nhan if plan.noi_nhan is not None else loaded.unit.noi_nhan),
        final=final,
        notes=notes,
        written=plan.so,
    )
    return render_docx(template, ctx.plan_context(loaded.unit, plan, number))


def document_number(
    loaded: LoadedPlan,
    date,
    stem: str,
    type_abbr: str,
    type_name: str,
    subject: str,
    recipients,
    *,
    final: bool,
    notes,
    written: int | None = None,
) -> int | None:
    """The number the register gave this document; with `final`, the next number of the year if it has none.
    A document never finalised keeps the number written in its YAML, or none (a draft)."""
    from danvan_cli import register

    if final:
        symbol = f"{type_abbr}-{loaded.unit.chu_viet_tat}"
        number, new = register.finalise(
            loaded.unit_dir,
            date,
            stem=stem,
            symbol=symbol,
            type_name=type_name,
            subject=vn.collapse_whitespace(subject),
            signer=loaded.unit.nguoi_ky.ho_ten,
            recipients=[vn.collapse_whitespace(r) for r in recipients],
            requested=written,
        )
        if notes is not None:
            where = f"sổ văn bản đi năm {date.year}"
            notes.append(f"{'Đã cấp' if new else 'Giữ'} số {number:02d}/{symbol} ({where}).")
        return number
    return register_number(loaded, date, stem)


def write_document(data: bytes, out_dir: Path, stem: str, *, pdf: bool | None) -> Written:
    """Write `stem`.docx into out_dir; pdf=True demands a PDF, None makes one when LibreOffice is there."""
    docx_path = out_dir / f"{stem}.docx"
    write_atomic(docx_path, data)
    written = Written(docx_path)
    if pdf is None and find_soffice() is None:
        return written
    if pdf is not False:
        try:
            pdf_path = out_dir / f"{stem}.pdf"
            docx_to_pdf(docx_path, pdf_path)
            written.pdf = pdf_path
        except ConverterMissing:
            if pdf:
                raise
    return written


def make_plan(loaded: LoadedPlan, out_dir: Path, *, pdf: bool | None = False, final: bool = False) -> Written:
    stem = ctx.plan_file_stem(loaded.plan, loaded.year)
    notes: list[str] = []
    written = write_document(render_plan(loaded, final=final, notes=notes), out_dir, stem, pdf=pdf)
    written.notes = notes
    return written


REPORTS_DIR = "reports"


def load_narrative(year_dir: Path, period: str):
    """reports/<period>.yaml, or an empty narrative (every part then drafted from the data)."""
    from danvan_cli.loading import validate
    from danvan_cli.models import Narrative
    from danvan_cli.yamlsource import load

    path = year_dir / REPORTS_DIR / f"{period}.yaml"
    if not path.is_file():
        return Narrative(), None
    source = load(path, allow_empty=True)
    if source.data is None:
        return Narrative(), source
    return validate(source, Narrative), source


def previous_year_log(ws, loaded: LoadedPlan, as_of, notes: list[str]):
    """Last year's progress log when the unit has one, for 'so với cùng kỳ năm trước'."""
    from danvan_cli.errors import DanvanError
    from danvan_cli.loading import load_plan
    from danvan_cli.progress import load_log, progress_path

    year = loaded.year - 1
    if not progress_path(loaded.unit_dir / str(year)).is_file():
        return None
    try:
        previous = load_plan(ws, loaded.unit_name, year)
        return load_log(previous.year_dir, previous.plan, year, as_of)
    except DanvanError as exc:
        notes.append(f"không so sánh được với cùng kỳ năm {year}: dữ liệu năm {year} có lỗi ({exc.lines()[0]})")
        return None


@dataclass
class ReportInputs:
    """Everything one Báo cáo is made from, gathered before anything is rendered."""

    loaded: LoadedPlan
    period: ReportPeriod
    log: ProgressLog
    narrative: Narrative
    previous: ProgressLog | None  # last year's
    as_of: dt.date
    notes: list[str] = field(default_factory=list)

    @property
    def date(self):
        """The report's own date, which also bounds its data."""
        return ctx.report_date(self.period, self.narrative, self.as_of)

    @property
    def template(self) -> Path:
        return template_path("bao_cao", self.loaded.unit, self.loaded.unit_dir)

    @property
    def stem(self) -> str:
        return ctx.report_file_stem(self.period)

    @property
    def until(self):
        """The last day of data the report shows."""
        return min(self.period.end, self.date)

    def fingerprint(self) -> dict[str, str]:
        """What the report is made from, hashed: whole files where the report reads all of them, and for the
        progress logs only the entries it can show (up to its last day, and last year's same window)."""
        import hashlib
        import json

        def digest(data: bytes) -> str:
            return hashlib.sha256(data).hexdigest()

        def entries(log, start, end) -> str:
            chosen = [e.model_dump(mode="json") for e in log.entries if start <= e.ngay <= end]
            return digest(json.dumps(chosen, ensure_ascii=False, sort_keys=True).encode("utf-8"))

        loaded = self.loaded
        files = [
            loaded.unit_source.path,
            loaded.plan_source.path,
            loaded.year_dir / REPORTS_DIR / f"{self.period.period}.yaml",
            self.template,
        ]
        result = {_input_name(loaded, f): digest(f.read_bytes()) for f in files if f.is_file()}
        log_name = _input_name(loaded, loaded.year_dir / "progress.yaml")
        result[f"{log_name} (các mục đến {self.until.isoformat()})"] = entries(
            self.log, self.until.replace(year=1), self.until
        )
        if self.previous is not None:
            from danvan_cli.periods import a_year_earlier

            previous_name = _input_name(loaded, loaded.unit_dir / str(loaded.year - 1) / "progress.yaml")
            result[f"{previous_name} (cùng kỳ năm trước)"] = entries(
                self.previous, a_year_earlier(self.period.start), a_year_earlier(self.until)
            )
        result["ngày báo cáo"] = self.date.isoformat()
        result["số trong sổ văn bản đi"] = str(register_number(loaded, self.date, self.stem) or "")
        return result


def _input_name(loaded: LoadedPlan, path: Path) -> str:
    """An input as the manifest names it: relative to the plans folder, or a template by its own name."""
    root = loaded.unit_dir.parent.resolve()
    real = path.resolve()
    if root in real.parents:
        return real.relative_to(root).as_posix()
    return f"mẫu {path.name}" if real.parent == (builtin_templates_dir()).resolve() else real.as_posix()


def plan_fingerprint(loaded: LoadedPlan) -> dict[str, str]:
    import hashlib

    template = template_path("ke_hoach", loaded.unit, loaded.unit_dir)
    files = (loaded.unit_source.path, loaded.plan_source.path, template)
    result = {_input_name(loaded, f): hashlib.sha256(f.read_bytes()).hexdigest() for f in files}
    result["số trong sổ văn bản đi"] = str(
        register_number(loaded, loaded.plan.ngay, ctx.plan_file_stem(loaded.plan, loaded.year)) or ""
    )
    return result


def register_number(loaded: LoadedPlan, date, stem: str) -> int | None:
    from danvan_cli import register

    return register.number_of(loaded.unit_dir, date.year, stem)


def gather_report(ws, loaded: LoadedPlan, period_code: str, as_of, *, logs: tuple | None = None) -> ReportInputs:
    """Everything one report is made from. `logs` (this year's and last year's, as `load_logs` gives)
    lets several reports of one unit share one reading of the logs."""
    from danvan_cli.periods import report_period

    period = report_period(loaded.plan, period_code, loaded.year)
    notes: list[str] = []
    log, previous = logs if logs is not None else load_logs(ws, loaded, as_of, notes)
    narrative, source = load_narrative(loaded.year_dir, period_code)
    inputs = ReportInputs(loaded, period, log, narrative, previous, as_of, notes)
    inputs.notes += [str(w) for w in log.warnings + (source.warnings if source else [])]
    return inputs


def load_logs(ws, loaded: LoadedPlan, as_of, notes: list[str]) -> tuple:
    """This year's progress log and last year's (or None)."""
    from danvan_cli.progress import load_log

    return load_log(loaded.year_dir, loaded.plan, loaded.year), previous_year_log(ws, loaded, as_of, notes)


def render_report(inputs: ReportInputs, *, final: bool = False) -> bytes:
    """The Báo cáo's bytes; notes the parts drafted from the data because the narrative left them out."""
    loaded = inputs.loaded
    subject = inputs.narrative.trich_yeu or f"Kết quả thực hiện {loaded.plan.chu_de} {inputs.period.title}"
    recipients = (["Như trên"] if loaded.unit.co_quan_cap_tren else []) + list(
        inputs.narrative.noi_nhan if inputs.narrative.noi_nhan is not None else loaded.unit.noi_nhan
    )
    number = document_number(
        loaded,
        inputs.date,
        inputs.stem,
        "BC",
        "Báo cáo",
        subject,
        recipients,
        final=final,
        notes=inputs.notes,
        written=inputs.narrative.so,
    )
    context, drafted = ctx.report_context(
        loaded.unit,
        loaded.plan,
        loaded.year,
        inputs.period,
        inputs.log,
        inputs.narrative,
        inputs.as_of,
        inputs.previous,
        number,
    )
    context["cham_diem"] = score_appendix(inputs, number)
    if drafted:
        inputs.notes.append(
            f"{REPORTS_DIR}/{inputs.period.period}.yaml chưa viết: {', '.join(drafted)}; đã dùng bản nháp dựng từ nhật ký tiến độ — hãy đọc lại trước khi ký."
        )
    return render_docx(inputs.template, context)


def score_appendix(inputs: ReportInputs, number: int | None) -> dict | None:
    """The yearly report's appendix: the self-assessment table, when the unit has scored itself."""
    from danvan_cli import score

    loaded = inputs.loaded
    if inputs.period.period != "year" or not (loaded.year_dir / score.SELF_FILE).is_file():
        return None
    assessment = score.load_assessment(loaded.year_dir, loaded.plan, inputs.log)
    rows = [dict(r, ten=r["ten"].upper() if r["nhom"] else r["ten"]) for r in score.table_rows(assessment)]
    symbol = vn.number_line(number or inputs.narrative.so, "BC", loaded.unit.chu_viet_tat).replace("Số: ", "số ")
    return {
        "tieu_de": f"Bảng tự chấm điểm {ctx.plan_topic(loaded.plan)} năm {loaded.year}",
        "kem_theo": f"(Kèm theo Báo cáo {symbol} {vn.date_words(inputs.date)} của {loaded.unit.ten_co_quan})",
        "can_cu": f"Theo {assessment.criteria.ten}"
        + (f" ({assessment.criteria.can_cu})" if assessment.criteria.can_cu else ""),
        "dong": rows,
        "ket_luan": score.band_text(assessment),
    }


def make_report(
    ws, loaded: LoadedPlan, period_code: str, out_dir: Path, *, as_of, pdf: bool | None = False, final: bool = False
) -> Written:
    inputs = gather_report(ws, loaded, period_code, as_of)
    written = write_document(render_report(inputs, final=final), out_dir, inputs.stem, pdf=pdf)
    written.notes = inputs.notes
    return written
