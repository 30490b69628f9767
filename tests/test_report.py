"""`danvan report`: the periodic Báo cáo built from the progress log and the narrative."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import ROOT, docx_paragraphs, norm, without_declared_figures
from helpers import edit, figures_rows, new_commune, progress_add, report, unit_args

STEM_6M = "BC-MNHA-2022-6-thang-dau-nam"


def expected_sums(plans: Path, start: dt.date, end: dt.date) -> dict[str, float]:
    from danvan_cli.yamlsource import load

    totals: dict[str, float] = {}
    for e in load(plans / "mn-hung-an/2022/progress.yaml").data:
        if start <= dt.date.fromisoformat(e["ngay"]) <= end:
            for name, value in (e.get("so_lieu") or {}).items():
                totals[name] = totals.get(name, 0) + value
    return totals


def test_seed_six_month_report(cli, plans):
    result, out = report(cli, plans)
    assert result.exit_code == 0, result.stderr
    docx = out / f"{STEM_6M}.docx"
    paragraphs = [norm(p) for p in docx_paragraphs(docx)]
    for expected in [
        "Số: 18/BC-MNHA",
        "Hùng An, ngày 13 tháng 5 năm 2022",
        "BÁO CÁO",
        "Kết quả thực hiện công tác dân vận chính quyền 6 tháng đầu năm 2022",
        "Kính gửi: Phòng Giáo dục và Đào tạo Kim Động",
        "I. ĐẶC ĐIỂM TÌNH HÌNH",
        "II. CÔNG TÁC LÃNH ĐẠO, CHỈ ĐẠO, TRIỂN KHAI THỰC HIỆN",
        "III. KẾT QUẢ THỰC HIỆN",
        "IV. ĐÁNH GIÁ CHUNG",
        "1. Ưu điểm",
        "2. Tồn tại, hạn chế",
        "V. PHƯƠNG HƯỚNG, NHIỆM VỤ 6 THÁNG CUỐI NĂM 2022",
        "VI. ĐỀ XUẤT, KIẾN NGHỊ",
        "Nơi nhận:",
        "- Lưu: VT.",
    ]:
        assert expected in paragraphs, expected
    # the causes are only the unit's to give: asked, not printed under an empty heading
    assert "3. Nguyên nhân" not in paragraphs
    opening = next(p for p in paragraphs if p.startswith("Thực hiện Kế hoạch"))
    # the document the report answers (from the plan's own opening), then the unit's plan; the unit named once
    assert opening == (
        "Thực hiện Kế hoạch số …/KH-PGDĐT ngày 20 tháng 01 năm 2022 của Phòng Giáo dục và Đào tạo Kim Động về "
        "triển khai thực hiện công tác dân vận chính quyền năm 2022 và Kế hoạch số 05/KH-MNHA ngày 25/01/2022 của "
        "nhà trường, Trường Mầm non Hùng An báo cáo kết quả thực hiện công tác dân vận chính quyền 6 tháng đầu năm "
        "2022 (số liệu tính đến ngày 13/5/2022) như sau:"
    )
    # Nơi nhận: "Như trên" first, as a report with Kính gửi requires
    start = paragraphs.index("Nơi nhận:")
    assert paragraphs[start + 1] == "- Như trên;"
    # the narrative's own words are used where written …
    assert any(p.startswith("Năm học 2021–2022, nhà trường có 12 lớp") for p in paragraphs)
    # … the parts it left out are drafted from the data, and what only people know is asked
    leadership = paragraphs[paragraphs.index("II. CÔNG TÁC LÃNH ĐẠO, CHỈ ĐẠO, TRIỂN KHAI THỰC HIỆN") + 1 :]
    assert leadership[:2] == [
        "Ngày 25/01/2022, nhà trường ban hành Kế hoạch số 05/KH-MNHA triển khai thực hiện công tác dân vận chính "
        "quyền năm 2022.",
        "Trong kỳ, nhà trường ban hành Thông báo số 12/TB-MNHA ngày 06/5/2022 để triển khai thực hiện.",
    ]
    assert "danvan viết bản nháp công tác lãnh đạo, chỉ đạo, đánh giá chung, phương hướng, nhiệm vụ" in result.stderr
    assert "còn 2 phần chỉ đơn vị viết được, báo cáo chưa có: nguyên nhân khách quan; nguyên nhân chủ quan" in (
        result.stderr
    )
    # the closing names the office it reports to
    assert (
        "Trên đây là báo cáo kết quả thực hiện công tác dân vận chính quyền 6 tháng đầu năm 2022 của Trường Mầm non "
        "Hùng An, kính báo cáo Phòng Giáo dục và Đào tạo Kim Động./."
    ) in paragraphs


def test_each_task_is_a_sentence_a_clerk_would_write(cli, plans):
    (plans / "mn-hung-an/2022/reports/6m.yaml").unlink()
    _result, out = report(cli, plans)
    paragraphs = [norm(p) for p in docx_paragraphs(out / f"{STEM_6M}.docx")]
    section = paragraphs[paragraphs.index("III. KẾT QUẢ THỰC HIỆN") : paragraphs.index("IV. ĐÁNH GIÁ CHUNG")]
    i = section.index("1. Tuyên truyền về công tác dân vận chính quyền, quy chế dân chủ")
    # each activity with its subject and date, its figures woven in with their units; a count of one the words
    # already say ('trong buổi sinh hoạt') is not said again; a photo is not cited, a numbered document is
    assert section[i + 1] == (
        "Ngày 18/02/2022, nhà trường tổ chức tuyên truyền về công tác dân vận chính quyền và Quy chế dân chủ ở cơ sở "
        "trong buổi sinh hoạt chuyên môn đầu học kỳ II, với 32 lượt người tham gia. Ngày 28/4/2022, nhà trường tuyên "
        "truyền tới cha mẹ trẻ qua nhóm Zalo lớp và bảng tin nhà trường về phòng, chống dịch COVID-19, với 1 buổi "
        "tuyên truyền, 210 lượt người tham gia và 6 tin, bài đăng."
    )
    assert any(p.endswith("(Thông báo số 12/TB-MNHA ngày 06/5/2022).") for p in section)
    # a work done by another body keeps its own subject; the clerk's straight quotes become curly ones
    assert any(p.startswith("Ngày 12/4/2022, Chi bộ đăng ký mô hình “Dân vận khéo”") for p in section)
    text = "\n".join(paragraphs)
    # never a machine construction, a list of quoted task titles, or an admission the unit would not sign
    assert "Kết quả:" not in text and "”, “" not in text and "chưa triển khai" not in text
    assert "Không có." not in text and '"' not in text
    # no percentages, no tool words on paper; entries after the report's date (13/5) are outside it
    assert "%" not in text and "nhật ký" not in text.lower() and "Tình trạng" not in text
    assert not any("20/6/2022" in p for p in section)
    # the direction: the standing tasks carried on, one each, and the next report with its date
    direction = paragraphs[paragraphs.index("V. PHƯƠNG HƯỚNG, NHIỆM VỤ 6 THÁNG CUỐI NĂM 2022") + 1 :]
    assert direction[0] == "1. Tiếp tục tuyên truyền về công tác dân vận chính quyền, quy chế dân chủ."
    assert (
        "10. Báo cáo kết quả thực hiện công tác dân vận chính quyền năm 2022 gửi Phòng Giáo dục và Đào tạo Kim Động "
        "trước ngày 15/11/2022."
    ) in direction


def test_figures_table_sums_the_entries(cli, plans):
    _result, out = report(cli, plans)
    rows, header = figures_rows(out / f"{STEM_6M}.docx")
    assert header == ["TT", "Số liệu", "Đơn vị tính", "Kỳ này", "Lũy kế năm"]  # no last year's data for 2021
    expected = expected_sums(plans, dt.date(2021, 12, 15), dt.date(2022, 5, 13))
    assert expected and {name: cells[1] for name, cells in rows.items()} == {
        n[:1].upper() + n[1:]: str(int(v)) for n, v in expected.items()
    }
    # each row starts with a capital and carries its unit of measure
    assert rows["Số buổi tuyên truyền"][0] == "buổi" and rows["Số văn bản triển khai"][0] == "văn bản"


def test_same_period_last_year(cli, plans):

    unit_dir = plans / "mn-hung-an"
    shutil.copytree(unit_dir / "2022", unit_dir / "2021")
    for name in ("plan.yaml", "progress.yaml"):
        path = unit_dir / "2021" / name
        path.write_text(
            path.read_text(encoding="utf-8").replace("2022-", "2021-").replace("2021-12-15", "2020-12-15"),
            encoding="utf-8",
        )
    shutil.rmtree(unit_dir / "2021/reports")
    (unit_dir / "2021/tu-cham.yaml").unlink()
    # last year had one more session of propaganda in the same window
    progress = unit_dir / "2021/progress.yaml"
    progress.write_text(
        progress.read_text(encoding="utf-8")
        + "\n- nhiem_vu: tuyen-truyen\n  ngay: 2021-05-02\n  ket_qua: Thêm\n  so_lieu:\n    số buổi tuyên truyền: 3\n",
        encoding="utf-8",
    )
    result, out = report(cli, plans)
    assert result.exit_code == 0, result.stderr
    rows, header = figures_rows(out / f"{STEM_6M}.docx")
    assert header == ["TT", "Số liệu", "Đơn vị tính", "Kỳ này", "Lũy kế năm", "Cùng kỳ năm trước", "So sánh"]
    assert rows["Số buổi tuyên truyền"] == ["buổi", "2", "2", "5", "Giảm 3"]
    assert rows["Số lượt người tham gia"][3:] == ["288", "Bằng"]


def test_period_with_no_entries_is_still_reported(cli, plans):
    result, out = report(cli, plans, "m8")
    assert result.exit_code == 0, result.stderr
    paragraphs = [norm(p) for p in docx_paragraphs(out / "BC-MNHA-2022-thang-8.docx")]
    assert "Kết quả thực hiện công tác dân vận chính quyền tháng 8 năm 2022" in paragraphs
    # the unit described from its profile (tinh-hinh.yaml); nothing new: the results part says there was none
    assert paragraphs[paragraphs.index("I. ĐẶC ĐIỂM TÌNH HÌNH") + 1].startswith("Năm 2022, nhà trường có 12 lớp")
    section = paragraphs[paragraphs.index("III. KẾT QUẢ THỰC HIỆN") : paragraphs.index("IV. ĐÁNH GIÁ CHUNG")]
    assert section[1] == "Trong tháng 8 năm 2022, nhà trường không có hoạt động mới theo kế hoạch."
    # standing tasks with nothing this month are not shortcomings: nothing was due; no heading is left empty
    assert "Tồn tại, hạn chế" not in "\n".join(paragraphs) and "chưa triển khai" not in "\n".join(paragraphs)
    rows, _ = figures_rows(out / "BC-MNHA-2022-thang-8.docx")
    # nothing counted this month (the year so far still shown); a level (models registered) stands as it is
    levels = {"Số mô hình dân vận khéo đăng ký": ["mô hình", "1", "–"]}
    assert all(cells[1] == "0" for name, cells in rows.items() if name not in levels)
    assert {name: rows[name] for name in levels} == levels


def test_report_before_its_window_ends_says_so(cli, plans):
    result, out = report(cli, plans, "year", "--as-of", "2022-10-01")
    assert result.exit_code == 0, result.stderr
    paragraphs = [norm(p) for p in docx_paragraphs(out / "BC-MNHA-2022-nam.docx")]
    assert "Hùng An, ngày 01 tháng 10 năm 2022" in paragraphs
    assert any("(số liệu tính đến ngày 01/10/2022)" in p for p in paragraphs)
    assert not any("20/10/2022" in p for p in paragraphs)


def test_unknown_period_lists_the_valid_ones(cli, plans):
    result, _ = report(cli, plans, "h1")
    assert result.exit_code == 2
    assert "'h1'" in result.stderr and "6m, 9m, year, q1" in result.stderr


def test_a_broken_narrative_is_located(cli, plans):
    path = plans / "mn-hung-an/2022/reports/6m.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("uu_diem:", "uu_diem_:"), encoding="utf-8")
    result, _ = report(cli, plans)
    assert result.exit_code == 1
    assert re.search(
        r"reports/6m\.yaml:\d+:1: khóa 'uu_diem_' không hợp lệ ở đây; có phải ý bạn là 'uu_diem'\?", result.stderr
    )


@pytest.mark.soffice
def test_report_pdf_layout(tmp_path_factory, soffice):
    import pdfplumber
    from layout import check_common_layout, mm

    from danvan_cli.documents import make_report
    from danvan_cli.loading import load_plan
    from danvan_cli.workspace import Workspace

    out = tmp_path_factory.mktemp("report-pdf")
    ws = Workspace(shutil.copytree(ROOT / "plans", out / "plans"))  # a report completes its narrative file
    written = make_report(load_plan(ws, "mn-hung-an", 2022), "6m", out, as_of=dt.date(2026, 1, 1), pdf=True)
    check_common_layout(
        written.pdf,
        type_name="BÁO CÁO",
        issuer="TRƯỜNG MẦM NON HÙNG AN",
        number="Số: 18/BC-MNHA",
        date_line="Hùng An, ngày 13 tháng 5 năm 2022",
        signer_title="HIỆU TRƯỞNG",
    )
    with pdfplumber.open(str(written.pdf)) as pdf:
        text = "\n".join(p.extract_text() for p in pdf.pages)
        # the table's ruled lines stay inside the margins
        for page in pdf.pages:
            for edge in page.edges:
                assert mm(edge["x0"]) >= 29 and mm(edge["x1"]) <= 196, (page.page_number, edge["x0"], edge["x1"])
    assert "Kính gửi: Phòng Giáo dục và Đào tạo Kim Động" in text
    # the six tasks with results in the period, numbered; then the evaluation's own three
    for i in range(1, 7):
        assert f"\n{i}. " in text
    for heading in ("IV. ĐÁNH GIÁ CHUNG", "1. Ưu điểm", "2. Tồn tại, hạn chế"):
        assert heading in text
    assert "Bảng tổng hợp số liệu 6 tháng đầu năm 2022" in text


def test_the_yearly_report_describes_the_unit_from_its_profile_and_new_plan_carries_it(cli, danvan, plans):
    result, out = report(cli, plans, "year")
    assert result.exit_code == 0, result.stderr
    paragraphs = [norm(p) for p in docx_paragraphs(out / "BC-MNHA-2022-nam.docx")]
    start = paragraphs.index("I. ĐẶC ĐIỂM TÌNH HÌNH")
    assert (
        paragraphs[start + 1]
        == "Năm 2022, nhà trường có 12 lớp, 356 trẻ, 34 cán bộ, giáo viên, nhân viên, 12 đảng viên."
    )
    assert (
        paragraphs[start + 4].startswith("Khó khăn: Dịch COVID-19") and "người. Cơ sở vật chất" in paragraphs[start + 4]
    )
    assert not any("nhiệm vụ" in p for p in paragraphs[start + 1 : start + 5])  # the unit, not task counts
    made = danvan("new-plan", "--from", plans / "mn-hung-an/2022", "--yes")
    assert made.exit_code == 0, made.stderr
    carried = plans / "mn-hung-an/2023/tinh-hinh.yaml"
    assert carried.read_bytes() == (plans / "mn-hung-an/2022/tinh-hinh.yaml").read_bytes()
    assert "hãy cập nhật số lớp" in made.stdout + made.stderr


def test_a_report_that_would_cite_a_plan_dated_after_it_is_not_made(cli, plans, tmp_path):

    edit(plans, "mn-hung-an/2022/plan.yaml", "ngay: 2022-01-25", "ngay: 2022-11-28")
    result = cli("report", *unit_args(plans), "--period", "6m", "--as-of", "2022-05-13", "-o", str(tmp_path / "out"))
    assert result.exit_code == 1, result.stderr
    assert "sẽ dẫn kế hoạch năm 2022 ban hành ngày 28/11/2022, sau ngày báo cáo (13/05/2022)" in result.stderr
    assert not (tmp_path / "out").exists()


# ---------------------------------------------------------------- helpers of the tests below


def date_line(path: Path) -> str:
    from conftest import docx_paragraphs

    return next(p for p in docx_paragraphs(path) if p.startswith("Tân Phú, ngày"))


# ---------------------------------------------------------------- hostile input, third round (docs/reliability.md)


def test_decimal_figures_reach_the_report_exactly(cli, danvan, plans):
    without_declared_figures(plans)
    progress_add(cli, plans, "tuyen-truyen", "Đo", "--date", "21/03/2022", "--figure", "số giờ=0,1")
    progress_add(cli, plans, "tuyen-truyen", "Đo lại", "--date", "22/03/2022", "--figure", "số giờ=0,2")
    out = plans.parent / "out"
    danvan("report", "--period", "6m", "-o", out)
    text = "\n".join(docx_paragraphs(out / "BC-MNHA-2022-6-thang-dau-nam.docx"))
    assert "0,1 giờ" in text and "0,2 giờ" in text and "\n0,3\n" in text and "0,30000" not in text  # the table
    assert Decimal("0.1") + Decimal("0.2") == Decimal("0.3")


# ---------------------------------------------------------------- a clerk's first week (issue 25)


def test_a_report_issued_after_its_deadline_is_dated_the_day_it_is_made_unless_a_date_is_given(cli, tmp_path):
    plans, out = tmp_path / "plans", tmp_path / "out"
    new_commune(cli, plans)
    cli("progress", "add", "tuyen-truyen", "Tuyên truyền tại các thôn", "--date", "2026-03-10", "--plans-dir", plans)
    late = cli("report", "--plans-dir", plans, "--period", "year", "--final", "--draft-ok", "--as-of", "2026-12-02",
               "-o", out)  # fmt: skip
    assert late.exit_code == 0, late.stderr
    docx = out / "BC-UBND-2026-nam.docx"
    assert date_line(docx) == "Tân Phú, ngày 02 tháng 12 năm 2026"  # not 14/11, the day before the deadline
    assert "- so: 1\n  ky_hieu: BC-UBND\n  ngay: 2026-12-02" in (
        plans / "ubnd-xa-tan-phu/2026/so-van-ban-di.yaml"
    ).read_text(encoding="utf-8")
    assert "đề lùi ngày" not in late.stderr
    # made again later (not issued again), it keeps the date it was issued with
    again = cli("report", "--plans-dir", plans, "--period", "year", "--as-of", "2026-12-20", "-o", out)
    assert again.exit_code == 0 and date_line(docx) == "Tân Phú, ngày 02 tháng 12 năm 2026"
    # a date the clerk gives is the document's, and a date before the day its number is taken is said
    given = cli("report", "--plans-dir", plans, "--period", "6m", "--final", "--draft-ok", "--as-of", "2026-12-02",
                "--ngay", "14/05/2026", "-o", out)  # fmt: skip
    assert given.exit_code == 0, given.stderr
    assert date_line(out / "BC-UBND-2026-6-thang-dau-nam.docx") == "Tân Phú, ngày 14 tháng 5 năm 2026"
    assert (
        "cảnh báo: văn bản số 02/BC-UBND đề ngày 14/05/2026, trước ngày lấy số (02/12/2026): văn bản đề lùi ngày"
        in given.stderr
    )
    # a date before the report's data begins is no date for it
    wrong = cli("report", "--plans-dir", plans, "--period", "6m", "--ngay", "01/12/2025", "-o", out)
    assert wrong.exit_code == 2 and wrong.stderr.startswith("--ngay 01/12/2025: ")
    # a plan numbered after the date it gives is said too
    plan = cli("plan", "--plans-dir", plans, "--final", "-o", out)
    assert "đề ngày 08/01/2026, trước ngày lấy số" in plan.stderr


def test_no_report_cites_a_plan_dated_after_it_not_even_from_export_all(cli, tmp_path):
    plans = tmp_path / "plans"
    new_commune(cli, plans)
    made = cli(
        "new-plan", "--plans-dir", plans, "--from", plans / "ubnd-xa-tan-phu/2026", "--ngay", "15/01/2027", "--yes"
    )
    assert made.exit_code == 0, made.stderr
    exported = cli("export", "--plans-dir", plans, "--all", "--no-pdf", "--today", "2026-12-02", "-o", tmp_path / "ex")
    assert exported.exit_code == 0, exported.stderr
    assert not list((tmp_path / "ex/ubnd-xa-tan-phu/2027").glob("BC-*"))
    assert "báo cáo năm 2027: sẽ dẫn kế hoạch năm 2027 ban hành ngày 15/01/2027, sau ngày báo cáo (02/12/2026)" in (
        exported.stdout
    )
    asked = cli("report", "--plans-dir", plans, "--year", "2027", "--period", "year", "--as-of", "2026-12-02")
    assert asked.exit_code == 1 and "sau ngày báo cáo (02/12/2026); chưa làm báo cáo này" in asked.stderr
