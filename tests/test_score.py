"""Year-end self-assessment: the criteria are data; the arithmetic and every refusal are checked."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from helpers import located

YEAR = Path("mn-hung-an/2022")


def edit(plans: Path, name: str, old: str, new: str) -> None:
    path = plans / YEAR / name
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_score_arithmetic_and_band(cli, plans):
    result = cli("score", "--plans-dir", plans, "--json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["total"] == 71.5 and data["unscored"] == 20 and data["band"] is None
    groups = {r["ma"]: r for r in data["rows"] if r["nhom"]}
    assert (groups["I"]["toi_da"], groups["I"]["diem"]) == ("20", "19")
    assert (groups["II"]["toi_da"], groups["II"]["diem"]) == ("60", "52,5")
    assert data["summary"] == "Tổng điểm tự chấm 71,5; còn 20 điểm do cấp trên chấm; xếp loại dự kiến từ Khá đến Tốt."
    # once the level above has scored its part, the band is final
    edit(plans, "tu-cham.yaml", "cap_tren: []", 'cap_tren:\n  - ma: "3.1"\n    diem: 18,5')
    data = json.loads(cli("score", "--plans-dir", plans, "--json").stdout)
    assert data["total"] == 90 and data["band"] == "Tốt"  # 90 is the first point of Tốt
    table = cli("score", "--plans-dir", plans)
    assert "TỔNG CỘNG" in table.stdout and "xếp loại: Tốt" in table.stdout


@pytest.mark.parametrize(
    "name, old, new, message",
    [
        ("tu-cham.yaml", "    diem: 14\n", "    diem: 16\n", "chấm 16 điểm, quá điểm tối đa 15"),
        ("tu-cham.yaml", '  - ma: "2.2"', '  - ma: "2.1"', "tiêu chí '2.1' đã được chấm ở dòng"),
        ("tu-cham.yaml", '  - ma: "2.4"', '  - ma: "2.5"', "bộ tiêu chí không có tiêu chí '2.5'"),
        ("tu-cham.yaml", "cap_tren: []", "cap_tren: []\n", None),
        (
            "tu-cham.yaml",
            '  - ma: "1.1"\n',
            '  - ma: "3.1"\n    diem: 5\n  - ma: "1.1"\n',
            "thuộc nhóm do cấp trên chấm",
        ),
        (
            "tu-cham.yaml",
            '"tuyen-truyen@2022-10-20"',
            '"tuyen-truyen@2022-10-21"',
            "nhật ký tiến độ không có mục 'tuyen-truyen@2022-10-21'",
        ),
        ("tieu-chi.yaml", "    tu: 70\n", "    tu: 75\n", "các mức xếp loại để hở từ 70 đến 75 điểm"),
        ("tieu-chi.yaml", "    tu: 50\n", "    tu: 45\n", "mức 'Trung bình' (từ 45) chồng lên mức 'Yếu' (đến dưới 50)"),
        (
            "tieu-chi.yaml",
            "        diem_toi_da: 20\n",
            "        diem_toi_da: 25\n",
            "các điểm tối đa cộng lại được 105, khác tổng điểm 100",
        ),
        ("tieu-chi.yaml", '      - ma: "2.4"', '      - ma: "2.3"', "mã tiêu chí '2.3' bị trùng"),
    ],
)
def test_refusals_are_located(cli, plans, name, old, new, message):
    edit(plans, name, old, new)
    result = cli("score", "--plans-dir", plans)
    if message is None:
        assert result.exit_code == 0
        return
    assert result.exit_code == 1, result.stdout
    found = located(result.stderr)
    assert any(Path(p).name == name and message in m for p, _, _, m in found), result.stderr


def test_yearly_report_gains_the_score_appendix(cli, plans):
    from conftest import docx_paragraphs, norm

    out = plans.parent / "out"
    result = cli("report", "--plans-dir", plans, "--period", "year", "-o", out)
    assert result.exit_code == 0, result.stderr
    paragraphs = [norm(p) for p in docx_paragraphs(out / "BC-MNHA-2022-nam.docx")]
    assert "Phụ lục" in paragraphs and "BẢNG TỰ CHẤM ĐIỂM CÔNG TÁC DÂN VẬN CHÍNH QUYỀN NĂM 2022" in paragraphs
    assert "Tổng điểm tự chấm 71,5; còn 20 điểm do cấp trên chấm; xếp loại dự kiến từ Khá đến Tốt." in paragraphs
    # the 6-month report has no such appendix
    cli("report", "--plans-dir", plans, "--period", "6m", "-o", out)
    assert "Phụ lục" not in [norm(p) for p in docx_paragraphs(out / "BC-MNHA-2022-6-thang-dau-nam.docx")]


@pytest.mark.soffice
def test_yearly_report_with_score_appendix_layout(plans, tmp_path, soffice):
    import pdfplumber
    from layout import PT_PER_MM, check_common_layout

    from danvan_cli.documents import make_report
    from danvan_cli.loading import load_plan
    from danvan_cli.workspace import Workspace

    (plans / YEAR / "reports/year.yaml").write_text("so: 30\n", encoding="utf-8")
    ws = Workspace(plans)
    out = tmp_path / "year-pdf"
    written = make_report(load_plan(ws, "mn-hung-an", 2022), "year", out, as_of=dt.date(2022, 11, 14), pdf=True)
    check_common_layout(
        written.pdf,
        type_name="BÁO CÁO",
        issuer="TRƯỜNG MẦM NON HÙNG AN",
        number="Số: 30/BC-MNHA",
        date_line="Hùng An, ngày 14 tháng 11 năm 2022",
        signer_title="HIỆU TRƯỞNG",
    )
    with pdfplumber.open(str(written.pdf)) as pdf:
        start = next(i for i, p in enumerate(pdf.pages) if p.search("BẢNG TỰ CHẤM ĐIỂM", regex=False))
        top = [w["text"] for w in pdf.pages[start].extract_words() if w["bottom"] < 20 * PT_PER_MM]
        assert top == []  # the appendix is numbered on its own: nothing on its first page
        assert pdf.pages[start].search("TỔNG CỘNG", regex=False)


# ---------------------------------------------------------------- scoring as provinces do it


def test_the_level_above_re_scores_and_both_are_printed_side_by_side(cli, plans):
    from conftest import docx_paragraphs, norm
    from docx import Document

    edit(
        plans,
        "tu-cham.yaml",
        "cap_tren: []",
        'cap_tren:\n  - ma: "3.1"\n    diem: 18\n  - ma: "2.1"\n    diem: 12\n  - ma: "2.3"\n    diem: 10',
    )
    data = json.loads(cli("score", "--plans-dir", plans, "--json").stdout)
    # the unit's own 71,5 (+ 18 of the level above's own criterion) and the appraised 84,5: rated by the appraisal
    assert (data["own_total"], data["total"], data["appraised"], data["band"]) == (89.5, 84.5, True, "Khá")
    assert data["summary"] == "Tổng điểm tự chấm 89,5, điểm thẩm định 84,5/100; xếp loại: Khá."
    rows = {r["ma"]: r for r in data["rows"]}
    assert (rows["2.1"]["diem"], rows["2.1"]["tham_dinh"]) == ("14", "12")
    assert (rows["2.2"]["diem"], rows["2.2"]["tham_dinh"]) == ("13,5", "13,5")  # not re-scored: its own stands
    table = cli("score", "--plans-dir", plans).stdout
    assert "Thẩm định" in table and "Tự chấm" in table
    out = plans.parent / "out"
    assert cli("report", "--plans-dir", plans, "--period", "year", "-o", out).exit_code == 0
    path = out / "BC-MNHA-2022-nam.docx"
    appendix = next(t for t in Document(str(path)).tables if t.rows[0].cells[0].text == "Mã")
    assert [c.text for c in appendix.rows[0].cells] == [
        "Mã",
        "Tiêu chí",
        "Điểm tối đa",
        "Điểm tự chấm",
        "Điểm thẩm định",
    ]
    assert "Tổng điểm tự chấm 89,5, điểm thẩm định 84,5/100; xếp loại: Khá." in [norm(p) for p in docx_paragraphs(path)]


def test_a_unit_can_be_not_rated_whatever_its_points(cli, plans):
    edit(
        plans,
        "tu-cham.yaml",
        "cap_tren: []",
        'cap_tren:\n  - ma: "3.1"\n    diem: 20\nkhong_xep_loai: có cán bộ bị kỷ luật',
    )
    data = json.loads(cli("score", "--plans-dir", plans, "--json").stdout)
    assert data["total"] == 91.5 and data["band"] == "Không đủ điều kiện xếp loại"
    assert data["summary"].endswith("không đủ điều kiện xếp loại: có cán bộ bị kỷ luật.")


def test_flat_criteria_with_their_scope(cli, plans):
    (plans / YEAR / "tieu-chi.yaml").write_text(
        "ten: Tiêu chí của tỉnh\ndoi_tuong: các cơ sở giáo dục\ntong_diem: 100\ntieu_chi:\n"
        '  - ma: "1"\n    ten: Kế hoạch\n    diem_toi_da: 40\n  - ma: "2"\n    ten: Thực hiện\n    diem_toi_da: 60\n'
        "xep_loai:\n  - nhan: Tốt\n    tu: 80\n    den: 100\n  - nhan: Chưa tốt\n    tu: 0\n    den: 80\n",
        encoding="utf-8",
    )
    (plans / YEAR / "tu-cham.yaml").write_text(
        'tieu_chi: tieu-chi.yaml\ndiem:\n  - ma: "1"\n    diem: 38\n  - ma: "2"\n    diem: 50\n', encoding="utf-8"
    )
    data = json.loads(cli("score", "--plans-dir", plans, "--json").stdout)
    assert data["band"] == "Tốt" and data["total"] == 88
    assert [r["ma"] for r in data["rows"]] == ["1", "2", ""]  # no group rows
    both = (plans / YEAR / "tieu-chi.yaml").read_text(encoding="utf-8") + "nhom: []\n"
    (plans / YEAR / "tieu-chi.yaml").write_text(
        both.replace("nhom: []", "nhom:\n  - ma: I\n    ten: X\n    tieu_chi: []"), encoding="utf-8"
    )
    refused = cli("score", "--plans-dir", plans)
    assert refused.exit_code == 1


def test_the_office_sees_every_units_scores_and_the_count_per_band(cli, tmp_path):
    from conftest import docx_paragraphs, norm

    from danvan_cli.demo import make_demo_units

    plans = tmp_path / "plans"
    make_demo_units(plans, 15)  # after 1 July 2025: a commune's Phòng Văn hóa - Xã hội above the schools
    result = cli("score", "--all", "--plans-dir", plans, "--json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    units = {u["unit"]: u for u in data["units"]}
    assert len(units) == 15 and units["don-vi-0007"]["problem"] == "chưa tự chấm"
    assert units["don-vi-0013"]["band"] == "Không đủ điều kiện xếp loại"
    assert units["don-vi-0003"]["appraised"] and units["don-vi-0003"]["total"] < units["don-vi-0003"]["own_total"]
    assert sum(data["bands"].values()) == 15 and data["bands"]["chưa tự chấm"] == 2
    assert "Số đơn vị theo mức xếp loại:" in cli("score", "--all", "--plans-dir", plans).stdout
    out = tmp_path / "out"
    made = cli(
        "aggregate", "--plans-dir", plans, "--period", "year", "--year", "2026", "-o", out, "--as-of", "2026-11-30"
    )
    assert made.exit_code == 0, made.stderr
    text = [norm(p) for p in docx_paragraphs(next(out.glob("*.docx")))]
    assert "Phụ lục I" in text and "Phụ lục II" in text
    assert any(p.startswith("Số đơn vị theo mức xếp loại:") for p in text)
    assert text[:3] == ["ỦY BAN NHÂN DÂN", "XÃ HÙNG AN", "PHÒNG VĂN HÓA - XÃ HỘI"]  # two levels: no district
