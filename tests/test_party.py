"""Party-format documents (Hướng dẫn 36-HD/VPTW): the same plans and reports, for a Chi bộ."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import docx_paragraphs, norm
from helpers import CHI_BO, edit, located, signature


@pytest.fixture
def chi_bo(plans: Path) -> Path:
    """The seed's plan and log, issued by the school's Chi bộ in the Party's format."""
    (plans / "mn-hung-an").rename(plans / "chi-bo-mn-hung-an")
    (plans / "chi-bo-mn-hung-an/unit.yaml").write_text(CHI_BO, encoding="utf-8")
    return plans


def test_party_header_number_and_signature(cli, chi_bo):
    out = chi_bo.parent / "out"
    assert cli("plan", "--plans-dir", chi_bo, "-o", out).exit_code == 0
    paragraphs = [norm(p) for p in docx_paragraphs(out / "KH-CB-2022-cong-tac-dan-van-chinh-quyen.docx")]
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in paragraphs and "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" not in paragraphs
    assert "Độc lập - Tự do - Hạnh phúc" not in paragraphs
    # the Chi bộ's name (91 mm in bold 14 pt) does not fit its 80 mm column: broken after the kind of body
    assert paragraphs[:4] == ["ĐẢNG BỘ XÃ HÙNG AN", "CHI BỘ", "TRƯỜNG MẦM NON HÙNG AN", "*"]
    assert "Số 05-KH/CB" in paragraphs  # no colon; a hyphen before the type, a slash before the body
    assert "T/M CHI BỘ" in paragraphs and "BÍ THƯ" in paragraphs
    result = cli("report", "--plans-dir", chi_bo, "--period", "6m", "-o", out)
    assert result.exit_code == 0, result.stderr
    report = [norm(p) for p in docx_paragraphs(out / "BC-CB-2022-6-thang-dau-nam.docx")]
    assert (
        "Số 18-BC/CB" in report and "Kính gửi: Đảng ủy xã Hùng An" in report and "- Lưu Chi bộ." in report
    )  # HD 36: no colon


def test_party_draft_number(cli, chi_bo):
    path = chi_bo / "chi-bo-mn-hung-an/2022/plan.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("so: 5", "so:"), encoding="utf-8")
    out = chi_bo.parent / "out"
    cli("plan", "--plans-dir", chi_bo, "-o", out)
    number = next(
        p for p in docx_paragraphs(out / "KH-CB-2022-cong-tac-dan-van-chinh-quyen.docx") if p.startswith("Số")
    )
    assert number.replace("\u00a0", " ") == "Số       -KH/CB"


@pytest.mark.soffice
def test_party_layout_on_the_pdf(cli, chi_bo, soffice):
    import pdfplumber
    from layout import LEFT_MM, PT_PER_MM, TEXT_CENTRE_MM, centre_mm, mm, one, same_line

    out = chi_bo.parent / "out"
    result = cli("plan", "--plans-dir", chi_bo, "-o", out, "--pdf")
    assert result.exit_code == 0, result.stderr
    with pdfplumber.open(str(out / "KH-CB-2022-cong-tac-dan-van-chinh-quyen.pdf")) as pdf:
        first = pdf.pages[0]
        half = mm(first.width) / 2
        heading = one(first, "ĐẢNG CỘNG SẢN VIỆT NAM")  # on one line
        assert mm(heading["x0"]) > half - 10 and heading["top"] < 40 * PT_PER_MM
        size = next(
            c["size"]
            for c in first.chars
            if c["text"] == "Đ" and abs(c["top"] - heading["top"]) < 2 and c["x0"] >= heading["x0"] - 1
        )
        assert 14.5 <= size <= 15.5  # 15 pt
        rule = [
            w
            for w in first.extract_words()
            if set(w["text"]) == {"_"} and w["top"] > heading["top"] and abs(centre_mm(w) - centre_mm(heading)) < 2
        ]
        assert (
            rule and abs((rule[0]["x1"] - rule[0]["x0"]) - (heading["x1"] - heading["x0"])) < 4 * PT_PER_MM
        )  # as long as the heading
        issuer = one(first, "TRƯỜNG MẦM NON HÙNG AN")
        star = next(w for w in first.extract_words() if w["text"] == "*")
        assert star["top"] > issuer["top"] and abs(centre_mm(star) - centre_mm(issuer)) < 4 and centre_mm(star) < half
        number, date = one(first, "Số 05-KH/CB"), one(first, "Hùng An, ngày 25 tháng 01 năm 2022")
        assert same_line(number, date) and centre_mm(number) < half < centre_mm(date)
        title = one(first, "KẾ HOẠCH")
        assert abs(centre_mm(title) - TEXT_CENTRE_MM) < 2
        last = pdf.pages[-1]
        noi_nhan, tm, bt = one(last, "Nơi nhận:"), one(last, "T/M CHI BỘ"), one(last, "BÍ THƯ")
        assert (
            mm(noi_nhan["x0"]) < LEFT_MM + 3 and centre_mm(tm) > TEXT_CENTRE_MM and abs(noi_nhan["top"] - tm["top"]) < 6
        )
        assert bt["top"] > tm["top"] and abs(centre_mm(bt) - centre_mm(tm)) < 2
        second = [w for w in pdf.pages[1].extract_words() if w["bottom"] < 20 * PT_PER_MM]
        assert [w["text"] for w in second] == ["2"]


def _terms(chi_bo: Path, text: str) -> None:
    unit = chi_bo / "chi-bo-mn-hung-an/unit.yaml"
    unit.write_text(unit.read_text(encoding="utf-8") + text, encoding="utf-8")


def _draft(chi_bo: Path) -> None:
    for rel, old in (("2022/plan.yaml", "so: 5"), ("2022/reports/6m.yaml", "so: 18")):
        path = chi_bo / "chi-bo-mn-hung-an" / rel
        path.write_text(path.read_text(encoding="utf-8").replace(old, "so:"), encoding="utf-8")


def test_party_documents_are_cited_in_the_party_form(cli, chi_bo):
    _terms(chi_bo, "nhiem_ky:\n  - tu: 2020-08-20\n")
    _draft(chi_bo)
    out = chi_bo.parent / "out"
    assert "Đã cấp số 01-KH/CB" in cli("plan", "--plans-dir", chi_bo, "-o", out, "--final").stderr
    cli("report", "--plans-dir", chi_bo, "--period", "6m", "-o", out)
    opening = next(p for p in docx_paragraphs(out / "BC-CB-2022-6-thang-dau-nam.docx") if p.startswith("Thực hiện"))
    # never the State's 01/KH-CB; a comma and the short date, as Party bodies cite (docs/the-thuc-dang.md)
    assert opening.startswith("Thực hiện Kế hoạch số 01-KH/CB, ngày 25/01/2022 của Chi bộ về triển khai")


def test_party_numbers_run_per_document_type_through_the_term(cli, chi_bo):
    """HD 36-HD/VPTW mục II.1.3.1: from 01 for each type of document through the committee's term, not per year."""
    _terms(chi_bo, "nhiem_ky:\n  - tu: 2020-08-20\n    den: 2025-08-14\n  - tu: 2025-08-15\n")
    _draft(chi_bo)
    out = chi_bo.parent / "out"
    plan = cli("plan", "--plans-dir", chi_bo, "-o", out, "--final")
    report = cli("report", "--plans-dir", chi_bo, "--period", "6m", "-o", out, "--final")
    assert "Đã cấp số 01-KH/CB" in plan.stderr and "Đã cấp số 01-BC/CB" in report.stderr  # each type from 01
    # the next year, in the same term, the plans' sequence goes on: 02, not 01 again
    assert (
        cli(
            "new-plan", "--plans-dir", chi_bo, "--from", chi_bo / "chi-bo-mn-hung-an/2022", "--yes", "-o", out
        ).exit_code
        == 0
    )
    following = cli("plan", "--plans-dir", chi_bo, "--year", "2023", "-o", out, "--final")
    assert "Đã cấp số 02-KH/CB (sổ văn bản đi năm 2023)" in following.stderr, following.stderr


def test_party_unit_without_its_terms_is_told_to_declare_them(cli, chi_bo):
    _draft(chi_bo)
    result = cli("plan", "--plans-dir", chi_bo, "-o", chi_bo.parent / "out", "--final")
    assert result.exit_code == 1 and "nhiem_ky" in result.stderr and "HD 36-HD/VPTW" in result.stderr
    assert not (chi_bo / "chi-bo-mn-hung-an/2022/so-van-ban-di.yaml").exists()


# ---------------------------------------------------------------- hostile input, third round (docs/reliability.md)


def test_19_party_terms_must_follow_one_another(danvan, plans):
    unit = plans / "mn-hung-an/unit.yaml"
    text = unit.read_text(encoding="utf-8").replace("the_thuc: nha_nuoc", "")
    text += "the_thuc: dang\nnhiem_ky:\n  - tu: 2020-08-20\n    den: 2019-01-01\n"
    unit.write_text(text, encoding="utf-8")
    result = danvan("validate")
    assert result.exit_code == 1 and "nhiệm kỳ kết thúc (den) trước khi bắt đầu (tu)" in result.stderr


# ---------------------------------------------------------------- a clerk's first week (issue 25)


def test_a_new_chi_bo_declares_its_term_and_its_first_final_is_numbered(cli, tmp_path):
    plans = tmp_path / "plans"
    chi_bo = [
        "--unit", "chi-bo-th-tan-phu", "--year", "2026", "--ten-co-quan", "Chi bộ Trường Tiểu học Tân Phú",
        "--co-quan-chu-quan", "Đảng bộ xã Tân Phú", "--chu-viet-tat", "CB", "--dia-danh", "Tân Phú",
        "--co-quan-cap-tren", "Đảng ủy xã Tân Phú", "--chuc-vu", "Bí thư", "--ho-ten", "Võ Thị Hạnh",
    ]  # fmt: skip
    refused = cli("new-plan", "--plans-dir", plans, "--yes", *chi_bo)
    assert refused.exit_code == 2 and "--nhiem-ky" in refused.stderr
    assert not (plans / "chi-bo-th-tan-phu").exists()
    made = cli("new-plan", "--plans-dir", plans, "--yes", "--nhiem-ky", "20/08/2025", "-o", tmp_path / "o", *chi_bo)
    assert made.exit_code == 0, made.stderr
    assert "nhiem_ky:\n" in (plans / "chi-bo-th-tan-phu/unit.yaml").read_text(encoding="utf-8")
    assert signature(tmp_path / "o") == ["T/M CHI BỘ", "BÍ THƯ"]
    checked = cli("validate", "--plans-dir", plans)
    assert not [m for p, _, _, m in located(checked.stderr, warnings=True) if p.endswith("unit.yaml")]
    final = cli("plan", "--plans-dir", plans, "--final", "-o", tmp_path / "o")
    assert final.exit_code == 0, final.stderr
    assert "Đã cấp số 01-KH/CB" in final.stderr
    # a plan dated before the term declared would be refused its number: validate says so first

    edit(plans, "chi-bo-th-tan-phu/unit.yaml", "- tu: 2025-08-20", "- tu: 2030-08-20")
    said = [m for p, _, _, m in located(cli("validate", "--plans-dir", plans).stderr, warnings=True)]
    assert any(m.startswith("cảnh báo: nhiệm kỳ: ngày ban hành") and "không thuộc nhiệm kỳ nào" in m for m in said)
    edit(plans, "chi-bo-th-tan-phu/unit.yaml", "- tu: 2030-08-20", "- tu: 2025-08-20")
    # asked at the terminal (or piped in) too, checked as typed
    asked = tmp_path / "asked"
    answers = ["chi-bo-th-tan-phu", "2026", "Chi bộ Trường Tiểu học Tân Phú", "Đảng bộ xã Tân Phú", "CB", "Tân Phú",
               "Đảng ủy xã Tân Phú", "", "Võ Thị Hạnh", "tháng 8", "20/08/2025", "", ""]  # fmt: skip
    result = cli("new-plan", "--plans-dir", asked, "-o", asked / "o", input="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.stdout + result.stderr
    out = " ".join(result.stdout.split())
    assert "Ngày bắt đầu nhiệm kỳ cấp ủy" in out and "'tháng 8' không phải một ngày" in out
    assert "- tu: 2025-08-20" in (asked / "chi-bo-th-tan-phu/unit.yaml").read_text(encoding="utf-8")
