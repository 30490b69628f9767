"""Year-end self-assessment: the criteria are data; the arithmetic and every refusal are checked."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest
from conftest import docx_paragraphs, norm
from helpers import YEAR_DIR, edit, located, new_commune


def test_score_arithmetic_and_band(danvan, plans):
    result = danvan("score", "--json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["total"] == 71.5 and data["unscored"] == 20 and data["band"] is None
    groups = {r["ma"]: r for r in data["rows"] if r["nhom"]}
    assert (groups["I"]["toi_da"], groups["I"]["diem"]) == ("20", "19")
    assert (groups["II"]["toi_da"], groups["II"]["diem"]) == ("60", "52,5")
    # the unit's own points over the points it scores (80: the level above scores the other 20)
    assert (
        data["summary"] == "Tổng điểm tự chấm 71,5/80; còn 20 điểm do cấp trên chấm; xếp loại dự kiến từ Khá đến Tốt."
    )
    assert groups["III"]["diem"] == "–"  # the level above's group: not the unit's to score
    # once the level above has scored its part, the band is final; the unit's own total stays its own
    edit(plans, YEAR_DIR / "tu-cham.yaml", "cap_tren: []", 'cap_tren:\n  - ma: "3.1"\n    diem: 18,5')
    data = json.loads(danvan("score", "--json").stdout)
    assert data["total"] == 90 and data["band"] == "Tốt"  # 90 is the first point of Tốt
    assert (data["own_total"], data["appraised_total"]) == (71.5, 90)
    assert data["summary"] == "Tổng điểm tự chấm 71,5/80, điểm thẩm định 90/100; xếp loại: Tốt."
    table = danvan("score")
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
def test_refusals_are_located(danvan, plans, name, old, new, message):
    edit(plans, YEAR_DIR / name, old, new)
    result = danvan("score")
    if message is None:
        assert result.exit_code == 0
        return
    assert result.exit_code == 1, result.stdout
    found = located(result.stderr)
    assert any(Path(p).name == name and message in m for p, _, _, m in found), result.stderr


def test_yearly_report_gains_the_score_appendix(danvan, plans):

    out = plans.parent / "out"
    result = danvan("report", "--period", "year", "-o", out)
    assert result.exit_code == 0, result.stderr
    paragraphs = [norm(p) for p in docx_paragraphs(out / "BC-MNHA-2022-nam.docx")]
    assert "Phụ lục" in paragraphs and "BẢNG TỰ CHẤM ĐIỂM CÔNG TÁC DÂN VẬN CHÍNH QUYỀN NĂM 2022" in paragraphs
    summary = "Tổng điểm tự chấm 71,5/80; còn 20 điểm do cấp trên chấm; xếp loại dự kiến từ Khá đến Tốt."
    assert summary in paragraphs
    # a draft: the Phụ lục's line keeps room for the number, as the header does (the blank is never closed up)
    raw = " ".join(docx_paragraphs(out / "BC-MNHA-2022-nam.docx")).replace("\n", " ")
    assert "(Kèm theo Báo cáo số " + "\u00a0" * 6 + "/BC-MNHA ngày" in raw
    # the body says the same as its Phụ lục
    assert any(
        "đã tự chấm điểm công tác dân vận chính quyền năm 2022: tổng điểm tự chấm 71,5/80; còn 20 điểm do cấp trên "
        "chấm; xếp loại dự kiến từ Khá đến Tốt (chi tiết tại Phụ lục kèm theo Báo cáo này)." in p
        for p in paragraphs
    )
    # the 6-month report has no such appendix
    danvan("report", "--period", "6m", "-o", out)
    assert "Phụ lục" not in [norm(p) for p in docx_paragraphs(out / "BC-MNHA-2022-6-thang-dau-nam.docx")]


@pytest.mark.soffice
def test_yearly_report_with_score_appendix_layout(plans, tmp_path, soffice):
    import pdfplumber
    from layout import PT_PER_MM, check_common_layout

    from danvan_cli.documents import make_report
    from danvan_cli.loading import load_plan
    from danvan_cli.workspace import Workspace

    (plans / YEAR_DIR / "reports/year.yaml").write_text("so: 30\n", encoding="utf-8")
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


def test_the_level_above_re_scores_and_both_are_printed_side_by_side(danvan, plans):
    from docx import Document

    edit(
        plans,
        YEAR_DIR / "tu-cham.yaml",
        "cap_tren: []",
        'cap_tren:\n  - ma: "3.1"\n    diem: 18\n  - ma: "2.1"\n    diem: 12\n  - ma: "2.3"\n    diem: 10',
    )
    data = json.loads(danvan("score", "--json").stdout)
    # the unit's own 71,5 — never with the level above's 18 added — and the appraised 84,5: rated by the appraisal
    assert (data["own_total"], data["total"], data["appraised"], data["band"]) == (71.5, 84.5, True, "Khá")
    assert data["summary"] == "Tổng điểm tự chấm 71,5/80, điểm thẩm định 84,5/100; xếp loại: Khá."
    rows = {r["ma"]: r for r in data["rows"]}
    assert (rows["2.1"]["diem"], rows["2.1"]["tham_dinh"]) == ("14", "12")
    assert (rows["2.2"]["diem"], rows["2.2"]["tham_dinh"]) == ("13,5", "13,5")  # not re-scored: its own stands
    assert (rows["3.1"]["diem"], rows["3.1"]["tham_dinh"]) == ("–", "18")  # the level above's own criterion
    assert (rows["III"]["diem"], rows["III"]["tham_dinh"]) == ("–", "18")
    assert (rows[""]["diem"], rows[""]["tham_dinh"]) == ("71,5", "84,5")  # TỔNG CỘNG: the two totals side by side
    table = danvan("score").stdout
    assert "Thẩm định" in table and "Tự chấm" in table
    out = plans.parent / "out"
    assert danvan("report", "--period", "year", "-o", out).exit_code == 0
    path = out / "BC-MNHA-2022-nam.docx"
    appendix = next(t for t in Document(str(path)).tables if t.rows[0].cells[0].text == "Mã")
    assert [c.text for c in appendix.rows[0].cells] == [
        "Mã",
        "Tiêu chí",
        "Điểm tối đa",
        "Điểm tự chấm",
        "Điểm thẩm định",
    ]
    text = [norm(p) for p in docx_paragraphs(path)]
    assert "Tổng điểm tự chấm 71,5/80, điểm thẩm định 84,5/100; xếp loại: Khá." in text
    total = next(r for r in appendix.rows if r.cells[1].text == "TỔNG CỘNG")
    assert [c.text for c in total.cells[2:]] == ["100", "71,5", "84,5"]
    assert any(
        "năm 2022, được cấp trên thẩm định: tổng điểm tự chấm 71,5/80, điểm thẩm định 84,5/100; xếp loại: Khá (chi tiết"
        in p
        for p in text
    )


def test_a_unit_can_be_not_rated_whatever_its_points(danvan, plans):
    edit(
        plans,
        YEAR_DIR / "tu-cham.yaml",
        "cap_tren: []",
        'cap_tren:\n  - ma: "3.1"\n    diem: 20\nkhong_xep_loai: có cán bộ bị kỷ luật',
    )
    data = json.loads(danvan("score", "--json").stdout)
    assert data["total"] == 91.5 and data["band"] == "Không đủ điều kiện xếp loại"
    assert data["summary"].endswith("không đủ điều kiện xếp loại: có cán bộ bị kỷ luật.")


def test_flat_criteria_with_their_scope(danvan, plans):
    (plans / YEAR_DIR / "tieu-chi.yaml").write_text(
        "ten: Tiêu chí của tỉnh\ndoi_tuong: các cơ sở giáo dục\ntong_diem: 100\ntieu_chi:\n"
        '  - ma: "1"\n    ten: Kế hoạch\n    diem_toi_da: 40\n  - ma: "2"\n    ten: Thực hiện\n    diem_toi_da: 60\n'
        "xep_loai:\n  - nhan: Tốt\n    tu: 80\n    den: 100\n  - nhan: Chưa tốt\n    tu: 0\n    den: 80\n",
        encoding="utf-8",
    )
    (plans / YEAR_DIR / "tu-cham.yaml").write_text(
        'tieu_chi: tieu-chi.yaml\ndiem:\n  - ma: "1"\n    diem: 38\n  - ma: "2"\n    diem: 50\n', encoding="utf-8"
    )
    data = json.loads(danvan("score", "--json").stdout)
    assert data["band"] == "Tốt" and data["total"] == 88
    assert [r["ma"] for r in data["rows"]] == ["1", "2", ""]  # no group rows
    both = (plans / YEAR_DIR / "tieu-chi.yaml").read_text(encoding="utf-8") + "nhom: []\n"
    (plans / YEAR_DIR / "tieu-chi.yaml").write_text(
        both.replace("nhom: []", "nhom:\n  - ma: I\n    ten: X\n    tieu_chi: []"), encoding="utf-8"
    )
    refused = danvan("score")
    assert refused.exit_code == 1


def test_the_office_sees_every_units_scores_and_the_count_per_band(cli, tmp_path):

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


# ---------------------------------------------------------------- the unit's score and the level above's, apart

# A province's criteria as the issue met them: the unit scores 90 points, the level above 10 of its own.
ABOVE_TEN = """\
ten: Bộ tiêu chí đánh giá công tác dân vận chính quyền
can_cu: Quyết định số 15/2025/QĐ-UBND ngày 20/12/2025 của Ủy ban nhân dân tỉnh Vĩnh Long
doi_tuong: các cơ quan, đơn vị sự nghiệp công lập cấp xã
hieu_luc: 01/01/2026
thay_the: Quyết định số 02/2020/QĐ-UBND ngày 08/01/2020
nhom:
  - ma: A
    ten: Đơn vị tự chấm
    tieu_chi:
      - {ma: "1", ten: "Lãnh đạo, chỉ đạo", diem_toi_da: 40}
      - {ma: "2", ten: Kết quả thực hiện, diem_toi_da: 50}
  - ma: B
    ten: Cấp trên chấm
    cap_tren_cham: true
    tieu_chi:
      - {ma: "3", ten: Đánh giá của cấp trên, diem_toi_da: 10}
xep_loai:
  - {nhan: Xuất sắc, tu: 90, den: 100}
  - {nhan: Tốt, tu: 75, den: 90}
  - {nhan: Chưa tốt, tu: 0, den: 75}
"""


def score_only_unit(plans: Path, folder: str, name: str, scores: str, year: int = 2026) -> Path:
    """A unit that makes no plan of its own: unit.yaml, and its year's criteria and self-assessment alone."""
    (plans / folder / str(year)).mkdir(parents=True)
    (plans / folder / "unit.yaml").write_text(
        f"co_quan_chu_quan: Ủy ban nhân dân xã Long Hồ\nten_co_quan: {name}\nchu_viet_tat: THLH\n"
        "dia_danh: Long Hồ\nco_quan_cap_tren: Ủy ban nhân dân xã Long Hồ\n"
        "nguoi_ky:\n  chuc_vu: Hiệu trưởng\n  ho_ten: Lê Thị Thu\n",
        encoding="utf-8",
    )
    (plans / folder / str(year) / "tieu-chi.yaml").write_text(ABOVE_TEN, encoding="utf-8")
    (plans / folder / str(year) / "tu-cham.yaml").write_text(scores, encoding="utf-8")
    return plans / folder / str(year)


def test_a_unit_self_scored_87_shows_87_then_the_appraised_78(cli, tmp_path):
    plans = tmp_path / "plans"
    scores = 'diem:\n  - {ma: "1", diem: 40}\n  - {ma: "2", diem: 47}\n'
    year_dir = score_only_unit(plans, "th-long-ho", "Trường Tiểu học Long Hồ", scores)
    # no plan, no --year: the year of its self-assessment
    data = json.loads(cli("score", "--plans-dir", plans, "--json").stdout)
    assert (data["own_total"], data["own_maximum"], data["appraised"], data["band"]) == (87, 90, False, None)
    assert (
        data["summary"]
        == "Tổng điểm tự chấm 87/90; còn 10 điểm do cấp trên chấm; xếp loại dự kiến từ Tốt đến Xuất sắc."
    )
    # the level above gives 8 of its own 10 points and re-scores the unit's second criterion 30 (not 47)
    (year_dir / "tu-cham.yaml").write_text(
        scores + 'cap_tren:\n  - {ma: "3", diem: 8}\n  - {ma: "2", diem: 30}\n', encoding="utf-8"
    )
    result = cli("score", "--plans-dir", plans, "--json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert (data["own_total"], data["appraised_total"], data["band"]) == (87, 78, "Tốt")  # 87 → 78, not 95 → 78
    assert data["summary"] == "Tổng điểm tự chấm 87/90, điểm thẩm định 78/100; xếp loại: Tốt."
    table = cli("score", "--plans-dir", plans).stdout
    total = next(line for line in table.splitlines() if "TỔNG CỘNG" in line)
    assert [cell.strip() for cell in total.split("│")[3:6]] == ["100", "87", "78"]
    # the criteria as cited: who they apply to, from when, what they replace
    cited = (
        "Theo Bộ tiêu chí đánh giá công tác dân vận chính quyền (Quyết định số 15/2025/QĐ-UBND ngày 20/12/2025 của "
        "Ủy ban nhân dân tỉnh Vĩnh Long); đối tượng áp dụng: các cơ quan, đơn vị sự nghiệp công lập cấp xã; áp dụng "
        "từ ngày 01/01/2026; thay thế Quyết định số 02/2020/QĐ-UBND ngày 08/01/2020"
    )
    assert data["criteria"] == cited
    assert cited + "." in " ".join(table.split())


def test_the_office_sees_self_and_appraised_apart_and_which_way_the_appraisal_went(cli, tmp_path):
    from danvan_cli.demo import make_demo_units

    plans = tmp_path / "plans"
    make_demo_units(plans, 6)  # every third unit appraised by the level above, never above its own score
    score_only_unit(
        plans,
        "don-vi-0100",
        "Trường Tiểu học Long Hồ",
        'diem:\n  - {ma: "1", diem: 40}\n  - {ma: "2", diem: 47}\ncap_tren:\n  - {ma: "3", diem: 8}\n'
        '  - {ma: "1", diem: 40}\n  - {ma: "2", diem: 49}\n',
    )
    result = cli("score", "--all", "--plans-dir", plans, "--year", "2026", "--json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    units = {u["unit"]: u for u in data["units"]}
    # a unit with its score file alone is scored like any other
    alone = units["don-vi-0100"]
    assert alone["problem"] is None and alone["name"] == "Trường Tiểu học Long Hồ"
    assert (alone["own_total"], alone["appraised_total"], alone["appraised_own"], alone["band"]) == (
        87,
        97,
        89,
        "Xuất sắc",
    )
    demo = units["don-vi-0003"]
    assert demo["appraised"] and demo["appraised_own"] == demo["appraised_total"] <= demo["own_total"]
    lower = sum(u["appraised_own"] < u["own_total"] for u in data["units"] if u["appraised"])
    same = sum(u["appraised_own"] == u["own_total"] for u in data["units"] if u["appraised"])
    said = ", ".join(f"{label} ở {n} đơn vị" for label, n in (("thấp hơn", lower), ("cao hơn", 1), ("bằng", same)) if n)
    assert data["comparison"] == (
        f"Cấp trên đã thẩm định {lower + same + 1} đơn vị; trên các tiêu chí đơn vị tự chấm, điểm thẩm định {said} "
        "so với điểm tự chấm."
    )
    output = cli("score", "--all", "--plans-dir", plans, "--year", "2026").stdout
    row = next(line for line in output.splitlines() if "Trường Tiểu học Long Hồ" in line)
    assert [cell.strip() for cell in row.split("│")[3:6]] == ["87", "97", "Xuất sắc"]
    table = " ".join(output.split())
    assert data["comparison"] in table
    assert "Theo Bộ tiêu chí đánh giá công tác dân vận chính quyền (Quyết định số 15/2025/QĐ-UBND" in table
    assert (
        "Theo Tiêu chí đánh giá, xếp loại công tác dân vận chính quyền; đối tượng áp dụng: các cơ sở giáo dục" in table
    )


def test_criteria_without_bands_give_points_only(cli, tmp_path):
    plans = tmp_path / "plans"
    year_dir = score_only_unit(
        plans, "th-long-ho", "Trường Tiểu học Long Hồ", 'diem:\n  - {ma: "1", diem: 40}\n  - {ma: "2", diem: 47}\n'
    )
    criteria = ABOVE_TEN[: ABOVE_TEN.index("xep_loai:")]
    (year_dir / "tieu-chi.yaml").write_text(criteria, encoding="utf-8")
    (year_dir / "tu-cham.yaml").write_text(
        'diem:\n  - {ma: "1", diem: 40}\n  - {ma: "2", diem: 47}\ncap_tren:\n  - {ma: "3", diem: 8}\n', encoding="utf-8"
    )
    data = json.loads(cli("score", "--plans-dir", plans, "--json").stdout)
    assert data["band"] is None and data["pending"] == "bộ tiêu chí chưa quy định mức xếp loại"
    assert data["summary"] == (
        "Tổng điểm tự chấm 87/90, điểm thẩm định 95/100; bộ tiêu chí chưa quy định mức xếp loại."
    )
    # the office sees the same reason, not "waiting for the level above"
    (plans / "phong-vh").mkdir()
    (plans / "phong-vh/unit.yaml").write_text(
        "ten_co_quan: Phòng Văn hóa - Xã hội\nchu_viet_tat: VHXH\ndia_danh: Long Hồ\n"
        "nguoi_ky:\n  chuc_vu: Trưởng phòng\n  ho_ten: Võ Văn Tám\ntong_hop:\n  don_vi: [th-*]\n",
        encoding="utf-8",
    )
    rows = json.loads(
        cli("score", "--all", "--unit", "phong-vh", "--plans-dir", plans, "--year", "2026", "--json").stdout
    )
    assert rows["units"][0]["pending"] == "bộ tiêu chí chưa quy định mức xếp loại"
    assert (
        "bộ tiêu chí chưa quy định mức xếp loại"
        in cli("score", "--all", "--unit", "phong-vh", "--plans-dir", plans, "--year", "2026").stdout
    )


def test_criteria_of_a_later_year_are_said_and_cited_in_the_yearly_report(danvan, plans):

    edit(
        plans,
        YEAR_DIR / "tieu-chi.yaml",
        "tong_diem: 100\n",
        "tong_diem: 100\nhieu_luc: 2023-01-01\ndoi_tuong: các trường mầm non\n",
    )
    result = danvan("score")
    assert result.exit_code == 0
    assert any(
        (Path(p).name, line) == ("tieu-chi.yaml", 10) and "áp dụng từ ngày 01/01/2023, sau năm 2022 được đánh giá" in m
        for p, line, _, m in located(result.stderr, warnings=True)
    ), result.stderr
    assert "áp dụng từ ngày 01/01/2023" in danvan("validate").stderr
    out = plans.parent / "out"
    assert danvan("report", "--period", "year", "-o", out).exit_code == 0
    text = [norm(p) for p in docx_paragraphs(out / "BC-MNHA-2022-nam.docx")]
    assert (
        "Theo Tiêu chí đánh giá, xếp loại công tác dân vận chính quyền (Quyết định số 02/2020/QĐ-UBND ngày 08/01/2020 "
        "của UBND tỉnh Hưng Yên); đối tượng áp dụng: các trường mầm non; áp dụng từ ngày 01/01/2023"
    ) in text


def test_a_unit_without_a_plan_makes_its_score_file_and_is_scored(cli, tmp_path):
    plans = tmp_path / "plans"
    year_dir = score_only_unit(plans, "th-long-ho", "Trường Tiểu học Long Hồ", "diem: []\n")
    (year_dir / "tu-cham.yaml").unlink()
    (year_dir / "tieu-chi.yaml").rename(tmp_path / "tieu-chi-tinh.yaml")
    made = cli("score", "--plans-dir", plans, "--year", "2026", "--tao", "--tieu-chi", tmp_path / "tieu-chi-tinh.yaml")
    assert made.exit_code == 0, made.stderr
    text = (year_dir / "tu-cham.yaml").read_text(encoding="utf-8")
    assert '- ma: "1"' in text and '- ma: "3"' not in text  # the level above's criterion is not the unit's to fill
    data = json.loads(cli("score", "--plans-dir", plans, "--json").stdout)
    assert (data["own_total"], data["unscored"], data["pending"]) == (
        0,
        100,
        "còn 90 điểm đơn vị chưa tự chấm; còn 10 điểm do cấp trên chấm",
    )


# ---------------------------------------------------------------- hostile input and faults, first and second rounds (docs/reliability.md)


@pytest.mark.parametrize("criteria", ["/etc/passwd", "../../../../../../etc/passwd", "../../khac/tieu-chi.yaml"])
def test_06_the_criteria_file_stays_inside_the_plans_folder_and_is_never_echoed(danvan, plans, tmp_path, criteria):
    (tmp_path / "khac").mkdir()
    (tmp_path / "khac/tieu-chi.yaml").write_text("root:x:0:0: bi mat\n", encoding="utf-8")
    path = plans / "mn-hung-an/2022/tu-cham.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("tieu_chi: tieu-chi.yaml", f"tieu_chi: {criteria}"), encoding="utf-8"
    )
    result = danvan("validate")
    assert result.exit_code == 1 and "root:" not in result.stderr and "bi mat" not in result.stderr
    ((_where, _, _, message),) = [p for p in located(result.stderr) if p[0].endswith("tu-cham.yaml")]
    assert "bộ tiêu chí" in message


# ---------------------------------------------------------------- hostile input, third round (docs/reliability.md)


def test_07_a_score_on_a_band_boundary_is_in_that_band():
    from danvan_cli.models import Criteria
    from danvan_cli.score import band_of

    criteria = Criteria.model_validate(
        {
            "ten": "x",
            "tong_diem": 120,
            "nhom": [
                {"ma": "I", "ten": "A", "tieu_chi": [{"ma": f"{i}", "ten": "x", "diem_toi_da": 15} for i in range(8)]}
            ],
            "xep_loai": [{"nhan": "Tốt", "tu": 90, "den": 120}, {"nhan": "Khá", "tu": 0, "den": 90}],
        }
    )
    from danvan_cli.vnformat import parse_number

    scores = [parse_number(s) for s in ("12,2", "13,5", "6,2", "14,1", "14,8", "13", "2,6", "13,6")]
    assert sum(scores) == 90 and band_of(criteria, sum(scores)) == "Tốt"


def test_10_a_misnamed_self_assessment_is_never_silently_left_out(danvan, plans):
    (plans / YEAR_DIR / "tu-cham.yaml").rename(plans / YEAR_DIR / "tu-cham.yml")
    assert "hãy đổi tên thành tu-cham.yaml" in danvan("validate").stderr
    result = danvan("report", "--period", "year", "-o", plans.parent / "out")
    assert result.exit_code == 1 and "Có tệp tu-cham.yml" in result.stderr


# ---------------------------------------------------------------- a clerk's first week (issue 25)


def test_a_new_unit_makes_its_self_assessment_from_the_criteria_it_is_given_never_another_provinces(cli, tmp_path):
    import json

    from conftest import SEED_PLANS, docx_paragraphs
    from helpers import edit

    plans = tmp_path / "plans"
    new_commune(cli, plans)
    year = plans / "ubnd-xa-tan-phu/2026"
    missing = cli("score", "--plans-dir", plans)
    assert missing.exit_code == 1 and "danvan score --tao" in missing.stderr and "năm trước" not in missing.stderr
    # no criteria given yet: a neutral sample, said to be one, naming no province
    made = cli("score", "--plans-dir", plans, "--tao")
    assert made.exit_code == 0, made.stderr
    assert "bộ tiêu chí MẪU (không của tỉnh nào)" in made.stderr
    sample = (year / "tieu-chi.yaml").read_text(encoding="utf-8")
    assert "vi_du: true" in sample and "Hưng Yên" not in sample and "02/2020" not in sample
    scores = (year / "tu-cham.yaml").read_text(encoding="utf-8")
    assert '  - ma: "2.3"\n    diem:\n' in scores and "# 2.3. Phong trào thi đua" in scores
    assert '  - ma: "3.1"' not in scores  # the level above scores its own group
    table = cli("score", "--plans-dir", plans, "--json")
    assert table.exit_code == 0, table.stderr
    assert json.loads(table.stdout)["own_total"] == 0 and "bộ tiêu chí còn là mẫu" in table.stderr
    checked = cli("validate", "--plans-dir", plans)
    assert any("bộ tiêu chí còn là mẫu (vi_du: true)" in m for p, _, _, m in located(checked.stderr, warnings=True))
    edit(plans, "ubnd-xa-tan-phu/2026/tu-cham.yaml", '  - ma: "1.1"\n    diem:\n', '  - ma: "1.1"\n    diem: 9\n')
    assert json.loads(cli("score", "--plans-dir", plans, "--json").stdout)["own_total"] == 9
    out = tmp_path / "out"
    cli("report", "--plans-dir", plans, "--period", "year", "--as-of", "2026-11-14", "-o", out)
    basis = next(p for p in docx_paragraphs(out / "BC-UBND-2026-nam.docx") if p.startswith("Theo "))
    assert basis == "Theo Tiêu chí đánh giá, xếp loại công tác dân vận"  # no province, no decision number
    again = cli("score", "--plans-dir", plans, "--tao")
    assert again.exit_code == 1 and "không ghi đè" in again.stderr
    assert "diem: 9" in (year / "tu-cham.yaml").read_text(encoding="utf-8")
    # the criteria the unit is given: copied in, and no warning
    other = tmp_path / "other"
    new_commune(cli, other)
    given = tmp_path / "tieu-chi-dong-nai.yaml"
    given.write_text(sample.replace("vi_du: true\n", "").replace("can_cu:", "can_cu: Quyết định số 05/2025/QĐ-UBND"),
                     encoding="utf-8")  # fmt: skip
    assert cli("score", "--plans-dir", other, "--tao", "--tieu-chi", given).exit_code == 0
    assert (other / "ubnd-xa-tan-phu/2026/tieu-chi.yaml").read_bytes() == given.read_bytes()
    checked = cli("validate", "--plans-dir", other)
    assert not any("mẫu" in m for p, _, _, m in located(checked.stderr, warnings=True))
    # the seed's sample copied into another province's commune is said, with what its Phụ lục would print
    (other / "ubnd-xa-tan-phu/2026/tieu-chi.yaml").unlink()
    shutil.copy(SEED_PLANS / "mn-hung-an/2022/tieu-chi.yaml", other / "ubnd-xa-tan-phu/2026/tieu-chi.yaml")
    checked = cli("validate", "--plans-dir", other)
    (said,) = [m for p, _, _, m in located(checked.stderr, warnings=True) if p.endswith("tieu-chi.yaml")]
    assert "bộ tiêu chí còn là mẫu" in said and "tỉnh Hưng Yên" in said
