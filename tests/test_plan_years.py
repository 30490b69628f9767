"""Years follow years: every recorded entry lands in exactly one report, and the user is told which.

The report windows of consecutive plan years tile the calendar: the first window of year N starts the
day after the last window of year N−1 ends, whatever either plan's chế độ báo cáo says.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
import shutil
from pathlib import Path

import pytest
from conftest import (
    SEED_PLANS,
    docx_paragraphs,
    examples,
    without_declared_figures,
)
from helpers import YEAR_DIR, located, new_commune
from hypothesis import given, settings
from hypothesis import strategies as st

D = dt.date


def next_year(cli, plans: Path):
    result = cli(
        "new-plan", "--plans-dir", plans, "--from", plans / "mn-hung-an/2022", "--yes", "-o", plans.parent / "o"
    )
    assert result.exit_code == 0, result.stderr


def add(cli, plans: Path, text: str, date: str, *extra: str):
    return cli("progress", "add", "tuyen-truyen", text, "--date", date, "--plans-dir", plans, *extra)


def report_text(cli, plans: Path, year: int, period: str) -> str:
    out = plans.parent / "out"
    result = cli(
        "report", "--plans-dir", plans, "--year", str(year), "--period", period, "-o", out, "--as-of", "2026-01-01"
    )
    assert result.exit_code == 0, result.stderr
    stem = {"6m": "6-thang-dau-nam", "year": "nam"}[period]
    return "\n".join(docx_paragraphs(out / f"BC-MNHA-{year}-{stem}.docx"))


def test_the_readme_in_order_puts_an_entry_in_the_next_year_and_says_so(cli, plans):
    next_year(cli, plans)
    result = add(cli, plans, "Tuyên truyền tại buổi họp phụ huynh tháng Mười một", "2022-11-21")
    assert result.exit_code == 0, result.stderr
    # after the yearly report of 2022 (dated 14/11/2022), the next report is 2023's first
    assert "mn-hung-an/2023/progress.yaml" in result.stdout
    assert "sẽ có trong Báo cáo 6 tháng đầu năm 2023 (hạn 15/05/2023)" in result.stdout
    assert "buổi họp phụ huynh tháng Mười một" in report_text(cli, plans, 2023, "6m")
    assert "buổi họp phụ huynh tháng Mười một" not in report_text(cli, plans, 2022, "year")
    # and an entry inside 2022's windows goes to 2022's log, the yearly report named
    result = add(cli, plans, "Sinh hoạt chuyên đề", "2022-10-03")
    assert "mn-hung-an/2022/progress.yaml" in result.stdout
    assert "sẽ có trong Báo cáo năm 2022 (hạn 15/11/2022)" in result.stdout
    assert "sinh hoạt chuyên đề" in report_text(cli, plans, 2022, "year")


def test_the_2023_window_starts_the_day_after_2022s_last_report(cli, plans):
    next_year(cli, plans)
    text = report_text(cli, plans, 2023, "6m")
    assert "(số liệu tính từ ngày 15/11/2022 đến ngày 14/5/2023)" in text


def test_an_entry_after_the_last_report_before_the_next_plan_exists_is_carried(cli, danvan, plans):
    result = add(cli, plans, "Đối thoại với cha mẹ trẻ cuối năm", "2022-12-02")
    assert result.exit_code == 0, result.stderr
    assert "mn-hung-an/2022/progress.yaml" in result.stdout
    assert "sẽ có trong báo cáo đầu tiên của năm 2023" in result.stdout
    next_year(cli, plans)
    assert "đối thoại với cha mẹ trẻ cuối năm" in report_text(cli, plans, 2023, "6m")
    assert "đối thoại với cha mẹ trẻ cuối năm" not in report_text(cli, plans, 2022, "year")
    assert danvan("validate").exit_code == 0


def test_an_explicit_year_that_does_not_hold_the_date_is_refused_naming_the_right_one(cli, plans):
    next_year(cli, plans)
    before = (plans / "mn-hung-an/2022/progress.yaml").read_bytes()
    result = add(cli, plans, "X", "2022-11-21", "--year", "2022")
    assert result.exit_code == 2
    assert result.stderr.startswith("--year: ngày 21/11/2022 thuộc năm kế hoạch 2023, không phải 2022")
    assert "hãy chọn năm 2023" in result.stderr
    assert (plans / "mn-hung-an/2022/progress.yaml").read_bytes() == before
    result = add(cli, plans, "X", "2021-06-01")
    assert result.exit_code == 2 and "trước kỳ số liệu của mọi kế hoạch" in result.stderr


def test_validate_names_an_entry_no_report_will_show(cli, danvan, plans):
    next_year(cli, plans)
    log = plans / "mn-hung-an/2023/progress.yaml"
    log.write_text("- nhiem_vu: tuyen-truyen\n  ngay: 2022-10-01\n  ket_qua: Ghi nhầm năm\n", encoding="utf-8")
    result = danvan("validate")
    assert result.exit_code == 1
    ((path, line, col, message),) = located(result.stderr)
    assert path.endswith("2023/progress.yaml") and (line, col) == (2, 9)
    assert "thuộc năm kế hoạch trước" in message and "15/11/2022" in message


def test_an_entry_carried_for_a_task_the_next_plan_lacks_is_named(cli, danvan, plans):
    add(cli, plans, "Việc cuối năm", "2022-12-02")
    next_year(cli, plans)
    plan = plans / "mn-hung-an/2023/plan.yaml"
    plan.write_text(
        plan.read_text(encoding="utf-8").replace("ma: tuyen-truyen", "ma: tuyen-truyen-moi"), encoding="utf-8"
    )
    result = danvan("validate")
    assert result.exit_code == 1
    found = [m for p, _, _, m in located(result.stderr) if p.endswith("2022/progress.yaml")]
    assert found and "kế hoạch năm 2023 không có nhiệm vụ 'tuyen-truyen'" in found[0]


def test_quarters_tile_within_a_year_whatever_their_due_dates():
    from danvan_cli.models import Plan
    from danvan_cli.periods import calendar

    plan = Plan.model_validate(
        {
            "ngay": "2024-01-10",
            "chu_de": "x",
            "trich_yeu": "x",
            "muc": [{"tieu_de": "A"}],
            "che_do_bao_cao": [
                {"ky": "q1", "han_nop": "2024-03-05"},
                {"ky": "q2", "han_nop": "2024-06-20"},
                {"ky": "q3", "han_nop": "2024-09-10"},
                {"ky": "q4", "han_nop": "2024-12-01"},
            ],
        }
    )
    cal = calendar(plan, 2024, previous_last_day=D(2023, 11, 30))
    quarters = [cal.period(q) for q in ("q1", "q2", "q3", "q4")]
    assert quarters[0].start == D(2023, 12, 1)
    for before, after in itertools.pairwise(quarters):
        assert after.start == before.last_day + dt.timedelta(days=1)
    assert cal.last_day == quarters[-1].last_day == D(2024, 11, 30)


# ---------------------------------------------------------------- the property


def _fresh_plans(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("years")
    shutil.copytree(SEED_PLANS, root / "plans")
    (root / "plans/mn-hung-an/2022/progress.yaml").unlink()
    for name in ("reports", "tu-cham.yaml"):
        path = root / "plans/mn-hung-an/2022" / name
        shutil.rmtree(path) if path.is_dir() else path.unlink()
    return without_declared_figures(root / "plans")  # 'số việc thử' is no figure of the seed's plan


@settings(max_examples=examples(25))
@given(
    days=st.lists(st.dates(min_value=D(2021, 12, 15), max_value=D(2023, 11, 14)), min_size=1, max_size=12),
    carried_over_after=st.integers(min_value=0, max_value=12),
)
def test_every_entry_lands_in_exactly_one_yearly_report(tmp_path_factory, days, carried_over_after):
    """Entries added in any order across two plan years, with `new-plan --from` made at any point between
    them: each is in the yearly report of exactly one year and in the 6-month report of at most one; the
    two yearly reports' figures add up to all entries'."""
    from danvan_cli import progress, progress_entry
    from danvan_cli.documents import gather_report
    from danvan_cli.loading import load_plan
    from danvan_cli.new_plan import create_plan
    from danvan_cli.report import report_context
    from danvan_cli.scaffold import Answers
    from danvan_cli.workspace import Workspace

    plans = _fresh_plans(tmp_path_factory)
    ws = Workspace(plans)
    for i, day in enumerate(days):
        if i == carried_over_after:
            create_plan(ws, Answers(), from_dir=plans / "mn-hung-an/2022")
        year = progress.year_for_entry(ws, "mn-hung-an", day, None)
        loaded = load_plan(ws, "mn-hung-an", year)
        entry, _ = progress_entry.entry_from_options(
            loaded.plan, "tuyen-truyen", f"Việc thử số {i}", day=day, status=None, percent=None,
            figures={"số việc thử": 1}, evidence=[], difficulty=None, book=loaded.figure_book,
        )  # fmt: skip
        progress_entry.append_entry(loaded, entry)
    if carried_over_after >= len(days):
        create_plan(ws, Answers(), from_dir=plans / "mn-hung-an/2022")

    shown: dict[str, list[str]] = {f"Việc thử số {i}": [] for i in range(len(days))}
    summed_up = 0  # activities a report sums up in one sentence ('còn thực hiện 2 hoạt động khác')
    total = 0
    for year in (2022, 2023):
        loaded = load_plan(ws, "mn-hung-an", year)
        for period in ("6m", "year"):
            inputs = gather_report(loaded, period, D(2026, 1, 1))
            context, _ = report_context(loaded.unit, loaded.plan, inputs.narrative, inputs.data, face=inputs.face())
            text = "\n".join(b["van_ban"] for b in context["phan_dau"] + context["phan_sau"])
            for name in shown:
                said = name[0].lower() + name[1:]  # as the drafted sentence says it: 'nhà trường việc thử số 3'
                if f"{said}." in text or f"{said} (" in text or f"{said}, với" in text:
                    shown[name].append(f"{period}-{year}")
            if period == "year":
                summed_up += sum(int(n) for n in re.findall(r"còn thực hiện ([0-9]+) hoạt động khác", text))
                row = next((r for r in context["bang_so_lieu"]["dong"] if r["ten"].casefold() == "số việc thử"), None)
                total += int(row["ky_nay"].replace(".", "")) if row else 0
    for name, reports in shown.items():
        assert sum(r.startswith("year") for r in reports) <= 1, (name, reports)
        assert sum(r.startswith("6m") for r in reports) <= 1, (name, reports)
    told = sum(any(r.startswith("year") for r in reports) for reports in shown.values())
    assert told + summed_up == len(days)  # each entry told once, or counted once among those summed up
    assert total == len(days)


@pytest.mark.parametrize("schedule", [["6m"], ["year"], ["q1", "q2", "q3", "q4"], []])
def test_consecutive_years_tile_for_any_schedule(schedule):
    from danvan_cli.models import Plan
    from danvan_cli.periods import calendar

    dues = {"6m": "05-15", "year": "11-15", "q1": "03-20", "q2": "06-20", "q3": "09-20", "q4": "12-20"}

    def plan(year):
        return Plan.model_validate(
            {
                "ngay": f"{year}-01-10",
                "chu_de": "x",
                "trich_yeu": "x",
                "muc": [{"tieu_de": "A"}],
                "che_do_bao_cao": [{"ky": k, "han_nop": f"{year}-{dues[k]}"} for k in schedule],
            }
        )

    first = calendar(plan(2022), 2022)
    second = calendar(plan(2023), 2023, previous_last_day=first.last_day)
    assert second.start == first.last_day + dt.timedelta(days=1)
    for period in ("year", "6m", "q1", "m1"):
        assert second.period(period).start == second.start


# ---------------------------------------------------------------- hostile input, third round (docs/reliability.md)


def test_03_a_tu_ngay_that_would_part_two_plan_years_is_refused(danvan, plans):
    assert danvan("new-plan", "--from", plans / YEAR_DIR, "--yes", "-o", plans.parent / "o").exit_code == 0
    plan = plans / "mn-hung-an/2023/plan.yaml"
    text = plan.read_text(encoding="utf-8")
    plan.write_text(text.replace("  - ky: 6m\n", "  - ky: 6m\n    tu_ngay: 2023-01-01\n", 1), encoding="utf-8")
    result = danvan("validate")
    assert result.exit_code == 1
    found = [m for p, _, _, m in located(result.stderr) if p.endswith("2023/plan.yaml")]
    assert found and "bỏ sót các ngày giữa hai năm" in found[0] and "2022-11-15" in found[0]


# ---------------------------------------------------------------- a clerk's first week (issue 25)


def test_without_year_commands_work_on_the_report_being_finished_and_say_so(cli, tmp_path):
    plans, out = tmp_path / "plans", tmp_path / "out"
    new_commune(cli, plans)
    cli("progress", "add", "tuyen-truyen", "Tuyên truyền tại các thôn", "--date", "2026-03-10", "--plans-dir", plans)
    six = cli("report", "--plans-dir", plans, "--period", "6m", "--final", "--draft-ok", "--as-of", "2026-05-10")
    assert six.exit_code == 0, six.stderr
    made = cli(
        "new-plan", "--plans-dir", plans, "--from", plans / "ubnd-xa-tan-phu/2026", "--ngay", "15/01/2027", "--yes"
    )
    assert made.exit_code == 0, made.stderr
    # 02/12/2026: 2027's data has begun, but 2026's yearly report is overdue and not issued: that is the one
    said = "Năm kế hoạch: 2026 (báo cáo năm 2026 đã quá hạn 15/11/2026 mà chưa ban hành). Chọn năm khác bằng --year."
    status = cli("status", "--plans-dir", plans, "--as-of", "2026-12-02")
    assert said in status.stderr and "kế hoạch năm 2026" in status.stdout
    assert "Năm kế hoạch: 20" in cli("score", "--plans-dir", plans).stderr  # (score works on today: its year is said)
    final = cli("report", "--plans-dir", plans, "--period", "year", "--final", "--draft-ok", "--as-of", "2026-12-02",
                "-o", out)  # fmt: skip
    assert final.exit_code == 0, final.stderr
    assert said in final.stderr and (out / "BC-UBND-2026-nam.docx").exists()
    assert "Đã cấp số 02/BC-UBND (sổ văn bản đi năm 2026)" in final.stderr
    # issued: the next report worked on is 2027's, whose data holds the day
    status = cli("status", "--plans-dir", plans, "--as-of", "2026-12-02")
    assert "Năm kế hoạch: 2027 (năm có kỳ số liệu chứa ngày 02/12/2026" in status.stderr
    assert "kế hoạch năm 2027" in status.stdout
    # the register shown is this calendar year's, not next year's empty book
    from danvan_cli.register import book_year
    from danvan_cli.workspace import Workspace

    assert book_year(Workspace(plans), "ubnd-xa-tan-phu", None, today=dt.date(2026, 12, 2)) == 2026


def test_aggregate_status_all_and_score_all_choose_the_year_by_one_rule_and_say_it(cli, tmp_path):
    plans = tmp_path / "plans"
    assert cli("demo-units", "3", "--plans-dir", plans, "--year", "2026").exit_code == 0
    carried = cli(
        "new-plan", "--plans-dir", plans, "--from", plans / "don-vi-0001/2026", "--ngay", "20/12/2026", "--yes"
    )
    assert carried.exit_code == 0, carried.stderr  # one unit has made next year's plan in December
    said = "Năm báo cáo: 2026 (năm gần nhất có dữ liệu của các đơn vị mà kỳ báo cáo năm 2026 đã bắt đầu"
    made = cli("aggregate", "--plans-dir", plans, "--period", "year", "--as-of", "2026-12-02", "-o", tmp_path / "o")
    assert made.exit_code == 0, made.stderr  # --year is no longer required
    assert said in made.stderr and list((tmp_path / "o").glob("BC-*-2026-*.docx"))
    listed = cli("status", "--all", "--plans-dir", plans, "--period", "year", "--as-of", "2026-12-02")
    assert listed.exit_code == 0 and said in listed.stderr
    scored = cli("score", "--all", "--plans-dir", plans)
    assert scored.exit_code == 0 and "Năm báo cáo: " in scored.stderr and "Chọn năm khác bằng --year." in scored.stderr
