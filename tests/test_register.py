"""The outgoing-document register: `--final` numbers documents once, in sequence, per calendar year."""

from __future__ import annotations

import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from conftest import docx_paragraphs
from helpers import PLAN_YAML, YEAR_DIR, edit, located


def draft(plans: Path) -> None:
    """The seed's plan as a draft: no number written by hand."""
    path = plans / PLAN_YAML
    path.write_text(path.read_text(encoding="utf-8").replace("so: 5", "so:"), encoding="utf-8")
    narrative = plans / "mn-hung-an/2022/reports/6m.yaml"
    narrative.write_text(narrative.read_text(encoding="utf-8").replace("so: 18", "so:"), encoding="utf-8")


def number_line(docx: Path) -> str:
    return next(p for p in docx_paragraphs(docx) if p.startswith("Số:"))


def test_final_takes_the_next_number_and_keeps_it(danvan, plans):
    draft(plans)
    out = plans.parent / "out"
    result = danvan("plan", "-o", out)
    assert (
        number_line(out / "KH-MNHA-2022-cong-tac-dan-van-chinh-quyen.docx").replace("\u00a0", " ")
        == "Số:       /KH-MNHA"
    )  # a draft stays unnumbered
    result = danvan("plan", "-o", out, "--final")
    assert result.exit_code == 0, result.stderr
    assert "Đã cấp số 01/KH-MNHA" in result.stderr
    assert number_line(out / "KH-MNHA-2022-cong-tac-dan-van-chinh-quyen.docx") == "Số: 01/KH-MNHA"
    register = plans / "mn-hung-an/2022/so-van-ban-di.yaml"
    before = register.read_bytes()
    again = danvan("plan", "-o", out, "--final")
    assert "Giữ số 01/KH-MNHA" in again.stderr and register.read_bytes() == before
    # re-rendered without --final, a finalised document keeps its number too
    danvan("plan", "-o", out)
    assert number_line(out / "KH-MNHA-2022-cong-tac-dan-van-chinh-quyen.docx") == "Số: 01/KH-MNHA"
    report = danvan("report", "--period", "6m", "-o", out, "--final")
    assert "Đã cấp số 02/BC-MNHA" in report.stderr
    assert number_line(out / "BC-MNHA-2022-6-thang-dau-nam.docx") == "Số: 02/BC-MNHA"
    listing = danvan("register", "--year", "2022")
    assert listing.stdout.splitlines()[:2] == [
        "01/KH-MNHA  25/01/2022  Kế hoạch: Triển khai thực hiện công tác dân vận chính quyền năm 2022  — Nguyễn Thị Thu Hà  [KH-MNHA-2022-cong-tac-dan-van-chinh-quyen]",
        "02/BC-MNHA  13/05/2022  Báo cáo: Kết quả thực hiện công tác dân vận chính quyền 6 tháng đầu năm 2022  — Nguyễn Thị Thu Hà  [BC-MNHA-2022-6-thang-dau-nam]",
    ]


@pytest.mark.slow  # processes racing (or killed) at once: .ci/run runs it
def test_parallel_finalisations_take_distinct_consecutive_numbers(plans, tmp_path):
    draft(plans)
    periods = ["6m", "year", "q1", "q2", "m1", "m2", "m3", "m4"]

    def finalise(period: str):
        return subprocess.run(
            [
                sys.executable,
                "-m",
                "danvan_cli",
                "report",
                "--period",
                period,
                "--final",
                "--draft-ok",
                "--as-of",
                "2022-12-20",
                "--plans-dir",
                str(plans),
                "-o",
                str(tmp_path / "out"),
            ],
            capture_output=True,
            text=True,
            cwd=tmp_path,
        )

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(finalise, periods))
    assert all(r.returncode == 0 for r in results), [r.stderr for r in results]
    from danvan_cli.register import load_register

    entries = load_register(plans / "mn-hung-an/2022/so-van-ban-di.yaml")
    assert sorted(e.so for e in entries) == list(range(1, len(periods) + 1))
    assert len({e.tep for e in entries}) == len(periods)


def test_numbers_start_again_at_01_in_a_new_year(danvan, plans):
    draft(plans)
    narrative = plans / "mn-hung-an/2022/reports/year.yaml"
    narrative.write_text("ngay: 2023-01-05\n", encoding="utf-8")  # the yearly report, issued in the next January
    danvan("plan", "-o", plans.parent / "out", "--final")
    result = danvan("report", "--period", "year", "-o", plans.parent / "out", "--final", "--draft-ok")
    assert result.exit_code == 0, result.stderr
    assert "Đã cấp số 01/BC-MNHA (sổ văn bản đi năm 2023)" in result.stderr
    assert (plans / "mn-hung-an/2023/so-van-ban-di.yaml").exists()


def test_a_register_with_a_number_given_twice_is_refused(danvan, plans):
    draft(plans)
    danvan("plan", "-o", plans.parent / "out", "--final")
    register = plans / "mn-hung-an/2022/so-van-ban-di.yaml"
    text = register.read_text(encoding="utf-8")
    register.write_text(text + text.split("\n", 3)[3].replace("KH-2022", "KH-2022-ban-sao"), encoding="utf-8")
    result = danvan("plan", "-o", plans.parent / "out")
    assert result.exit_code == 1 and "so-van-ban-di.yaml" in result.stderr and "số 01 đã được cấp" in result.stderr


def test_register_as_the_phu_luc_iv_book(danvan, plans):
    from docx import Document

    draft(plans)
    danvan("plan", "-o", plans.parent / "out", "--final")
    danvan("report", "--period", "6m", "-o", plans.parent / "out", "--final")
    result = danvan("register", "--year", "2022", "--docx", "-o", plans.parent / "book")
    assert result.exit_code == 0, result.stderr
    doc = Document(str(plans.parent / "book/SO-VAN-BAN-DI-MNHA-2022.docx"))
    cover, book = doc.sections  # the cover on a portrait page, the entries on landscape pages
    assert cover.page_width < cover.page_height and book.page_width > book.page_height
    table = doc.tables[1]
    assert table.rows[0].cells[0].text == "Số, ký hiệu văn bản"
    assert [c.text for c in table.rows[1].cells] == [f"({i})" for i in range(1, 11)]
    rows = [[c.text for c in row.cells] for row in table.rows[2:]]
    assert rows[0][:4] == [
        "01/KH-MNHA",
        "25/01/2022",
        "Kế hoạch: Triển khai thực hiện công tác dân vận chính quyền năm 2022",
        "Nguyễn Thị Thu Hà",
    ]
    assert rows[0][4].startswith("Phòng Giáo dục và Đào tạo Kim Động;")
    # the register says where the report really went: 'Như trên' is the office of its Kính gửi line
    assert rows[1][0] == "02/BC-MNHA" and rows[1][4].startswith("Phòng Giáo dục và Đào tạo Kim Động;")


def test_final_records_a_number_written_by_hand_when_it_is_free(danvan, plans):
    out = plans.parent / "out"
    result = danvan("report", "--period", "6m", "-o", out, "--final")  # the seed's narrative says so: 18
    assert "Đã cấp số 18/BC-MNHA" in result.stderr
    assert number_line(out / "BC-MNHA-2022-6-thang-dau-nam.docx") == "Số: 18/BC-MNHA"
    year = plans / "mn-hung-an/2022/reports/year.yaml"
    year.write_text("so: 18\nngay: 2022-11-14\n", encoding="utf-8")
    clash = danvan("report", "--period", "year", "-o", out, "--final", "--draft-ok")
    assert clash.exit_code == 1 and "số 18 đã cấp cho BC-MNHA-2022-6-thang-dau-nam" in clash.stderr


def test_a_number_issued_by_the_register_is_used_wherever_the_document_is_cited(danvan, plans):
    draft(plans)
    out = plans.parent / "out"
    assert "Đã cấp số 01/KH-MNHA" in danvan("plan", "-o", out, "--final").stderr
    # the plan.yaml still leaves 'so' blank: the report cites the number the register gave
    danvan("report", "--period", "6m", "-o", out)
    opening = next(p for p in docx_paragraphs(out / "BC-MNHA-2022-6-thang-dau-nam.docx") if p.startswith("Thực hiện"))
    assert "và Kế hoạch số 01/KH-MNHA ngày 25/01/2022 của nhà trường, Trường Mầm non Hùng An báo cáo" in opening
    # the yearly report's appendix cites the report's own number once it is issued
    # (issued years later, dated as the clerk gives it: the register of that date's year, and a word on the backdating)
    final = danvan("report", "--period", "year", "-o", out, "--final", "--draft-ok", "--ngay", "14/11/2022")
    assert "Đã cấp số 02/BC-MNHA" in final.stderr, final.stderr
    assert "đề ngày 14/11/2022, trước ngày lấy số" in final.stderr
    paragraphs = docx_paragraphs(out / "BC-MNHA-2022-nam.docx")
    assert any(p.startswith("(Kèm theo Báo cáo số 02/BC-MNHA ngày 14 tháng 11 năm 2022") for p in paragraphs)


def test_final_refuses_a_report_nobody_wrote_a_word_of(danvan, plans):
    draft(plans)
    out = plans.parent / "out"
    register = plans / "mn-hung-an/2022/so-van-ban-di.yaml"
    result = danvan("report", "--period", "year", "-o", out, "--final", "--as-of", "2022-11-14")
    assert (
        result.exit_code == 1
        and "chưa có phần lời nào do đơn vị viết" in result.stderr
        and "--draft-ok" in result.stderr
    )
    assert not register.exists() and not out.exists()
    # a report with the unit's own words is issued
    (plans / "mn-hung-an/2022/reports/year.yaml").write_text("uu_diem: Hoàn thành tốt kế hoạch.\n", encoding="utf-8")
    made = danvan("report", "--period", "year", "-o", out, "--final", "--as-of", "2022-11-14")
    assert made.exit_code == 0 and register.exists()


def test_numbers_out_of_date_order_are_issued_with_a_warning_and_listed_by_number(danvan, plans):
    draft(plans)
    out = plans.parent / "out"
    (plans / "mn-hung-an/2022/reports/q1.yaml").write_text("ngay: 2022-03-15\nuu_diem: Tốt.\n", encoding="utf-8")
    assert danvan("report", "--period", "6m", "-o", out, "--final").exit_code == 0  # 13/05 → 01
    late = danvan("report", "--period", "q1", "-o", out, "--final")  # 15/03 → 02
    assert late.exit_code == 0, late.stderr
    assert "cảnh báo: số 02/BC-MNHA (ngày 15/03/2022) và số 01/BC-MNHA (ngày 13/05/2022)" in late.stderr
    listing = danvan("register", "--year", "2022").stdout.splitlines()
    assert [line[:10] for line in listing[:2]] == ["01/BC-MNHA", "02/BC-MNHA"]


def test_a_failed_document_takes_no_number(danvan, plans, monkeypatch):
    """A number is recorded only once its document is on disk: a failure on the way leaves the register as it was."""
    draft(plans)
    out = plans.parent / "out"
    out.mkdir()
    (out / "KH-MNHA-2022-cong-tac-dan-van-chinh-quyen.docx").mkdir()  # the document cannot be written there
    result = danvan("plan", "-o", out, "--final")
    assert result.exit_code in (1, 3) and "Traceback" not in result.stderr
    assert not (plans / "mn-hung-an/2022/so-van-ban-di.yaml").exists()


# ---------------------------------------------------------------- hostile input, third round (docs/reliability.md)


def test_01_a_blank_recipient_is_refused_before_any_number_is_issued(danvan, plans):
    edit(plans, "mn-hung-an/unit.yaml", "  - Chi bộ nhà trường", '  - "   "')
    result = danvan("plan", "--final", "-o", plans.parent / "out")
    assert result.exit_code == 1
    assert any("mục thứ 1 của 'noi_nhan' để trống" in m for *_, m in located(result.stderr))
    assert not (plans / YEAR_DIR / "so-van-ban-di.yaml").exists()


def test_01_a_unit_with_no_recipients_issues_a_register_it_can_read_back(danvan, plans):
    unit = plans / "mn-hung-an/unit.yaml"
    text = re.sub(r"noi_nhan:\n(  - .*\n)+", "", unit.read_text(encoding="utf-8"))
    unit.write_text(text.replace("co_quan_cap_tren:", "# co_quan_cap_tren:"), encoding="utf-8")
    out = plans.parent / "out"
    assert danvan("plan", "--final", "-o", out).exit_code == 0
    assert "noi_nhan: []" in (plans / YEAR_DIR / "so-van-ban-di.yaml").read_text(encoding="utf-8")
    listed = danvan("register", "--year", "2022")
    assert listed.exit_code == 0 and "05/KH-MNHA" in listed.stdout
    assert danvan("validate").exit_code == 0


def test_04_a_document_issued_under_another_years_date_keeps_its_number(danvan, plans):
    edit(plans, YEAR_DIR / "reports/6m.yaml", "so: 18", "so:")
    edit(plans, YEAR_DIR / "plan.yaml", "ngay: 2022-01-25", "ngay: 2021-12-10")  # (a report never cites a later plan)
    out = plans.parent / "out"
    first = danvan("report", "--period", "6m", "--final", "--as-of", "20/12/2021", "-o", out)
    assert first.exit_code == 0 and "Đã cấp số 01/BC-MNHA (sổ văn bản đi năm 2021)" in first.stderr
    again = danvan("report", "--period", "6m", "--final", "-o", out)
    assert again.exit_code == 0 and "Giữ số 01/BC-MNHA (sổ văn bản đi năm 2021)" in again.stderr
    assert "chưa có văn bản nào" in danvan("register", "--year", "2022").stdout
