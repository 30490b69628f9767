"""What a drafted report says, read as the head of the unit reads it before signing: figures by their kind and
with their units, activities in a clerk's sentences, the parts a report has written from what happened, and the
parts only people know asked for, never invented (`danvan report`, `reports/<kỳ>.yaml`, `report --hoi`)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from conftest import ROOT, docx_paragraphs, norm
from helpers import CHI_BO, figures_rows, located

COMMUNE = "ubnd-xa-tan-phu"  # Đồng Nai, 2026: after 1 July 2025, rates, money, a level, a task due in May
HEADING = re.compile(r"^(?:[IVX]+\.|Phần [IVX]+|PHẦN THỨ|[A-Z]\.) ")


def make(cli, plans: Path, unit: str, year: int, period: str, as_of: str, *extra: str):
    out = plans.parent / "out"
    result = cli(
        "report", "--plans-dir", plans, "--unit", unit, "--year", year, "--period", period, "--as-of", as_of,
        "-o", out, *extra,
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    slug = {"6m": "6-thang-dau-nam", "year": "nam"}[period]
    (docx,) = out.glob(f"BC-*-{year}-{slug}.docx")
    return result, [norm(p) for p in docx_paragraphs(docx)]


def body_of(paragraphs: list[str]) -> list[str]:
    start = next(i for i, p in enumerate(paragraphs) if p.startswith(("Thực hiện", "Căn cứ")))
    end = next(i for i, p in enumerate(paragraphs) if p.startswith("Trên đây là"))
    return paragraphs[start:end]


def section(paragraphs: list[str], heading: str) -> list[str]:
    """The paragraphs under a section heading (I., II., …), up to the next section or the closing."""
    paragraphs = body_of(paragraphs)
    at = next(i for i, p in enumerate(paragraphs) if re.match(rf"^[IVX]+\. {re.escape(heading)}", p))
    end = next((i for i in range(at + 1, len(paragraphs)) if re.match(r"^[IVX]+\. ", paragraphs[i])), None)
    return paragraphs[at + 1 : end or len(paragraphs)]


def read_as_the_head(paragraphs: list[str], task_titles: list[str]) -> None:
    """What a careful clerk would never let through, whatever the unit."""
    body = body_of(paragraphs)
    text = "\n".join(body)
    assert "Kết quả:" not in text  # figures are woven into their sentences
    assert '"' not in text and "‘" not in text  # curly quotes throughout, never titles quoted inside quotes
    assert "Không có." not in text and "chưa triển khai" not in text  # nothing a head would not sign
    assert "nhật ký" not in text.lower() and "danvan" not in text.lower()  # nothing of the tool
    for paragraph in body:
        for sentence in re.split(r"(?<=[.:])\s+(?=[A-ZĐ0-9])", paragraph):
            clauses = [c.strip() for c in re.split(r"[;,]", sentence) if len(c.split()) > 3]
            assert all(clauses.count(c) <= 2 for c in clauses), sentence  # no clause said again and again
            titles = [t for t in task_titles if t in sentence]
            assert len(titles) <= 3, sentence  # never a list of task titles
    # a heading always has something under it
    for here, after in zip(body, body[1:] + [""], strict=True):
        if HEADING.match(here):
            assert (after and not HEADING.match(after)) or here.startswith(("Phần", "PHẦN")), here


def titles_of(plans: Path, unit: str, year: int) -> list[str]:
    from danvan_cli.loading import load_plan
    from danvan_cli.workspace import Workspace

    return [t.ten_ngan or t.tieu_de or "" for t in load_plan(Workspace(plans), unit, year).require_plan().tasks]


@pytest.fixture
def commune(tmp_path) -> Path:
    plans = tmp_path / "plans"
    shutil.copytree(ROOT / "tests/data/units", plans)
    return plans


@pytest.fixture
def seed_drafted(plans) -> Path:
    """The seed without its 6-month narrative: everything the report says is drafted or asked."""
    (plans / "mn-hung-an/2022/reports/6m.yaml").unlink()
    return plans


# ---------------------------------------------------------------- read in full, four kinds of unit


def test_the_seeds_reports_drafted_without_a_narrative_read_as_a_clerk_writes(cli, seed_drafted):
    titles = titles_of(seed_drafted, "mn-hung-an", 2022)
    _, six = make(cli, seed_drafted, "mn-hung-an", 2022, "6m", "2022-05-14")
    read_as_the_head(six, titles)
    # leadership drafted from what the unit issued; nothing due by May is a shortcoming
    assert section(six, "CÔNG TÁC LÃNH ĐẠO")[0].startswith("Ngày 25/01/2022, nhà trường ban hành Kế hoạch số 05/KH")
    assert not any("chậm so với kế hoạch" in p for p in six)
    _, year = make(cli, seed_drafted, "mn-hung-an", 2022, "year", "2022-11-14")
    read_as_the_head(year, titles)
    # a standing task is never 'done' and never drops out of the next year's direction
    results = section(year, "KẾT QUẢ THỰC HIỆN")
    at = results.index("1. Tuyên truyền về công tác dân vận chính quyền, quy chế dân chủ")
    assert "hoàn thành" not in results[at + 1]
    direction = section(year, "PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2023")
    assert direction[0] == "1. Tiếp tục tuyên truyền về công tác dân vận chính quyền, quy chế dân chủ."
    # the body states the self-assessment as its Phụ lục does (never 'not done' beside a table of points)
    band = next(p for p in year if p.startswith("Tổng điểm tự chấm"))
    stated = next(p for p in year if p.startswith("Nhà trường đã tự chấm điểm"))
    assert band.rstrip(".").lower()[:40] in stated.lower()


def test_a_commune_report_counts_rates_levels_and_money_as_what_they_are(cli, commune):
    titles = titles_of(commune, COMMUNE, 2026)
    _, paragraphs = make(cli, commune, COMMUNE, 2026, "6m", "2026-05-14")
    read_as_the_head(paragraphs, titles)
    rows, _ = figures_rows(next((commune.parent / "out").glob("BC-*.docx")))
    assert all(cells[0] for cells in rows.values())  # every figure with its unit of measure
    # a rate is never summed: recorded twice (98,5 and 97), the latest holds; from its parts where they are
    assert rows["Tỷ lệ hồ sơ giải quyết đúng hạn"][:3] == ["%", "97", "97"]
    assert rows["Tỷ lệ hồ sơ nộp trực tuyến"][:2] == ["%", "68,4"]  # 1.748 of 2.555, never typed itself
    assert rows["Tỷ lệ đơn thư được giải quyết"][:2] == ["%", "83,3"]
    # a level (models registered) takes its latest value, never summed (9 then 11 is 11, not 20)
    assert rows["Số mô hình dân vận khéo"] == ["mô hình", "11", "–"]
    assert rows["Kinh phí vận động xã hội hóa"][:2] == ["triệu đồng", "450"]
    text = "\n".join(paragraphs)
    # the same figures in the body, with their units; targets compared
    assert "kinh phí vận động xã hội hóa 450 triệu đồng" in text and "tỷ lệ hồ sơ nộp trực tuyến đạt 71,6%" in text
    assert "Số buổi tuyên truyền từ đầu năm đạt 16/20 buổi, bằng 80% chỉ tiêu năm." in text
    assert "Tỷ lệ hồ sơ nộp trực tuyến đạt 68,4% (chỉ tiêu năm 70%)." in text
    # repeated activities summed up: four receptions in one sentence, how many and from when to when
    assert (
        "Từ ngày 25/01/2026 đến ngày 22/4/2026, Chủ tịch UBND xã tiếp công dân định kỳ (4 lần), với 22 lượt tiếp "
        "công dân, 12 đơn thư tiếp nhận và 10 đơn thư đã giải quyết; tỷ lệ đơn thư được giải quyết đạt 83,3%."
    ) in text
    # a shortcoming only for what was due in the window and not done; its recorded cause, not the difficulty
    shortcomings = paragraphs[paragraphs.index("2. Tồn tại, hạn chế") + 1 : paragraphs.index("3. Nguyên nhân")]
    assert shortcomings[0] == (
        "Việc tổ chức hội nghị triển khai Luật Thực hiện dân chủ ở cơ sở còn chậm so với kế hoạch (hạn 31/3/2026)."
    )
    assert not any("Tự đánh giá" in p for p in shortcomings)  # due 15/11: not a shortcoming in May
    causes = paragraphs[paragraphs.index("3. Nguyên nhân") + 1]
    assert causes.startswith("Hạ tầng mạng ở các ấp xa còn yếu")
    # the direction: this period's shortfall, the task due next with its date, the standing ones, the next report
    direction = section(paragraphs, "PHƯƠNG HƯỚNG")
    assert direction[0].startswith("1. Khẩn trương hoàn thành việc tổ chức hội nghị triển khai Luật")
    assert "2. Tự đánh giá, xếp loại công tác dân vận chính quyền, hoàn thành trước ngày 15/11/2026." in direction
    assert direction[-1].endswith("gửi Ban Dân vận Đảng ủy xã Tân Phú trước ngày 15/11/2026.")
    assert len({d.split(". ", 1)[1] for d in direction}) == len(direction)  # never a task twice
    # a collective body signs for the collective
    assert "TM. ỦY BAN NHÂN DÂN" in paragraphs


def test_a_chi_bo_reports_what_it_led_in_the_partys_words(cli, plans):
    (plans / "mn-hung-an/unit.yaml").write_text(CHI_BO + "nhiem_ky:\n  - tu: 2020-08-20\n", encoding="utf-8")
    (plans / "mn-hung-an/2022/reports/6m.yaml").unlink()
    _, paragraphs = make(cli, plans, "mn-hung-an", 2022, "6m", "2022-05-14")
    read_as_the_head(paragraphs, titles_of(plans, "mn-hung-an", 2022))
    assert "II. KẾT QUẢ LÃNH ĐẠO THỰC HIỆN" in paragraphs
    assert "1. Công tác lãnh đạo, chỉ đạo, quán triệt" in paragraphs
    assert "- Lưu Chi bộ." in paragraphs and not any(p.startswith("Bảng tổng hợp số liệu") for p in paragraphs)


def test_a_school_with_sixty_entries_is_summed_up_not_chronicled(cli, tmp_path):
    from danvan_cli.demo import make_demo_units

    plans = tmp_path / "plans"
    make_demo_units(plans, 1, year=2026, entries_per_unit=60)
    _, paragraphs = make(cli, plans, "don-vi-0001", 2026, "year", "2026-11-20")
    read_as_the_head(paragraphs, titles_of(plans, "don-vi-0001", 2026))
    results = section(paragraphs, "KẾT QUẢ THỰC HIỆN")
    for paragraph in results:
        assert paragraph.count("(ngày ") == 0 and paragraph.count("Biên bản") == 0  # no list of dates, no minutes
        assert paragraph.count("Ngày ") + paragraph.count("Từ ngày ") <= 5  # at most four told, the rest summed
    assert any(re.search(r"nhà trường tổ chức [0-9]+ hội nghị, đối thoại với viên chức", p) for p in results)
    rows, _ = figures_rows(next((tmp_path / "out").glob("BC-*.docx")))
    # models registered are a level: the latest value, far below the sum of every entry's
    assert int(rows["Số mô hình dân vận khéo đăng ký"][1]) <= 3
    # the yearly report's period is the year: one column headed with it, never a "this period" beside an equal
    # "year to date"
    _, header = figures_rows(next((tmp_path / "out").glob("BC-*.docx")))
    assert header == ["TT", "Số liệu", "Đơn vị tính", "Năm 2026"]


# ---------------------------------------------------------------- figures that know what they are


def append_entry(plans: Path, unit: str, year: int, text: str) -> int:
    log = plans / unit / str(year) / "progress.yaml"
    before = log.read_text(encoding="utf-8")
    log.write_text(before + text, encoding="utf-8")
    return before.count("\n") + 1


@pytest.mark.parametrize(
    "figures, said",
    [
        ("    số buổi tuyên truyen: 2\n", "chưa khai báo trong so_lieu của kế hoạch (có phải: số buổi tuyên truyền"),
        ("    số mô hình dân vận khéo: 4,5\n", "là số đếm (mô hình): cần một số nguyên, không phải 4,5"),
        ("    tỷ lệ hồ sơ giải quyết đúng hạn (%): 140,5\n", "tỷ lệ phần trăm: không quá 100, không phải 140,5"),
        ("    số buổi tuyên truyền (lượt người): 3\n", "có đơn vị tính là buổi, nhưng ở đây ghi (lượt người)"),
    ],
)
def test_validate_explains_a_figure_recorded_against_its_kind(cli, commune, figures, said):
    if "4,5" in figures:  # a count declared as a level still takes whole numbers: make it one of kind so_dem
        path = commune / COMMUNE / "2026/plan.yaml"
        path.write_text(
            path.read_text(encoding="utf-8").replace(
                "  - ten: số mô hình dân vận khéo\n    don_vi_tinh: mô hình\n    loai: hien_co",
                "  - ten: số mô hình dân vận khéo\n    don_vi_tinh: mô hình\n    loai: so_dem",
            ),
            encoding="utf-8",
        )
    line = append_entry(
        commune, COMMUNE, 2026, f"- nhiem_vu: tuyen-truyen\n  ngay: 2026-03-02\n  ket_qua: X\n  so_lieu:\n{figures}"
    )
    result = cli("validate", "--plans-dir", commune, "--unit", COMMUNE)
    assert result.exit_code == 1 and "Traceback" not in result.stderr
    ((path, ln, _col, msg),) = located(result.stderr)
    assert path.endswith("progress.yaml") and ln == line + 4 and said in msg, msg


def test_a_new_figure_is_refused_or_taken_with_moi_and_a_warning(cli, commune):
    args = ["progress", "add", "--plans-dir", commune, "--unit", COMMUNE, "tuyen-truyen", "Tuyên truyền qua Zalo",
            "--date", "02/03/2026", "--figure", "số tin đăng trên Zalo=12"]  # fmt: skip
    refused = cli(*args)
    assert refused.exit_code == 2 and "kế hoạch không khai báo số liệu này" in refused.stderr
    taken = cli(*args, "--moi")
    assert taken.exit_code == 0, taken.stderr
    assert "số liệu mới 'số tin đăng trên Zalo' được ghi dưới so_lieu_moi" in taken.stderr
    log = (commune / COMMUNE / "2026/progress.yaml").read_text(encoding="utf-8")
    assert log.endswith("  so_lieu_moi:\n    số tin đăng trên Zalo: 12\n")
    result = cli("validate", "--plans-dir", commune, "--unit", COMMUNE)
    assert result.exit_code == 0 and "cảnh báo: số liệu mới 'số tin đăng trên Zalo'" in result.stderr


def test_a_name_typed_with_its_unit_and_a_rate_of_a_plan_without_declarations(cli, danvan, plans):
    from conftest import without_declared_figures

    without_declared_figures(plans)
    for day, value in (("02/03/2022", "40"), ("03/04/2022", "55,5")):
        result = danvan("progress", "add", "dan-chu-co-so", "Công khai trực tuyến", "--date", day,
                     "--figure", f"tỷ lệ phụ huynh đọc thông báo (%)={value}",
                     "--figure", "kinh phí vận động (triệu đồng)=12,5")  # fmt: skip
        assert result.exit_code == 0, result.stderr
    _, paragraphs = make(cli, plans, "mn-hung-an", 2022, "6m", "2022-05-13")
    rows, _ = figures_rows(plans.parent / "out/BC-MNHA-2022-6-thang-dau-nam.docx")
    assert rows["Tỷ lệ phụ huynh đọc thông báo"][:2] == ["%", "55,5"]  # read as a rate: the latest, never 95,5
    assert rows["Kinh phí vận động"][:2] == ["triệu đồng", "25"]  # money adds up, with its unit
    assert any("tỷ lệ phụ huynh đọc thông báo đạt 55,5%" in p for p in paragraphs)


# ---------------------------------------------------------------- asked, never invented


def test_the_narrative_file_gets_the_drafts_and_the_questions_and_keeps_the_clerks_words(cli, commune):
    narrative = commune / COMMUNE / "2026/reports/6m.yaml"
    result, _ = make(cli, commune, COMMUNE, 2026, "6m", "2026-05-14")
    text = narrative.read_text(encoding="utf-8")
    assert "uu_diem:  # bản nháp danvan " in text and "phuong_huong:  # bản nháp danvan " in text
    assert "# HỎI: Đơn vị có đề xuất, kiến nghị gì với Ban Dân vận Đảng ủy xã Tân Phú không?" in text
    assert "còn 2 phần chỉ đơn vị viết được" in result.stderr
    # the clerk rewrites the strengths and answers a question, in Notepad (CRLF)
    text = re.sub(
        r"uu_diem:  # bản nháp danvan .*?\n(?=\n# )", "uu_diem:  # sửa lại\n  - Ý của đơn vị.\n", text, flags=re.S
    )
    text = text.replace("de_xuat_kien_nghi: []", "de_xuat_kien_nghi:\n  - Đề nghị tập huấn về chuyển đổi số.")
    narrative.write_bytes(text.replace("\n", "\r\n").encode("utf-8"))
    # a new activity after it: the untouched drafts follow the log, the clerk's words stay as written
    append_entry(
        commune,
        COMMUNE,
        2026,
        "- nhiem_vu: hoi-nghi-dan-chu\n  ngay: 2026-05-05\n  ket_qua: Hội nghị X\n  trang_thai: hoàn thành\n",
    )
    _, paragraphs = make(cli, commune, COMMUNE, 2026, "6m", "2026-05-14")
    raw = narrative.read_bytes()
    assert b"\r\n" in raw and b"\n" not in raw.replace(b"\r\n", b"")  # the file's own line endings
    text = raw.decode("utf-8").replace("\r\n", "\n")
    assert "uu_diem:  # sửa lại\n  - Ý của đơn vị.\n" in text
    assert "Ý của đơn vị." in paragraphs and "Đề nghị tập huấn về chuyển đổi số." in paragraphs
    assert "đã triển khai 6/8 nội dung" not in text and "đã triển khai 7/8 nội dung" in text  # redrafted


def test_final_waits_for_what_only_the_unit_can_write(cli, commune):
    log = commune / COMMUNE / "2026/progress.yaml"
    log.write_text(
        log.read_text(encoding="utf-8").replace(
            "  nguyen_nhan: Hạ tầng mạng ở các ấp xa còn yếu; một số công chức chưa hướng dẫn kỹ cho người dân.\n", ""
        ),
        encoding="utf-8",
    )
    narrative = commune / COMMUNE / "2026/reports/6m.yaml"
    make(cli, commune, COMMUNE, 2026, "6m", "2026-05-14")  # the drafts and questions are written
    text = narrative.read_text(encoding="utf-8")
    narrative.write_text(
        text.replace("danh_gia_chung:  # bản nháp danvan", "danh_gia_chung:  # đã đọc"), encoding="utf-8"
    )
    args = ["report", "--plans-dir", commune, "--unit", COMMUNE, "--period", "6m", "--as-of", "2026-05-14",
            "-o", commune.parent / "out", "--final"]  # fmt: skip
    refused = cli(*args)
    # a task is behind: its causes are the unit's to give before a number is taken
    assert refused.exit_code == 1 and "còn thiếu phần chỉ đơn vị viết được: nguyên nhân khách quan" in refused.stderr
    assert not (commune / COMMUNE / "2026/so-van-ban-di.yaml").exists()
    # in order: the situation (left), the objective cause, the subjective cause, requests (left)
    answers = "\nDịch vụ mạng ở các ấp xa chưa ổn định.\n\nCông chức chưa chủ động hướng dẫn.\n\n\n\n"
    asked = cli(*args[:-1], "--hoi", input=answers)
    assert asked.exit_code == 0, asked.stderr
    text = narrative.read_text(encoding="utf-8")
    assert "nguyen_nhan_khach_quan:\n  - Dịch vụ mạng ở các ấp xa chưa ổn định.\n" in text
    assert "nguyen_nhan_chu_quan:\n  - Công chức chưa chủ động hướng dẫn.\n" in text
    issued = cli(*args)
    assert issued.exit_code == 0, issued.stderr
    paragraphs = [norm(p) for p in docx_paragraphs(next((commune.parent / "out").glob("BC-*.docx")))]
    assert "Nguyên nhân khách quan: Dịch vụ mạng ở các ấp xa chưa ổn định." in paragraphs
    assert "Nguyên nhân chủ quan: Công chức chưa chủ động hướng dẫn." in paragraphs


def test_a_narrative_holding_only_drafts_is_no_report_sent(cli, units):
    """The office counts a unit as reporting when its report has a number or a date, not when danvan wrote
    drafts into its narrative file."""
    from danvan_cli.aggregate import consolidate
    from danvan_cli.workspace import Workspace

    narrative = units / "don-vi-0007/2022/reports/6m.yaml"
    assert not narrative.exists()  # every 7th demo unit has not reported
    cli("report", "--plans-dir", units, "--unit", "don-vi-0007", "--period", "6m", "--as-of", "2022-05-20",
        "-o", units.parent / "out")  # fmt: skip
    assert "bản nháp danvan" in narrative.read_text(encoding="utf-8")
    import datetime as dt

    c = consolidate(Workspace(units), "phong-gd-dt", "6m", 2022, as_of=dt.date(2022, 6, 30))
    assert "don-vi-0007" in {u.unit for u in c.missing}
