"""A plan's way to its document, and what every document's way shares: the .docx and PDF written (a failure never
leaving half a file), the plan's name, number and recipients, its date checked against the day its number is taken."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from danvan_cli import context as ctx
from danvan_cli import register
from danvan_cli import vnformat as vn
from danvan_cli.docx_properties import Properties, owner_of
from danvan_cli.errors import (
    ConverterMissing,
    DocumentOfAnotherUnit,
    ExampleText,
    Note,
    display_path,
)
from danvan_cli.files import present, write_atomic
from danvan_cli.loading import (
    LoadedPlan,
)
from danvan_cli.models import Unit
from danvan_cli.pdf import docx_to_pdf, find_soffice
from danvan_cli.render import render_docx, template_path


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


def backdated(issue, date: dt.date, taken: dt.date, where: str, about: str | None = None) -> list[str]:
    """A document newly numbered on `taken` but dated before it: a backdated official document, said."""
    if not issue.new or date >= taken:
        return []
    return [
        Note(
            f"cảnh báo: văn bản số {issue.reference} đề ngày {vn.typed_date(date)}, trước ngày lấy số "
            f"({vn.typed_date(taken)}): văn bản đề lùi ngày. Nếu không cố ý, hãy sửa ngày ở {where}",
            about,
        )
    ]


def _issued_note(issue, date: dt.date) -> str:
    return f"{'Đã cấp' if issue.new else 'Giữ'} số {issue.reference} (sổ văn bản đi năm {issue.year or date.year})."


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
