"""Any unit, any level: the outline, the report's skeleton, the opening, the letterhead and the signature as
real units write them (a commune Ủy ban nhân dân after 1 July 2025, in tests/data/units)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import ROOT, docx_paragraphs, norm
from helpers import COMMUNE_ANSWERS, commune_args, located, new_commune, signature

UNIT = "ubnd-xa-khanh-trung"


@pytest.fixture
def commune(tmp_path: Path) -> Path:
    plans = tmp_path / "plans"
    shutil.copytree(ROOT / "tests/data/units" / UNIT, plans / UNIT)
    return plans


def texts(path: Path) -> list[str]:
    return [norm(p) for p in docx_paragraphs(path)]


def test_a_plan_in_parts_numbers_every_level_as_the_decree_shows(cli, commune):
    out = commune.parent / "out"
    result = cli("plan", "--plans-dir", commune, "-o", out)
    assert result.exit_code == 0, result.stderr
    body = texts(next(out.glob("KH-*.docx")))
    start = body.index("PHẦN THỨ NHẤT")
    assert body[start : start + 11] == [
        "PHẦN THỨ NHẤT",
        "MỤC ĐÍCH, YÊU CẦU",
        "I. Mục đích",
        "Nâng cao nhận thức của cán bộ, công chức.",
        "1. Yêu cầu",
        "Bám sát chỉ đạo của cấp trên.",
        "a) Thực hiện nghiêm túc.",
        "- Đúng thời hạn.",
        "+ Đúng tiến độ.",
        "PHẦN THỨ HAI",
        "NHIỆM VỤ",
    ]
    # tasks sit where the unit put them, under its group headings; the sections restart at I. in each part
    assert body[start + 11 : start + 16] == [
        "I. Nhiệm vụ trọng tâm",
        "1. Công tác tuyên truyền",
        "a) Tuyên truyền sâu rộng trong nhân dân.",
        "2. Công tác cải cách hành chính",
        "a) Đẩy mạnh cải cách hành chính.",
    ]


def test_group_headings_are_not_tasks(cli, commune):
    import json

    result = cli("status", "--plans-dir", commune, "--as-of", "2026-05-12", "--json")
    assert [t["id"] for t in json.loads(result.stdout)["tasks"]] == ["tuyen-truyen", "cai-cach"]


def test_a_commune_letterhead_and_a_three_line_signature(cli, commune):
    out = commune.parent / "out"
    cli("plan", "--plans-dir", commune, "-o", out)
    body = texts(next(out.glob("KH-*.docx")))
    assert body[:2] == ["ỦY BAN NHÂN DÂN", "XÃ KHÁNH TRUNG"]  # broken before the level, never 'XÃ' alone
    start = body.index("TM. ỦY BAN NHÂN DÂN")
    assert body[start : start + 3] == ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]


def test_the_report_follows_the_units_own_skeleton_and_cites_the_request(cli, commune):
    out = commune.parent / "out"
    result = cli("report", "--plans-dir", commune, "--period", "6m", "-o", out, "--as-of", "2026-05-12")
    assert result.exit_code == 0, result.stderr
    body = texts(next(out.glob("BC-*.docx")))
    assert (
        "Thực hiện Công văn số 15-CV/BDVĐU ngày 02/5/2026 của Ban Dân vận Đảng ủy xã về việc báo cáo kết quả công "
        "tác dân vận chính quyền 6 tháng đầu năm 2026, Ủy ban nhân dân xã Khánh Trung báo cáo kết quả thực hiện "
        "công tác dân vận chính quyền 6 tháng đầu năm 2026 (số liệu tính đến ngày 12/5/2026) như sau:"
    ) in body
    headings = [p for p in body if p[:3] in ("I. ", "II.", "III") or p[:2] in ("1.", "2.", "3.")]
    assert headings == [
        "I. Một số đặc điểm tình hình chung của xã:",  # as written: case and the trailing colon
        "II. KẾT QUẢ THỰC HIỆN",
        "1. Công tác tuyên truyền",  # the plan's group heading …
        "1.1. Tuyên truyền sâu rộng trong nhân dân",  # … its task, numbered 1.1. as the unit asked
        "2. Công tác phối hợp với Mặt trận",  # work under a free heading, outside the plan's tasks
        "III. ĐÁNH GIÁ CHUNG VÀ PHƯƠNG HƯỚNG",
        "1. Ưu điểm",
        # "2. Hạn chế": nothing was due and missed, nothing difficult recorded: left out, never an empty heading
        "2. Phương hướng 6 tháng cuối năm 2026",  # {ky_toi} filled
    ]
    assert "Ngày 01/3/2026, UBND xã phối hợp Ủy ban MTTQ xã tổ chức Ngày hội Đại đoàn kết." in body
    # the direction's actions stand as points of the item they are under (a dash where the unit numbers 1.1.)
    assert "- Tuyên truyền sâu rộng trong nhân dân, hoàn thành trước ngày 30/6/2026." in body
    assert not any("ĐỀ XUẤT" in p or "Nguyên nhân" in p for p in body)  # sections the unit dropped


def test_a_report_without_a_plan_cites_nothing_invented(cli, commune):
    shutil.rmtree(commune / UNIT / "2026")
    reports = commune / UNIT / "2026/reports"
    reports.mkdir(parents=True)
    (reports / "6m.yaml").write_text(
        "ngay: 2026-05-12\nchu_de: công tác dân vận chính quyền\n"
        "thuc_hien:\n  - loai: Công văn\n    so: 15-CV/BDVĐU\n    ngay: 2026-05-02\n"
        "    co_quan: Ban Dân vận Đảng ủy xã\n",
        encoding="utf-8",
    )
    (commune / UNIT / "2026/progress.yaml").write_text(
        "- linh_vuc: Công tác tuyên truyền\n  ngay: 2026-02-10\n  ket_qua: Tổ chức tuyên truyền tại các thôn\n",
        encoding="utf-8",
    )
    out = commune.parent / "out"
    result = cli("report", "--plans-dir", commune, "--period", "6m", "-o", out, "--as-of", "2026-05-12")
    assert result.exit_code == 0, result.stderr
    body = texts(next(out.glob("BC-*.docx")))
    text = "\n".join(body)
    assert "Kế hoạch số" not in text and "chưa triển khai" not in text and "nhiệm vụ" not in text.lower()
    assert "1. Công tác tuyên truyền" in body
    assert "Ngày 10/02/2026, UBND xã tổ chức tuyên truyền tại các thôn." in body


def test_a_report_with_no_opening_and_its_own_closing(cli, commune):
    narrative = commune / UNIT / "2026/reports/6m.yaml"
    narrative.write_text(
        narrative.read_text(encoding="utf-8") + "mo_dau: []\nket_luan:\n  - Trân trọng báo cáo./.\n", encoding="utf-8"
    )
    out = commune.parent / "out"
    cli("report", "--plans-dir", commune, "--period", "6m", "-o", out, "--as-of", "2026-05-12")
    body = texts(next(out.glob("BC-*.docx")))
    assert not any(p.startswith("Thực hiện") for p in body)
    assert "Trân trọng báo cáo./." in body and not any(p.startswith("Trên đây là") for p in body)


@pytest.mark.parametrize(
    "name, width, expected",
    [
        ("ỦY BAN NHÂN DÂN TỈNH NINH BÌNH", 71, ["ỦY BAN NHÂN DÂN", "TỈNH NINH BÌNH"]),
        ("TRƯỜNG TIỂU HỌC XUÂN PHƯƠNG", 60, ["TRƯỜNG TIỂU HỌC", "XUÂN PHƯƠNG"]),
        ("ỦY BAN NHÂN DÂN TỈNH BẮC KẠN", 71, ["ỦY BAN NHÂN DÂN", "TỈNH BẮC KẠN"]),
        ("TRƯỜNG MẦM NON HÙNG AN", 71, ["TRƯỜNG MẦM NON HÙNG AN"]),
    ],
)
def test_letterhead_names_break_at_natural_places(name, width, expected):
    from danvan_cli.typesetting import natural_lines

    assert natural_lines(name, width, 13, bold=True) == expected


# ---------------------------------------------------------------- a clerk's first week (issue 25)


def test_a_commune_signs_for_its_ubnd_as_the_decree_shows(cli, tmp_path):
    plans = tmp_path / "plans"
    result = new_commune(cli, plans)
    assert signature(tmp_path / "o") == ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"]
    unit = (plans / "ubnd-xa-tan-phu/unit.yaml").read_text(encoding="utf-8")
    assert "Hiệu trưởng" not in unit  # the model's comment speaks of the commune's own signers
    assert "khi Phó Chủ tịch ký: quyen_han: [TM. Ủy ban nhân dân, KT. Chủ tịch]" in unit
    assert "Chưa rõ" not in result.stderr
    checked = cli("validate", "--plans-dir", plans)
    assert not [m for p, _, _, m in located(checked.stderr, warnings=True) if p.endswith("unit.yaml")]
    # the deputy signs for the Chủ tịch, for the Ủy ban
    deputy = tmp_path / "deputy"
    flags = [v if v != "Chủ tịch" else "Phó Chủ tịch" for v in COMMUNE_ANSWERS]
    assert cli(*commune_args(deputy), *flags).exit_code == 0
    assert signature(deputy / "o") == ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]
