"""Nothing but the document on official paper: every kind of document danvan prints is scanned for the tool's
own words, sample markers, folder names, '=' and English; and a proofreading pass on the unit's own text."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from conftest import docx_paragraphs, norm
from helpers import edit, located

# What must never reach official paper, with why.
FORBIDDEN = {
    r"nhật ký": "the tool's word for its log",
    r"\(ví dụ\)": "a sample marker of the seed's YAML",
    r"don-vi-\d|mn-hung-an|phong-gd-dt|chi-bo-": "a folder name",
    r"=": "a figure written as the command line takes it",
    r"\b(?:the|and|report|task|progress|status|None|True|False|TODO|null)\b": "English or a program's value",
    r"\d+%": "a progress percentage (status shows it, a report does not)",
    r"\b\d{1,2}/0[3-9]/\d{4}": "a month from March written with a leading zero ('13/05/2022'), not the decree's",
}


def scanned(path: Path) -> str:
    return "\n".join(norm(p) for p in docx_paragraphs(path))


def assert_clean(path: Path) -> None:
    text = scanned(path)
    for pattern, why in FORBIDDEN.items():
        found = re.search(pattern, text)
        assert found is None, f"{path.name}: {why}: …{text[max(0, found.start() - 40) : found.end() + 40]}…"


def test_every_document_of_the_seed_carries_only_the_document(cli, danvan, plans, tmp_path):
    out = tmp_path / "out"
    assert danvan("plan", "-o", out, "--final").exit_code == 0
    for period in ("6m", "year", "m8", "q3", "9m"):
        args = ("report", "--plans-dir", plans, "--period", period, "-o", out, "--as-of", "2022-12-31")
        result = cli(*args, *(["--final", "--draft-ok"] if period == "6m" else []))
        assert result.exit_code == 0, result.stderr
    assert danvan("register", "--year", "2022", "--docx", "-o", out).exit_code == 0
    made = sorted(out.glob("*.docx"))
    assert len(made) == 7
    for path in made:
        assert_clean(path)
    # the yearly report cites its Phụ lục in the text (NĐ 30 Phụ lục I, III.1.a)
    yearly = scanned(out / "BC-MNHA-2022-nam.docx")
    assert "chi tiết tại Phụ lục kèm theo Báo cáo này" in yearly and "(Kèm theo Báo cáo số" in yearly


def test_the_party_documents_and_the_consolidated_report_carry_only_the_document(cli, plans, tmp_path):
    from helpers import CHI_BO

    from danvan_cli.demo import make_demo_units

    party = tmp_path / "party"
    shutil.copytree(plans, party)
    (party / "mn-hung-an").rename(party / "chi-bo-mn-hung-an")
    (party / "chi-bo-mn-hung-an/unit.yaml").write_text(CHI_BO, encoding="utf-8")
    out = tmp_path / "out"
    assert cli("plan", "--plans-dir", party, "-o", out).exit_code == 0
    assert cli("report", "--plans-dir", party, "--period", "year", "-o", out).exit_code == 0
    demo = tmp_path / "demo"
    make_demo_units(demo, 4, year=2022)
    assert cli("aggregate", "--plans-dir", demo, "--period", "6m", "--year", "2022", "-o", out).exit_code == 0
    assert cli("report", "--plans-dir", demo, "--unit", "don-vi-0002", "--period", "6m", "-o", out).exit_code == 0
    made = sorted(out.glob("*.docx"))
    assert len(made) == 4
    for path in made:
        assert_clean(path)


def test_final_is_refused_while_a_sample_value_is_printed(danvan, plans):
    edit(plans, "mn-hung-an/unit.yaml", "ho_ten: Nguyễn Thị Thu Hà", "ho_ten: Nguyễn Văn A (ví dụ)")
    out = plans.parent / "out"
    result = danvan("plan", "-o", out, "--final")
    assert result.exit_code == 1 and "“(ví dụ)”" in result.stderr and "chưa cấp số nào" in result.stderr
    assert not (plans / "mn-hung-an/2022/so-van-ban-di.yaml").exists()
    assert danvan("plan", "-o", out).exit_code == 0  # a draft may show it


# ---------------------------------------------------------------- soát lỗi


def test_the_proofreading_pass_finds_the_seeds_own_slips_and_nothing_else(danvan):
    result = danvan("validate")
    assert result.exit_code == 0
    said = [(Path(p).name, line, m) for p, line, _, m in located(result.stderr, warnings=True)]
    remarks = [r for r in said if r[0] == "plan.yaml"]
    assert [(name, line) for name, line, _ in remarks] == [("plan.yaml", 16), ("plan.yaml", 92), ("plan.yaml", 136)]
    assert "còn để trống số" in remarks[0][2] and "Kế hoạch số /KH-PGDĐT" in norm(remarks[0][2])
    assert "dấu “” không đủ cặp" in remarks[1][2]
    assert "chữ đầu câu viết hoa" in remarks[2][2] and "Hùng An. đề" in remarks[2][2]
    # the seed marks them as its source document's slips (# giữ nguyên): said as kept as written, not warned of
    assert all(m.startswith("giữ nguyên như đã viết (lỗi của văn bản gốc): ") for *_, m in remarks)
    # the one warning: its criteria are a sample's (as their header says), which a copy would print as its own
    assert [name for name, _, m in said if m.startswith("cảnh báo")] == ["tieu-chi.yaml"]


def test_a_slip_marked_giu_nguyen_is_said_as_kept_and_unmarked_it_is_a_warning(danvan, plans):
    edit(plans, "mn-hung-an/2022/plan.yaml", "# giữ nguyên: lỗi của văn bản gốc\nket_luan", "ket_luan")
    edit(plans, "mn-hung-an/2022/plan.yaml", "  # giữ nguyên: lỗi của văn bản gốc\n  - >-", "  - >-  # GIỮ NGUYÊN")
    result = danvan("validate")
    said = {line: m for _, line, _, m in located(result.stderr, warnings=True)}
    assert said[134].startswith("cảnh báo: soát lỗi: sau dấu chấm câu")  # the mark removed: a warning again
    assert said[15].startswith(
        "giữ nguyên như đã viết: văn bản được dẫn còn để trống số"
    )  # a bare mark after the value
    assert said[91].startswith("giữ nguyên như đã viết (lỗi của văn bản gốc)")


@pytest.mark.parametrize(
    "text, expect",
    [
        ("Nhà trường tổ chức hội nghị. đề nghị cấp trên quan tâm.", "chữ đầu câu viết hoa"),
        ("Thực hiện “Dân vận khéo.", "không đủ cặp"),
        ("Theo (kế hoạch năm.", "dấu () không đủ cặp"),
        ("Thực hiện Công văn số    /PGDĐT ngày 03/02/2024.", "còn để trống số"),
        ("Thực hiện kế hoạch số 885/PGDĐT-GDMN.", "“Kế hoạch số …”"),
        ("Phối hợp với ủy ban nhân dân xã Khánh Trung.", "“Ủy ban nhân dân xã”"),
    ],
)
def test_each_kind_of_slip_is_named(text, expect):
    from danvan_cli.proofread import text_remarks

    assert any(expect in r for r in text_remarks(text)), text_remarks(text)


@pytest.mark.parametrize(
    "text",
    [
        "TP. Hồ Chí Minh và các tỉnh, v.v. và các đơn vị khác.",
        "Tổng số 1.200 người. Nhà trường đạt 87,5%.",
        "Quyết định số 02/2020/QĐ-UBND ngày 08/01/2020 của Ủy ban nhân dân tỉnh Hưng Yên.",
        "Phong trào “Dân vận khéo” (giai đoạn 2021–2025).",
    ],
)
def test_what_is_right_is_not_remarked(text):
    from danvan_cli.proofread import text_remarks

    assert text_remarks(text) == []


def test_list_and_title_remarks():
    from danvan_cli.proofread import list_remarks, title_remarks

    assert list_remarks(["- Một;", "- Hai", "- Ba;", "- Bốn."]) == [
        (1, "các mục khác của danh sách này kết thúc bằng dấu chấm phẩy (;), mục này thì không")
    ]
    assert list_remarks(["- Tổng số: 27. Trong đó:", ". CBQL: 02", ". GV: 16;", ". NV: 09", ". HS: 255"]) == []
    assert title_remarks("THỰC HIỆN CÔNG TÁC DÂN VẬN CHÍNH QUYỀN") and not title_remarks("Thực hiện công tác")


def test_a_title_typed_in_capitals_is_cited_as_typed(danvan, plans):
    edit(
        plans,
        "mn-hung-an/2022/plan.yaml",
        "trich_yeu: Triển khai thực hiện công tác dân vận chính quyền năm 2022",
        "trich_yeu: TRIỂN KHAI THỰC HIỆN CÔNG TÁC DÂN VẬN CHÍNH QUYỀN NĂM 2022",
    )
    out = plans.parent / "out"
    assert danvan("report", "--period", "6m", "-o", out).exit_code == 0
    text = scanned(out / "BC-MNHA-2022-6-thang-dau-nam.docx")
    assert "Kế hoạch số 05/KH-MNHA TRIỂN KHAI THỰC HIỆN" in text and "tRIỂN" not in text
