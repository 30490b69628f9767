"""`danvan don-doc`: the công văn đôn đốc the office sends to units whose report is overdue or came late, as a
separate document (never a line of the consolidated report)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from tests.conftest import docx_paragraphs, norm

OFFICE = "phong-van-hoa-xa-hoi"
STEM = "CV-VHXH-2026-don-doc-bao-cao-6-thang-dau-nam"
# Words of the tool that never reach paper: file names, keys, placeholders, folder names.
TOOL_WORDS = re.compile(r"[{}]|\.ya?ml|\.json|danvan|don-vi-|phong-van-hoa|tong_hop|\w_\w")


def remind(cli, plans: Path, out: Path, *args: str):
    return cli(
        "don-doc", "--plans-dir", str(plans), "--unit", OFFICE, "--period", "6m", "--year", "2026", "-o", str(out),
        *args,
    )  # fmt: skip


def paper(docx: Path) -> list[str]:
    text = [norm(p) for p in docx_paragraphs(docx)]
    for p in text:
        assert set(p) == {"_"} or not TOOL_WORDS.search(p), p
    return text


def test_units_overdue_and_late_are_reminded_by_name_with_the_deadline(cli, tmp_path):
    from danvan_cli.demo import make_demo_units

    plans = tmp_path / "plans"
    make_demo_units(plans, 15, year=2026)  # no report from the 7th and 14th; the 5th, 10th and 15th sent it late
    result = remind(cli, plans, tmp_path / "out", "--as-of", "25/5/2026")
    assert result.exit_code == 0, result.stderr
    assert "(công văn đôn đốc: 2 đơn vị chưa gửi báo cáo, 3 đơn vị gửi muộn)" in result.stdout
    # no deadline given: three working days after the công văn's date (Monday 25 → Thursday 28), said
    assert "Hạn gửi báo cáo ghi trong công văn: 28/05/2026 (3 ngày làm việc sau ngày công văn). Đổi bằng --han." in (
        result.stderr
    )
    text = paper(tmp_path / "out" / f"{STEM}.docx")
    # NĐ 30 Mẫu 1.5: letterhead, number (room for it), V/v under it, date, Kính gửi, signature, Nơi nhận
    assert text[:3] == ["ỦY BAN NHÂN DÂN", "XÃ HÙNG AN", "PHÒNG VĂN HÓA - XÃ HỘI"]
    assert "Số: /VHXH" in text and "Hùng An, ngày 25 tháng 5 năm 2026" in text
    assert text[text.index("Số: /VHXH") + 1] == (
        "V/v đôn đốc gửi báo cáo kết quả thực hiện công tác dân vận chính quyền 6 tháng đầu năm 2026"
    )
    at = text.index("Kính gửi:")
    assert text[at + 1 : at + 6] == [
        "- Trường Tiểu học Mai Động số 7;",
        "- Trường Trung học cơ sở Phạm Ngũ Lão số 14;",
        "- Trường Trung học cơ sở Nghĩa Dân số 5;",
        "- Trường Tiểu học Hùng An số 10;",
        "- Trường Mầm non Nghĩa Dân số 15.",
    ]
    assert text[at + 7 : at + 12] == [
        "Theo chế độ báo cáo, các đơn vị gửi báo cáo kết quả thực hiện công tác dân vận chính quyền 6 tháng đầu năm "
        "2026 về Phòng Văn hóa - Xã hội trước ngày 15/5/2026.",
        "Đến ngày 25/5/2026, Phòng Văn hóa - Xã hội chưa nhận được báo cáo của 2 đơn vị: Trường Tiểu học Mai Động "
        "số 7; Trường Trung học cơ sở Phạm Ngũ Lão số 14.",
        "Để kịp tổng hợp, báo cáo Ủy ban nhân dân xã Hùng An, Phòng Văn hóa - Xã hội đề nghị các đơn vị trên khẩn "
        "trương hoàn thành, gửi báo cáo về Phòng Văn hóa - Xã hội trước ngày 28/5/2026.",
        "Các đơn vị gửi báo cáo sau thời hạn: Trường Trung học cơ sở Nghĩa Dân số 5 (gửi ngày 20/5/2026); Trường "
        "Tiểu học Hùng An số 10 (gửi ngày 20/5/2026); Trường Mầm non Nghĩa Dân số 15 (gửi ngày 20/5/2026). Đề nghị "
        "rút kinh nghiệm, gửi báo cáo đúng thời hạn trong các kỳ sau.",
        "Phòng Văn hóa - Xã hội đề nghị các đơn vị quan tâm, thực hiện./.",
    ]
    at = text.index("Nơi nhận:")
    assert text[at + 1 : at + 3] == ["- Như trên;", "- Lưu: VT."]
    assert "TRƯỞNG PHÒNG" in text and "Trần Văn Nam" in text and "Phụ lục" not in text


def test_one_overdue_unit_after_its_deadline_and_none_before(cli, tmp_path):
    from danvan_cli.demo import make_demo_units

    plans = tmp_path / "plans"
    make_demo_units(plans, 4, year=2026)
    (plans / "don-vi-0002/2026/reports/6m.yaml").unlink()
    out = tmp_path / "out"
    before = remind(cli, plans, out, "--as-of", "10/5/2026")
    assert before.exit_code == 0, before.stderr
    assert "không soạn công văn đôn đốc" in before.stdout and not out.exists()
    assert "Chưa đến hạn, không đôn đốc (1 đơn vị): Trường Trung học cơ sở Toàn Thắng số 2 (hạn 15/05/2026)." in (
        before.stderr
    )
    after = remind(cli, plans, out, "--as-of", "20/5/2026", "--han", "22/5/2026", "--ky-hieu", "VX")
    assert after.exit_code == 0, after.stderr
    assert "Hạn gửi báo cáo ghi trong công văn" not in after.stderr  # given, not chosen
    text = paper(out / f"{STEM}.docx")
    assert "Số: /VHXH-VX" in text and "- Lưu: VT, VX." in text
    assert "Kính gửi: Trường Trung học cơ sở Toàn Thắng số 2" in text
    assert (
        "Đến ngày 20/5/2026, Phòng Văn hóa - Xã hội chưa nhận được báo cáo của Trường Trung học cơ sở Toàn Thắng số 2."
        in text
    )
    assert any(p.endswith("đề nghị Trường Trung học cơ sở Toàn Thắng số 2 khẩn trương hoàn thành, gửi báo cáo về "
                          "Phòng Văn hóa - Xã hội trước ngày 22/5/2026.") for p in text)  # fmt: skip
    assert "Phòng Văn hóa - Xã hội đề nghị Trường Trung học cơ sở Toàn Thắng số 2 quan tâm, thực hiện./." in text


@pytest.mark.parametrize(
    "args, said",
    [
        (("--han", "20/5/2026"), "--han 20/05/2026: hạn mới phải sau ngày công văn 20/05/2026"),
        (("--han", "hôm qua"), "--han"),
        (("--ky-hieu", "văn xã"), "--ky-hieu 'văn xã'"),
    ],
)
def test_a_reminder_that_cannot_be_drafted_is_refused(cli, tmp_path, args, said):
    from danvan_cli.demo import make_demo_units

    plans = tmp_path / "plans"
    make_demo_units(plans, 7, year=2026)
    result = remind(cli, plans, tmp_path / "out", "--as-of", "20/5/2026", *args)
    assert result.exit_code == 2 and said in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()


def test_from_an_inbox_a_unit_known_only_by_its_folder_is_never_named_so_on_paper(cli, tmp_path):
    """The office holds its own folder only; the units' packages came by e-mail. A unit of its roster that sent
    nothing is named as the roster names it, in full, never by its folder name."""
    from danvan_cli.demo import make_demo_units

    plans = tmp_path / "plans"
    make_demo_units(plans, 3, year=2026)
    inbox = tmp_path / "hop-thu"
    inbox.mkdir()
    for unit in ("don-vi-0001", "don-vi-0002"):
        made = cli(
            "report", "--plans-dir", str(plans), "--unit", unit, "--period", "6m", "--as-of", "2026-05-10",
            "-o", str(tmp_path / unit),
        )  # fmt: skip
        assert made.exit_code == 0, made.stderr
        for path in (tmp_path / unit).iterdir():
            shutil.copy(path, inbox)
    office_only = tmp_path / "van-phong"
    shutil.copytree(plans / OFFICE, office_only / OFFICE)
    unit_yaml = office_only / OFFICE / "unit.yaml"
    unit_yaml.write_text(
        unit_yaml.read_text(encoding="utf-8").replace(
            'don_vi: ["don-vi-*"]', 'don_vi: ["don-vi-0001", "don-vi-0002", "don-vi-0003"]'
        ),
        encoding="utf-8",
    )
    result = remind(cli, office_only, tmp_path / "out", "--as-of", "25/5/2026", "--inbox", str(inbox))
    assert result.exit_code == 0, result.stderr
    (letter,) = (tmp_path / "out").glob("CV-*.docx")
    text = "\n".join(docx_paragraphs(letter))
    assert "Trường Mầm non Vĩnh Xá số 3" in text and "don-vi-0003" not in text


@pytest.mark.soffice
def test_the_reminder_is_laid_out_as_nd30_mau_1_5(cli, tmp_path, soffice):
    from layout import check_common_layout

    from danvan_cli.demo import make_demo_units

    plans = tmp_path / "plans"
    make_demo_units(plans, 8, year=2026)
    result = remind(cli, plans, tmp_path / "out", "--as-of", "25/5/2026", "--pdf")
    assert result.exit_code == 0, result.stderr
    check_common_layout(
        tmp_path / "out" / f"{STEM}.pdf",
        type_name=None,
        issuer="PHÒNG VĂN HÓA - XÃ HỘI",
        number="Số: /VHXH",
        date_line="Hùng An, ngày 25 tháng 5 năm 2026",
        signer_title="TRƯỞNG PHÒNG",
        letter_subject="V/v đôn đốc gửi báo cáo",
    )
