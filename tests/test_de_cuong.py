"""The office's outline (`danvan de-cuong`), and a unit's report rendered to it (`report --de-cuong`)."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from helpers import unit_args

from tests.conftest import docx_paragraphs, norm

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
        "report", *unit_args(plans), "--period", "6m", "--as-of", "2022-05-13", "-o", str(plans.parent / "out"), *args
    )


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
        "report", *unit_args(plans), "--period", "year", "--as-of", "2022-12-31", "-o", str(plans.parent / "out")
    )
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
    result = cli(
        "de-cuong", "--plans-dir", str(plans), "--period", "6m", "--year", "2026", "-o", str(tmp_path / "gui"),
        "--as-of", "04/5/2026",
    )  # fmt: skip
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
    assert "--unit: hãy chọn cơ quan tổng hợp" in result.stderr


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


# ---------------------------------------------------------------- the công văn that sends the outline

# Words of the tool that never reach paper: file names, keys, placeholders, folder names.
TOOL_WORDS = re.compile(r"[{}]|\.ya?ml|\.json|danvan|don-vi-|phong-van-hoa|tong_hop|so_lieu|gom\b|\w_\w")


def no_tool_word(paragraphs: list[str]) -> None:
    for p in paragraphs:
        if set(p.strip()) == {"_"}:  # the solid lines under the names and the title
            continue
        assert not TOOL_WORDS.search(p), p


def send_outline(cli, plans: Path, out: Path, *args: str):
    return cli(
        "de-cuong", "--plans-dir", str(plans), "--unit", "phong-van-hoa-xa-hoi", "-o", str(out), "--as-of",
        "04/5/2026", *args,
    )  # fmt: skip


def test_the_outline_goes_out_with_a_cong_van_the_head_can_sign(cli, tmp_path):
    from danvan_cli.demo import make_demo_units
    from danvan_cli.loading import load_outline

    plans = tmp_path / "plans"
    make_demo_units(plans, 6, year=2026)
    result = send_outline(cli, plans, tmp_path / "gui", "--period", "6m", "--year", "2026")
    assert result.exit_code == 0, result.stderr
    docx = tmp_path / "gui/CV-VHXH-2026-de-cuong-bao-cao-6-thang-dau-nam.docx"
    assert f"Đã ghi {docx.relative_to(tmp_path)} (công văn gửi đề cương" in result.stdout
    # the deadline: the one the units' plans set for the 6-month report, said on the terminal
    assert (
        "Hạn gửi báo cáo ghi trong công văn: 15/05/2026 (theo kế hoạch của 6/6 đơn vị). Đổi bằng --han."
        in result.stderr
    )
    text = [norm(p) for p in docx_paragraphs(docx)]
    # NĐ 30 Mẫu 1.5: the letterhead, the number with the issuer's abbreviation, V/v under it, the date
    assert text[:3] == ["ỦY BAN NHÂN DÂN", "XÃ HÙNG AN", "PHÒNG VĂN HÓA - XÃ HỘI"]
    assert "Số: /VHXH" in text and "\u00a0" * 6 + "/VHXH" in "".join(docx_paragraphs(docx))  # room for the number
    at = text.index("Số: /VHXH")  # the V/v under it, in lines that part no phrase
    assert docx_paragraphs(docx)[at + 1].split("\n") == [
        "V/v báo cáo kết quả thực hiện",
        "công tác dân vận chính quyền",
        "6 tháng đầu năm 2026",
    ]
    assert "Hùng An, ngày 04 tháng 5 năm 2026" in text
    # Kính gửi: every unit found, named in full, one a line
    at = text.index("Kính gửi:")
    assert text[at + 1 : at + 7] == [
        "- Trường Tiểu học Ngọc Thanh số 1;",
        "- Trường Trung học cơ sở Toàn Thắng số 2;",
        "- Trường Mầm non Vĩnh Xá số 3;",
        "- Trường Tiểu học Phạm Ngũ Lão số 4;",
        "- Trường Trung học cơ sở Nghĩa Dân số 5;",
        "- Trường Mầm non Đức Hợp số 6.",
    ]
    body = "\n".join(text)
    assert "1. Nội dung báo cáo: theo đề cương tại Phụ lục kèm theo Công văn này" in body
    assert "2. Thời gian chốt số liệu: từ ngày 15/12/2025 đến ngày 14/5/2026." in body
    assert "3. Thời hạn gửi báo cáo: trước ngày 15/5/2026, gửi về Phòng Văn hóa - Xã hội." in body
    assert "Phòng Văn hóa - Xã hội đề nghị các đơn vị quan tâm, thực hiện./." in body
    # the signature and Nơi nhận
    at = text.index("Nơi nhận:")
    assert text[at + 1 : at + 3] == ["- Như trên;", "- Lưu: VT."]
    assert "TRƯỞNG PHÒNG" in text and "Trần Văn Nam" in text
    # the Phụ lục: its title and the line that ties it to the công văn, the number left blank as in the header
    at = text.index("Phụ lục")
    assert " ".join(text[at + 1].split("\n")) == (
        "ĐỀ CƯƠNG BÁO CÁO KẾT QUẢ THỰC HIỆN CÔNG TÁC DÂN VẬN CHÍNH QUYỀN 6 THÁNG ĐẦU NĂM 2026"
    )
    attached = docx_paragraphs(docx)[docx_paragraphs(docx).index("Phụ lục") + 2].replace("\n", " ")
    assert attached == (
        "(Kèm theo Công văn số" + " " + "\u00a0" * 6 + "/VHXH ngày 04 tháng 5 năm 2026 của Phòng Văn hóa - Xã hội)"
    )
    # its sections as the units' reports will number them, placeholders filled, with what goes under each
    outline = load_outline(tmp_path / "gui/de-cuong-6m.yaml").outline
    assert "I. ĐẶC ĐIỂM TÌNH HÌNH" in text and "V. PHƯƠNG HƯỚNG, NHIỆM VỤ 6 THÁNG CUỐI NĂM 2026" in text
    at = text.index("III. KẾT QUẢ THỰC HIỆN")
    assert text[at + 2].startswith("Kết quả thực hiện từng nhiệm vụ theo kế hoạch")
    # the figures wanted: the outline's, in its order, with their units of measure, to fill
    from docx import Document

    table = next(t for t in Document(str(docx)).tables if t.rows[0].cells[0].text == "TT")
    assert [c.text for c in table.rows[0].cells] == ["TT", "Số liệu", "Đơn vị tính", "Kỳ báo cáo", "Lũy kế năm"]
    rows = [[c.text for c in r.cells] for r in table.rows[1:]]
    assert [r[1:3] for r in rows] == [[f.ten[:1].upper() + f.ten[1:], f.unit] for f in outline.so_lieu]
    assert {r[3] for r in rows} == {""}
    no_tool_word(text)


def test_a_party_office_sends_its_outline_in_the_partys_format_its_headings_filled(cli, tmp_path):
    """The Ban Dân vận's outline (parts PHẦN THỨ NHẤT…, headings naming the period) in a Party công văn (HD 36)."""
    from danvan_cli.demo import make_demo_units

    plans = tmp_path / "plans"
    make_demo_units(plans, 2, year=2026)
    office = plans / "phong-van-hoa-xa-hoi/unit.yaml"
    skeleton = OUTLINE[OUTLINE.index("bao_cao:") : OUTLINE.index("so_lieu:")]
    office.write_text(
        office.read_text(encoding="utf-8")
        .replace("co_quan_chu_quan: Ủy ban nhân dân xã Hùng An", "co_quan_chu_quan: Đảng bộ xã Hùng An")
        .replace("ten_co_quan: Phòng Văn hóa - Xã hội", "ten_co_quan: Ban Dân vận Đảng ủy xã Hùng An")
        .replace("chu_viet_tat: VHXH", "chu_viet_tat: BDVĐU\nthe_thuc: dang")
        .replace("  chuc_vu: Trưởng phòng", "  quyen_han: T/M Ban Dân vận\n  chuc_vu: Trưởng ban")
        + skeleton,
        encoding="utf-8",
    )
    result = send_outline(cli, plans, tmp_path / "gui", "--period", "6m", "--year", "2026", "--han", "10/6/2026")
    assert result.exit_code == 0, result.stderr
    docx = tmp_path / "gui/CV-BDVDU-2026-de-cuong-bao-cao-6-thang-dau-nam.docx"
    text = [norm(p) for p in docx_paragraphs(docx)]
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in text and "Số -CV/BDVĐU" in text
    assert "3. Thời hạn gửi báo cáo: trước ngày 10/6/2026, gửi về Ban Dân vận Đảng ủy xã Hùng An." in text
    assert "2. Thời gian chốt số liệu: từ ngày 15/12/2025 đến ngày 09/6/2026." in text  # ends before the deadline
    assert any(p.startswith("(Kèm theo Công văn số -CV/BDVĐU, ngày 04/5/2026 của Ban Dân vận") for p in text)
    at = text.index("PHẦN THỨ NHẤT")
    assert text[at + 1 : at + 3] == [
        "KẾT QUẢ THỰC HIỆN CÔNG TÁC DÂN VẬN 6 THÁNG ĐẦU NĂM 2026",
        "I. CÔNG TÁC TUYÊN TRUYỀN, QUÁN TRIỆT",
    ]
    assert "NHIỆM VỤ TRỌNG TÂM 6 THÁNG CUỐI NĂM 2026" in text
    assert "T/M BAN DÂN VẬN" in text and "- Lưu Chi bộ." not in text
    no_tool_word(text)


def test_an_outline_for_every_period_and_recipients_named_on_the_command_line(cli, tmp_path):
    """An office whose units' folders are elsewhere: the công văn goes to whom --kinh-gui names; an outline for any
    period asks the periodic reports in words, its headings without a placeholder."""
    from danvan_cli.demo import make_demo_units

    plans = tmp_path / "plans"
    make_demo_units(plans, 1, year=2026)
    shutil.rmtree(plans / "don-vi-0001")
    (plans / "phong-van-hoa-xa-hoi/don-vi.yaml").unlink()  # no roster either
    office = plans / "phong-van-hoa-xa-hoi/unit.yaml"
    office.write_text(
        office.read_text(encoding="utf-8").replace("noi_nhan:\n  - Các trường trên địa bàn xã\n", ""), "utf-8"
    )
    refused = send_outline(cli, plans, tmp_path / "gui")
    assert refused.exit_code == 2 and "--kinh-gui" in refused.stderr and "Traceback" not in refused.stderr
    assert not (tmp_path / "gui").exists()  # nothing written
    result = send_outline(
        cli, plans, tmp_path / "gui", "--kinh-gui", "Các trường mầm non, tiểu học, trung học cơ sở trên địa bàn xã",
        "--kinh-gui", "{{ 7*7 }}", "--ky-hieu", "VX",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    docx = tmp_path / "gui/CV-VHXH-2026-de-cuong-bao-cao.docx"
    text = [norm(p) for p in docx_paragraphs(docx)]
    assert "Số: /VHXH-VX" in text and "- Lưu: VT, VX." in text
    at = text.index("Kính gửi:")  # what is typed is printed as typed, never read as a template's tag
    assert text[at + 1 : at + 3] == ["- Các trường mầm non, tiểu học, trung học cơ sở trên địa bàn xã;", "- {{ 7*7 }}."]
    text = text[: at + 2] + text[at + 3 :]
    assert any("đề cương báo cáo định kỳ kết quả thực hiện công tác dân vận chính quyền" in p for p in text)
    assert "V. PHƯƠNG HƯỚNG, NHIỆM VỤ KỲ TỚI" in text
    assert any(p.endswith("gửi về Phòng Văn hóa - Xã hội đúng thời hạn theo chế độ báo cáo.") for p in text)
    no_tool_word(text)


@pytest.mark.parametrize(
    "args, said",
    [
        (("--han", "01/5/2026"), "--han: hạn gửi báo cáo 01/05/2026 (hạn đã cho) không sau ngày công văn 04/05/2026"),
        (("--han", "31/2/2026"), "--han"),
        (
            ("--as-of", "20/11/2025", "--han", "01/12/2025"),
            "hạn gửi báo cáo 01/12/2025 ở trước kỳ số liệu (từ 15/12/2025)",
        ),
        (("--ky-hieu", "vx!"), "--ky-hieu 'vx!': chữ viết tắt tên đơn vị soạn thảo hoặc lĩnh vực"),
        (("--kinh-gui", "Trường \u202eA"), "--kinh-gui: có ký tự điều khiển U+202E (không in được)"),
    ],
)
def test_a_cong_van_that_cannot_be_sent_is_refused_and_nothing_is_written(cli, tmp_path, args, said):
    from danvan_cli.demo import make_demo_units

    plans = tmp_path / "plans"
    make_demo_units(plans, 1, year=2026)
    result = send_outline(cli, plans, tmp_path / "gui", "--period", "6m", "--year", "2026", *args)
    assert result.exit_code == 2 and said in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "gui").exists()


@pytest.mark.soffice
def test_the_outline_cong_van_is_laid_out_as_nd30_mau_1_5(cli, tmp_path, soffice):
    import pdfplumber
    from layout import check_common_layout

    from danvan_cli.demo import make_demo_units

    plans = tmp_path / "plans"
    make_demo_units(plans, 3, year=2026)
    result = send_outline(cli, plans, tmp_path / "gui", "--period", "6m", "--year", "2026", "--pdf")
    assert result.exit_code == 0, result.stderr
    pdf = tmp_path / "gui/CV-VHXH-2026-de-cuong-bao-cao-6-thang-dau-nam.pdf"
    check_common_layout(
        pdf,
        type_name=None,
        issuer="PHÒNG VĂN HÓA - XÃ HỘI",
        number="Số: /VHXH",
        date_line="Hùng An, ngày 04 tháng 5 năm 2026",
        signer_title="TRƯỞNG PHÒNG",
        letter_subject="V/v báo cáo kết quả thực hiện",
    )
    with pdfplumber.open(str(pdf)) as document:
        first = document.pages[0]
        to = first.search("Kính gửi:", regex=False)[0]
        assert to["top"] > first.search("V/v", regex=False)[0]["top"]
        start = next(i for i, p in enumerate(document.pages) if p.search("ĐỀ CƯƠNG BÁO CÁO", regex=False))
        assert start > 0 and document.pages[start].search("(Kèm theo Công văn số", regex=False)
        top = [w["text"] for w in document.pages[start].extract_words() if w["bottom"] < 20 * 72 / 25.4]
        assert top == []  # the Phụ lục is numbered on its own: nothing on its first page


def test_the_cong_van_gives_its_template_every_name_the_reference_lists(tmp_path):
    """docs/templates.md (context.TEMPLATE_NAMES) lists what a unit's own công văn template may use: exactly what
    danvan gives it."""
    import datetime as dt

    from danvan_cli.context import TEMPLATE_NAMES
    from danvan_cli.demo import make_demo_units
    from danvan_cli.letters import Letter, letter_context
    from danvan_cli.loading import load_unit
    from danvan_cli.workspace import Workspace

    plans = tmp_path / "plans"
    make_demo_units(plans, 1, year=2026)
    office, _ = load_unit(Workspace(plans), "phong-van-hoa-xa-hoi")
    letter = Letter(office, "phong-van-hoa-xa-hoi", ("đôn đốc",), dt.date(2026, 5, 4), None, ("A", "B"), (), "CV")
    context = letter_context(letter)
    assert set(context) == set(TEMPLATE_NAMES["cong_van"])
    assert context["kinh_gui"] == "" and context["kinh_gui_dong"] == ["- A;", "- B."]


def test_without_the_units_plans_the_deadline_follows_nd09(cli, tmp_path):
    """An office that holds no unit's plan asks for the report the day after NĐ 09's data window, and says so."""
    from danvan_cli.demo import make_demo_units

    plans = tmp_path / "plans"
    make_demo_units(plans, 1, year=2026)
    shutil.rmtree(plans / "don-vi-0001")
    (plans / "phong-van-hoa-xa-hoi/don-vi.yaml").unlink()  # no roster either
    result = send_outline(cli, plans, tmp_path / "gui", "--period", "6m", "--year", "2026")
    assert result.exit_code == 0, result.stderr
    assert "15/06/2026 (ngày sau kỳ số liệu theo Nghị định 09/2019/NĐ-CP). Đổi bằng --han." in result.stderr
    text = [norm(p) for p in docx_paragraphs(tmp_path / "gui/CV-VHXH-2026-de-cuong-bao-cao-6-thang-dau-nam.docx")]
    assert "Kính gửi: Các trường trên địa bàn xã" in text  # the office's own Nơi nhận: no roster, no unit folder
    assert "2. Thời gian chốt số liệu: từ ngày 15/12/2025 đến ngày 14/6/2026." in text
    assert "3. Thời hạn gửi báo cáo: trước ngày 15/6/2026, gửi về Phòng Văn hóa - Xã hội." in text


def test_the_outline_cong_van_goes_to_the_units_of_the_roster_by_their_full_names(cli, tmp_path):
    """Units whose folders are elsewhere are still addressed, as the office's roster names them."""
    from danvan_cli.demo import make_demo_units

    plans = tmp_path / "plans"
    make_demo_units(plans, 2, year=2026)
    for unit in ("don-vi-0001", "don-vi-0002"):
        shutil.rmtree(plans / unit)
    result = send_outline(cli, plans, tmp_path / "gui", "--period", "6m", "--year", "2026")
    assert result.exit_code == 0, result.stderr
    text = "\n".join(docx_paragraphs(next((tmp_path / "gui").glob("CV-*.docx"))))
    assert "Trường Tiểu học Ngọc Thanh số 1" in text and "Trường Trung học cơ sở Toàn Thắng số 2" in text
    assert "don-vi-" not in text
