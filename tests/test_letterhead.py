"""The letterhead and the document's number, from the clerk's side (issue 25): a school's level never parted across
the letterhead's lines, the managing body's standard abbreviation, and a document's number and symbol never parted
across two lines of the page."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import SEED_PLANS, docx_paragraphs, norm

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
