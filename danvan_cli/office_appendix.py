"""The consolidated report's Phụ lục: a landscape table per kind of unit (each unit's standing, figures and
scores), the units left out and why, the figures table."""

from __future__ import annotations

from danvan_cli import vnformat as vn
from danvan_cli.aggregate import Consolidated
from danvan_cli.context import appendix_heading
from danvan_cli.office_drafts import two
from danvan_cli.report import change_text
from danvan_cli.score_units import counts_text, criteria_text, units_rows
from danvan_cli.unit_standings import UnitStanding

# The Phụ lục's matrix: after TT and the unit's name, this many columns fit one landscape table (25 mm each, 12 pt);
# more continue in a second table with the unit column repeated, never in smaller type.
APPENDIX_COLUMNS = 7


def _status(u: UnitStanding) -> str:
    if u.problem:
        return "số liệu không dùng được"
    if not u.reported:
        return "chưa báo cáo"
    status = vn.short_date(u.report_date) if u.report_date else "đã báo cáo"
    return status + " (muộn)" if u.late_report else status


def appendix_order(units: list[UnitStanding]) -> list[UnitStanding]:
    """The units in a fixed order: by kind (cấp học), then name."""
    return sorted(units, key=lambda u: (u.kind or "", vn.fold_diacritics(u.name).casefold()))


def appendix_tables(c: Consolidated) -> list[dict]:
    """The Phụ lục as an office reads it: one row per unit, one column per figure of the list (its unit of
    measure in the header), a total row over the units that reported, each figure totalled by its kind; a unit
    that did not report has its row, empty. Columns beyond APPENDIX_COLUMNS continue in further tables."""
    units = appendix_order(c.units)
    reported = [u for u in units if u.reported and not u.problem]
    shown = {id(u) for u in reported}
    columns: list[tuple[str, list[str], str]] = [
        ("Ngày báo cáo", [_status(u) for u in units], f"{len(reported)}/{len(units)}"),
        (
            "Nhiệm vụ hoàn thành",
            [f"{u.done}/{u.planned}" if id(u) in shown else "" for u in units],
            f"{sum(u.done for u in reported)}/{sum(u.planned for u in reported)}",
        ),
        (
            "Nhiệm vụ chậm",
            [str(u.late_tasks) if id(u) in shown else "" for u in units],
            str(sum(u.late_tasks for u in reported)),
        ),
    ]
    for f in c.declared:
        k = f.spec.key
        total = c.totals[f.ten]
        cells = []
        for u in units:
            r = u.figures.get(k) if id(u) in shown else None
            cells.append(vn.number(r.value) if r is not None and not excluded(c, u, r) else "")
        columns.append(
            (
                f"{vn.sentence_case(f.spec.name)} ({f.spec.unit})",
                cells,
                vn.number(total.value) if total.value is not None else "",
            )
        )
    tables = []
    for start in range(0, len(columns), APPENDIX_COLUMNS):
        chunk = columns[start : start + APPENDIX_COLUMNS]
        tables.append(
            {
                "cot": [header for header, _, _ in chunk],
                "dong": [
                    {"tt": str(i), "don_vi": u.name, "o": [cells[i - 1] for _, cells, _ in chunk]}
                    for i, u in enumerate(units, start=1)
                ],
                "tong": [total for _, _, total in chunk],
            }
        )
    return tables


def excluded(c: Consolidated, u: UnitStanding, r) -> bool:
    return any(name == u.name and figure == r.name for name, figure, _, _ in c.mismatched)


def annex_notes(c: Consolidated) -> list[str]:
    """The Phụ lục's notes, in words a head understands: the files received and not summed (by unit, with the
    reason), figures sent in another unit of measure, figures no one asked for (listed, not added)."""
    out = []
    if c.refused:
        out.append(f"Báo cáo, số liệu nhận được nhưng không tổng hợp ({len(c.refused)}):")
        out += [f"- {r.annex()}." for r in c.refused]
    if c.mismatched:
        out.append("Số liệu gửi khác đơn vị tính hoặc khác loại đã quy định (không cộng vào tổng):")
        out += [
            f"- {unit}: {figure} {how} (quy định: {expected or 'không có đơn vị'})."
            for unit, figure, how, expected in c.mismatched
        ]
    if c.undeclared:
        out.append("Số liệu đơn vị ghi nhưng không có trong danh mục tổng hợp (liệt kê, không cộng):")
        out += [
            f"- {unit}: {name} {vn.number(value)}{f' {measure}' if measure else ''}."
            for unit, name, value, measure in c.undeclared
        ]
    return out


def scores_appendix(scores: list, subject: str, year: int, attached: str) -> dict:
    """Phụ lục II of the consolidated yearly report: every unit's self and appraised scores and band, and how
    many units fall in each band."""

    cited = criteria_text(scores).replace("\n", " ")
    return {
        **appendix_heading(f"Kết quả tự chấm điểm, xếp loại {subject} năm {year} của các đơn vị", attached, 250),
        "dong": units_rows(scores),
        "ket_luan": f"{counts_text(scores)} {cited}".strip(),
    }


def figures_table(c: Consolidated, title: str) -> dict:

    n = len(c.reporting)
    rows = []
    for i, f in enumerate(c.declared, start=1):
        t = c.totals[f.ten]
        over = f"bình quân {two(t.units)} đơn vị" if t.how == "bình quân" else f"{two(t.units)}/{two(n)} đơn vị"
        now = t.value
        rows.append(
            {
                "tt": str(i),
                "ten": f"{vn.sentence_case(f.spec.name)} ({over})",
                "dvt": f.spec.unit,
                "ky_nay": vn.number(now) if now is not None else "—",
                "cung_ky": vn.number(t.last_year) if t.last_year is not None else "–",
                "so_sanh": change_text(now, t.last_year) if now is not None else "–",
            }
        )
    return {
        "tieu_de": f"Bảng tổng hợp số liệu {title} (từ báo cáo của {two(n)}/{two(len(c.units))} đơn vị)",
        "dong": rows,
        "co_cung_ky": c.has_last_year,
    }
