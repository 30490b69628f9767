"""Build the default NĐ 30 templates in templates/ (developer tool; the .docx files are committed).

The templates are ordinary Word documents with Jinja tags in them, for docxtpl. A clerk may
open and change them in Word; this script is how the defaults were made and re-made, so that
each layout decision below is written down once, with its source: "spec §N" is docs/nd30/nd30-spec.md, "PL I §…"
the decree's Phụ lục I (docs/nd30/nd30-phu-luc-1.txt); docs/nd30/README.md lists the texts.

    python tools/build_templates.py          # rewrite templates/*.docx
"""

from __future__ import annotations

import sys
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, Twips

FONT = "Times New Roman"
TEXT_WIDTH_MM = 210 - 30 - 15  # A4 less left 30 mm and right 15 mm margins (spec §5)
HEADER_LEFT_MM = 72  # fits "TRƯỜNG MẦM NON HÙNG AN" at 13 pt bold (≈ 67.6 mm, spec §2.3)
HEADER_RIGHT_MM = TEXT_WIDTH_MM - HEADER_LEFT_MM  # fits the Quốc hiệu at 12 pt bold (≈ 88.3 mm, spec §2.1)
# The Party's names are 14 pt: a wider left column; ĐẢNG CỘNG SẢN VIỆT NAM (≈ 73 mm at 15 pt bold) still fits right.
PARTY_LEFT_MM = 80
SIGN_LEFT_MM = 68
SIGN_RIGHT_MM = TEXT_WIDTH_MM - SIGN_LEFT_MM
# The motto's line is as long as the motto: ≈ 55.9 mm at 13 pt bold (spec §2.2); underscores at 13 pt are ≈ 2.29 mm.
MOTTO_RULE = "_" * 24
# Under ĐẢNG CỘNG SẢN VIỆT NAM, a line as long as the heading (≈ 73 mm at 15 pt bold, HD 36 §II.1.1.2).
PARTY_RULE = "_" * 32

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "templates"


# ---------------------------------------------------------------- document-wide settings


def _set_fonts(rpr) -> None:
    """Times New Roman for Latin, East-Asian and complex-script runs alike (spec §5, text handling)."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in list(fonts.attrib):
        del fonts.attrib[attr]
    for kind in ("ascii", "hAnsi", "eastAsia", "cs"):
        fonts.set(qn(f"w:{kind}"), FONT)


def _defaults(doc) -> None:
    styles = doc.styles.element
    rpr = styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _set_fonts(rpr)
    for tag, val in (("w:sz", "28"), ("w:szCs", "28")):
        rpr.find(qn(tag)).set(qn("w:val"), val)
    color = OxmlElement("w:color")
    color.set(qn("w:val"), "000000")
    rpr.append(color)
    lang = rpr.find(qn("w:lang"))
    lang.set(qn("w:val"), "vi-VN")
    lang.set(qn("w:eastAsia"), "vi-VN")
    ppr = styles.find(qn("w:docDefaults")).find(qn("w:pPrDefault")).find(qn("w:pPr"))
    spacing = ppr.find(qn("w:spacing"))
    spacing.set(qn("w:after"), "0")
    spacing.set(qn("w:line"), "240")
    # Styles of the stock template name theme fonts and colours; make every one explicit.
    for fonts in styles.iter(qn("w:rFonts")):
        for attr in [a for a in fonts.attrib if a.endswith(("Theme", "theme"))]:
            del fonts.attrib[attr]
        for kind in ("ascii", "hAnsi", "eastAsia", "cs"):
            fonts.set(qn(f"w:{kind}"), FONT)
    for color in styles.iter(qn("w:color")):
        color.set(qn("w:val"), "000000")
        for attr in [a for a in color.attrib if "theme" in a.lower()]:
            del color.attrib[attr]

    normal = doc.styles["Normal"]
    _set_fonts(normal.element.get_or_add_rPr())
    normal.font.size = Pt(14)
    pf = normal.paragraph_format
    pf.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY  # spec 1.6
    pf.first_line_indent = Mm(12.7)  # spec 1.7: 1.27 cm
    pf.space_before = Pt(6)  # spec 1.8: at least 6 pt
    pf.space_after = Pt(0)
    pf.line_spacing = 1.15  # spec 1.9: between single and 1.5 lines
    pf.widow_control = True

    def paragraph_style(
        name: str, *, bold=False, italic=False, size=14, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False, before=0
    ):
        style = doc.styles.add_style(name, 1)
        style.base_style = normal
        style.quick_style = True
        style.font.bold = bold
        style.font.italic = italic
        style.font.size = Pt(size)
        f = style.paragraph_format
        f.alignment = align
        f.first_line_indent = Mm(12.7) if indent else Mm(0)
        f.space_before = Pt(before)
        f.line_spacing = 1.0
        return style

    # Names as a Word user sees them in the Styles pane.
    paragraph_style("Thể thức", size=13)  # the header and signature blocks
    mục = paragraph_style("Mục", bold=True, align=WD_ALIGN_PARAGRAPH.JUSTIFY, indent=True, before=6)
    mục.paragraph_format.keep_with_next = True
    mục.paragraph_format.line_spacing = 1.15
    # Phần: the word and its number, then its heading in capitals, each centred and bold (PL I §II.6.đ).
    phần = paragraph_style("Phần", bold=True, before=6)
    phần.paragraph_format.keep_with_next = True
    phần.paragraph_format.line_spacing = 1.15
    khoản = paragraph_style("Khoản", bold=True, align=WD_ALIGN_PARAGRAPH.JUSTIFY, indent=True, before=6)
    khoản.paragraph_format.keep_with_next = True
    khoản.paragraph_format.line_spacing = 1.15
    # The closing text: running text kept with what follows, down to the signature (never alone on a page).
    kết = doc.styles.add_style("Kết", 1)
    kết.base_style = normal
    kết.quick_style = True
    kết.paragraph_format.keep_with_next = True
    paragraph_style("Nơi nhận", size=11, align=WD_ALIGN_PARAGRAPH.LEFT)
    table_text = paragraph_style("Bảng", size=12, align=WD_ALIGN_PARAGRAPH.LEFT)
    table_text.paragraph_format.space_before = Pt(2)
    table_text.paragraph_format.space_after = Pt(2)


def _page(doc, *, landscape: bool = False) -> None:
    """A4, margins top/bottom 20, left 30, right 15 mm; page numbers centred at the top from page 2 (spec 1.1–1.10)."""
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.orientation = WD_ORIENT.PORTRAIT
    section.top_margin = section.bottom_margin = Mm(20)
    # 851 twips: Word stores twips, and 850 would be 14.99 mm, just under the decree's 15 mm.
    section.left_margin, section.right_margin = Mm(30), Twips(851)
    section.header_distance = Mm(10)
    section.footer_distance = Mm(10)
    section.different_first_page_header_footer = True  # no number on page 1
    _page_number(section.header.paragraphs[0])
    section.first_page_header.paragraphs[0].text = ""


def _page_number(header) -> None:
    """A PAGE field, 13 pt, centred on the text area (no indent: it would shift the centre)."""
    header.alignment = WD_ALIGN_PARAGRAPH.CENTER
    header.paragraph_format.first_line_indent = Mm(0)
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    rpr = OxmlElement("w:rPr")
    size = OxmlElement("w:sz")
    size.set(qn("w:val"), "26")
    rpr.append(size)
    run.append(rpr)
    text = OxmlElement("w:t")
    text.text = "2"
    run.append(text)
    field.append(run)
    header._p.append(field)


# ---------------------------------------------------------------- building blocks


def _para(
    container,
    text: str = "",
    *,
    style: str | None = None,
    size: float | None = None,
    bold=None,
    italic=None,
    align=None,
    before=None,
    after=None,
    keep_next=None,
):
    p = container.add_paragraph(style=style)
    if text:
        run = p.add_run(text)
        if size:
            run.font.size = Pt(size)
        if bold is not None:
            run.font.bold = bold
        if italic is not None:
            run.font.italic = italic
    f = p.paragraph_format
    if align is not None:
        f.alignment = align
    if before is not None:
        f.space_before = Pt(before)
    if after is not None:
        f.space_after = Pt(after)
    if keep_next is not None:
        f.keep_with_next = keep_next
    return p


def _rule(container, text: str):
    """A solid line drawn with underscores, as the decree's own samples do, pulled up close to the text above."""
    p = _para(container, text, style="Thể thức", size=13, bold=False)
    p.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    p.paragraph_format.line_spacing = Pt(9)
    p.paragraph_format.space_after = Pt(4)
    return p


def _tag(container, tag: str):
    """A paragraph holding only a docxtpl paragraph tag ({%p … %}); it disappears when rendered."""
    return _para(container, tag, style="Thể thức")


def _borderless(table, widths_mm: list[float]) -> None:
    tbl = table._tbl
    tbl_pr = tbl.tblPr
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    tbl_pr.append(layout)
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "nil")
        borders.append(el)
    tbl_pr.append(borders)
    margins = OxmlElement("w:tblCellMar")
    for edge in ("left", "right"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:w"), "28")  # 0.5 mm: the columns are sized to the text they must hold on one line
        el.set(qn("w:type"), "dxa")
        margins.append(el)
    tbl_pr.append(margins)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for row in table.rows:
        for cell, width in zip(row.cells, widths_mm, strict=False):
            cell.width = Mm(width)
    for col, width in zip(table.columns, widths_mm, strict=False):
        col.width = Mm(width)


def _cant_split(row) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:cantSplit")
    tr_pr.append(el)


def _cell(table, row: int, col: int):
    cell = table.cell(row, col)
    cell.paragraphs[0]._p.getparent().remove(cell.paragraphs[0]._p)
    return cell


def header_block(doc, *, party: bool = False):
    """Ô 1–4 of the position diagram: a borderless 2×2 table so that Số and the date share a line.

    In the Party's format (HD 36-HD/VPTW, spec §4) the right column holds ĐẢNG CỘNG SẢN VIỆT NAM
    (15 pt bold, a line as long as it), the names are 14 pt, and an asterisk replaces the line
    under the issuing body."""
    size = 14 if party else 13
    table = doc.add_table(rows=2, cols=2)
    left_mm = PARTY_LEFT_MM if party else HEADER_LEFT_MM
    _borderless(table, [left_mm, TEXT_WIDTH_MM - left_mm])
    left = _cell(table, 0, 0)
    # Each name in the lines danvan breaks it into (or the unit gave): never wrapped by width alone.
    _tag(left, "{%p for line in co_quan_chu_quan_dong %}")
    _para(left, "{{ line }}", style="Thể thức", size=size, bold=False)
    _tag(left, "{%p endfor %}")
    _tag(left, "{%p for line in ten_co_quan_dong %}")
    _para(left, "{{ line }}", style="Thể thức", size=size, bold=True)
    _tag(left, "{%p endfor %}")
    if party:
        _para(left, "*", style="Thể thức", size=14)
    else:
        _rule(left, "{{ gach_co_quan }}")
    right = _cell(table, 0, 1)
    if party:
        _para(right, "ĐẢNG CỘNG SẢN VIỆT NAM", style="Thể thức", size=15, bold=True)
        _rule(right, PARTY_RULE)
    else:
        # One of the decree's sets, held together (PL I §II.1, §II.4): Quốc hiệu 12, Tiêu ngữ 13, date line 13.
        # (The other, 13/14/14, needs 96 mm for the Quốc hiệu beside the issuer's 68: more than the 165 mm line.)
        _para(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", style="Thể thức", size=12, bold=True)
        _para(right, "Độc lập - Tự do - Hạnh phúc", style="Thể thức", size=13, bold=True)
        _rule(right, MOTTO_RULE)
    number = _cell(table, 1, 0)
    _para(number, "{{ so_ky_hieu }}", style="Thể thức", size=14 if party else 13, before=6)
    date = _cell(table, 1, 1)
    _para(date, "{{ dia_danh_ngay }}", style="Thể thức", size=14 if party else 13, italic=True, before=6)
    return table


def title_block(doc, type_name: str, *, party: bool = False) -> None:
    """Ô 5a: tên loại and trích yếu centred, a short line under them (Party: tên loại 16 pt)."""
    _para(doc, type_name, style="Thể thức", size=16 if party else 14, bold=True, before=24, keep_next=True)
    _lines(doc, "trich_yeu_dong", size=14, bold=True)
    _rule(doc, "{{ gach_trich_yeu }}")


def _lines(doc, variable: str, *, size: float, bold: bool = False, italic: bool = False):
    """One centred paragraph whose lines are parted by line breaks where danvan breaks it (a clerk's Shift+Enter):
    a title, a trích yếu, a 'Kèm theo' line, never ending with one word alone."""
    p = _para(doc, style="Thể thức", keep_next=True)
    for text in (f"{{%r for line in {variable} %}}", "{{ line }}", "{%r if not loop.last %}", None, "{%r endif %}"):
        run = p.add_run(text) if text else p.add_run()
        if text is None:
            run.add_break()
        run.font.size, run.font.bold, run.font.italic = Pt(size), bold, italic
    p.add_run("{%r endfor %}")
    return p


def kinh_gui_block(doc) -> None:
    """Ô 9a: 'Kính gửi:' for a report sent upward; one recipient on the same line."""
    _tag(doc, "{%p if kinh_gui %}")
    _para(doc, "Kính gửi: {{ kinh_gui }}", style="Thể thức", size=14, before=6, after=6)
    _tag(doc, "{%p endif %}")


def body_blocks(doc, variable: str = "noi_dung") -> None:
    """Ô 6: the body, one paragraph per block; numbering (I., 1., a)) is text made by danvan."""
    _tag(doc, f"{{%p for b in {variable} %}}")
    _tag(doc, '{%p if b.kieu == "phan" or b.kieu == "phan_tieu_de" %}')
    _para(doc, "{{ b.van_ban }}", style="Phần")
    _tag(doc, '{%p elif b.kieu == "muc" %}')
    _para(doc, "{{ b.van_ban }}", style="Mục")
    _tag(doc, '{%p elif b.kieu == "khoan" %}')
    _para(doc, "{{ b.van_ban }}", style="Khoản")
    _tag(doc, '{%p elif b.kieu == "ket" %}')
    _para(doc, "{{ b.van_ban }}", style="Kết")
    _tag(doc, "{%p else %}")
    _para(doc, "{{ b.van_ban }}", style="Normal")
    _tag(doc, "{%p endif %}")
    _tag(doc, "{%p endfor %}")


def signature_block(doc) -> None:
    """Ô 9b (Nơi nhận, left) level with ô 7a (the signer's title, right), kept on one page."""
    table = doc.add_table(rows=1, cols=2)
    _borderless(table, [SIGN_LEFT_MM, SIGN_RIGHT_MM])
    _cant_split(table.rows[0])
    left = _cell(table, 0, 0)
    _para(left, "Nơi nhận:", style="Nơi nhận", size=12, bold=True, italic=True)
    _tag(left, "{%p for n in noi_nhan %}")
    _para(left, "{{ n }}", style="Nơi nhận")
    _tag(left, "{%p endfor %}")
    right = _cell(table, 0, 1)
    _tag(right, "{%p for d in chuc_vu_ky %}")
    _para(right, "{{ d }}", style="Thể thức", size=14, bold=True)
    _tag(right, "{%p endfor %}")
    for _ in range(4):  # room for the signature and the seal (ô 7c, 8)
        _para(right, "", style="Thể thức", size=14)
    _para(right, "{{ ho_ten_ky }}", style="Thể thức", size=14, bold=True)


def _new_document():
    doc = Document()
    body = doc.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    _defaults(doc)
    _page(doc)
    doc.core_properties.author = "danvan"
    doc.core_properties.title = ""
    doc.core_properties.comments = ""
    return doc


def _closing_space(doc) -> None:
    _para(doc, "", style="Thể thức", size=8, keep_next=True)


def build_plan_template(party: bool = False):
    doc = _new_document()
    header_block(doc, party=party)
    title_block(doc, "KẾ HOẠCH", party=party)
    body_blocks(doc)
    _closing_space(doc)
    signature_block(doc)
    return doc


def data_table(
    doc,
    *,
    condition: str,
    title: str | None,
    rows: str,
    heads: list[str],
    cells: list[str],
    widths: list[float],
    left: tuple = (1,),
    numbered: bool = False,
    cell_margin_mm: float | None = None,
    total: list[str] | None = None,
) -> None:
    """A ruled table filled row by row ({%tr for %}): inside the margins, header repeated on each page, rows never
    split; its title, header and first two rows kept together, so a page never ends on a title and one row."""
    _tag(doc, f"{{%p if {condition} %}}")
    if title:
        _para(doc, title, style="Thể thức", size=13, italic=True, before=6, after=3, keep_next=True)
    table = doc.add_table(rows=8, cols=len(heads))
    table.style = doc.styles["Table Grid"]
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    table._tbl.tblPr.append(layout)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for row in table.rows:
        _cant_split(row)
        for cell, width in zip(row.cells, widths, strict=False):
            cell.width = Mm(width)
    for col, width in zip(table.columns, widths, strict=False):
        col.width = Mm(width)
    if cell_margin_mm is not None:
        margins = OxmlElement("w:tblCellMar")
        for edge in ("left", "right"):
            el = OxmlElement(f"w:{edge}")
            el.set(qn("w:w"), str(round(cell_margin_mm * 56.7)))
            el.set(qn("w:type"), "dxa")
            margins.append(el)
        table._tbl.tblPr.append(margins)
    if numbered:  # a row (1), (2)… under the headers, as the decree's forms have
        numbers = table.add_row()
        numbers._tr.getparent().remove(numbers._tr)
        table.rows[0]._tr.addnext(numbers._tr)
        numbers = table.rows[1]
        numbers._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
        for i, cell in enumerate(numbers.cells, start=1):
            p = cell.paragraphs[0]
            p.style = doc.styles["Bảng"]
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            p.paragraph_format.keep_with_next = True
            p.add_run(f"({i})")
    header_row = table.rows[0]
    header_row._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))  # repeated on every page
    for cell, text in zip(header_row.cells, heads, strict=False):
        p = cell.paragraphs[0]
        p.style = doc.styles["Bảng"]
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.paragraph_format.keep_with_next = True
        p.add_run(text).font.bold = True
    # the first row (kept with the next) and the others: the same cells
    at = 2 if numbered else 1  # the first row after the header rows
    tags = {at: f"{{%tr for r in {rows} %}}", at + 1: "{%tr if loop.first %}", at + 3: "{%tr else %}"}
    for index, tag in {**tags, at + 5: "{%tr endif %}", at + 6: "{%tr endfor %}"}.items():
        table.cell(index, 0).paragraphs[0].add_run(tag)
    for row_index, keep in ((at + 2, True), (at + 4, False)):
        for i, (cell, text) in enumerate(zip(table.rows[row_index].cells, cells, strict=False)):
            p = cell.paragraphs[0]
            p.style = doc.styles["Bảng"]
            p.alignment = (
                WD_ALIGN_PARAGRAPH.LEFT if i in left else WD_ALIGN_PARAGRAPH.CENTER
            )  # text left, numbers centred
            p.paragraph_format.keep_with_next = keep
            p.add_run(text)
    if total is not None:  # a total row after the rows, in bold
        row = table.add_row()
        _cant_split(row)
        for i, (cell, text) in enumerate(zip(row.cells, total, strict=False)):
            p = cell.paragraphs[0]
            p.style = doc.styles["Bảng"]
            p.alignment = WD_ALIGN_PARAGRAPH.LEFT if i in left else WD_ALIGN_PARAGRAPH.CENTER
            p.add_run(text).font.bold = True
    _tag(doc, "{%p endif %}")


def figures_table(doc, *, last_year: bool, measure: bool = False, whole_year: bool | None = None) -> None:
    """A table of figures with their unit of measure: this period and the year to date (a unit's report) or
    this period alone (the consolidated report, and a unit's yearly report, whose period is the year: its one column
    is headed with the year), and last year's same period when there is data for it."""
    heads = ["TT", "Số liệu", "Đơn vị tính", "{{ bang_so_lieu.cot_nam }}" if whole_year else "Kỳ này"]
    cells = ["{{ r.tt }}", "{{ r.ten }}", "{{ r.dvt }}", "{{ r.ky_nay }}"]
    widths = [12, 91, 31, 31]
    if not measure and not whole_year:
        heads.append("Lũy kế năm")
        cells.append("{{ r.luy_ke }}")
        widths = [12, 71, 26, 28, 28]
    if last_year:
        heads += ["{{ bang_so_lieu.cot_nam_truoc }}" if whole_year else "Cùng kỳ năm trước", "So sánh"]
        cells += ["{{ r.cung_ky }}", "{{ r.so_sanh }}"]
        widths = [10, 45, 20, 22, 22, 24, 22] if not (measure or whole_year) else [12, 57, 24, 24, 24, 24]
    condition = "bang_so_lieu.dong and " + ("bang_so_lieu.co_cung_ky" if last_year else "not bang_so_lieu.co_cung_ky")
    if whole_year is not None:
        condition += " and " + ("bang_so_lieu.ca_nam" if whole_year else "not bang_so_lieu.ca_nam")
    data_table(
        doc,
        condition=condition,
        title="{{ bang_so_lieu.tieu_de }}",
        rows="bang_so_lieu.dong",
        heads=heads,
        cells=cells,
        widths=widths,
    )


def score_appendix(doc) -> None:
    """The yearly report's Phụ lục: the self-assessment table, in a section of its own numbered from 1.

    The section break sits inside the condition: without a score there is no break, and the
    document is one section (both sections are laid out alike for that reason)."""
    _tag(doc, "{%p if cham_diem %}")
    _section_numbered_from_one(doc)
    _para(doc, "Phụ lục", style="Thể thức", size=14, bold=True)
    _lines(doc, "cham_diem.tieu_de_dong", size=13, bold=True)
    _lines(doc, "cham_diem.kem_theo_dong", size=13, italic=True)
    _para(doc, "{{ cham_diem.can_cu }}", style="Thể thức", size=13, italic=True, after=6)
    data_table(
        doc,
        condition="cham_diem.dong and not cham_diem.tham_dinh",
        title=None,
        rows="cham_diem.dong",
        heads=["Mã", "Tiêu chí", "Điểm tối đa", "Điểm tự chấm"],
        cells=["{{ r.ma }}", "{{ r.ten }}", "{{ r.toi_da }}", "{{ r.diem }}"],
        widths=[14, 103, 24, 24],
    )
    # re-scored by the level above: both scores side by side, the band by the appraised one
    data_table(
        doc,
        condition="cham_diem.dong and cham_diem.tham_dinh",
        title=None,
        rows="cham_diem.dong",
        heads=["Mã", "Tiêu chí", "Điểm tối đa", "Điểm tự chấm", "Điểm thẩm định"],
        cells=["{{ r.ma }}", "{{ r.ten }}", "{{ r.toi_da }}", "{{ r.diem }}", "{{ r.tham_dinh }}"],
        widths=[14, 79, 24, 24, 24],
    )
    _para(doc, "{{ cham_diem.ket_luan }}", style="Normal", before=6)
    _tag(doc, "{%p endif %}")


def build_report_template(party: bool = False):
    doc = _new_document()
    header_block(doc, party=party)
    title_block(doc, "BÁO CÁO", party=party)
    kinh_gui_block(doc)
    body_blocks(doc, "phan_dau")
    for whole_year in (False, True):
        figures_table(doc, last_year=False, whole_year=whole_year)
        figures_table(doc, last_year=True, whole_year=whole_year)
    body_blocks(doc, "phan_sau")
    _closing_space(doc)
    signature_block(doc)
    score_appendix(doc)
    return doc


def _section_numbered_from_one(doc):
    """A new section on a new page, its pages numbered from 1, no number on its first (PL I §III.1.đ)."""
    from docx.enum.section import WD_SECTION

    section = doc.add_section(WD_SECTION.NEW_PAGE)
    section.different_first_page_header_footer = True
    section.header.is_linked_to_previous = False
    section.first_page_header.is_linked_to_previous = False
    numbering = OxmlElement("w:pgNumType")
    numbering.set(qn("w:start"), "1")
    section._sectPr.append(numbering)
    _page_number(section.header.paragraphs[0])
    return section


APPENDIX_COLUMN_MM = 25


def appendix(doc) -> None:
    """Phụ lục in a landscape section of its own, numbered from 1 (PL I §III.1; spec 1.2, 1.11): a matrix of the
    units and the figures, in as many tables as its columns need (one variant per column count, so that every
    column keeps its width)."""
    section = _section_numbered_from_one(doc)
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    _para(doc, "Phụ lục{{ phu_luc.so }}", style="Thể thức", size=14, bold=True)
    _lines(doc, "phu_luc.tieu_de_dong", size=13, bold=True)
    _lines(doc, "phu_luc.kem_theo_dong", size=13, italic=True)
    from danvan_cli.office_appendix import APPENDIX_COLUMNS

    width = 297 - 30 - 15
    _tag(doc, "{%p for b in phu_luc.bang %}")
    for n in range(1, APPENDIX_COLUMNS + 1):
        _tag(doc, f"{{%p if b.cot|length == {n} %}}")
        unit_mm = width - 10 - APPENDIX_COLUMNS * APPENDIX_COLUMN_MM
        data_table(
            doc,
            condition="b.dong",
            title=None,
            rows="b.dong",
            heads=["TT", "Đơn vị", *[f"{{{{ b.cot[{i}] }}}}" for i in range(n)]],
            cells=["{{ r.tt }}", "{{ r.don_vi }}", *[f"{{{{ r.o[{i}] }}}}" for i in range(n)]],
            widths=[10, unit_mm, *[APPENDIX_COLUMN_MM] * n],
            total=["", "Tổng cộng", *[f"{{{{ b.tong[{i}] }}}}" for i in range(n)]],
        )
        _tag(doc, "{%p endif %}")
    _para(doc, "", style="Thể thức", size=6)
    _tag(doc, "{%p endfor %}")
    # what the office received and could not sum: one line each, under the tables
    _tag(doc, "{%p for line in phu_luc.ghi_chu %}")
    _para(doc, "{{ line }}", style="Normal", size=12)
    _tag(doc, "{%p endfor %}")
    # Phụ lục II of a yearly consolidation: the units' scores, in a section of its own numbered from 1. The break
    # sits inside the condition: without scores, Phụ lục I ends the document, laid out as this section is.
    _tag(doc, "{%p if phu_luc_diem %}")
    second = _section_numbered_from_one(doc)
    second.orientation = WD_ORIENT.LANDSCAPE
    second.page_width, second.page_height = Mm(297), Mm(210)
    _para(doc, "Phụ lục II", style="Thể thức", size=14, bold=True)
    _lines(doc, "phu_luc_diem.tieu_de_dong", size=13, bold=True)
    _lines(doc, "phu_luc_diem.kem_theo_dong", size=13, italic=True)
    data_table(
        doc,
        condition="phu_luc_diem.dong",
        title=None,
        rows="phu_luc_diem.dong",
        heads=["TT", "Đơn vị", "Điểm tự chấm", "Điểm thẩm định", "Xếp loại"],
        cells=["{{ r.tt }}", "{{ r.don_vi }}", "{{ r.tu_cham }}", "{{ r.tham_dinh }}", "{{ r.xep_loai }}"],
        widths=[10, 112, 30, 30, 70],
        left=(1, 4),
    )
    _para(doc, "{{ phu_luc_diem.ket_luan }}", style="Normal", before=6)
    _tag(doc, "{%p endif %}")


def build_consolidated_template():
    doc = _new_document()
    header_block(doc)
    title_block(doc, "BÁO CÁO")
    kinh_gui_block(doc)
    body_blocks(doc, "phan_dau")
    figures_table(doc, last_year=False, measure=True)
    figures_table(doc, last_year=True, measure=True)
    body_blocks(doc, "phan_sau")
    _closing_space(doc)
    signature_block(doc)
    appendix(doc)
    return doc


# A công văn's "Kính gửi:" with several recipients (Mẫu 1.5): the words indented ≈ 35 mm, the recipients ≈ 45 mm.
LETTER_TO_MM = 35
LETTER_RECIPIENT_MM = 45


def letter_recipients_block(doc) -> None:
    """Ô 9a of a công văn: one recipient centred on the line, as a report's; several one a line under 'Kính gửi:',
    each '- …;' (Mẫu 1.5), a long name wrapping under itself."""
    _tag(doc, "{%p if kinh_gui %}")
    _para(doc, "Kính gửi: {{ kinh_gui }}", style="Thể thức", size=14, before=12, after=6)
    _tag(doc, "{%p else %}")
    p = _para(doc, "Kính gửi:", style="Thể thức", size=14, before=12, align=WD_ALIGN_PARAGRAPH.LEFT, keep_next=True)
    p.paragraph_format.left_indent = Mm(LETTER_TO_MM)
    _tag(doc, "{%p for n in kinh_gui_dong %}")
    p = _para(doc, "{{ n }}", style="Thể thức", size=14, align=WD_ALIGN_PARAGRAPH.LEFT, keep_next=True)
    p.paragraph_format.left_indent = Mm(LETTER_RECIPIENT_MM + 3)
    p.paragraph_format.first_line_indent = Mm(-3)  # the dash stands out, the name wraps under itself
    _tag(doc, "{%p endfor %}")
    _para(doc, "", style="Thể thức", size=6)
    _tag(doc, "{%p endif %}")


def outline_appendix(doc) -> None:
    """The outline a công văn sends (Mẫu 2.1): 'Phụ lục', its title, '(Kèm theo Công văn số …)' with a short line
    under it, in a section of its own numbered from 1; then the report's parts and headings, each with what goes
    there, and the figures wanted (name, unit of measure; the unit's values to fill), where the outline places
    them. The section break sits inside the condition, as the score appendix's."""
    _tag(doc, "{%p if phu_luc_de_cuong %}")
    _section_numbered_from_one(doc)
    _para(doc, "Phụ lục", style="Thể thức", size=14, bold=True)
    _lines(doc, "phu_luc_de_cuong.tieu_de_dong", size=13, bold=True)
    _lines(doc, "phu_luc_de_cuong.kem_theo_dong", size=13, italic=True)
    _rule(doc, "{{ phu_luc_de_cuong.gach }}")
    body_blocks(doc, "phu_luc_de_cuong.dau")
    data_table(
        doc,
        condition="phu_luc_de_cuong.so_lieu",
        title="{{ phu_luc_de_cuong.tieu_de_bang }}",
        rows="phu_luc_de_cuong.so_lieu",
        heads=["TT", "Số liệu", "Đơn vị tính", "Kỳ báo cáo", "Lũy kế năm"],
        cells=["{{ r.tt }}", "{{ r.ten }}", "{{ r.dvt }}", "", ""],
        widths=[12, 75, 28, 25, 25],
    )
    body_blocks(doc, "phu_luc_de_cuong.sau")
    _tag(doc, "{%p endif %}")


def build_letter_template(party: bool = False):
    """Công văn (NĐ 30 Phụ lục III, Mẫu 1.5): no tên loại; its trích yếu 'V/v …' under the number, on the left
    (12 pt, 6 pt below it; the Party's 12 pt italic, HD 36); 'Kính gửi'; the body; the signature and Nơi nhận;
    the outline as its Phụ lục when it sends one."""
    doc = _new_document()
    table = header_block(doc, party=party)
    number = table.cell(1, 0)
    subject = _lines(number, "trich_yeu_dong", size=12, italic=party)
    subject.paragraph_format.space_before = Pt(6)
    letter_recipients_block(doc)
    body_blocks(doc)
    _closing_space(doc)
    signature_block(doc)
    outline_appendix(doc)
    return doc


def build_register_template():
    """Sổ đăng ký văn bản đi, as NĐ 30 Phụ lục IV, mục I shows it: the cover (1. Bìa và trang đầu) on a portrait
    page, then the ten columns (2. Nội dung đăng ký văn bản đi) on landscape pages, numbered (1) … (10)."""
    from docx.enum.section import WD_SECTION

    doc = _new_document()
    doc.sections[0].different_first_page_header_footer = True
    # the cover: a framed page, the names at its top, the book's title, year, dates, numbers and volume
    frame = doc.add_table(rows=1, cols=1)
    frame.style = doc.styles["Table Grid"]
    frame.alignment = WD_TABLE_ALIGNMENT.CENTER
    frame.autofit = False
    frame.columns[0].width = frame.rows[0].cells[0].width = Mm(140)
    cover = _cell(frame, 0, 0)
    _para(cover, "", style="Thể thức", size=13, before=12)
    _tag(cover, "{%p for line in co_quan_chu_quan_dong %}")
    _para(cover, "{{ line }}", style="Thể thức", size=13)
    _tag(cover, "{%p endfor %}")
    _tag(cover, "{%p for line in ten_co_quan_dong %}")
    _para(cover, "{{ line }}", style="Thể thức", size=13, bold=True)
    _tag(cover, "{%p endfor %}")
    _para(cover, "SỔ ĐĂNG KÝ VĂN BẢN ĐI", style="Thể thức", size=16, bold=True, before=96)
    _para(cover, "Năm: {{ nam }}", style="Thể thức", size=14, italic=True, before=36)
    _para(cover, "Từ ngày {{ tu_ngay }} đến ngày {{ den_ngay }}", style="Thể thức", size=14, italic=True, before=24)
    _para(cover, "Từ số {{ tu_so }} đến số {{ den_so }}", style="Thể thức", size=14, italic=True, before=6)
    _para(cover, "Quyển số: {{ quyen_so }}", style="Thể thức", size=14, bold=True, before=144, after=24)
    # the entries, on landscape pages of their own
    section = doc.add_section(WD_SECTION.NEW_PAGE)
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    _para(doc, "SỔ ĐĂNG KÝ VĂN BẢN ĐI NĂM {{ nam }}", style="Thể thức", size=13, bold=True, after=6)
    # widths: each header word and a ký hiệu such as 06/BC-MNHA (25.4 mm at 12 pt) fit whole in their column
    data_table(
        doc,
        condition="dong",
        title=None,
        rows="dong",
        heads=[
            "Số, ký hiệu văn bản",
            "Ngày tháng văn bản",
            "Tên loại và trích yếu nội dung văn bản",
            "Người ký",
            "Nơi nhận văn bản",
            "Đơn vị, người nhận bản lưu",
            "Số lượng bản",
            "Ngày chuyển",
            "Ký nhận",
            "Ghi chú",
        ],
        cells=[
            "{{ r.so_ky_hieu }}",
            "{{ r.ngay }}",
            "{{ r.trich_yeu }}",
            "{{ r.nguoi_ky }}",
            "{{ r.noi_nhan }}",
            "{{ r.luu }}",
            "{{ r.so_luong }}",
            "{{ r.ngay_chuyen }}",
            "",
            "{{ r.ghi_chu }}",
        ],
        widths=[30, 22, 56, 28, 34, 22, 14, 16, 14, 16],
        left=(2, 4),
        numbered=True,
        cell_margin_mm=1.0,
    )
    return doc


def main(out: Path = OUT) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    written = []
    builds = (
        ("ke-hoach.docx", build_plan_template),
        ("bao-cao.docx", build_report_template),
        ("bao-cao-tong-hop.docx", build_consolidated_template),
        ("ke-hoach-dang.docx", lambda: build_plan_template(party=True)),
        ("bao-cao-dang.docx", lambda: build_report_template(party=True)),
        ("so-van-ban-di.docx", build_register_template),
        ("cong-van.docx", build_letter_template),
        ("cong-van-dang.docx", lambda: build_letter_template(party=True)),
    )
    for name, build in builds:
        path = out / name
        build().save(path)
        written.append(path)
    return written


if __name__ == "__main__":
    for p in main(Path(sys.argv[1]) if len(sys.argv) > 1 else OUT):
        print(p)
