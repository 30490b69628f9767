"""A clerk's first week (issue 25): the traps a new user falls into, each said at the moment it can be avoided.

Who signs, which year and date a command works on, what counts as sent, and the first use of new-plan,
validate, score and the PDF; every test runs the commands as the clerk does and reads what they read.
"""

from __future__ import annotations

from pathlib import Path

from helpers import located

COMMUNE = [
    "--ten-co-quan", "Ủy ban nhân dân xã Tân Phú", "--chu-viet-tat", "UBND", "--dia-danh", "Tân Phú",
    "--co-quan-cap-tren", "Ban Dân vận Đảng ủy xã Tân Phú", "--chuc-vu", "Chủ tịch", "--ho-ten", "Nguyễn Văn An",
]  # fmt: skip


def new_commune(cli, plans: Path, year: int = 2026, *extra: str):
    result = cli(
        "new-plan", "--plans-dir", plans, "--unit", "ubnd-xa-tan-phu", "--year", str(year), "--yes",
        "-o", plans.parent / "o", *COMMUNE, *extra,
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    return result


# ---------------------------------------------------------------- first use: validate


def test_a_plan_saved_as_txt_in_a_unit_with_two_years_is_explained_not_a_traceback(cli, tmp_path):
    plans = tmp_path / "plans"
    new_commune(cli, plans)
    assert cli("new-plan", "--plans-dir", plans, "--from", plans / "ubnd-xa-tan-phu/2026", "--yes").exit_code == 0
    # an entry after 2026's last report, carried into 2027's log
    added = cli("progress", "add", "tuyen-truyen", "Tuyên truyền", "--date", "2026-12-01", "--plans-dir", plans)
    assert added.exit_code == 0, added.stderr
    plan = plans / "ubnd-xa-tan-phu/2026/plan.yaml"
    plan.rename(plan.with_name("plan.yaml.txt"))
    result = cli("validate", "--plans-dir", plans)
    assert result.exit_code == 1, result.stderr
    assert "Traceback" not in result.stderr and "TypeError" not in result.stderr
    # the one mistake, said once, with its fix; not a false alarm about 2027's dates that follow from it
    assert "2026/plan.yaml" in result.stderr and "hãy đổi tên thành plan.yaml" in result.stderr
    assert "Có 1 lỗi trong dữ liệu." in result.stderr
    assert not [p for p in located(result.stderr) if p[0].endswith("progress.yaml")]


# ---------------------------------------------------------------- first use: the PDF's font


def test_the_font_notice_is_said_once_per_plans_folder(cli, plans, tmp_path, soffice):
    import shutil
    import subprocess

    from danvan_cli.pdf import FONT_NOTE_MARK

    family = subprocess.run(["fc-match", "-f", "%{family}", "Times New Roman"], capture_output=True, text=True).stdout
    notice = "máy không có phông Times New Roman"
    out = tmp_path / "out"
    said = []
    for args in (["plan"], ["report", "--period", "6m"], ["plan"]):
        result = cli(*args, "--plans-dir", plans, "-o", out, "--pdf")
        assert result.exit_code == 0, result.stderr
        said.append(result.stderr.count(notice))
    other = tmp_path / "other-plans"
    shutil.copytree(plans, other, ignore=shutil.ignore_patterns(FONT_NOTE_MARK))
    result = cli("plan", "--plans-dir", other, "-o", tmp_path / "out2", "--pdf")
    said.append(result.stderr.count(notice))
    if "Times New Roman" in family:
        assert said == [0, 0, 0, 0]
    else:  # the first PDF of each plans folder says it, with how to have the real font; the others do not
        assert said == [1, 0, 0, 1]


# ---------------------------------------------------------------- which year, which date: a plan carried over


def test_a_carried_plan_moves_its_own_dates_and_validate_names_the_others_until_changed_or_marked(cli, tmp_path):
    from helpers import edit

    plans = tmp_path / "plans"
    new_commune(cli, plans)
    edit(
        plans,
        "ubnd-xa-tan-phu/2026/plan.yaml",
        "Kế hoạch số …/KH-… ngày …/…/2026",
        "Kế hoạch số 12/KH-UBND ngày 08/01/2026",
    )
    carried = cli("new-plan", "--plans-dir", plans, "--from", plans / "ubnd-xa-tan-phu/2026", "--yes")
    assert carried.exit_code == 0, carried.stderr
    new = plans / "ubnd-xa-tan-phu/2027/plan.yaml"
    text = new.read_text(encoding="utf-8")
    # the dates the plan owns (its report deadlines, written in its words too) are the new year's …
    assert "báo cáo 6 tháng (trước ngày 15/5/2027) và báo cáo năm (trước ngày 15/11/2027)" in " ".join(text.split())
    assert "2026-05-15" not in text and "15/5/2026" not in text
    # … the date of the document it cites is not made up: left, and named by line
    assert "Kế hoạch số 12/KH-UBND ngày 08/01/2026" in text
    cited = next(i for i, line in enumerate(text.splitlines(), 1) if "08/01/2026" in line)
    assert f"dòng {cited} " in carried.stderr and "# giữ nguyên" in carried.stderr

    def remarks():
        result = cli("validate", "--plans-dir", plans)
        assert result.exit_code == 0, result.stderr
        return [(p, m) for p, _, _, m in located(result.stderr, warnings=True) if p.endswith("2027/plan.yaml")]

    (said,) = [m for _, m in remarks() if "08/01/2026" in m]
    assert said.startswith("cảnh báo: ngày của năm khác: 08/01/2026 là ngày của năm 2026, không phải năm kế hoạch 2027")
    # validate says it again on every run, until the clerk marks it as meant …
    assert [m for _, m in remarks() if "08/01/2026" in m] == [said]
    edit(
        plans,
        "ubnd-xa-tan-phu/2027/plan.yaml",
        "mo_dau:\n",
        "mo_dau:\n  # giữ nguyên: kế hoạch của huyện ban hành năm 2026\n",
    )
    (kept,) = [m for _, m in remarks() if "08/01/2026" in m]
    assert kept.startswith("giữ nguyên như đã viết (kế hoạch của huyện ban hành năm 2026): 08/01/2026")
    # … or changes it
    edit(plans, "ubnd-xa-tan-phu/2027/plan.yaml", "  # giữ nguyên: kế hoạch của huyện ban hành năm 2026\n", "")
    edit(plans, "ubnd-xa-tan-phu/2027/plan.yaml", "ngày 08/01/2026", "ngày 06/01/2027")
    assert remarks() == []
