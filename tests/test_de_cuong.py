"""The office's outline (`danvan de-cuong`), and a unit's report rendered to it (`report --de-cuong`)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import docx_paragraphs

# The Ban Dân vận's shape of a yearly outline: PHẦN THỨ NHẤT / PHẦN THỨ HAI over I., II.; figures in its order,
# one the seed never records.
OUTLINE = """\
dinh_dang: danvan/de-cuong
phien_ban: 1
co_quan: Ban Dân vận Huyện ủy Văn Lâm
chu_de: công tác dân vận chính quyền
ky: 6m
nam: 2022
bao_cao:
  danh_so: {phan: phan_thu}
  phan:
    - tieu_de: KẾT QUẢ THỰC HIỆN CÔNG TÁC DÂN VẬN {ky_bao_cao}
      muc:
        - tieu_de: CÔNG TÁC TUYÊN TRUYỀN, QUÁN TRIỆT
          gom: [dac_diem_tinh_hinh, ket_qua, bang_so_lieu]
        - tieu_de: ĐÁNH GIÁ CHUNG
          muc:
            - {tieu_de: Ưu điểm, gom: [uu_diem]}
            - {tieu_de: Hạn chế, gom: [ton_tai_han_che, nguyen_nhan]}
    - tieu_de: NHIỆM VỤ TRỌNG TÂM {ky_toi}
      muc:
        - tieu_de: NHIỆM VỤ, GIẢI PHÁP
          gom: [phuong_huong, de_xuat_kien_nghi]
so_lieu:
  - {ten: số lượt người tham gia, don_vi_tinh: lượt người}
  - {ten: số mô hình dân vận khéo, don_vi_tinh: mô hình}
"""


def seed_report(cli, plans: Path, *args: str):
    return cli(
        "report", "--plans-dir", str(plans), "--unit", "mn-hung-an", "--year", "2022", "--period", "6m",
        "--as-of", "2022-05-13", "-o", str(plans.parent / "out"), *args,
    )  # fmt: skip


def test_a_report_follows_the_outline_it_answers(cli, plans, tmp_path):
    outline = tmp_path / "de-cuong.yaml"
    outline.write_text(OUTLINE, encoding="utf-8")
    result = seed_report(cli, plans, "--de-cuong", str(outline))
    assert result.exit_code == 0, result.stderr
    docx = plans.parent / "out/BC-MNHA-2022-6-thang-dau-nam.docx"
    text = docx_paragraphs(docx)
    # the outline's parts and headings, in its order, its numbering
    at = text.index("PHẦN THỨ NHẤT")
    assert text[at + 1 : at + 3] == [
        "KẾT QUẢ THỰC HIỆN CÔNG TÁC DÂN VẬN 6 THÁNG ĐẦU NĂM 2022",
        "I. CÔNG TÁC TUYÊN TRUYỀN, QUÁN TRIỆT",
    ]
    joined = "\n".join(text)
    assert "NHIỆM VỤ TRỌNG TÂM 6 THÁNG CUỐI NĂM 2022" in joined
    assert joined.index("PHẦN THỨ NHẤT") < joined.index("ĐÁNH GIÁ CHUNG") < joined.index("PHẦN THỨ HAI")
    assert "ĐẶC ĐIỂM TÌNH HÌNH" not in joined  # the outline has no such section
    # the figures: the outline's, in its order; one never recorded shows '—', never dropped
    at = text.index("Số lượt người tham gia")
    assert text[at + 1] == "lượt người" and text[at + 2] not in ("—", "0")
    at = text.index("Số mô hình dân vận khéo")
    assert text[at + 1 : at + 4] == ["mô hình", "—", "—"]
    assert "Số buổi tuyên truyền" not in text  # recorded, but not asked for: said on stderr, not printed
    assert "không hỏi các số liệu: số buổi tuyên truyền" in result.stderr
    # the package names the outline it answers
    package = json.loads(docx.with_name("BC-MNHA-2022-6-thang-dau-nam.danvan.json").read_text(encoding="utf-8"))
    assert package["de_cuong"]["co_quan"] == "Ban Dân vận Huyện ủy Văn Lâm"
    import hashlib

    assert package["de_cuong"]["sha256"] == hashlib.sha256(outline.read_bytes()).hexdigest()
    assert [f["ten"] for f in package["so_lieu"]] == ["số lượt người tham gia", "số mô hình dân vận khéo"]
    assert package["so_lieu"][1]["ky_nay"] is None and package["so_lieu"][1]["luy_ke"] is None


def test_an_outline_in_the_year_folder_is_used_for_its_period_only(cli, plans):
    (plans / "mn-hung-an/2022/de-cuong.yaml").write_text(OUTLINE, encoding="utf-8")
    result = seed_report(cli, plans)
    assert result.exit_code == 0, result.stderr
    assert "PHẦN THỨ NHẤT" in docx_paragraphs(plans.parent / "out/BC-MNHA-2022-6-thang-dau-nam.docx")
    result = cli(
        "report", "--plans-dir", str(plans), "--unit", "mn-hung-an", "--year", "2022", "--period", "year",
        "--as-of", "2022-12-31", "-o", str(plans.parent / "out"),
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert "đề cương dành cho báo cáo 6 tháng đầu năm 2022, không phải báo cáo năm 2022" in result.stderr
    assert "PHẦN THỨ NHẤT" not in docx_paragraphs(plans.parent / "out/BC-MNHA-2022-nam.docx")


@pytest.mark.parametrize(
    "change, said",
    [
        (("ky: 6m", "ky: year"), "đề cương dành cho báo cáo năm 2022, không phải báo cáo 6 tháng đầu năm 2022"),
        (("phien_ban: 1", "phien_ban: 3"), "đề cương định dạng phiên bản 3, bản danvan này chỉ đọc đến phiên bản 1"),
        (("gom: [phuong_huong, de_xuat_kien_nghi]", "gom: [phuong_huong, ke_hoach_moi]"), "de-cuong.yaml:"),
        (("phien_ban: 1", "phien_ban: 2\nyeu_cau_moi: có"), "đề cương định dạng phiên bản 2, bản danvan này chỉ đọc"),
        (("dinh_dang: danvan/de-cuong", "dinh_dang: danvan/goi-bao-cao"), "không phải đề cương báo cáo"),
        (
            ("- {ten: số mô hình dân vận khéo", "- {ten: Số lượt  người tham gia, don_vi_tinh: lượt}\n  - {ten: x"),
            "số liệu 'Số lượt  người tham gia' đã có ở mục thứ 1",
        ),
        (
            ("gom: [dac_diem_tinh_hinh, ket_qua", "gom: [ket_qua"),
            "6m.yaml:9:1: phần 'dac_diem_tinh_hinh' đã viết nhưng đề cương của Ban Dân vận Huyện ủy Văn Lâm không có",
        ),
    ],
)
def test_a_wrong_outline_is_refused_with_what_to_do(cli, plans, tmp_path, change, said):
    outline = tmp_path / "de-cuong.yaml"
    outline.write_text(OUTLINE.replace(*change), encoding="utf-8")
    result = seed_report(cli, plans, "--de-cuong", str(outline))
    assert result.exit_code == 1
    assert said in result.stderr and "Traceback" not in result.stderr
    assert not (plans.parent / "out/BC-MNHA-2022-6-thang-dau-nam.docx").exists()


def test_the_office_writes_its_outline_and_a_unit_reports_to_it(cli, tmp_path):
    from danvan_cli.demo import make_demo_units
    from danvan_cli.loading import load_outline

    plans = tmp_path / "plans"
    make_demo_units(plans, 2, year=2026)
    result = cli("de-cuong", "--plans-dir", str(plans), "--period", "6m", "--year", "2026", "-o", str(tmp_path / "gui"))
    assert result.exit_code == 0, result.stderr
    path = tmp_path / "gui/de-cuong-6m.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# Đề cương báo cáo 6 tháng đầu năm 2026 của Phòng Văn hóa - Xã hội gửi các đơn vị.")
    outline = load_outline(path).outline
    assert outline.ma_co_quan == "phong-van-hoa-xa-hoi" and outline.ky == "6m" and outline.nam == 2026
    assert [s.tieu_de for s in outline.bao_cao.muc or []][:3] == [
        "ĐẶC ĐIỂM TÌNH HÌNH",
        "CÔNG TÁC LÃNH ĐẠO, CHỈ ĐẠO, TRIỂN KHAI THỰC HIỆN",
        "KẾT QUẢ THỰC HIỆN",
    ]
    assert outline.so_lieu[0].ten == "số buổi tuyên truyền" and outline.so_lieu[0].don_vi_tinh == "buổi"
    # the unit puts it in its year folder; its report's table lists every figure the office asked for, in order
    (plans / "don-vi-0001/2026/de-cuong-6m.yaml").write_bytes(path.read_bytes())
    result = cli(
        "report", "--plans-dir", str(plans), "--unit", "don-vi-0001", "--period", "6m", "--as-of", "2026-07-20",
        "-o", str(tmp_path / "out"),
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    package = json.loads(next((tmp_path / "out").glob("*.danvan.json")).read_text(encoding="utf-8"))
    assert [f["ten"] for f in package["so_lieu"]] == [f.ten for f in outline.so_lieu]
    assert package["de_cuong"]["co_quan"] == "Phòng Văn hóa - Xã hội"


def test_de_cuong_needs_an_office(cli, plans):
    result = cli("de-cuong", "--plans-dir", str(plans))
    assert result.exit_code == 2
    assert "hãy chọn cơ quan tổng hợp bằng --unit" in result.stderr


def test_a_heading_of_the_outline_with_nothing_under_it_is_asked_for_never_printed_empty(cli, plans, tmp_path):
    """A section the unit has nothing for is not printed as a bare heading: the report asks for it (in its
    narrative file), --final waits for the answer, and once answered the outline's numbering holds."""
    outline = tmp_path / "de-cuong.yaml"
    outline.write_text(
        OUTLINE.replace("      muc:\n        - tieu_de: NHIỆM VỤ, GIẢI PHÁP", "      muc:\n        - tieu_de: KHÁC\n"
                        "          gom: [ket_qua_noi_bat]\n        - tieu_de: NHIỆM VỤ, GIẢI PHÁP"),
        encoding="utf-8",
    )  # fmt: skip
    result = seed_report(cli, plans, "--de-cuong", str(outline))
    assert result.exit_code == 0, result.stderr
    text = docx_paragraphs(plans.parent / "out/BC-MNHA-2022-6-thang-dau-nam.docx")
    at = text.index("PHẦN THỨ HAI")
    assert text[at + 2] == "I. NHIỆM VỤ, GIẢI PHÁP" and "I. KHÁC" not in text
    narrative = plans / "mn-hung-an/2022/reports/6m.yaml"
    assert "# HỎI: Kết quả nổi bật nhất của đơn vị trong kỳ là gì? (cần trả lời" in narrative.read_text(
        encoding="utf-8"
    )
    final = seed_report(cli, plans, "--de-cuong", str(outline), "--final")
    assert final.exit_code == 1 and "kết quả nổi bật" in final.stderr
    narrative.write_text(
        narrative.read_text(encoding="utf-8").replace(
            "ket_qua_noi_bat: []", "ket_qua_noi_bat:\n  - Nhà trường hoàn thành các chỉ tiêu trọng tâm."
        ),
        encoding="utf-8",
    )
    assert seed_report(cli, plans, "--de-cuong", str(outline)).exit_code == 0
    text = docx_paragraphs(plans.parent / "out/BC-MNHA-2022-6-thang-dau-nam.docx")
    at = text.index("PHẦN THỨ HAI")
    assert text[at + 2 : at + 5] == [
        "I. KHÁC",
        "Nhà trường hoàn thành các chỉ tiêu trọng tâm.",
        "II. NHIỆM VỤ, GIẢI PHÁP",
    ]


def test_an_outline_per_period_in_the_year_folder(cli, plans):
    (plans / "mn-hung-an/2022/de-cuong-6m.yaml").write_text(OUTLINE, encoding="utf-8")
    (plans / "mn-hung-an/2022/de-cuong.yaml").write_text(OUTLINE.replace("ky: 6m", "ky: year"), encoding="utf-8")
    result = seed_report(cli, plans)
    assert result.exit_code == 0, result.stderr
    assert "PHẦN THỨ NHẤT" in docx_paragraphs(plans.parent / "out/BC-MNHA-2022-6-thang-dau-nam.docx")


def test_de_cuong_of_a_unit_that_consolidates_nothing_is_refused(cli, plans):
    result = cli("de-cuong", "--plans-dir", str(plans), "--unit", "mn-hung-an")
    assert result.exit_code == 2 and "chưa khai báo phần tong_hop" in result.stderr
