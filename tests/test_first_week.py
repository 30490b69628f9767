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
