"""The office's figures in Excel (`aggregate --xlsx`, `status --all --xlsx`): one row per unit of the roster, in the
order of the report's Phụ lục, its standing, its report's number and date, each declared figure in its own column
with its unit in the header, and a total row; the same numbers as the document, exactly (openpyxl, imported only
here)."""

from __future__ import annotations

import io
from decimal import Decimal

from danvan_cli import vnformat as vn
from danvan_cli.aggregate import Consolidated
from danvan_cli.files import write_atomic
from danvan_cli.office_appendix import appendix_order, excluded
from danvan_cli.periods import label_with_year
from danvan_cli.unit_standings import UnitStanding

FIXED = ["TT", "Đơn vị", "Tình trạng", "Số báo cáo", "Ngày báo cáo", "Nhiệm vụ hoàn thành", "Nhiệm vụ chậm"]


def _state(u: UnitStanding) -> str:
    if u.problem:
        return "số liệu không dùng được"
    if not u.reported:
        return "chưa báo cáo"
    return "báo cáo muộn" if u.late_report else "đã báo cáo"


def _cell(value):
    """A figure as Excel keeps it: a whole number whole, a decimal exact (never through a binary float)."""
    if value is None:
        return None
    return value if isinstance(value, int) else Decimal(value)


def rows(c: Consolidated) -> tuple[list[str], list[list], list]:
    """The header, a row per unit and the total row, as plain values (what the workbook holds)."""

    header = FIXED + [f"{vn.sentence_case(f.spec.name)} ({f.spec.unit})" for f in c.declared]
    body = []
    for i, u in enumerate(appendix_order(c.units), start=1):
        shown = u.reported and not u.problem
        row = [
            i,
            u.name,
            _state(u),
            u.number if shown else None,
            u.report_date if shown else None,
            u.done if shown else None,
            u.late_tasks if shown else None,
        ]
        for f in c.declared:
            r = u.figures.get(f.spec.key) if shown else None
            row.append(_cell(r.value) if r is not None and not excluded(c, u, r) else None)
        body.append(row)
    reporting = c.reporting
    total = [
        None,
        "Tổng cộng",
        f"{len(reporting)}/{len(c.units)} đơn vị đã báo cáo",
        None,
        None,
        sum(u.done for u in reporting),
        sum(u.late_tasks for u in reporting),
    ] + [_cell(c.totals[f.ten].value) for f in c.declared]
    return header, body, total


def consolidation_workbook(c: Consolidated, title: str) -> bytes:
    """The workbook's bytes: a title, the header, a row per unit, the total row."""
    from openpyxl import Workbook  # noqa: PLC0415 (openpyxl only for --xlsx)
    from openpyxl.styles import Alignment, Font  # noqa: PLC0415 (openpyxl only for --xlsx)

    header, body, total = rows(c)
    book = Workbook()
    sheet = book.active
    sheet.title = "Tổng hợp"
    sheet.append([title])
    sheet["A1"].font = Font(bold=True)
    sheet.append(header)
    for cell in sheet[2]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    for row in body:
        sheet.append(row)
    sheet.append(total)
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    for row in sheet.iter_rows(min_row=3, min_col=5, max_col=5):
        for cell in row:
            cell.number_format = "DD/MM/YYYY"
    sheet.column_dimensions["B"].width = 40
    sheet.freeze_panes = "C3"
    data = io.BytesIO()
    book.save(data)
    return data.getvalue()


def write_workbook(c: Consolidated, path) -> None:

    title = f"{c.office_unit.name}: số liệu báo cáo {label_with_year(c.period, c.year)} của các đơn vị"
    write_atomic(path, consolidation_workbook(c, title))
