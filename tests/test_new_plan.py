"""`danvan new-plan`: from the built-in model or carried over from last year, never overwriting by accident."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import docx_paragraphs, norm
from helpers import COMMUNE_ANSWERS, PLAN_YAML, YEAR_DIR, commune_args, edit, located, new_commune, signature

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


def test_refuses_to_overwrite_without_force(danvan, plans):
    path = plans / "mn-hung-an/2022/plan.yaml"
    before = path.read_bytes()
    result = danvan("new-plan", "--unit", "mn-hung-an", "--year", "2022", "--yes")
    assert result.exit_code == 1
    assert "--force" in result.stderr and "không ghi đè" in result.stderr
    assert path.read_bytes() == before
    result = danvan("new-plan", "--unit", "mn-hung-an", "--year", "2022", "--yes", "--force")
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

    asked = [q for _, q, _ in UNIT_QUESTIONS] + ["Tên thư mục đơn vị", "Năm kế hoạch", "Số văn bản", "Ngày ban hành"]
    for question in asked:
        shown = next(line for line in result.stdout.splitlines() if question[:20] in line)
        assert "ví dụ" in shown, shown


# ---------------------------------------------------------------- hostile input and faults, first and second rounds (docs/reliability.md)


def test_02_new_plan_force_twice_keeps_every_earlier_version(danvan, plans):
    original = (plans / PLAN_YAML).read_bytes()
    for _ in range(2):
        result = danvan("new-plan", "--unit", "mn-hung-an", "--year", "2022", "--yes", "--force")
        assert result.exit_code == 0, result.stderr
    year = plans / "mn-hung-an/2022"
    assert (year / "plan.yaml.bak").read_bytes() == original  # the user's own plan, never overwritten
    assert (year / "plan.yaml.bak2").exists() and "plan.yaml.bak2" in result.stderr


def test_23_new_plan_on_files_that_are_not_utf8(danvan, plans):
    latin = (plans / PLAN_YAML).read_text(encoding="utf-8").encode("cp1258", "replace")
    (plans / PLAN_YAML).write_bytes(latin)
    (plans / "mn-hung-an/2022/tieu-chi.yaml").write_bytes("ten: Bộ tiêu chí".encode("cp1258", "replace"))
    carried = danvan("new-plan", "--from", plans / "mn-hung-an/2022", "--yes")
    assert carried.exit_code == 1 and "UTF-8" in carried.stderr
    forced = danvan("new-plan", "--unit", "mn-hung-an", "--year", "2022", "--yes", "--force")
    assert forced.exit_code == 0, forced.stderr
    assert (plans / "mn-hung-an/2022/plan.yaml.bak").read_bytes() == latin  # the user's bytes, as they were


# ---------------------------------------------------------------- hostile input, third round (docs/reliability.md)


@pytest.mark.parametrize(
    "args, expect",
    [(["--ngay", "31/12/2025", "--year", "2027"], "--ngay 31/12/2025"), (["--so", "100000"], "--so 100000")],
)
def test_12_new_plan_options_out_of_range_name_the_option(danvan, plans, args, expect):
    result = danvan(
        "new-plan", "--unit", "moi", "--yes", "--ten-co-quan", "Trường Tiểu học Mới",
        "--chu-viet-tat", "THM", "--dia-danh", "Mới", "--chuc-vu", "Hiệu trưởng", "--ho-ten", "A", *args,
    )  # fmt: skip
    assert result.exit_code == 2 and expect in result.stderr and not located(result.stderr)
    assert not (plans / "moi/2027").exists()


def test_15_the_wizard_stops_cleanly_at_end_of_input(plans, tmp_path, monkeypatch):
    from danvan_cli import asking, errors, new_plan, scaffold
    from danvan_cli.workspace import Workspace

    def ask(question, default):
        raise errors.WizardStopped("đã dừng khi đang hỏi (hết dữ liệu nhập); chưa ghi tệp nào")

    with pytest.raises(errors.WizardStopped):
        new_plan.create_plan(Workspace(plans), scaffold.Answers(unit="moi"), ask=ask)
    assert not (plans / "moi").exists()
    asked = []

    def once_blank(question, default):
        asked.append(question)
        return "" if len(asked) == 1 else "Trường Mới"

    answers = scaffold.Answers(unit="moi")
    for name in ("co_quan_chu_quan", "chu_viet_tat", "dia_danh", "co_quan_cap_tren", "chuc_vu", "ho_ten"):
        setattr(answers, name, "X")
    answers.quyen_han = []  # (a title 'X' does not tell in what capacity it signs: given, not asked)
    asking._gather_unit(answers, once_blank)
    assert asked[1].count("Cần điền") == 1


@pytest.mark.slow  # processes racing (or killed) at once: .ci/run runs it
def test_22_without_force_only_one_of_many_new_plans_is_written(plans, tmp_path):
    runs = [
        subprocess.Popen(
            [sys.executable, "-m", "danvan_cli", "new-plan", "--plans-dir", plans, "--from", plans / YEAR_DIR, "--yes",
             "--so", str(n)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=tmp_path,
        )
        for n in range(1, 7)
    ]  # fmt: skip
    codes = [run.wait(timeout=120) for run in runs]
    assert codes.count(0) == 1 and set(codes) == {0, 1}
    assert not list((plans / "mn-hung-an/2023").glob("plan.yaml.bak*"))


# ---------------------------------------------------------------- a clerk's first week (issue 25)


def test_a_carried_plan_moves_its_own_dates_and_validate_names_the_others_until_changed_or_marked(cli, tmp_path):

    plans = tmp_path / "plans"
    new_commune(cli, plans)
    edit(
        plans,
        "ubnd-xa-tan-phu/2026/plan.yaml",
        "Kế hoạch số …/KH-… ngày …/…/2026",
        "Kế hoạch số 12/KH-UBND ngày 06/01/2026",
    )
    carried = cli("new-plan", "--plans-dir", plans, "--from", plans / "ubnd-xa-tan-phu/2026", "--yes")
    assert carried.exit_code == 0, carried.stderr
    new = plans / "ubnd-xa-tan-phu/2027/plan.yaml"
    text = new.read_text(encoding="utf-8")
    # the dates the plan owns (its report deadlines, written in its words too) are the new year's …
    assert "báo cáo 6 tháng (trước ngày 15/5/2027) và báo cáo năm (trước ngày 15/11/2027)" in " ".join(text.split())
    assert "2026-05-15" not in text and "15/5/2026" not in text
    # … the date of the document it cites is not made up: left, and named by line
    assert "Kế hoạch số 12/KH-UBND ngày 06/01/2026" in text
    cited = next(i for i, line in enumerate(text.splitlines(), 1) if "06/01/2026" in line)
    assert f"dòng {cited} " in carried.stderr and "# giữ nguyên" in carried.stderr

    def remarks():
        result = cli("validate", "--plans-dir", plans)
        assert result.exit_code == 0, result.stderr
        return [(p, m) for p, _, _, m in located(result.stderr, warnings=True) if p.endswith("2027/plan.yaml")]

    (said,) = [m for _, m in remarks() if "06/01/2026" in m]
    assert said.startswith("cảnh báo: ngày của năm khác: 06/01/2026 là ngày của năm 2026, không phải năm kế hoạch 2027")
    # validate says it again on every run, until the clerk marks it as meant …
    assert [m for _, m in remarks() if "06/01/2026" in m] == [said]
    edit(
        plans,
        "ubnd-xa-tan-phu/2027/plan.yaml",
        "mo_dau:\n",
        "mo_dau:\n  # giữ nguyên: kế hoạch của huyện ban hành năm 2026\n",
    )
    (kept,) = [m for _, m in remarks() if "06/01/2026" in m]
    assert kept.startswith("giữ nguyên như đã viết (kế hoạch của huyện ban hành năm 2026): 06/01/2026")
    # … or changes it
    edit(plans, "ubnd-xa-tan-phu/2027/plan.yaml", "  # giữ nguyên: kế hoạch của huyện ban hành năm 2026\n", "")
    edit(plans, "ubnd-xa-tan-phu/2027/plan.yaml", "ngày 06/01/2026", "ngày 06/01/2027")
    assert remarks() == []


def test_new_plan_asks_in_what_capacity_a_title_it_cannot_place_signs(cli, tmp_path):
    plans = tmp_path / "plans"
    answers = [
        "ubnd-xa-tan-phu", "2026", "Ủy ban nhân dân xã Tân Phú", "", "UBND", "Tân Phú", "",
        "Chánh Văn phòng",  # not the head: in what capacity?
        "Thay mặt Ủy ban",  # not a capacity: asked again
        "TL. Chủ tịch",
        "Trần Văn Bình", "", "",
    ]  # fmt: skip
    result = cli("new-plan", "--plans-dir", plans, "-o", tmp_path / "o", input="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.stdout + result.stderr
    out = " ".join(result.stdout.split())  # (the questions wrap at the terminal's width)
    assert "Chánh Văn phòng ký với thẩm quyền nào?" in out
    assert "phải bắt đầu bằng một trong: TM., KT., TL., TUQ., Q." in out
    assert signature(tmp_path / "o") == ["TL. CHỦ TỊCH", "CHÁNH VĂN PHÒNG"]
    # with --yes nobody can say: the note tells where to write it
    other = tmp_path / "other"
    flags = [v if v != "Chủ tịch" else "Chánh Văn phòng" for v in COMMUNE_ANSWERS]
    said = cli(*commune_args(other), *flags)
    assert said.exit_code == 0 and "Chưa rõ 'Chánh Văn phòng' ký với thẩm quyền nào" in said.stderr
    assert "--quyen-han" in said.stderr


def test_new_plan_checks_each_answer_as_it_is_typed(cli, tmp_path):
    plans = tmp_path / "plans"
    answers = ["ubnd-xa-tan-phu", "2026", "Ủy ban nhân dân xã Tân Phú", "", "Tân Phú", "UBND", "Tân Phú", "",
               "", "Nguyễn Văn An", "", ""]  # fmt: skip
    result = cli("new-plan", "--plans-dir", plans, "-o", tmp_path / "o", input="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.stdout + result.stderr
    out = " ".join(result.stdout.split())
    # refused at once, with what is allowed, and asked again before the next question …
    refused = out.index("'TÂN PHÚ' không đúng dạng")
    assert "chữ in hoa và số" in out[refused:] and refused < out.index("Địa danh ghi trước ngày tháng")
    # … and no answer is lost: the unit is made with every one of them
    unit = (plans / "ubnd-xa-tan-phu/unit.yaml").read_text(encoding="utf-8")
    assert 'chu_viet_tat: "UBND"' in unit and 'dia_danh: "Tân Phú"' in unit and "Nguyễn Văn An" in unit
    # given as an option, it is the command line's mistake, named by its option, before anything is written
    wrong = [v if v != "UBND" else "Tân Phú" for v in COMMUNE_ANSWERS]
    flagged = cli(
        "new-plan", "--plans-dir", tmp_path / "p2", "--unit", "ubnd-xa-tan-phu", "--year", "2026", "--yes", *wrong
    )
    assert flagged.exit_code == 2 and flagged.stderr.startswith("--chu-viet-tat 'Tân Phú': ")
    assert "unit.yaml" not in flagged.stderr and not (tmp_path / "p2").exists()


def test_new_plan_reads_answers_piped_in_and_says_how_to_give_them_as_options(cli, tmp_path):
    plans = tmp_path / "plans"
    # (the cli fixture's input is not a terminal: as `… | danvan new-plan`)
    answers = ["mn-moi", "2027", "Trường Mầm non Mới", "", "MNM", "Xã Mới", "", "", "Phạm Thị Lan", "", ""]
    result = cli("new-plan", "--plans-dir", plans, "-o", tmp_path / "o", input="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.stdout + result.stderr
    assert (
        "Chức vụ người ký (ví dụ: Hiệu trưởng; Phó Hiệu trưởng khi cấp phó ký thay) (Hiệu trưởng): Hiệu trưởng"
        in " ".join(result.stdout.split())
    )
    assert (plans / "mn-moi/2027/plan.yaml").exists()
    # answers that stop half-way: the rest are the options' (none here), named in one line with how to give them
    stopped = cli("new-plan", "--plans-dir", tmp_path / "p2", input="mn-moi\n2027\nTrường Mầm non Mới\n")
    assert stopped.exit_code == 2
    assert "cần thêm: --chu-viet-tat, --dia-danh, --chuc-vu, --ho-ten" in stopped.stderr
    assert "đưa các câu trả lời vào, mỗi dòng một câu" in stopped.stderr
    # nothing piped in, every option given: made as with --yes
    quiet = cli(
        "new-plan", "--plans-dir", tmp_path / "p3", "--unit", "ubnd-xa-tan-phu", "--year", "2026", *COMMUNE_ANSWERS
    )
    assert quiet.exit_code == 0, quiet.stderr
