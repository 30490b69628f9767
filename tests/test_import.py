"""`danvan import`: a Kế hoạch written in Word read back into unit.yaml and plan.yaml.

Round trips (danvan's own documents give back the same text and data), generated plans (Hypothesis), plans typed
by hand in Word three ways, and what must be refused or marked."""

from __future__ import annotations

import io
import re
import resource
import shutil
import time
import zipfile
from pathlib import Path

import pytest
from conftest import ROOT, SEED_PLANS, docx_paragraphs, examples, norm
from helpers import edit, located, made_plan, seed_copy, unit_args
from hypothesis import example, given, settings
from hypothesis import strategies as st

EXAMPLES = ROOT / "examples"


# ---------------------------------------------------------------- helpers


def load_models(plans: Path, unit: str, year: int):
    from danvan_cli.models import Plan, Unit
    from danvan_cli.validation import validate
    from danvan_cli.yamlsource import load

    return (
        validate(load(plans / unit / "unit.yaml"), Unit),
        validate(load(plans / unit / str(year) / "plan.yaml"), Plan),
    )


def printed_unit(unit) -> dict:
    """What a plan prints of its unit. Names, authority lines and the signer's title are printed in capitals
    (compared in capitals: their case is recovered from the running text where it names them, not always);
    co_quan_cap_tren is printed only as the first line of Nơi nhận, so the recipients are compared as printed;
    xung_ho, nhiem_ky, mau, bao_cao and tong_hop are not printed in a plan."""
    from danvan_cli.vnformat import upper

    def name(text):
        return upper(" ".join((text or "").split())) or None

    return {
        "co_quan_chu_quan": name(unit.co_quan_chu_quan),
        "ten_co_quan": name(unit.ten_co_quan),
        "chu_viet_tat": unit.chu_viet_tat,
        "dia_danh": unit.dia_danh,
        "the_thuc": unit.the_thuc,
        "signer": unit.nguoi_ky.title_lines() + [unit.nguoi_ky.ho_ten],
        "recipients": ([unit.co_quan_cap_tren] if unit.co_quan_cap_tren else []) + list(unit.noi_nhan),
        "luu": unit.luu,
    }


def printed_plan(plan) -> dict:
    """What a plan prints of its own data. Not printed, so left out: a task's id (ma), ten_ngan, han and phu_trach;
    whether an item is a tracked task (nhiem_vu) or not (muc) — both print as 1., 2. … in order, so the items are
    compared in printed order; chu_de (the subject, used only in file names and reports); so_lieu. A heading of an
    item below 1. prints as its first paragraph, so it is compared as one. A part's heading prints in capitals."""
    from danvan_cli.vnformat import collapse_whitespace, upper

    def item(i, depth):
        texts = list(i.noi_dung)
        heading = i.tieu_de
        if heading and depth > 1:
            texts, heading = [heading, *texts], None
        return {
            "tieu_de": heading,
            "noi_dung": [collapse_whitespace(t) for t in texts],
            "muc": [item(c, depth + 1) for c in i.children],
        }

    def section(s):
        return {
            "tieu_de": s.tieu_de,
            "noi_dung": [collapse_whitespace(t) for t in s.noi_dung],
            "items": [item(i, 1) for i in s.items],
        }

    return {
        "so": plan.so,
        "ngay": plan.ngay,
        "trich_yeu": [collapse_whitespace(x) for x in plan.trich_yeu.split("\n")],
        "mo_dau": [collapse_whitespace(t) for t in plan.mo_dau],
        "muc": [section(s) for s in plan.muc],
        "phan": [
            {"tieu_de": upper(p.tieu_de), "noi_dung": p.noi_dung, "muc": [section(s) for s in p.muc]} for p in plan.phan
        ],
        "danh_so": plan.danh_so.model_dump() if plan.phan or plan.danh_so.diem != "chu_cai" else None,
        "ket_luan": [collapse_whitespace(t) for t in plan.ket_luan],
        "che_do_bao_cao": [(d.ky, d.han_nop) for d in plan.che_do_bao_cao],
    }


def round_trip(cli, tmp_path: Path, plans: Path, unit: str, year: int) -> tuple[list[str], list[str]]:
    """plan → import (into a fresh plans folder) → plan: both documents' paragraphs, and the data compared."""
    first = made_plan(cli, plans, tmp_path / "first", unit, year)
    fresh = tmp_path / "fresh"
    result = cli("import", first, "--plans-dir", fresh, "--unit", unit, "--year", year)
    assert result.exit_code == 0, result.stderr
    assert "không xếp được" not in result.stderr, result.stderr
    second = made_plan(cli, fresh, tmp_path / "second", unit, year)
    unit_a, plan_a = load_models(plans, unit, year)
    unit_b, plan_b = load_models(fresh, unit, year)
    assert printed_unit(unit_b) == printed_unit(unit_a)
    assert printed_plan(plan_b) == printed_plan(plan_a)
    return docx_paragraphs(first), docx_paragraphs(second)


def with_a_plan(tmp_path: Path, unit: str) -> tuple[Path, int]:
    """An example unit with a plan to render: its own, or — for the units whose example is a report — the seed's plan
    carried to its year (so that its letterhead, number, signer and format are read back too)."""
    from danvan_cli.carry_over import carry_over_text

    plans = tmp_path / "examples"
    shutil.copytree(EXAMPLES / unit, plans / unit)
    (year_dir,) = [p for p in (plans / unit).iterdir() if p.is_dir() and p.name.isdigit()]
    year = int(year_dir.name)
    if not (year_dir / "plan.yaml").exists():
        seed = (SEED_PLANS / "mn-hung-an/2022/plan.yaml").read_text(encoding="utf-8")
        text, _, _ = carry_over_text(seed, 2022, year, so=3, ngay=None)
        # the regime's sentence cites its dates as the schedule gives them
        text = text.replace("15/5/2022", f"15/5/{year}").replace("15/11/2022", f"15/11/{year}")
        (year_dir / "plan.yaml").write_text(text, encoding="utf-8")
    return plans, year


# ---------------------------------------------------------------- round trips


def test_the_seed_round_trips(cli, tmp_path):
    first, second = round_trip(cli, tmp_path, SEED_PLANS, "mn-hung-an", 2022)
    assert second == first
    _, plan = load_models(tmp_path / "fresh", "mn-hung-an", 2022)
    assert [(d.ky, str(d.han_nop)) for d in plan.che_do_bao_cao] == [("6m", "2022-05-15"), ("year", "2022-11-15")]
    _, seed = load_models(SEED_PLANS, "mn-hung-an", 2022)
    assert [t.ma for t in plan.tasks] == [t.ma for t in seed.tasks]  # the ids danvan wrote into its document


@pytest.mark.parametrize("unit", sorted(p.name for p in EXAMPLES.iterdir() if p.is_dir()))
def test_every_example_round_trips(cli, tmp_path, unit):
    plans, year = with_a_plan(tmp_path, unit)
    first, second = round_trip(cli, tmp_path, plans, unit, year)
    assert second == first


# ---------------------------------------------------------------- plans typed by hand in Word

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _run(paragraph, text: str, *, bold: bool = False, font: str | None = None):
    run = paragraph.add_run(text)
    run.bold = bold
    if font:
        run.font.name = font
    return run


def _line(doc, text: str = "", *, bold: bool = False, center: bool = False):
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    p = doc.add_paragraph()
    if text:
        _run(p, text, bold=bold)
    if center:
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    return p


def typed_with_tabs(path: Path, extra: list[str] | None = None) -> Path:
    """A clerk's plan: numbers typed, the header laid out with tabs, the signature after Nơi nhận with tabs."""
    from docx import Document

    doc = Document()
    p = doc.add_paragraph()
    _run(p, "UBND XÃ XUÂN PHƯƠNG")
    _run(p, "\t\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold=True)
    p = doc.add_paragraph()
    _run(p, "TRƯỜNG TIỂU HỌC XUÂN PHƯƠNG\t\tĐộc lập - Tự do - Hạnh phúc", bold=True)
    _line(doc, "Số: 12/KH-THXP\t\tXuân Phương, ngày 10 tháng 01 năm 2024")
    _line(doc)
    _line(doc, "KẾ HOẠCH", bold=True, center=True)
    _line(doc, "Thực hiện công tác dân vận chính quyền năm 2024", bold=True, center=True)
    _line(doc)
    _line(
        doc,
        "Căn cứ Kế hoạch số 05/KH-UBND ngày 05/01/2024 của UBND xã Xuân Phương, Trường Tiểu học Xuân Phương xây "
        "dựng kế hoạch như sau:",
    )
    _line(doc, "I. MỤC ĐÍCH, YÊU CẦU", bold=True)
    _line(doc, "- Nâng cao nhận thức của cán bộ, giáo viên về công tác dân vận.")
    for text in extra or []:
        _line(doc, text)
    _line(doc, "II. NHIỆM VỤ TRỌNG TÂM", bold=True)
    _line(doc, "1. Tuyên truyền, phổ biến chủ trương của Đảng.")
    _line(doc, "a) Qua các buổi sinh hoạt chuyên môn;")
    _line(doc, "b) Qua hội nghị cha mẹ học sinh.")
    _line(doc, "2. Thực hiện quy chế dân chủ trong trường học.")
    _line(doc, "III. TỔ CHỨC THỰC HIỆN", bold=True)
    _line(doc, "- Báo cáo sơ kết 6 tháng trước ngày 15/5/2024, báo cáo tổng kết năm trước ngày 15/11/2024.")
    _line(doc, "Trên đây là kế hoạch thực hiện công tác dân vận chính quyền năm 2024 của nhà trường./.")
    _line(doc)
    p = doc.add_paragraph()
    _run(p, "Nơi nhận:", bold=True)
    _run(p, "\t\t\tHIỆU TRƯỞNG", bold=True)
    _line(doc, "- UBND xã Xuân Phương;")
    _line(doc, "- Lưu: VT.")
    _line(doc)
    _line(doc, "\t\t\tNguyễn Văn An", bold=True)
    doc.save(str(path))
    return path


def _numbering(doc) -> None:
    """A multilevel list as Word makes it: I., 1., a), then a bullet, in numbering.xml (numId 7)."""
    from lxml import etree

    numbering = doc.part.numbering_part.element
    levels = [("upperRoman", "%1."), ("decimal", "%2."), ("lowerLetter", "%3)"), ("bullet", "\uf0b7")]
    xml = f'<w:abstractNum xmlns:w="{W_NS}" w:abstractNumId="90"><w:multiLevelType w:val="multilevel"/>'
    for i, (fmt, text) in enumerate(levels):
        xml += f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/></w:lvl>'
    xml += "</w:abstractNum>"
    numbering.insert(0, etree.fromstring(xml))
    numbering.append(etree.fromstring(f'<w:num xmlns:w="{W_NS}" w:numId="7"><w:abstractNumId w:val="90"/></w:num>'))


def _listed(doc, text: str, level: int, *, bold: bool = False):
    from lxml import etree

    p = _line(doc, text, bold=bold)
    p._p.get_or_add_pPr().append(
        etree.fromstring(f'<w:numPr xmlns:w="{W_NS}"><w:ilvl w:val="{level}"/><w:numId w:val="7"/></w:numPr>')
    )
    return p


def word_numbered_with_table(path: Path) -> Path:
    """Word's own list numbering (numbering.xml), the header in a table whose right column is merged over two rows,
    the signature beside Nơi nhận in a table."""
    from docx import Document

    doc = Document()
    _numbering(doc)
    table = doc.add_table(rows=3, cols=2)
    table.cell(0, 0).paragraphs[0].add_run("SỞ GD&ĐT TỈNH HƯNG YÊN")
    _run(table.cell(1, 0).paragraphs[0], "TRƯỜNG THPT KIM ĐỘNG", bold=True)
    merged = table.cell(0, 1).merge(table.cell(1, 1))
    _run(merged.paragraphs[0], "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold=True)
    _run(merged.add_paragraph(), "Độc lập - Tự do - Hạnh phúc", bold=True)
    table.cell(2, 0).paragraphs[0].add_run("Số: 07/KH-THPTKĐ")
    table.cell(2, 1).paragraphs[0].add_run("Kim Động, ngày 15 tháng 02 năm 2024")
    _line(doc, "KẾ HOẠCH", bold=True, center=True)
    _line(doc, "Triển khai công tác dân vận chính quyền năm 2024", bold=True, center=True)
    _line(doc, "Thực hiện Kế hoạch của Sở Giáo dục và Đào tạo, Trường THPT Kim Động xây dựng kế hoạch như sau:")
    _listed(doc, "MỤC ĐÍCH, YÊU CẦU", 0, bold=True)
    _listed(doc, "Nâng cao chất lượng công tác dân vận trong nhà trường.", 1)
    _listed(doc, "NHIỆM VỤ VÀ GIẢI PHÁP", 0, bold=True)
    _listed(doc, "Tuyên truyền", 1, bold=True)
    _line(doc, "Tuyên truyền đến cán bộ, giáo viên, học sinh:")
    _listed(doc, "Qua bảng tin của nhà trường;", 2)
    _listed(doc, "Qua trang thông tin điện tử.", 2)
    _listed(doc, "Cải cách hành chính, tiếp công dân đúng quy định.", 1)
    _listed(doc, "Đăng tải công khai thủ tục.", 3)
    _line(doc, "Trên đây là kế hoạch công tác dân vận chính quyền năm 2024 của Trường THPT Kim Động./.")
    sign = doc.add_table(rows=1, cols=2)
    left, right = sign.cell(0, 0), sign.cell(0, 1)
    _run(left.paragraphs[0], "Nơi nhận:", bold=True)
    left.add_paragraph("- Sở GD&ĐT (để b/c);")
    left.add_paragraph("- Lưu: VT, CM.")
    _run(right.paragraphs[0], "KT. HIỆU TRƯỞNG", bold=True)
    _run(right.add_paragraph(), "PHÓ HIỆU TRƯỞNG", bold=True)
    right.add_paragraph("")
    _run(right.add_paragraph(), "Lê Thị Hoa", bold=True)
    doc.save(str(path))
    return path


def _text_box(doc, lines: list[tuple[str, bool]]):
    """A paragraph anchoring a text box (DrawingML, with the VML copy Word writes for older readers)."""
    from xml.sax.saxutils import escape

    from lxml import etree

    ns = (
        f'xmlns:w="{W_NS}" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
        'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
        'xmlns:v="urn:schemas-microsoft-com:vml" '
        'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
        'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"'
    )
    body = "".join(
        f'<w:p><w:r>{"<w:rPr><w:b/></w:rPr>" if bold else ""}<w:t xml:space="preserve">{escape(text)}</w:t></w:r></w:p>'
        for text, bold in lines
    )
    box = f"<w:txbxContent>{body}</w:txbxContent>"
    run = etree.fromstring(
        f'<w:r {ns}><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor><a:graphic>'
        f"<a:graphicData><wps:wsp><wps:txbx>{box}</wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor>"
        f"</w:drawing></mc:Choice><mc:Fallback><w:pict><v:shape><v:textbox>{box}</v:textbox></v:shape></w:pict>"
        "</mc:Fallback></mc:AlternateContent></w:r>"
    )
    p = doc.add_paragraph()
    p._p.append(run)
    return p


def boxes_and_habits(path: Path) -> Path:
    """The header in two text boxes, Arial, manual line breaks, words split across runs, spaces to align, empty
    paragraphs for spacing, a page-number field in the body, text in decomposed Unicode (NFD)."""
    import unicodedata

    from docx import Document
    from lxml import etree

    def nfd(text: str) -> str:
        return unicodedata.normalize("NFD", text)

    doc = Document()
    doc.sections[0].header.paragraphs[0].add_run("Trang đầu (đầu trang không được đọc)")
    _text_box(
        doc,
        [(nfd("PHÒNG GD&ĐT TIÊN LỮ"), False), (nfd("TRƯỜNG MẦM NON THỊ TRẤN"), True), ("Số:   03/KH-MNTT", False)],
    )
    _text_box(
        doc,
        [
            ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", True),
            ("Độc lập - Tự do - Hạnh phúc", True),
            (nfd("Thị trấn Vương, ngày 20 tháng 01 năm 2025"), False),
        ],
    )
    _line(doc)
    _line(doc)
    p = _line(doc, center=True)
    _run(p, "KẾ HOẠ", bold=True, font="Arial")
    _run(p, "CH", bold=True, font="Arial")
    p = _line(doc, center=True)
    _run(p, nfd("Công tác dân vận chính quyền"), bold=True, font="Arial").add_break()
    _run(p, nfd("năm 2025"), bold=True, font="Arial")
    _line(doc, "_______")
    _line(doc)
    p = _line(doc)
    _run(p, nfd("Thực hiện hướng dẫn của Phòng Giáo dục và Đào tạo,  Trường Mầm non Thị trấn xây "), font="Arial")
    _run(p, "dựng kế hoạch như sau:", font="Arial")
    _line(doc)
    _line(doc, "I.   MỤC ĐÍCH", bold=True)
    _line(doc, "Gần dân, trọng dân.")
    _line(doc)
    _line(doc, "II.  NỘI DUNG", bold=True)
    p = _line(doc)
    _run(p, "1.    Tuyên tr", font="Arial")
    _run(p, nfd("uyền về công tác dân vận"), font="Arial").add_break()
    _run(p, nfd("đến toàn thể cán bộ, giáo viên."), font="Arial")
    _line(doc)
    _line(doc, nfd("2.  Phối hợp với cha mẹ trẻ."))
    p = _line(doc)
    fld = (
        f'<w:r xmlns:w="{W_NS}"><w:fldChar w:fldCharType="begin"/></w:r>'
        f'<w:r xmlns:w="{W_NS}"><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
        f'<w:r xmlns:w="{W_NS}"><w:fldChar w:fldCharType="separate"/></w:r>'
        f'<w:r xmlns:w="{W_NS}"><w:t>2</w:t></w:r>'
        f'<w:r xmlns:w="{W_NS}"><w:fldChar w:fldCharType="end"/></w:r>'
    )
    for run in etree.fromstring(f"<x>{fld}</x>"):
        p._p.append(run)
    _line(doc, "Trên đây là kế hoạch của nhà trường./.")
    _line(doc)
    _line(doc, "Nơi nhận:", bold=True)
    _line(doc, "- Như trên;")
    _line(doc, "- Lưu: VT.")
    _line(doc, "HIỆU TRƯỞNG", bold=True, center=True)
    _line(doc)
    _line(doc)
    _line(doc, nfd("Trần Thị Bình"), bold=True, center=True)
    doc.save(str(path))
    return path


def imported(cli, tmp_path: Path, source: Path, *args: str):
    plans = tmp_path / "plans"
    result = cli("import", source, "--plans-dir", plans, *args)
    return result, plans


def data_of(path: Path) -> dict:
    from danvan_cli.yamlsource import load

    return load(path).data


def test_typed_numbers_and_a_header_laid_out_with_tabs(cli, tmp_path):
    source = typed_with_tabs(tmp_path / "Ke hoach 2024.docx")
    result, plans = imported(cli, tmp_path, source, "--unit", "th-xuan-phuong")
    assert result.exit_code == 0, result.stderr
    assert data_of(plans / "th-xuan-phuong/unit.yaml") == {
        "co_quan_chu_quan": "UBND xã Xuân Phương",  # as the opening writes it
        "ten_co_quan": "Trường Tiểu học Xuân Phương",
        "chu_viet_tat": "THXP",
        "dia_danh": "Xuân Phương",
        "nguoi_ky": {"chuc_vu": "Hiệu trưởng", "ho_ten": "Nguyễn Văn An"},
        "noi_nhan": ["UBND xã Xuân Phương"],
        "luu": "VT",
    }
    assert data_of(plans / "th-xuan-phuong/2024/plan.yaml") == {
        "so": 12,
        "ngay": "2024-01-10",
        "chu_de": "công tác dân vận chính quyền",
        "trich_yeu": "Thực hiện công tác dân vận chính quyền năm 2024",
        "mo_dau": [
            "Căn cứ Kế hoạch số 05/KH-UBND ngày 05/01/2024 của UBND xã Xuân Phương, Trường Tiểu học Xuân Phương "
            "xây dựng kế hoạch như sau:"
        ],
        "muc": [
            {
                "tieu_de": "MỤC ĐÍCH, YÊU CẦU",
                "noi_dung": "- Nâng cao nhận thức của cán bộ, giáo viên về công tác dân vận.",
            },
            {
                "tieu_de": "NHIỆM VỤ TRỌNG TÂM",
                "nhiem_vu": [
                    {
                        "ma": "tuyen-truyen-pho-bien",
                        "noi_dung": "Tuyên truyền, phổ biến chủ trương của Đảng.",
                        "muc": [
                            {"noi_dung": "Qua các buổi sinh hoạt chuyên môn;"},
                            {"noi_dung": "Qua hội nghị cha mẹ học sinh."},
                        ],
                    },
                    {"ma": "quy-che-dan-chu", "noi_dung": "Thực hiện quy chế dân chủ trong trường học."},
                ],
            },
            {
                "tieu_de": "TỔ CHỨC THỰC HIỆN",
                "noi_dung": "- Báo cáo sơ kết 6 tháng trước ngày 15/5/2024, báo cáo tổng kết năm trước ngày 15/11/2024.",
            },
        ],
        "ket_luan": "Trên đây là kế hoạch thực hiện công tác dân vận chính quyền năm 2024 của nhà trường./.",
        "che_do_bao_cao": [{"ky": "6m", "han_nop": "2024-05-15"}, {"ky": "year", "han_nop": "2024-11-15"}],
    }
    assert cli("validate", "--plans-dir", plans).exit_code == 0
    assert cli("plan", "--plans-dir", plans, "-o", tmp_path / "out").exit_code == 0


def test_word_list_numbering_and_a_header_table_with_merged_cells(cli, tmp_path):
    source = word_numbered_with_table(tmp_path / "kh.docx")
    result, plans = imported(cli, tmp_path, source)
    assert result.exit_code == 0, result.stderr
    unit = "thpt-kim-dong"  # the folder named after the unit, as new-plan proposes it
    assert data_of(plans / unit / "unit.yaml") == {
        "co_quan_chu_quan": "SỞ GD&ĐT TỈNH HƯNG YÊN",  # never written in the running text: kept as printed
        "ten_co_quan": "Trường THPT Kim Động",
        "chu_viet_tat": "THPTKĐ",
        "dia_danh": "Kim Động",
        "nguoi_ky": {"quyen_han": "KT. Hiệu trưởng", "chuc_vu": "Phó Hiệu trưởng", "ho_ten": "Lê Thị Hoa"},
        "noi_nhan": ["Sở GD&ĐT (để b/c)"],
        "luu": "VT, CM",
    }
    assert data_of(plans / unit / "2024/plan.yaml") == {
        "so": 7,
        "ngay": "2024-02-15",
        "chu_de": "công tác dân vận chính quyền",
        "trich_yeu": "Triển khai công tác dân vận chính quyền năm 2024",
        "mo_dau": ["Thực hiện Kế hoạch của Sở Giáo dục và Đào tạo, Trường THPT Kim Động xây dựng kế hoạch như sau:"],
        "muc": [
            {
                "tieu_de": "MỤC ĐÍCH, YÊU CẦU",
                "muc": [{"noi_dung": "Nâng cao chất lượng công tác dân vận trong nhà trường."}],
            },
            {
                "tieu_de": "NHIỆM VỤ VÀ GIẢI PHÁP",
                "nhiem_vu": [
                    {
                        "ma": "tuyen-truyen",
                        "tieu_de": "Tuyên truyền",
                        "noi_dung": "Tuyên truyền đến cán bộ, giáo viên, học sinh:",
                        "muc": [
                            {"noi_dung": "Qua bảng tin của nhà trường;"},
                            {"noi_dung": "Qua trang thông tin điện tử."},
                        ],
                    },
                    {
                        "ma": "cai-cach-hanh-chinh",
                        "noi_dung": [
                            "Cải cách hành chính, tiếp công dân đúng quy định.",
                            "- Đăng tải công khai thủ tục.",  # Word's bullet (a Symbol glyph) as the decree's '-'
                        ],
                    },
                ],
            },
        ],
        "ket_luan": "Trên đây là kế hoạch công tác dân vận chính quyền năm 2024 của Trường THPT Kim Động./.",
    }
    assert "che_do_bao_cao" in (plans / unit / "2024/plan.yaml").read_text(encoding="utf-8")  # a commented example


def test_text_boxes_line_breaks_split_runs_fields_and_decomposed_unicode(cli, tmp_path):
    source = boxes_and_habits(tmp_path / "kh.docx")
    result, plans = imported(cli, tmp_path, source, "--unit", "mn-thi-tran")
    assert result.exit_code == 0, result.stderr
    assert data_of(plans / "mn-thi-tran/unit.yaml") == {
        "co_quan_chu_quan": "PHÒNG GD&ĐT TIÊN LỮ",
        "ten_co_quan": "Trường Mầm non Thị trấn",
        "chu_viet_tat": "MNTT",
        "dia_danh": "Thị trấn Vương",
        "nguoi_ky": {"chuc_vu": "Hiệu trưởng", "ho_ten": "Trần Thị Bình"},
        "noi_nhan": ["Như trên"],
        "luu": "VT",
    }
    assert data_of(plans / "mn-thi-tran/2025/plan.yaml") == {
        "so": 3,
        "ngay": "2025-01-20",
        "chu_de": "công tác dân vận chính quyền",
        "trich_yeu": ["Công tác dân vận chính quyền", "năm 2025"],  # the clerk's own line break kept
        "mo_dau": [
            # the two spaces are kept, as a blank a clerk leaves is kept
            "Thực hiện hướng dẫn của Phòng Giáo dục và Đào tạo,  Trường Mầm non Thị trấn xây dựng kế hoạch như sau:"
        ],
        "muc": [
            {"tieu_de": "MỤC ĐÍCH", "noi_dung": "Gần dân, trọng dân."},
            {
                "tieu_de": "NỘI DUNG",
                "nhiem_vu": [
                    {
                        "ma": "tuyen-truyen-dan-van",
                        "noi_dung": "Tuyên truyền về công tác dân vận đến toàn thể cán bộ, giáo viên.",
                    },
                    {"ma": "phoi-hop-cha-me", "noi_dung": "Phối hợp với cha mẹ trẻ."},
                ],
            },
        ],
        "ket_luan": "Trên đây là kế hoạch của nhà trường./.",
    }
    text = (plans / "mn-thi-tran/2025/plan.yaml").read_text(encoding="utf-8")
    import unicodedata

    assert unicodedata.is_normalized("NFC", text) and "Trang đầu" not in text


# ---------------------------------------------------------------- what is refused, kept or marked


@pytest.mark.parametrize("kind, word", [("BÁO CÁO", "báo cáo"), ("QUYẾT ĐỊNH", "quyết định")])
def test_a_report_or_a_decision_is_refused(cli, tmp_path, kind, word):
    from docx import Document

    doc = Document()
    _line(doc, "UBND XÃ XUÂN PHƯƠNG\t\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    _line(doc, "Số: 12/BC-UBND\t\tXuân Phương, ngày 10 tháng 01 năm 2024")
    _line(doc, kind, bold=True, center=True)
    _line(doc, "Kết quả công tác dân vận năm 2023", bold=True, center=True)
    _line(doc, "I. KẾT QUẢ")
    doc.save(str(tmp_path / "bc.docx"))
    result, plans = imported(cli, tmp_path, tmp_path / "bc.docx")
    assert result.exit_code == 1
    assert f"bc.docx: đây là {word}" in result.stderr and "không phải kế hoạch" in result.stderr
    assert "Traceback" not in result.stderr and not plans.exists()


def test_an_existing_plan_is_kept_without_force_and_backed_up_with_it(cli, tmp_path):
    source = typed_with_tabs(tmp_path / "kh.docx")
    assert imported(cli, tmp_path, source, "--unit", "th-xp")[0].exit_code == 0
    plan = tmp_path / "plans/th-xp/2024/plan.yaml"
    plan.write_text(plan.read_text(encoding="utf-8") + "# sửa tay\n", encoding="utf-8")
    result, _ = imported(cli, tmp_path, source, "--unit", "th-xp")
    assert result.exit_code == 1 and "không ghi đè" in result.stderr and "--force" in result.stderr
    assert plan.read_text(encoding="utf-8").endswith("# sửa tay\n")
    for backup in ("plan.yaml.bak", "plan.yaml.bak2"):
        result, _ = imported(cli, tmp_path, source, "--unit", "th-xp", "--force")
        assert result.exit_code == 0, result.stderr
        assert (plan.parent / backup).exists() and backup in result.stderr
    assert (plan.parent / "plan.yaml.bak").read_text(encoding="utf-8").endswith("# sửa tay\n")
    assert not plan.read_text(encoding="utf-8").endswith("# sửa tay\n")


def test_a_known_unit_keeps_its_unit_yaml_and_the_plan_its_own_recipients(cli, tmp_path):
    source = typed_with_tabs(tmp_path / "kh.docx")
    plans = tmp_path / "plans"
    shutil.copytree(SEED_PLANS, plans)
    before = (plans / "mn-hung-an/unit.yaml").read_text(encoding="utf-8")
    # another unit's plan is never filed under a unit that exists
    result = cli("import", source, "--plans-dir", plans, "--unit", "mn-hung-an")
    assert result.exit_code == 1
    assert "văn bản là kế hoạch của TRƯỜNG TIỂU HỌC XUÂN PHƯƠNG (THXP), không phải của đơn vị 'mn-hung-an'" in (
        result.stderr
    )
    assert not (plans / "mn-hung-an/2024").exists()
    # the unit's own next plan: its unit.yaml is kept, the plan takes its own Nơi nhận
    result = cli("import", source, "--plans-dir", plans, "--unit", "th-xuan-phuong")
    assert result.exit_code == 0, result.stderr
    own = (plans / "th-xuan-phuong/unit.yaml").read_text(encoding="utf-8")
    edit(plans, "th-xuan-phuong/unit.yaml", "noi_nhan:", "noi_nhan:\n  - Phòng Văn hóa - Xã hội")
    edit(plans, "th-xuan-phuong/unit.yaml", "Nguyễn Văn An", "Trần Thị Bình")
    result = cli("import", source, "--plans-dir", plans, "--unit", "th-xuan-phuong", "--force")
    assert result.exit_code == 0, result.stderr
    assert "người ký trong văn bản là Nguyễn Văn An, còn unit.yaml ghi Trần Thị Bình" in result.stderr
    assert (plans / "th-xuan-phuong/unit.yaml").read_text(encoding="utf-8") != own  # as the user edited it
    assert data_of(plans / "th-xuan-phuong/2024/plan.yaml")["noi_nhan"] == ["UBND xã Xuân Phương"]
    assert (plans / "mn-hung-an/unit.yaml").read_text(encoding="utf-8") == before
    # the seed's own document names the unit's recipients: no list of its own
    first = made_plan(cli, SEED_PLANS, tmp_path / "seed")
    result = cli("import", first, *unit_args(plans), "--force")
    assert result.exit_code == 0, result.stderr
    assert "noi_nhan" not in data_of(plans / "mn-hung-an/2022/plan.yaml")


def test_a_paragraph_that_fits_nowhere_is_kept_listed_and_marked(cli, tmp_path):
    source = typed_with_tabs(tmp_path / "kh.docx", extra=["a) Một điểm không thuộc khoản nào."])
    result, plans = imported(cli, tmp_path, source, "--unit", "th-xp")
    assert result.exit_code == 0, result.stderr
    assert "kh.docx: đoạn 11: không xếp được vào kế hoạch" in result.stderr
    text = (plans / "th-xp/2024/plan.yaml").read_text(encoding="utf-8")
    marked = text.split("Không xếp được vào mục nào (đoạn 11 của tệp gốc)")[1]
    assert marked.split("\n")[1].strip() == "- a) Một điểm không thuộc khoản nào."
    assert data_of(plans / "th-xp/2024/plan.yaml")["muc"][0]["noi_dung"][1] == "a) Một điểm không thuộc khoản nào."


def test_an_odt_is_read_through_libreoffice(cli, tmp_path, soffice):
    import subprocess

    source = typed_with_tabs(tmp_path / "kh.docx")
    subprocess.run(
        [soffice, f"-env:UserInstallation={(tmp_path / 'lo').as_uri()}", "--headless", "--convert-to", "odt",
         "--outdir", str(tmp_path / "odt"), str(source)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    result, plans = imported(cli, tmp_path, tmp_path / "odt/kh.odt", "--unit", "th-xp")
    assert result.exit_code == 0, result.stderr
    first = data_of(plans / "th-xp/2024/plan.yaml")
    result, again = imported(cli, tmp_path / "docx", source, "--unit", "th-xp")
    assert result.exit_code == 0 and data_of(again / "th-xp/2024/plan.yaml") == first


def test_a_hostile_zip_is_refused_before_it_is_inflated(cli, tmp_path):
    import zipfile

    bomb = tmp_path / "bomb.docx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", b" " * (41 * 1024 * 1024))
    assert bomb.stat().st_size < 1024 * 1024
    result, plans = imported(cli, tmp_path, bomb)
    assert result.exit_code == 1 and "Traceback" not in result.stderr
    assert "bomb.docx: phần word/document.xml khi giải nén lớn 41 MB" in result.stderr and not plans.exists()
    (tmp_path / "text.docx").write_text("không phải Word", encoding="utf-8")
    result, _ = imported(cli, tmp_path, tmp_path / "text.docx")
    assert result.exit_code == 1 and "text.docx: không phải tệp Word .docx" in result.stderr
    result, _ = imported(cli, tmp_path, tmp_path / "khong-co.docx")
    assert result.exit_code == 1 and "khong-co.docx: không có tệp này" in result.stderr


def test_xml_entities_are_not_expanded(cli, tmp_path):
    import zipfile

    from docx import Document

    typed_with_tabs(tmp_path / "kh.docx")
    doc = Document(str(tmp_path / "kh.docx"))
    with zipfile.ZipFile(tmp_path / "kh.docx") as z:
        parts = {n: z.read(n) for n in z.namelist()}
    xml = parts["word/document.xml"].decode("utf-8")
    laughs = '<!DOCTYPE d [<!ENTITY a "xxxxxxxxxx"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
    xml = xml.replace("?>", "?>" + laughs, 1).replace("Nâng cao nhận thức", "&b; Nâng cao nhận thức", 1)
    parts["word/document.xml"] = xml.encode("utf-8")
    with zipfile.ZipFile(tmp_path / "ent.docx", "w") as z:
        for name, data in parts.items():
            z.writestr(name, data)
    del doc
    result, plans = imported(cli, tmp_path, tmp_path / "ent.docx", "--unit", "th-xp")
    assert result.exit_code == 0, result.stderr
    assert "xxxxxxxxxx" not in (plans / "th-xp/2024/plan.yaml").read_text(encoding="utf-8")


# ---------------------------------------------------------------- generated plans


LOWER = "aăâbcdđeêghiklmnoôơpqrstuưvxyàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵßωж中"
CAPITALS = "ABCDĐEGHKLMNOPQRSTUVXYÂĂÊÔƠƯ"


@st.composite
def sentences(draw, capitals: bool = False) -> str:
    """Running text that begins as a sentence begins (never with a label such as '1.', 'a)', 'I.' or '-')."""
    first = draw(st.sampled_from(CAPITALS)) + draw(st.text(LOWER, min_size=2, max_size=7))
    rest = draw(st.lists(st.text(LOWER + "0123456789,;:()%/“”", min_size=1, max_size=9), max_size=14))
    text = " ".join([first, *rest])
    from danvan_cli.recognise_parts import _key

    if _key(text).startswith(("NOI NHAN", "TREN DAY", "PHAN ")) or "báo cáo" in text:
        text = "Nội dung " + text
    from danvan_cli.vnformat import upper

    return upper(text) if capitals else text


@st.composite
def items(draw, depth: int = 1) -> dict:
    item: dict = {"noi_dung": draw(st.lists(sentences(), min_size=1, max_size=2))}
    if depth == 1 and draw(st.booleans()):
        item["tieu_de"] = draw(sentences())
    if depth == 1:
        item["muc"] = draw(st.lists(items(depth=2), max_size=3))
    return item


@st.composite
def plans(draw) -> dict:
    sections = []
    taken: set[str] = set()  # task ids are unique within the whole plan, as validate requires
    for _ in range(draw(st.integers(1, 4))):
        section: dict = {"tieu_de": draw(sentences(capitals=draw(st.booleans())))}
        section["noi_dung"] = draw(st.lists(sentences(), max_size=2))
        tasks = draw(st.lists(items(), max_size=4))
        if tasks and draw(st.booleans()):
            from danvan_cli.recognise_data import task_id

            for task in tasks:
                task["ma"] = task_id(task["noi_dung"][0], taken)
            section["nhiem_vu"] = tasks
        else:
            section["muc"] = tasks
        if not section["noi_dung"] and not tasks:
            section["noi_dung"] = [draw(sentences())]
        sections.append(section)
    return {
        "so": draw(st.one_of(st.none(), st.integers(1, 999))),
        "ngay": "2024-02-0" + str(draw(st.integers(1, 9))),
        "chu_de": "công tác dân vận chính quyền",
        "trich_yeu": draw(sentences()),
        "mo_dau": draw(st.lists(sentences(), min_size=1, max_size=2)),
        "muc": sections,
        # A plan's closing is read from its 'Trên đây …' (or danvan's closing style): a plan that ends without one
        # prints its last paragraph in the closing style, which reads back as a closing.
        "ket_luan": ["Trên đây là kế hoạch " + draw(sentences()), *draw(st.lists(sentences(), max_size=1))],
    }


def _generated_round_trip(cli, tmp_path: Path, plan: dict) -> None:
    import yaml

    work = Path(tmp_path) / f"g{abs(hash(yaml.safe_dump(plan, allow_unicode=True))) % 10**9}"
    shutil.rmtree(work, ignore_errors=True)
    plans_dir = work / "plans"
    (plans_dir / "mn-hung-an/2024").mkdir(parents=True)
    shutil.copyfile(SEED_PLANS / "mn-hung-an/unit.yaml", plans_dir / "mn-hung-an/unit.yaml")
    (plans_dir / "mn-hung-an/2024/plan.yaml").write_text(yaml.safe_dump(plan, allow_unicode=True), encoding="utf-8")
    first, second = round_trip(cli, work, plans_dir, "mn-hung-an", 2024)
    assert second == first


@settings(max_examples=examples(25))
@given(plan=plans())
def test_generated_plans_round_trip(cli, tmp_path, plan):
    _generated_round_trip(cli, tmp_path, plan)


@pytest.mark.slow
@settings(max_examples=300)
@given(plan=plans())
def test_generated_plans_round_trip_at_length(cli, tmp_path, plan):
    _generated_round_trip(cli, tmp_path, plan)


def test_a_plan_typed_without_any_formatting(cli, tmp_path):
    """Every line its own paragraph, nothing bold or centred (a plan pasted from a text file): the trích yếu is
    the one short line under KẾ HOẠCH, and the rest reads as with formatting."""
    from docx import Document

    doc = Document()
    for text in [
        "UBND XÃ XUÂN PHƯƠNG", "TRƯỜNG TIỂU HỌC XUÂN PHƯƠNG", "Số: 12/KH-THXP", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc", "Xuân Phương, ngày 10 tháng 01 năm 2024", "KẾ HOẠCH",
        "Thực hiện công tác dân vận chính quyền năm 2024",
        "Thực hiện Kế hoạch số 05/KH-UBND ngày 05/01/2024 của UBND xã Xuân Phương, nhà trường xây dựng kế hoạch:",
        "I. MỤC ĐÍCH, YÊU CẦU", "Nâng cao nhận thức của cán bộ, giáo viên.", "II. NHIỆM VỤ TRỌNG TÂM",
        "1. Tuyên truyền, phổ biến chủ trương của Đảng.", "2. Thực hiện quy chế dân chủ trong trường học.",
        "Trên đây là kế hoạch của nhà trường./.",
    ]:  # fmt: skip
        doc.add_paragraph(text)
    source = tmp_path / "go-tay.docx"
    doc.save(str(source))
    result, plans = imported(cli, tmp_path, source, "--unit", "th-xuan-phuong")
    assert result.exit_code == 0, result.stderr
    plan = data_of(plans / "th-xuan-phuong/2024/plan.yaml")
    assert plan["trich_yeu"] == "Thực hiện công tác dân vận chính quyền năm 2024"
    assert plan["mo_dau"][0].startswith("Thực hiện Kế hoạch số 05/KH-UBND")
    assert [t["ma"] for t in plan["muc"][1]["nhiem_vu"]] == ["tuyen-truyen-pho-bien", "quy-che-dan-chu"]


def test_party_numbering_a_phu_luc_after_the_signature_and_a_part_after_the_title(cli, tmp_path):
    """'I-', '1-', '1/' as the Party and many clerks number; an annex after the signature is said, not read as the
    signer; 'PHẦN I.' right under the trích yếu opens the first part, it is not more of the trích yếu."""
    from docx import Document

    doc = Document()
    for text in [
        "ĐẢNG BỘ XÃ TÂN HỘI", "CHI BỘ TRƯỜNG TIỂU HỌC TÂN HỘI", "Số 05-KH/CB", "ĐẢNG CỘNG SẢN VIỆT NAM",
        "Tân Hội, ngày 10 tháng 01 năm 2024",
    ]:  # fmt: skip
        doc.add_paragraph(text)
    _line(doc, "KẾ HOẠCH", bold=True, center=True)
    _line(doc, "Thực hiện công tác dân vận năm 2024", bold=True, center=True)
    _line(doc, "PHẦN I. KẾT QUẢ NĂM 2023", bold=True, center=True)
    for text in [
        "I- ƯU ĐIỂM", "Chi bộ đã lãnh đạo tốt công tác dân vận.", "PHẦN II. NHIỆM VỤ NĂM 2024",
        "I- NHIỆM VỤ TRỌNG TÂM", "1- Tuyên truyền chủ trương của Đảng.", "2/ Thực hiện quy chế dân chủ.",
        "Trên đây là kế hoạch của chi bộ./.", "Nơi nhận:", "- Đảng ủy xã (b/c),", "- Lưu chi bộ.", "T/M CHI BỘ",
        "BÍ THƯ", "Lê Văn Cường", "PHỤ LỤC", "Danh sách đảng viên phụ trách",
    ]:  # fmt: skip
        doc.add_paragraph(text)
    source = tmp_path / "chi-bo.docx"
    doc.save(str(source))
    result, plans = imported(cli, tmp_path, source, "--unit", "chi-bo-th-tan-hoi")
    assert result.exit_code == 0, result.stderr
    assert "phụ lục sau chữ ký (đoạn 22–23, 2 đoạn) không được nhập" in result.stderr
    plan = data_of(plans / "chi-bo-th-tan-hoi/2024/plan.yaml")
    assert plan["trich_yeu"] == "Thực hiện công tác dân vận năm 2024"
    assert [p["tieu_de"] for p in plan["phan"]] == ["KẾT QUẢ NĂM 2023", "NHIỆM VỤ NĂM 2024"]
    tasks = plan["phan"][1]["muc"][0]["nhiem_vu"]
    assert [t["noi_dung"] for t in tasks] == ["Tuyên truyền chủ trương của Đảng.", "Thực hiện quy chế dân chủ."]
    unit = data_of(plans / "chi-bo-th-tan-hoi/unit.yaml")
    assert unit["nguoi_ky"]["ho_ten"] == "Lê Văn Cường"
    assert unit["noi_nhan"] == ["Đảng ủy xã (b/c)"]


@pytest.mark.parametrize(
    "sentence, schedule",
    [
        ("- Chế độ báo cáo: định kỳ 6 tháng (trước ngày 15/5/2024), một năm (trước ngày 15/11/2024).",
         [{"ky": "6m", "han_nop": "2024-05-15"}, {"ky": "year", "han_nop": "2024-11-15"}]),
        ("Trước ngày 15/6/2024 báo cáo kết quả 6 tháng đầu năm; trước ngày 15/12/2024 báo cáo kết quả cả năm.", []),
        ("Định kỳ 6 tháng, năm báo cáo kết quả (chậm nhất ngày 20/6/2024 và ngày 20/12/2024).", []),
    ],
)  # fmt: skip
def test_a_reporting_regime_is_read_only_when_it_reads_one_way(sentence, schedule):
    from danvan_cli.recognise_data import reporting_schedule

    assert reporting_schedule([sentence], 2024) == schedule


def test_headers_as_clerks_type_them_and_a_task_table(cli, tmp_path):
    """'SỐ 15/KH–THPTND' (capitals, no colon, Word's en dash), a date line without its comma, both header names in
    bold (two bodies: split where the school's name starts), a tracked move counted once, a task table read a row
    at a time."""
    from docx import Document
    from docx.oxml import OxmlElement

    doc = Document()
    _line(doc, "SỞ GD&ĐT ĐẮK LẮK", bold=True)
    _line(doc, "TRƯỜNG THPT NGUYỄN DU", bold=True)
    _line(doc, "SỐ 15/KH–THPTND")
    _line(doc, "Buôn Ma Thuột Ngày 12 tháng 9 năm 2024")
    _line(doc, "KẾ HOẠCH", bold=True, center=True)
    _line(doc, "Công tác dân vận năm 2024", bold=True, center=True)
    _line(doc, "I. MỤC ĐÍCH", bold=True)
    moved = _line(doc, "Nâng cao nhận thức.")
    move_from = OxmlElement("w:moveFrom")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = " (ĐOẠN ĐÃ DỜI ĐI)"
    run.append(text)
    move_from.append(run)
    moved._p.append(move_from)
    _line(doc, "II. NHIỆM VỤ CỤ THỂ", bold=True)
    table = doc.add_table(rows=3, cols=3)
    for r, row in enumerate([("TT", "Nội dung", "Thời gian"), ("1", "Niêm yết thủ tục", "Quý I"),
                             ("2", "Đối thoại với cha mẹ học sinh", "Tháng 10")]):  # fmt: skip
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    _line(doc, "Trên đây là kế hoạch của nhà trường./.")
    source = tmp_path / "thpt.docx"
    doc.save(str(source))
    result, plans = imported(cli, tmp_path, source)
    assert result.exit_code == 0, result.stderr
    unit = data_of(plans / "thpt-nguyen-du/unit.yaml")
    assert (unit["co_quan_chu_quan"], unit["ten_co_quan"], unit["chu_viet_tat"], unit["dia_danh"]) == (
        "SỞ GD&ĐT ĐẮK LẮK", "TRƯỜNG THPT NGUYỄN DU", "THPTND", "Buôn Ma Thuột",
    )  # fmt: skip
    plan = data_of(plans / "thpt-nguyen-du/2024/plan.yaml")
    assert plan["so"] == 15 and plan["ngay"] == "2024-09-12"
    assert plan["muc"][0]["noi_dung"] == "Nâng cao nhận thức."
    section = plan["muc"][1]
    assert section["noi_dung"] == "TT – Nội dung – Thời gian"
    assert [t["noi_dung"] for t in section["nhiem_vu"]] == [
        "Niêm yết thủ tục – Quý I", "Đối thoại với cha mẹ học sinh – Tháng 10",
    ]  # fmt: skip
    assert "bảng trong thân kế hoạch" in result.stderr


def test_a_password_protected_docx_is_named_as_such(cli, tmp_path):
    source = tmp_path / "mat-khau.docx"
    source.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 4000)
    result, _ = imported(cli, tmp_path, source)
    assert result.exit_code == 1
    assert "tệp có mật khẩu, hoặc là tệp .doc đổi tên thành .docx" in result.stderr


def test_a_signature_typed_before_noi_nhan(cli, tmp_path):
    source = typed_with_tabs(tmp_path / "kh.docx")
    from docx import Document

    doc = Document(str(source))
    body = doc.element.body
    paras = doc.paragraphs
    noi_nhan = next(p for p in paras if p.text.startswith("Nơi nhận"))
    for p in [p for p in paras if p.text.strip() in ("Nguyễn Văn An",)] + [noi_nhan]:
        body.remove(p._p)
    closing = next(p for p in doc.paragraphs if p.text.startswith("Trên đây"))
    for text in reversed(["HIỆU TRƯỞNG", "Nguyễn Văn An", "Nơi nhận:"]):
        closing._p.addnext(Document().add_paragraph(text)._p)
    doc.save(str(source))
    result, plans = imported(cli, tmp_path, source, "--unit", "th-xuan-phuong")
    assert result.exit_code == 0, result.stderr
    unit = data_of(plans / "th-xuan-phuong/unit.yaml")
    assert unit["nguoi_ky"] == {"chuc_vu": "Hiệu trưởng", "ho_ten": "Nguyễn Văn An"}
    plan = data_of(plans / "th-xuan-phuong/2024/plan.yaml")
    assert "HIỆU TRƯỞNG" not in str(plan)


# ---------------------------------------------------------------- hostile input, third campaign (issue 26, docs/reliability.md)


def cpu_seconds() -> float:
    """CPU time of this process and of the children it has waited for (import's bounded child among them)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


PLACES = ("letterhead", "title", "opening", "section", "item", "table", "signature")


def plan_with(path: Path, hostile: str, place: str) -> Path:
    """A clerk's plan (letterhead with tabs, sections, items, Nơi nhận and signature) with `hostile` as one more
    paragraph at `place`."""
    from docx import Document

    doc = Document()

    def here(where: str) -> None:
        if place == where:
            if where == "table":
                doc.add_table(rows=1, cols=2).cell(0, 1).paragraphs[0].add_run(hostile)
            else:
                _line(doc, hostile, bold=where in ("letterhead", "title"))

    _line(doc, "UBND XÃ XUÂN PHƯƠNG\t\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    _line(doc, "TRƯỜNG TIỂU HỌC XUÂN PHƯƠNG\t\tĐộc lập - Tự do - Hạnh phúc", bold=True)
    here("letterhead")
    _line(doc, "Số: 12/KH-THXP\t\tXuân Phương, ngày 10 tháng 01 năm 2024")
    _line(doc, "KẾ HOẠCH", bold=True, center=True)
    _line(doc, "Thực hiện công tác dân vận chính quyền năm 2024", bold=True, center=True)
    here("title")
    _line(doc)
    _line(doc, "Căn cứ Kế hoạch số 05/KH-UBND ngày 05/01/2024 của UBND xã, nhà trường xây dựng kế hoạch như sau:")
    here("opening")
    _line(doc, "I. MỤC ĐÍCH, YÊU CẦU", bold=True)
    _line(doc, "- Nâng cao nhận thức của cán bộ, giáo viên về công tác dân vận.")
    here("section")
    _line(doc, "II. NHIỆM VỤ TRỌNG TÂM", bold=True)
    _line(doc, "1. Tuyên truyền, phổ biến chủ trương của Đảng.")
    here("item")
    _line(doc, "2. Thực hiện quy chế dân chủ trong trường học.")
    here("table")
    _line(doc, "III. TỔ CHỨC THỰC HIỆN", bold=True)
    _line(doc, "- Báo cáo sơ kết 6 tháng trước ngày 15/5/2024, báo cáo tổng kết năm trước ngày 15/11/2024.")
    _line(doc, "Trên đây là kế hoạch của nhà trường./.")
    _line(doc, "Nơi nhận:\t\t\tHIỆU TRƯỞNG", bold=True)
    _line(doc, "- UBND xã Xuân Phương;")
    _line(doc, "- Lưu: VT.")
    here("signature")
    _line(doc, "\t\t\tNguyễn Văn An", bold=True)
    doc.save(str(path))
    return path


# Every marker the recogniser reads: labels of the outline, the letterhead's number, date and names, the tên loại,
# the signature and Nơi nhận, the reporting regime's words, the runs of spaces, dots and tabs clerks type for blanks.
MARKERS = [
    "I.", "IV -", "1.", "12)", "1 -", "a)", "đ)", "1.1.", "-", "+", "•", "A.", "PHẦN", "Phần I", "PHẦN THỨ",
    "Số", "SỐ:", "số", "/", "-", "Số: 05/", "/KH-", "ngày", "Ngày", "tháng", "năm", "1 tháng", "…", ".", ",", "_",
    "Căn cứ", "KẾ HOẠCH", "V/v", "Nơi nhận", "Lưu:", "TM.", "KT.", "T/M", "Trên đây", "PHỤ LỤC", "báo cáo",
    "trước ngày 15/5", "6 tháng", "quý I", "hằng năm", "năm 2024", "công tác", "CỘNG HÒA", "Độc lập -",
    "ĐẢNG CỘNG SẢN VIỆT NAM", "ỦY BAN NHÂN DÂN", "XÃ", "TRƯỜNG", "TRUNG HỌC PHỔ THÔNG", "Thực hiện", "1", "x", " ",
]  # fmt: skip


SEPARATORS = ["", " ", "  ", ", ", "\t", "\n"]


@st.composite
def long_runs(draw) -> tuple[str, str]:
    """A marker repeated (or followed by a long run of a blank) to some tens of thousands of characters."""
    marker = draw(st.sampled_from(MARKERS))
    separator = draw(st.sampled_from(SEPARATORS))
    length = draw(st.integers(min_value=5_000, max_value=40_000))
    if draw(st.booleans()):
        unit = marker + separator
        text = unit * max(1, length // max(len(unit), 1))
    else:  # the marker, a long blank, a word: 'I.' + 2,000 spaces + 'x'
        text = marker + draw(st.sampled_from([" ", ".", "…", "\t", "_"])) * length + "x"
    return text, draw(st.sampled_from(PLACES))


def _sleep_forever(*_args):
    time.sleep(3600)


def _use_all_memory(*_args):
    return bytearray(8 * 1024**3)


def _docx_with_body(path: Path, body: str) -> Path:
    """A .docx whose document.xml body is `body` (a well-formed package: python-docx's own parts around it)."""
    from docx import Document

    Document().save(str(path))
    with zipfile.ZipFile(path) as z:
        parts = {name: z.read(name) for name in z.namelist()}
    parts["word/document.xml"] = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{W_NS}"><w:body>{body}'
        "</w:body></w:document>"
    ).encode()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    path.write_bytes(buffer.getvalue())
    return path


def _task_ids(plans: Path) -> list[str]:
    from danvan_cli.loading import load_plan
    from danvan_cli.workspace import Workspace

    return [t.ma for t in load_plan(Workspace(plans), "mn-hung-an", 2022).require_plan().tasks]


def _renamed_task(docx: Path, old: str, new: str) -> None:
    """The document edited as in Word: one task's wording changed."""
    from docx import Document

    doc = Document(str(docx))
    for p in doc.paragraphs:
        if old in p.text:
            for run in p.runs:
                run.text = run.text.replace(old, new)
    doc.save(str(docx))


# The campaign's own inputs (issue 26): each ran on, or ran out of 4 GB of memory.
@example(case=("I." + " " * 2000 + "x", "letterhead"))
@example(case=("1. " * 3000, "letterhead"))
@example(case=("1. " * 30_000, "letterhead"))
@example(case=("a) " + "Căn cứ " * 20_000, "letterhead"))
@example(case=("ngày " + "1 tháng " * 10_000, "letterhead"))
@example(case=("Số" + " " * 20_000 + "x", "letterhead"))
@example(case=("1 " + "\n" * 20_000 + "x", "item"))
@settings(max_examples=examples(20))
@given(case=long_runs())
def test_import_reads_long_runs_of_every_marker_in_bounded_work(cli, tmp_path_factory, case):
    """Reading is linear in the length of the text: no pattern may try a run of spaces, digits or words more than a
    few ways. The work is bounded by CPU time (the bounded child's own, whatever else the machine runs): a
    paragraph of 40,000 characters costs well under a second; a pattern that backtracks costs minutes."""
    hostile, place = case
    work = tmp_path_factory.mktemp("long-run")
    source = plan_with(work / "ke-hoach.docx", hostile, place)
    before = cpu_seconds()
    result = cli("import", source, "--plans-dir", work / "plans", "--unit", "th-xuan-phuong")
    spent = cpu_seconds() - before
    assert result.exit_code in (0, 1), result.stderr
    assert "giới hạn thời gian" not in result.stderr and "bộ nhớ" not in result.stderr, result.stderr
    assert spent < 20, f"{place}: {hostile[:30]!r}… ({len(hostile)} characters) took {spent:.1f} s of CPU"


def test_the_letterhead_is_recognised_as_before_around_the_new_patterns(cli, tmp_path):
    """The rewritten patterns read what the old ones read: the number, the date with a blank day, the place."""
    from danvan_cli.recognise import _PARTY_NUMBER, _STATE_NUMBER, _date_line

    assert _STATE_NUMBER.search("Số: 12/KH-THXP").group("so", "loai", "abbr") == ("12", "KH", "THXP")
    assert _STATE_NUMBER.search("SỐ 15/KH–THPTND").group("so", "abbr") == ("15", "THPTND")
    assert _STATE_NUMBER.search("Số:     /KH-UBND").group("so", "abbr") == (None, "UBND")
    assert _PARTY_NUMBER.search("Số 127-KH/ĐU").group("so", "loai", "abbr") == ("127", "KH", "ĐU")
    line = _date_line("\t\tXuân Phương, ngày 10 tháng 01 năm 2024")
    assert (line.place, line.day, line.month, line.year) == ("Xuân Phương", "10", "01", "2024")
    blank = _date_line("Hùng An, ngày …  tháng … năm 2024")
    assert (blank.place, blank.day, blank.month) == ("Hùng An", None, None)
    assert _date_line("ngày 10 tháng 01 năm 2024") is None  # no place: no date line


@pytest.mark.parametrize("work, limit", [(_sleep_forever, "quá 2 giây"), (_use_all_memory, "quá 2 GB bộ nhớ")])
def test_import_has_the_time_and_memory_limits_of_rendering(cli, tmp_path, monkeypatch, work, limit):
    """Whatever a Word file makes import do, it is stopped at the limits a unit's own template has (bounded.py),
    said as a limit, and nothing is written."""
    monkeypatch.setattr("danvan_cli.bounded.SECONDS", 2.0)
    monkeypatch.setattr("danvan_cli.importer._prepare", work)
    source = typed_with_tabs(tmp_path / "ke-hoach.docx")
    result = cli("import", source, "--plans-dir", tmp_path / "plans")
    assert result.exit_code == 1 and limit in result.stderr and "không tệp nào được ghi" in result.stderr
    assert not (tmp_path / "plans").exists()


@pytest.mark.parametrize(
    "body, limit",
    [
        ("<w:p><w:r><w:t>" + "a" * (10 * 1024 * 1024 + 10) + "</w:t></w:r></w:p>", "dài hơn 10.000.000 ký tự"),
        ("<w:tbl><w:tr><w:tc>" * 300 + "<w:p/>" + "</w:tc></w:tr></w:tbl>" * 300, "lồng nhau quá 256 tầng"),
    ],
    ids=["a text run over 10 MB", "tables nested past 256 levels"],
)
def test_a_limit_of_the_xml_reader_is_named_as_a_limit_not_as_damage(cli, tmp_path, body, limit):
    source = _docx_with_body(tmp_path / "ke-hoach.docx", body)
    result = cli("import", source, "--plans-dir", tmp_path / "plans")
    assert result.exit_code == 1, result.stderr
    assert limit in result.stderr and "không hỏng" in result.stderr, result.stderr
    assert "bị hỏng" not in result.stderr and "sai cấu trúc" not in result.stderr


def test_import_force_over_a_year_with_a_log_keeps_every_task_id(cli, tmp_path):
    """The campaign's case: `plan -o k`, then `import k/KH-….docx --unit mn-hung-an --force`. The ids are the plan's
    own again (by title and section, and as danvan wrote them into its document), so the year's log, every report
    and export still hold."""
    plans = seed_copy(tmp_path)
    ids = _task_ids(plans)
    docx = made_plan(cli, plans, tmp_path / "k")
    result = cli("import", docx, "--plans-dir", plans, "--unit", "mn-hung-an", "--force")
    assert result.exit_code == 0, result.stderr
    assert _task_ids(plans) == ids
    assert f"{len(ids)} mã giữ như kế hoạch trước" in result.stdout
    assert cli("validate", "--plans-dir", plans).exit_code == 0
    report = cli("report", "--plans-dir", plans, "--period", "6m", "-o", tmp_path / "out")
    assert report.exit_code == 0, report.stderr
    assert cli("export", "--plans-dir", plans, "-o", tmp_path / "exports", "--no-pdf", "--quiet").exit_code == 0


def test_ids_danvan_wrote_into_its_word_file_come_back_in_a_fresh_folder(cli, tmp_path):
    """A plan made by danvan, edited in Word and imported on another computer: each task whose wording is unchanged
    keeps its id; the task reworded gets a new one, made of the words that carry its meaning."""
    plans = seed_copy(tmp_path)
    ids = _task_ids(plans)
    docx = made_plan(cli, plans, tmp_path / "k")
    _renamed_task(docx, "Tiếp tục quán triệt, triển khai", "Quán triệt và triển khai")
    fresh = tmp_path / "fresh"
    result = cli("import", docx, "--plans-dir", fresh, "--unit", "mn-hung-an")
    assert result.exit_code == 0, result.stderr
    again = _task_ids(fresh)
    changed = [i for i, (a, b) in enumerate(zip(ids, again, strict=True)) if a != b]
    assert changed == [1] and again[1] == "quan-triet-trien-khai", again


@pytest.mark.soffice
def test_ids_survive_a_round_through_libreoffice(cli, tmp_path, soffice):
    """The document saved again by LibreOffice (as .odt, as a clerk without Word does) keeps the ids too."""
    from danvan_cli.pdf import run_libreoffice, work_folder

    plans = seed_copy(tmp_path)
    docx = made_plan(cli, plans, tmp_path / "k")
    with work_folder() as work:
        outdir, _, _ = run_libreoffice(soffice, work, "odt", [docx], 120)
        odt = tmp_path / "ke-hoach.odt"
        shutil.copyfile(outdir / (docx.stem + ".odt"), odt)
    result = cli("import", odt, "--plans-dir", tmp_path / "fresh", "--unit", "mn-hung-an")
    assert result.exit_code == 0, result.stderr
    assert _task_ids(tmp_path / "fresh") == _task_ids(plans)


def test_force_is_refused_when_entries_of_the_log_would_lose_their_task(cli, tmp_path):
    """A Word file whose task is worded otherwise than the plan's: the log's entries for that task are named (file,
    line, column), with the ids the new tasks would get; plan.yaml stays as it was, no backup is made."""
    plans = seed_copy(tmp_path)
    docx = made_plan(cli, plans, tmp_path / "k")
    _renamed_task(docx, "Nhà trường tổ chức tuyên truyền, phổ biến", "Tổ chức tuyên truyền sâu rộng")
    plan = plans / "mn-hung-an/2022/plan.yaml"
    before = plan.read_bytes()
    result = cli("import", docx, "--plans-dir", plans, "--unit", "mn-hung-an", "--force")
    assert result.exit_code == 1, result.stderr
    lost = [m for m in located(result.stderr) if m[0].endswith("progress.yaml")]
    entries = (plans / "mn-hung-an/2022/progress.yaml").read_text(encoding="utf-8").count("nhiem_vu: tuyen-truyen\n")
    assert len(lost) == entries > 0 and all("'tuyen-truyen'" in m[3] for m in lost), result.stderr
    assert "'tuyen-truyen-sau-rong'" in result.stderr and "Kế hoạch cũ chưa bị thay" in result.stderr
    assert plan.read_bytes() == before and not list(plan.parent.glob("plan.yaml.bak*"))


def test_the_limit_of_a_data_file_is_named_before_import_writes_one_it_could_not_read(cli, tmp_path):
    """A Word file whose text would make a plan.yaml over the 3 MB any danvan file may have is refused, naming it."""
    hostile = ("Nội dung rất dài " * 200_000).strip()
    source = plan_with(tmp_path / "ke-hoach.docx", hostile, "section")
    result = cli("import", source, "--plans-dir", tmp_path / "plans", "--unit", "th-xuan-phuong")
    assert result.exit_code == 1 and "quá giới hạn 3 MB" in result.stderr, result.stderr
    assert not (tmp_path / "plans/th-xuan-phuong/2024/plan.yaml").exists()


def test_the_ids_travel_in_a_part_word_declares(cli, tmp_path):
    """The ids are custom document properties (File → Properties → Custom in Word): a part with its content type and
    its relationship, or Word would call the package damaged."""
    plans = seed_copy(tmp_path)
    docx = made_plan(cli, plans, tmp_path / "k")
    with zipfile.ZipFile(docx) as z:
        assert z.namelist()[0] == "[Content_Types].xml" and "docProps/custom.xml" in z.namelist()
        assert b'PartName="/docProps/custom.xml"' in z.read("[Content_Types].xml")
        assert b'relationships/custom-properties" Target="docProps/custom.xml"' in z.read("_rels/.rels")
        assert b'name="danvan-nhiem-vu-tuyen-truyen"' in z.read("docProps/custom.xml")


# ---------------------------------------------------------------- a ward's plan typed in Word (issue 25)


def ward_plan(path: Path, *, issuer_bold: bool = True) -> Path:
    """A ward's plan as such plans are typed: 'ỦY BAN NHÂN DÂN' (not bold) over 'PHƯỜNG BÌNH MINH' in a header
    table, signed 'TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH'."""
    from docx import Document

    doc = Document()
    table = doc.add_table(rows=3, cols=2)
    table.cell(0, 0).paragraphs[0].add_run("ỦY BAN NHÂN DÂN")
    _run(table.cell(1, 0).paragraphs[0], "PHƯỜNG BÌNH MINH", bold=issuer_bold)
    table.cell(2, 0).paragraphs[0].add_run("Số: 15/KH-UBND")
    _run(table.cell(0, 1).paragraphs[0], "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold=True)
    _run(table.cell(1, 1).paragraphs[0], "Độc lập - Tự do - Hạnh phúc", bold=True)
    table.cell(2, 1).paragraphs[0].add_run("Bình Minh, ngày 08 tháng 01 năm 2026")
    _line(doc, "KẾ HOẠCH", bold=True, center=True)
    _line(doc, "Thực hiện công tác dân vận chính quyền năm 2026", bold=True, center=True)
    _line(
        doc,
        "Thực hiện Kế hoạch số 03/KH-UBND ngày 05/01/2026 của Ủy ban nhân dân thành phố, Ủy ban nhân dân phường "
        "Bình Minh xây dựng kế hoạch như sau:",
    )
    _line(doc, "I. MỤC ĐÍCH, YÊU CẦU", bold=True)
    _line(doc, "- Nâng cao chất lượng công tác dân vận chính quyền.")
    _line(doc, "II. NHIỆM VỤ", bold=True)
    _line(doc, "1. Thực hiện dân chủ ở cơ sở theo Luật số 10/2022/QH15.")
    _line(doc, "2. Cải cách hành chính, tiếp công dân đúng quy định.")
    _line(doc, "III. TỔ CHỨC THỰC HIỆN", bold=True)
    _line(doc, "Báo cáo 6 tháng trước ngày 15/5/2026, báo cáo năm trước ngày 15/11/2026.")
    _line(doc, "Trên đây là kế hoạch công tác dân vận chính quyền năm 2026 của Ủy ban nhân dân phường Bình Minh./.")
    sign = doc.add_table(rows=1, cols=2)
    left, right = sign.cell(0, 0), sign.cell(0, 1)
    _run(left.paragraphs[0], "Nơi nhận:", bold=True)
    left.add_paragraph("- UBND thành phố;")
    left.add_paragraph("- Lưu: VT.")
    _run(right.paragraphs[0], "TM. ỦY BAN NHÂN DÂN", bold=True)
    _run(right.add_paragraph(), "CHỦ TỊCH", bold=True)
    _run(right.add_paragraph(), "Trần Văn Bình", bold=True)
    doc.save(str(path))
    return path


WARD = "ubnd-phuong-binh-minh"


@pytest.mark.parametrize("issuer_bold", [True, False], ids=["place in bold", "nothing in bold"])
def test_a_one_body_letterhead_is_one_issuer(cli, tmp_path, issuer_bold):
    """'ỦY BAN NHÂN DÂN / PHƯỜNG BÌNH MINH' names one body: the ward's Ủy ban nhân dân issues, no managing body is
    above it, and its reports say so ('Ủy ban nhân dân phường Bình Minh báo cáo …', never 'phường Bình Minh
    báo cáo')."""
    plans = tmp_path / "plans"
    result = cli("import", ward_plan(tmp_path / "ward.docx", issuer_bold=issuer_bold), "--plans-dir", plans)
    assert result.exit_code == 0, result.stderr
    unit = data_of(plans / WARD / "unit.yaml")
    assert unit["ten_co_quan"] == "Ủy ban nhân dân phường Bình Minh" and "co_quan_chu_quan" not in unit
    out = tmp_path / "out"
    report = cli("report", "--plans-dir", plans, "--period", "6m", "-o", out, "--as-of", "2026-05-10")
    assert report.exit_code == 0, report.stderr
    body = [norm(p) for p in docx_paragraphs(next(out.glob("BC-*.docx")))]
    assert body[:2] == ["ỦY BAN NHÂN DÂN", "PHƯỜNG BÌNH MINH"]  # the letterhead: the issuer alone
    opening = next(p for p in body if p.startswith("Thực hiện") and "Kế hoạch số 15/KH-UBND" in p)
    assert "của UBND phường" in opening and ", Ủy ban nhân dân phường Bình Minh báo cáo" in opening
    assert not any(re.search(r"(của|, ) ?phường Bình Minh", p) for p in body), body


def test_task_codes_are_the_words_that_carry_the_meaning_and_status_shows_them(cli, tmp_path):
    """'Thực hiện dân chủ ở cơ sở' is dan-chu-co-so, 'Cải cách hành chính, …' cai-cach-hanh-chinh (not dan-chu-o,
    cai-cach-hanh): import says them, `status` shows them, `progress add` takes them."""
    plans = tmp_path / "plans"
    result = cli("import", ward_plan(tmp_path / "ward.docx"), "--plans-dir", plans)
    assert result.exit_code == 0, result.stderr
    assert "dan-chu-co-so, cai-cach-hanh-chinh" in result.stdout
    added = cli(
        "progress", "add", "cai-cach-hanh-chinh", "Niêm yết thủ tục hành chính", "--plans-dir", plans,
        "--date", "2026-02-10",
    )  # fmt: skip
    assert added.exit_code == 0, added.stderr
    status = cli("status", "--plans-dir", plans, "--as-of", "2026-03-01")
    assert status.exit_code == 0, status.stderr
    assert "dan-chu-co-so" in status.stdout and "cai-cach-hanh-chinh" in status.stdout
