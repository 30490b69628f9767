"""The whole way of one document: loaded data → context → rendered .docx → files on disk (and PDF)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from danvan_cli import context as ctx
from danvan_cli.errors import ConverterMissing
from danvan_cli.loading import LoadedPlan
from danvan_cli.output import docx_to_pdf, find_soffice, write_atomic
from danvan_cli.render import render_docx, template_path


@dataclass
class Written:
    docx: Path
    pdf: Path | None = None
    notes: list[str] = field(default_factory=list)


def render_plan(loaded: LoadedPlan) -> bytes:
    template = template_path("ke_hoach", loaded.unit, loaded.unit_dir)
    return render_docx(template, ctx.plan_context(loaded.unit, loaded.plan))


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


def make_plan(loaded: LoadedPlan, out_dir: Path, *, pdf: bool | None = False) -> Written:
    stem = ctx.plan_file_stem(loaded.plan, loaded.year)
    return write_document(render_plan(loaded), out_dir, stem, pdf=pdf)


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


def render_report(ws, loaded: LoadedPlan, period_code: str, as_of) -> tuple[bytes, str, list[str]]:
    """The Báo cáo of one period: its bytes, file stem, and notes for the user (drafted parts)."""
    from danvan_cli.periods import report_period
    from danvan_cli.progress import load_log

    period = report_period(loaded.plan, period_code, loaded.year)
    log = load_log(loaded.year_dir, loaded.plan, loaded.year)
    narrative, _ = load_narrative(loaded.year_dir, period_code)
    notes: list[str] = []
    previous = previous_year_log(ws, loaded, as_of, notes)
    context, drafted = ctx.report_context(loaded.unit, loaded.plan, loaded.year, period, log, narrative, as_of, previous)
    if drafted:
        notes.append(
            f"{REPORTS_DIR}/{period_code}.yaml chưa viết: {', '.join(drafted)}; đã dùng bản nháp dựng từ nhật ký tiến độ — hãy đọc lại trước khi ký."
        )
    template = template_path("bao_cao", loaded.unit, loaded.unit_dir)
    return render_docx(template, context), ctx.report_file_stem(period), notes


def make_report(ws, loaded: LoadedPlan, period_code: str, out_dir: Path, *, as_of, pdf: bool | None = False) -> Written:
    data, stem, notes = render_report(ws, loaded, period_code, as_of)
    written = write_document(data, out_dir, stem, pdf=pdf)
    written.notes = notes
    return written
