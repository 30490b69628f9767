"""`danvan status`: where a unit stands (its tasks, its reports' due dates), and `status --all` for the office
above (every reporting unit, the missing and late first)."""

from __future__ import annotations

import datetime as dt
import json

from helpers import new_commune


def test_status_table_and_json(danvan, plans):
    import json

    result = danvan("status", "--as-of", "2022-12-01", "--json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    tasks = {t["id"]: t for t in data["tasks"]}
    assert len(tasks) == 9
    assert tasks["tuyen-truyen"]["status"] == "hoàn thành" and tasks["tuyen-truyen"]["percent"] == 100
    assert tasks["tuyen-truyen"]["figures"]["số buổi tuyên truyền"] == 3
    assert tasks["cai-cach-hanh-chinh"]["percent"] == 90 and not tasks["cai-cach-hanh-chinh"]["late"]
    assert [r["period"] for r in data["reports"]] == ["6m", "year"]
    assert data["reports"][1] == {
        "period": "year",
        "title": "năm 2022",
        "due": "2022-11-15",
        "days_left": -16,
        "reported": False,
        "reported_as": None,
        "number": None,
        "report_date": None,
        "overdue": True,
    }
    # the 6-month report's narrative is written and dated before its due date: reported, not overdue
    assert (
        data["reports"][0]["reported"] is True
        and data["reports"][0]["report_date"] == "2022-05-13"
        and not data["reports"][0]["overdue"]
    )
    late = danvan("status", "--as-of", "2023-01-05", "--json")
    assert json.loads(late.stdout)["tasks"][2]["late"] is False  # a task without a deadline is a standing one
    path = plans / "mn-hung-an/2022/plan.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "      - ma: chuong-trinh-phoi-hop\n", "      - ma: chuong-trinh-phoi-hop\n        thuong_xuyen: false\n"
        ),
        encoding="utf-8",
    )
    late = danvan("status", "--as-of", "2023-01-05", "--json")
    assert json.loads(late.stdout)["tasks"][2]["late"] is True  # one with a term ends with the year
    # plain text when not on a terminal: the table, no colour codes
    result = danvan("status", "--as-of", "2022-12-01")
    assert result.exit_code == 0
    assert "\x1b[" not in result.stdout
    assert "tuyen-truyen" in result.stdout and "đã quá hạn 16 ngày" in result.stdout
    assert "6 tháng đầu năm 2022: đã báo cáo: số 18/BC-MNHA ngày 13/05/2022" in result.stdout


def test_status_shows_brackets_in_user_text_as_written(danvan, plans):
    path = plans / "mn-hung-an/2022/plan.yaml"
    text = path.read_text(encoding="utf-8").replace(
        "ten_ngan: Tuyên truyền về công tác dân vận chính quyền, quy chế dân chủ",
        'ten_ngan: "Tuyên truyền [/b] [bold]x"',
    )
    path.write_text(text, encoding="utf-8")
    result = danvan("status", "--as-of", "2022-06-01")
    assert result.exit_code == 0, result.stderr
    assert "[/b]" in result.stdout and "[bold]x" in result.stdout


def test_status_never_cuts_the_task_codes_at_80_columns(plans):
    import io

    from danvan_cli.loading import load_plan
    from danvan_cli.status import print_table, summarise
    from danvan_cli.workspace import Workspace

    loaded = load_plan(Workspace(plans), "mn-hung-an", 2022)
    out = io.StringIO()
    print_table(summarise(loaded, dt.date(2022, 6, 1)), file=out, width=80)
    text = out.getvalue()
    assert max(len(line) for line in text.splitlines()) <= 80
    for task in loaded.tasks:
        assert task.ma in text, task.ma  # whole, on one line, as progress add needs it


def test_status_all_lists_missing_and_late_first(cli, units):
    result = cli(
        "status", "--all", "--plans-dir", units, "--period", "6m", "--year", "2022", "--as-of", "2022-06-01", "--json"
    )
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert [u["unit"] for u in data["units"][:5]] == [
        "don-vi-0007",
        "don-vi-0014",
        "don-vi-0005",
        "don-vi-0010",
        "don-vi-0015",
    ]
    assert data["units"][0]["reported"] is False and data["units"][2]["late_report"] is True
    table = cli("status", "--all", "--plans-dir", units, "--year", "2022", "--as-of", "2022-06-01")
    assert (
        table.exit_code == 0
        and "chưa báo cáo" in table.stdout
        and "Đã báo cáo 13/15; muộn 3; chưa báo cáo 2." in table.stdout
    )


def test_status_all_without_a_year_takes_the_latest_year_with_data_and_says_so(cli, units):
    result = cli("status", "--all", "--plans-dir", units, "--unit", "phong-gd-dt", "--as-of", "2022-06-01")
    assert result.exit_code == 0, result.stderr
    assert (
        "Năm báo cáo: 2022 (năm gần nhất có dữ liệu của các đơn vị mà kỳ báo cáo 6 tháng đầu năm 2022" in result.stderr
    )
    assert "Đã báo cáo 13/15" in result.stdout


def test_status_follows_the_plan_years_and_reads_dates_as_typed(danvan, plans):
    """Years follow years: after new-plan --from, status shows the new year by default, and --as-of is read as a
    clerk types it; a date that is no date is the command line's mistake (exit 2), said in Vietnamese."""
    made = danvan("new-plan", "--unit", "mn-hung-an", "--from", plans / "mn-hung-an/2022", "--yes")
    assert made.exit_code == 0, made.stderr
    typed = danvan("status", "--as-of", "13/5/2023", "--json")
    assert typed.exit_code == 0, typed.stderr
    data = json.loads(typed.stdout)
    assert data["year"] == 2023
    assert [r["title"] for r in data["reports"]] == ["6 tháng đầu năm 2023", "năm 2023"]
    iso = json.loads(danvan("status", "--as-of", "2023-05-13", "--json").stdout)
    assert iso == data
    earlier = json.loads(danvan("status", "--year", "2022", "--as-of", "13/5/2022", "--json").stdout)
    assert earlier["year"] == 2022
    wrong = danvan("status", "--as-of", "31/2/2023")
    assert wrong.exit_code == 2
    assert wrong.stderr.startswith("--as-of: ") and "Traceback" not in wrong.stderr


def test_status_of_a_unit_that_does_not_exist_names_the_nearest(danvan):
    result = danvan("status", "--unit", "mn-hung-ann")
    assert result.exit_code == 1
    assert "không có đơn vị 'mn-hung-ann'" in result.stderr and "Có phải ý bạn là 'mn-hung-an'?" in result.stderr


# ---------------------------------------------------------------- hostile input, third round (docs/reliability.md)


def test_12_a_year_no_plan_can_have_is_the_command_lines_mistake(danvan):
    for year in ("0", "1999", "9999"):
        result = danvan("status", "--year", year)
        assert result.exit_code == 2 and "năm kế hoạch từ 2000 đến 2100" in result.stderr


# ---------------------------------------------------------------- a clerk's first week (issue 25)


def test_status_counts_a_report_issued_or_exported_as_reported_with_its_number_and_date(cli, tmp_path):
    import json

    plans = tmp_path / "plans"  # (the cli fixture works in tmp_path: exports/ is beside plans/, as export writes it)
    new_commune(cli, plans)
    added = cli(
        "progress", "add", "tuyen-truyen", "Tuyên truyền tại các thôn", "--date", "2026-03-10", "--plans-dir", plans
    )
    assert added.exit_code == 0, added.stderr
    issued = cli("report", "--plans-dir", plans, "--period", "6m", "--final", "--draft-ok", "--as-of", "2026-05-10")
    assert issued.exit_code == 0 and "Đã cấp số 01/BC-UBND" in issued.stderr, issued.stderr
    result = cli("status", "--plans-dir", plans, "--as-of", "2026-12-02")
    assert "6 tháng đầu năm 2026: đã báo cáo: số 01/BC-UBND ngày 10/05/2026" in result.stdout
    assert "quá hạn 201 ngày" not in result.stdout
    data = json.loads(cli("status", "--plans-dir", plans, "--as-of", "2026-12-02", "--json").stdout)
    six = data["reports"][0]
    assert six["reported"] is True and six["reported_as"] == "issued" and six["number"] == "01/BC-UBND"
    assert six["report_date"] == "2026-05-10" and six["overdue"] is False
    # before it was issued, it was not reported
    before = json.loads(cli("status", "--plans-dir", plans, "--as-of", "2026-05-09", "--json").stdout)
    assert before["reports"][0]["reported"] is False
    # the yearly report made by the scheduled export (a draft, no number yet) counts as made too
    exported = cli("export", "--plans-dir", plans, "--today", "2026-11-10", "--no-pdf")
    assert exported.exit_code == 0, exported.stderr
    result = cli("status", "--plans-dir", plans, "--as-of", "2026-12-02")
    assert "năm 2026: đã xuất (danvan export), chưa có số ngày 10/11/2026" in result.stdout
    assert "đã quá hạn" not in result.stdout.split("Các kỳ báo cáo:")[1]


def test_status_all_in_a_pipe_lists_every_unit_in_aligned_columns(cli, units):
    """A pipe, a log or cron's mail gets plain columns, one line per unit, each column starting where its heading
    does (a drawn table of thousands of rows took seconds to lay out)."""
    result = cli("status", "--all", "--plans-dir", units, "--year", "2022", "--as-of", "2022-06-01")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    header = next(line for line in lines if line.startswith("TT  "))
    rows = [line for line in lines if line[:1].isdigit()]
    assert len(rows) == 15 and len({row.split()[1] for row in rows}) == 15
    at = header.index("Báo cáo")
    for row in rows:
        assert row[at - 2 : at] == "  " and row[at] != " "  # the column starts where its heading does
    assert "┃" not in result.stdout and "│" not in result.stdout
