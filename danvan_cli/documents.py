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
