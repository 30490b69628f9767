"""Import and letterheads (issue 25), from the clerk's side: a ward's one-body letterhead is one issuer, task codes a
clerk can guess (and finds in `status`), a school's level never parted across the letterhead's lines, and a
document's number and symbol never parted across two lines of the page."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import SEED_PLANS, docx_paragraphs, norm
from test_import import _line, _run, data_of

# ---------------------------------------------------------------- a ward's plan typed in Word


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


UNIT = "ubnd-phuong-binh-minh"


@pytest.mark.parametrize("issuer_bold", [True, False], ids=["place in bold", "nothing in bold"])
def test_a_one_body_letterhead_is_one_issuer(cli, tmp_path, issuer_bold):
    """'ỦY BAN NHÂN DÂN / PHƯỜNG BÌNH MINH' names one body: the ward's Ủy ban nhân dân issues, no managing body is
    above it, and its reports say so ('Ủy ban nhân dân phường Bình Minh báo cáo …', never 'phường Bình Minh
    báo cáo')."""
    plans = tmp_path / "plans"
    result = cli("import", ward_plan(tmp_path / "ward.docx", issuer_bold=issuer_bold), "--plans-dir", plans)
    assert result.exit_code == 0, result.stderr
    unit = data_of(plans / UNIT / "unit.yaml")
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


# ---------------------------------------------------------------- a school's level on the letterhead


def _unit_named(tmp_path: Path, ten_co_quan: str, co_quan_chu_quan: str = "Sở GD&ĐT tỉnh Bến Tre") -> Path:
    plans = tmp_path / "plans"
    shutil.copytree(SEED_PLANS, plans)
    unit = plans / "mn-hung-an/unit.yaml"
    text = unit.read_text(encoding="utf-8")
    text = text.replace("ten_co_quan: Trường Mầm non Hùng An", f"ten_co_quan: {ten_co_quan}")
    text = text.replace("co_quan_chu_quan: Phòng GD&ĐT Kim Động", f"co_quan_chu_quan: {co_quan_chu_quan}")
    unit.write_text(text, encoding="utf-8")
    return plans


def _letterhead(cli, plans: Path, out: Path) -> list[str]:
    """The left column of the letterhead: the managing body's lines, then the issuer's, down to the rule."""
    result = cli("plan", "--plans-dir", plans, "-o", out)
    assert result.exit_code == 0, result.stderr
    lines = []
    for p in docx_paragraphs(next(out.glob("KH-*.docx"))):
        if p.startswith(("_", "CỘNG HÒA")):
            break
        lines.append(norm(p))
    return lines


LEVELS = ["TRUNG HỌC PHỔ THÔNG", "TRUNG HỌC CƠ SỞ", "PHỔ THÔNG DÂN TỘC NỘI TRÚ", "TIỂU HỌC", "MẦM NON"]


@pytest.mark.parametrize(
    "name",
    [
        "Trường Trung học phổ thông Nguyễn Đình Chiểu",
        "Trường Trung học phổ thông chuyên Lê Quý Đôn",
        "Trường Trung học cơ sở Nguyễn Văn Trỗi",
        "Trường Tiểu học và Trung học cơ sở Nguyễn Bỉnh Khiêm",
        "Trường Phổ thông dân tộc nội trú Trung học cơ sở huyện Mường Tè",
    ],
)
def test_a_school_level_is_never_parted_across_the_letterheads_lines(cli, tmp_path, name):
    """The issuer's name is written in full, as the decree asks; its lines break between the name's parts, never
    inside 'TRUNG HỌC PHỔ THÔNG' or 'TRUNG HỌC CƠ SỞ' ('TRƯỜNG TRUNG HỌC PHỔ / THÔNG NGUYỄN ĐÌNH CHIỂU')."""
    lines = _letterhead(cli, _unit_named(tmp_path, name), tmp_path / "out")
    assert " ".join(lines).endswith(name.upper()), lines  # in full, after the managing body's lines
    for level in LEVELS:
        if level in name.upper():
            assert any(level in line for line in lines), (level, lines)


def test_the_managing_body_may_use_the_standard_abbreviation(cli, tmp_path):
    """The managing body's name may shorten common phrases (NĐ 30 PL I §II.2.a): a school above its Công đoàn, whose
    full level cannot stand whole on the line, takes 'THPT' rather than be parted; a name written with THPT by the
    unit prints as written."""
    plans = _unit_named(
        tmp_path,
        "Công đoàn Trường Trung học phổ thông Nguyễn Đình Chiểu",
        "Trường Trung học phổ thông Nguyễn Đình Chiểu",
    )
    lines = _letterhead(cli, plans, tmp_path / "out")
    assert lines[:2] == ["TRƯỜNG THPT", "NGUYỄN ĐÌNH CHIỂU"], lines
    assert not any(line.endswith(("TRUNG HỌC", "PHỔ", "TRUNG HỌC PHỔ")) for line in lines), lines
    written = _letterhead(cli, _unit_named(tmp_path / "b", "Trường THPT Kim Động"), tmp_path / "out-b")
    assert written[-1] == "TRƯỜNG THPT KIM ĐỘNG", written


# ---------------------------------------------------------------- a document's number and symbol on the page

SYMBOL = re.compile(r"\b[0-9]{1,4}(?:/[0-9]{4})?[/-][A-ZĐ][A-Za-zĐđ]*[/-][A-ZĐ][A-Za-zĐđ0-9.&-]*[A-Za-zĐđ0-9]")


@pytest.mark.soffice
def test_a_number_and_symbol_never_breaks_across_two_lines(cli, tmp_path, soffice):
    """A yearly report whose plan and narrative cite many numbered documents, set by LibreOffice: every number and
    symbol ('03/CT-UBND', '217-QĐ/TW', '02/2020/QĐ-UBND') stands whole on one line of the PDF, and its text (what
    a copy from the PDF gives) is the symbol as typed, with a plain hyphen."""
    plans = tmp_path / "plans"
    shutil.copytree(SEED_PLANS, plans)
    citations = ", ".join(
        f"Chỉ thị số {n:0{w}d}/CT-UBND, Kế hoạch số {n + 7}-KH/ĐU và Quyết định số {n}/2024/QĐ-UBND"
        for n, w in zip(range(1, 40, 3), [2, 3, 1, 2, 4, 1, 3, 2, 1, 2, 3, 2, 1], strict=True)
    )
    (plans / "mn-hung-an/2022/reports/year.yaml").write_text(
        f"dac_diem_tinh_hinh:\n  - >-\n    Năm 2022, nhà trường thực hiện {citations}.\n", encoding="utf-8"
    )
    out = tmp_path / "out"
    result = cli("report", "--plans-dir", plans, "--period", "year", "-o", out, "--pdf")
    assert result.exit_code == 0, result.stderr
    pdf = next(out.glob("BC-*.pdf"))
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    source = " ".join(docx_paragraphs(next(out.glob("BC-*.docx"))))
    symbols = set(SYMBOL.findall(source))
    assert len(symbols) > 30, symbols
    parted = [s for s in symbols if s not in text]
    assert not parted, parted
    assert "\u2011" not in text  # the PDF's text has the plain hyphen: a search for '03/CT-UBND' finds it
