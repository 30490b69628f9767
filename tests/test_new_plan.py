"""`danvan new-plan`: from the built-in model or carried over from last year, never overwriting by accident."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from helpers import located

UNIT_FLAGS = [
    "--ten-co-quan",
    "Trường Tiểu học Thị trấn",
    "--co-quan-chu-quan",
    "Phòng GD&ĐT huyện Tiên Lữ",
    "--chu-viet-tat",
    "thtt",
    "--dia-danh",
    "Vương",
    "--co-quan-cap-tren",
    "Phòng Giáo dục và Đào tạo Tiên Lữ",
    "--chuc-vu",
    "Hiệu trưởng",
    "--ho-ten",
    "Lê Văn Minh",
]


def load_data(path: Path):
    from danvan_cli.yamlsource import load

    return load(path).data


def keys_and_comments(text: str) -> dict[str, bool]:
    """For each key name, whether its first occurrence has a comment line right above it."""
    seen: dict[str, bool] = {}
    lines = text.splitlines()
    for i, line in enumerate(lines):
        m = re.match(r"^\s*(?:- )?([a-z_]+):", line)
        if m and m.group(1) not in seen:
            seen[m.group(1)] = i > 0 and lines[i - 1].lstrip().startswith("#")
    return seen


def test_new_unit_from_the_builtin_model_by_flags(cli, tmp_path):
    plans = tmp_path / "plans"
    result = cli(
        "new-plan",
        "--plans-dir",
        plans,
        "--unit",
        "th-thi-tran",
        "--year",
        "2027",
        "--ngay",
        "2027-01-12",
        "--yes",
        *UNIT_FLAGS,
    )
    assert result.exit_code == 0, result.stderr
    unit_yaml = plans / "th-thi-tran/unit.yaml"
    plan_yaml = plans / "th-thi-tran/2027/plan.yaml"
    unit = load_data(unit_yaml)
    assert unit["ten_co_quan"] == "Trường Tiểu học Thị trấn" and unit["chu_viet_tat"] == "THTT"
    plan = load_data(plan_yaml)
    assert plan["ngay"] == "2027-01-12" and plan["so"] is None
    assert plan["trich_yeu"].endswith("năm 2027")
    assert "Trường Tiểu học Thị trấn" in plan["mo_dau"][0] and "Phòng Giáo dục và Đào tạo Tiên Lữ" in plan["mo_dau"][0]
    assert [d["han_nop"] for d in plan["che_do_bao_cao"]] == ["2027-05-15", "2027-11-15"]
    assert len([t for s in plan["muc"] for t in s.get("nhiem_vu", [])]) == 6  # the school model's tasks
    # every key explained by a Vietnamese comment above it
    for path in (unit_yaml, plan_yaml):
        commented = keys_and_comments(path.read_text(encoding="utf-8"))
        assert commented and all(commented.values()), (path.name, [k for k, v in commented.items() if not v])
    # the plan is rendered at once
    assert (tmp_path / "out/th-thi-tran/2027/KH-THTT-2027-cong-tac-dan-van-chinh-quyen.docx").exists()
    assert "Đã ghi" in result.stdout


# A unit of each kind, in another province than the seed's, after 1 July 2025 (no district level).
KINDS = {
    "th-xuan-phuong": (
        ["Trường Tiểu học Xuân Phương", "UBND phường Xuân Phương", "THXP", "Xuân Phương",
         "Ủy ban nhân dân phường Xuân Phương", "Hiệu trưởng", "Lê Văn Minh", ""],
        "KẾ HOẠCH", "HIỆU TRƯỞNG", ["nhà trường", "giáo viên"],
    ),
    "ubnd-xa-tien-yen": (
        ["Ủy ban nhân dân xã Tiên Yên", "", "UBND", "Tiên Yên", "Ban Dân vận Đảng ủy xã Tiên Yên", "Chủ tịch",
         "Hoàng Văn Bình", ""],
        "KẾ HOẠCH", "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH", ["nhân dân", "một cửa"],
    ),
    "so-nong-nghiep-can-tho": (
        ["Sở Nông nghiệp và Môi trường", "UBND thành phố Cần Thơ", "SNNMT", "Cần Thơ",
         "Ủy ban nhân dân thành phố Cần Thơ", "Giám đốc", "Trần Thị Thanh", ""],
        "KẾ HOẠCH", "GIÁM ĐỐC", ["cán bộ, công chức, viên chức", "thủ tục hành chính"],
    ),
    "chi-bo-th-hoa-khanh": (
        ["Chi bộ Trường Tiểu học Hòa Khánh", "Đảng bộ phường Hòa Khánh", "CB", "Hòa Khánh",
         "Đảng ủy phường Hòa Khánh", "Bí thư", "Võ Thị Hạnh", "20/08/2025"],
        "ĐẢNG CỘNG SẢN VIỆT NAM", "T/M CHI BỘ", ["đảng viên", "cấp ủy"],
    ),
}  # fmt: skip
# What belongs to the seed's unit and province, or to the levels that are gone, and its slips.
NOT_OURS = ["Hưng Yên", "Kim Động", "Hùng An", "Nguyễn Thị Thu Hà", "02/2020/QĐ-UBND", "BDVTU", "huyện", "Phòng GD"]


@pytest.mark.parametrize("folder", list(KINDS))
def test_a_new_unit_of_each_kind_starts_from_its_own_model(cli, tmp_path, folder):
    from conftest import docx_paragraphs, norm

    values, heading, signer, own_words = KINDS[folder]
    flags = ["--ten-co-quan", "--co-quan-chu-quan", "--chu-viet-tat", "--dia-danh", "--co-quan-cap-tren", "--chuc-vu",
             "--ho-ten", "--nhiem-ky"]  # fmt: skip
    args = [a for flag, value in zip(flags, values, strict=True) if value for a in (flag, value)]
    plans, out = tmp_path / "plans", tmp_path / "out"
    result = cli("new-plan", "--plans-dir", plans, "--unit", folder, "--year", "2026", "--yes", "-o", out, *args)
    assert result.exit_code == 0, result.stderr
    text = "\n".join(norm(p) for p in docx_paragraphs(next(out.glob("*.docx"))))
    assert heading in text and signer in text and values[0].upper() in text.replace("\n", " ")
    for word in own_words:
        assert word in text, (folder, word)
    for word in NOT_OURS + ["Hiệu trưởng nhà trường" if folder != "th-xuan-phuong" else "Hùng An"]:
        assert word not in text, (folder, word)
    if folder != "th-xuan-phuong":
        assert "Nhà trường" not in text and "giáo viên" not in text
    # the higher-level document it answers is a visible blank, and validate says so (and nothing else)
    assert "Kế hoạch số …" in text
    checked = cli("validate", "--plans-dir", plans)
    assert checked.exit_code == 0
    remarks = [m for *_, m in located(checked.stderr, warnings=True)]
    assert len(remarks) == 1 and "còn để trống số" in remarks[0], remarks


def test_an_unknown_kind_of_unit_is_asked_for(cli, tmp_path):
    result = cli(
        "new-plan", "--plans-dir", tmp_path / "plans", "--unit", "hoi-khuyen-hoc", "--yes", "--ten-co-quan",
        "Hội Khuyến học xã", "--chu-viet-tat", "HKH", "--dia-danh", "Mỹ Hào", "--chuc-vu", "Chủ tịch", "--ho-ten", "A",
    )  # fmt: skip
    assert result.exit_code == 2 and "--loai" in result.stderr and "truong-hoc" in result.stderr
    assert not (tmp_path / "plans/hoi-khuyen-hoc").exists()
    chosen = cli(
        "new-plan", "--plans-dir", tmp_path / "plans", "--unit", "hoi-khuyen-hoc", "--yes", "--loai", "co-quan",
        "--ten-co-quan", "Hội Khuyến học xã", "--chu-viet-tat", "HKH", "--dia-danh", "Mỹ Hào", "--chuc-vu", "Chủ tịch",
        "--ho-ten", "A", "--year", "2026",
    )  # fmt: skip
    assert chosen.exit_code == 0, chosen.stderr


def test_missing_unit_details_with_yes_name_the_flags(cli, tmp_path):
    result = cli("new-plan", "--plans-dir", tmp_path / "plans", "--unit", "xa-moi", "--year", "2027", "--yes")
    assert result.exit_code == 2
    assert "--ten-co-quan" in result.stderr and "--ho-ten" in result.stderr
    assert not (tmp_path / "plans/xa-moi/2027").exists()


def test_carry_over_to_the_next_year(cli, plans):
    old_text = (plans / "mn-hung-an/2022/plan.yaml").read_text(encoding="utf-8")
    result = cli("new-plan", "--plans-dir", plans, "--from", plans / "mn-hung-an/2022", "--yes")
    assert result.exit_code == 0, result.stderr
    new_path = plans / "mn-hung-an/2023/plan.yaml"
    new_text = new_path.read_text(encoding="utf-8")
    old, new = load_data(plans / "mn-hung-an/2022/plan.yaml"), load_data(new_path)
    assert new["so"] is None  # a new plan starts as a draft
    assert new["ngay"] == "2023-01-25"
    assert [d["han_nop"] for d in new["che_do_bao_cao"]] == ["2023-05-15", "2023-11-15"]
    assert new["trich_yeu"] == "Triển khai thực hiện công tác dân vận chính quyền năm 2023"

    def ids(d):
        return [t["ma"] for s in d["muc"] for t in s.get("nhiem_vu", [])]

    assert ids(new) == ids(old)
    # the user's comments and order are kept (with the year moved on)
    old_comments = [line for line in old_text.splitlines() if line.lstrip().startswith("#")]
    new_comments = [line for line in new_text.splitlines() if line.lstrip().startswith("#")]
    assert new_comments == [line.replace("2022", "2023") for line in old_comments]
    # dates of documents cited stay as written, and the clerk is told where to look
    assert "Kế hoạch số 20-KH/BDVTU-BCSĐUBND ngày 28/01/2022" in new_text
    assert re.search(r"Còn \d+ dòng ghi 2022 chưa đổi .*dòng \d+", result.stderr)
    assert not (plans / "mn-hung-an/2023/progress.yaml").exists()
    # the province's criteria carry over; the year's own scores do not
    assert (plans / "mn-hung-an/2023/tieu-chi.yaml").exists() and not (plans / "mn-hung-an/2023/tu-cham.yaml").exists()


def test_refuses_to_overwrite_without_force(cli, plans):
    path = plans / "mn-hung-an/2022/plan.yaml"
    before = path.read_bytes()
    result = cli("new-plan", "--plans-dir", plans, "--unit", "mn-hung-an", "--year", "2022", "--yes")
    assert result.exit_code == 1
    assert "--force" in result.stderr and "không ghi đè" in result.stderr
    assert path.read_bytes() == before
    result = cli("new-plan", "--plans-dir", plans, "--unit", "mn-hung-an", "--year", "2022", "--yes", "--force")
    assert result.exit_code == 0, result.stderr
    assert (plans / "mn-hung-an/2022/plan.yaml.bak").read_bytes() == before


def test_interactive_prompts(cli, tmp_path, monkeypatch):
    monkeypatch.setattr("danvan_cli.cli.common.interactive", lambda: True)
    plans = tmp_path / "plans"
    answers = (
        "\n".join(
            [
                "mn-moi",  # unit folder
                "2028",  # year
                "Trường Mầm non Mới",
                "",  # no chủ quản
                "MNM",
                "Xã Mới",
                "Phòng GD&ĐT Mới",
                "Hiệu trưởng",
                "Phạm Thị Lan",
                "7",  # số
                "2028-02-30",  # impossible, asked again
                "2028-02-03",
            ]
        )
        + "\n"
    )
    result = cli("new-plan", "--plans-dir", plans, input=answers)
    assert result.exit_code == 0, (result.stdout, result.stderr)
    unit = load_data(plans / "mn-moi/unit.yaml")
    assert unit["co_quan_chu_quan"] is None and unit["nguoi_ky"]["ho_ten"] == "Phạm Thị Lan"
    plan = load_data(plans / "mn-moi/2028/plan.yaml")
    assert plan["so"] == 7 and plan["ngay"] == "2028-02-03"
    assert "không có thật: tháng 2 năm 2028 chỉ có 29 ngày" in result.stdout


def test_the_wizard_meets_the_clerk_halfway(cli, tmp_path, monkeypatch):
    """A real name typed where the folder name is asked gets a proposal; a word for Số is asked again; every
    question shows an example."""
    monkeypatch.setattr("danvan_cli.cli.common.interactive", lambda: True)
    plans = tmp_path / "plans"
    answers = [
        "Trường Tiểu học Xuân Phương",  # a real name where the folder name is asked …
        "",  # … its proposal th-xuan-phuong taken
        "2028",
        "Trường Tiểu học Xuân Phương",
        "",
        "THXP",
        "Xuân Phương",
        "",
        "Hiệu trưởng",
        "Lê Văn Minh",
        "mười hai",  # not a number: asked again …
        "12",
        "03/02/2028",  # a date typed as documents print it
    ]
    result = cli("new-plan", "--plans-dir", plans, input="\n".join(answers) + "\n")
    assert result.exit_code == 0, (result.stdout, result.stderr)
    assert "đề xuất: th-xuan-phuong" in result.stdout
    assert "'mười hai' không phải số văn bản" in result.stdout
    plan = load_data(plans / "th-xuan-phuong/2028/plan.yaml")
    assert plan["so"] == 12 and plan["ngay"] == "2028-02-03"
    from danvan_cli.asking import UNIT_QUESTIONS

    asked = [q for _, q, _, _ in UNIT_QUESTIONS] + ["Tên thư mục đơn vị", "Năm kế hoạch", "Số văn bản", "Ngày ban hành"]
    for question in asked:
        shown = next(line for line in result.stdout.splitlines() if question[:20] in line)
        assert "ví dụ" in shown, shown
