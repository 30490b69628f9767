"""`danvan progress add/list`: the log is appended to, never rewritten, and checked against the plan."""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from conftest import docx_paragraphs, without_declared_figures
from helpers import LOG_YAML, YEAR_DIR, located, progress_add, report, set_schedule, unit_args


def entries(plans: Path) -> list:
    from danvan_cli.yamlsource import load

    return load(plans / LOG_YAML).data


def add(cli, plans, *args):
    """`progress add` for 2022, on a day of 2022 unless the test gives one (today has no plan)."""
    day = () if "--date" in args else ("--date", "2022-03-01")
    return cli("progress", "add", *unit_args(plans), *day, *args)


def test_add_keeps_every_old_byte(cli, plans):
    old = (plans / LOG_YAML).read_bytes()
    result = add(
        cli,
        plans,
        "chuong-trinh-phoi-hop",
        'Quán triệt Kế hoạch số 20-KH/BDVTU-BCSĐUBND: "phối hợp" & {{ x }}',
        "--date",
        "2022-11-20",
        "--status",
        "dang thuc hien",
        "--percent",
        "40",
        "--figure",
        "số buổi tuyên truyền=2",
        "--figure",
        "số lượt người tham gia = 45",
        "--evidence",
        "Biên bản ngày 20/11/2022",
        "--difficulty",
        "Thiếu thời gian",
    )
    assert result.exit_code == 0, result.stderr
    new = (plans / LOG_YAML).read_bytes()
    assert new.startswith(old) and len(new) > len(old)
    last = entries(plans)[-1]
    assert last == {
        "nhiem_vu": "chuong-trinh-phoi-hop",
        "ngay": "2022-11-20",
        "ket_qua": 'Quán triệt Kế hoạch số 20-KH/BDVTU-BCSĐUBND: "phối hợp" & {{ x }}',
        "trang_thai": "đang thực hiện",
        "phan_tram": 40,
        "so_lieu": {"số buổi tuyên truyền": 2, "số lượt người tham gia": 45},
        "minh_chung": ["Biên bản ngày 20/11/2022"],
        "kho_khan": "Thiếu thời gian",
    }
    assert "Đã ghi vào" in result.stdout


def test_add_lines_up_with_an_indented_list(cli, plans):
    (plans / LOG_YAML).write_text(
        "# nhật ký\n  - nhiem_vu: tuyen-truyen\n    ngay: 2022-02-01\n    ket_qua: A\n", encoding="utf-8"
    )
    result = add(cli, plans, "tuyen-truyen", "B", "--date", "2022-03-01")
    assert result.exit_code == 0, result.stderr
    assert [e["ket_qua"] for e in entries(plans)] == ["A", "B"]


def test_first_add_creates_the_log_with_an_explaining_header(cli, plans):
    (plans / LOG_YAML).unlink()
    result = add(cli, plans, "tuyen-truyen", "Tuyên truyền", "--date", "2022-03-01")
    assert result.exit_code == 0, result.stderr
    text = (plans / LOG_YAML).read_text(encoding="utf-8")
    assert text.startswith("# Nhật ký tiến độ") and len(entries(plans)) == 1


@pytest.mark.slow  # processes racing (or killed) at once: .ci/run runs it
def test_ten_adds_at_once_all_land(plans, tmp_path):
    def one(i: int):
        return subprocess.run(
            [
                sys.executable,
                "-m",
                "danvan_cli",
                "progress",
                "add",
                "tuyen-truyen",
                f"Việc số {i}",
                "--date",
                "2022-11-01",
                "--plans-dir",
                str(plans),
            ],
            capture_output=True,
            text=True,
            cwd=tmp_path,
        )

    before = len(entries(plans))
    with ThreadPoolExecutor(max_workers=10) as pool:
        results = list(pool.map(one, range(10)))
    assert all(r.returncode == 0 for r in results), [r.stderr for r in results]
    after = entries(plans)
    assert len(after) == before + 10
    assert sorted(e["ket_qua"] for e in after[before:]) == sorted(f"Việc số {i}" for i in range(10))


def test_add_to_a_broken_file_changes_nothing(cli, plans):
    path = plans / LOG_YAML
    path.write_bytes(path.read_bytes() + b"- nhiem_vu: tuyen-truyen\n  ngay: [2022-01-01\n")
    before = path.read_bytes()
    result = add(cli, plans, "tuyen-truyen", "X", "--date", "2022-03-01")
    assert result.exit_code == 1
    assert located(result.stderr) and "progress.yaml" in result.stderr
    assert path.read_bytes() == before


def test_unknown_task_is_refused_with_the_nearest_ids(cli, plans):
    before = (plans / LOG_YAML).read_bytes()
    result = add(cli, plans, "tuyen-truyn", "X")
    assert result.exit_code == 1
    assert "không có nhiệm vụ 'tuyen-truyn'" in result.stderr and "tuyen-truyen" in result.stderr
    assert (plans / LOG_YAML).read_bytes() == before


def test_bad_options_are_command_line_errors(cli, plans):
    assert add(cli, plans, "tuyen-truyen", "X", "--figure", "số buổi=hai").exit_code == 2
    assert add(cli, plans, "tuyen-truyen", "X", "--status", "xong").exit_code == 2
    assert add(cli, plans, "tuyen-truyen", "X", "--date", "2999-01-01").exit_code == 2


def _append(plans: Path, text: str) -> int:
    path = plans / LOG_YAML
    line = path.read_text(encoding="utf-8").count("\n") + 1
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")
    return line


def test_entry_for_a_task_the_plan_does_not_have(cli, plans):
    line = _append(plans, "- nhiem_vu: khong-co\n  ngay: 2022-03-01\n  ket_qua: X\n")
    result, _ = report(cli, plans)
    assert result.exit_code == 1
    ((path, ln, _col, msg),) = located(result.stderr)
    assert path.endswith("progress.yaml") and ln == line and "không có nhiệm vụ 'khong-co'" in msg


def test_figure_that_is_not_a_number(cli, plans):
    line = _append(
        plans, "- nhiem_vu: tuyen-truyen\n  ngay: 2022-03-01\n  ket_qua: X\n  so_lieu:\n    số buổi tuyên truyền: hai\n"
    )
    result, _ = report(cli, plans)
    assert result.exit_code == 1
    ((_path, ln, col, msg),) = located(result.stderr)
    assert (ln, col) == (line + 4, 27) and "không phải một con số" in msg and "'hai'" in msg


def test_dates_outside_any_sense(cli, plans):
    line = _append(
        plans,
        "- nhiem_vu: tuyen-truyen\n  ngay: 1900-03-01\n  ket_qua: X\n- nhiem_vu: tuyen-truyen\n  ngay: 2999-03-01\n  ket_qua: Y\n",
    )
    result, _ = report(cli, plans)
    assert result.exit_code == 1
    found = located(result.stderr)
    assert [(ln, col) for _, ln, col, _ in found] == [(line + 1, 9), (line + 4, 9)]
    assert "trước ngày bắt đầu số liệu của năm kế hoạch 2022" in found[0][3] and "sau hôm nay" in found[1][3]


def test_list_by_task_and_period(danvan):
    result = danvan("progress", "list", "--task", "tuyen-truyen")
    assert result.exit_code == 0
    assert result.stdout.count("tuyen-truyen:") == 3 and "(3 mục)" in result.stdout
    result = danvan("progress", "list", "--period", "q1")
    assert "(2 mục trong kỳ từ ngày 15/12/2021 đến ngày 14/03/2022)" in result.stdout
    assert "25/03/2022" not in result.stdout  # q1 ends on 14 March
    assert danvan("progress", "list", "--period", "h1").exit_code == 2


# ---------------------------------------------------------------- hostile input and faults, first and second rounds (docs/reliability.md)


def load_bytes(data: bytes):
    import yaml

    return yaml.safe_load(io.BytesIO(data))


@pytest.mark.slow  # processes racing (or killed) at once: .ci/run runs it
def test_progress_add_killed_at_any_moment_loses_nothing(plans, tmp_path):
    from danvan_cli.yamlsource import load

    command = [
        sys.executable,
        "-m",
        "danvan_cli",
        "progress",
        "add",
        "tuyen-truyen",
        "Việc bị ngắt",
        "--date",
        "2022-11-03",
        "--plans-dir",
        str(plans),
    ]
    original = (plans / LOG_YAML).read_bytes()
    landed = 0
    for i in range(12):
        before = (plans / LOG_YAML).read_bytes()
        proc = subprocess.Popen(
            command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=tmp_path, start_new_session=True
        )
        time.sleep(0.05 + 0.06 * i)
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        after = (plans / LOG_YAML).read_bytes()
        assert after == before or after.startswith(before)  # never a partial rewrite
        entries = load(plans / LOG_YAML).data  # always valid YAML
        landed += after != before
        assert len(entries) == len(load_bytes(original)) + landed


def test_24_a_log_ending_in_a_document_end_marker_is_refused_at_that_line(danvan, plans):
    log = plans / LOG_YAML
    log.write_text(log.read_text(encoding="utf-8") + "...\n", encoding="utf-8")
    marker_line = log.read_text(encoding="utf-8").count("\n")
    for result in (
        danvan("validate"),
        danvan("progress", "add", "tuyen-truyen", "X", "--date", "2022-03-01"),
    ):
        assert result.exit_code == 1
        assert [(ln, "'...'" in m) for p, ln, _, m in located(result.stderr) if p.endswith("progress.yaml")] == [
            (marker_line, True)
        ]


# ---------------------------------------------------------------- hostile input, third round (docs/reliability.md)


def test_02_decimals_are_kept_digit_for_digit(cli, danvan, plans):
    without_declared_figures(plans)
    result = progress_add(
        cli, plans, "tuyen-truyen", "Đo", "--date", "21/03/2022",
        "--figure", "tỷ lệ=0,125", "--figure", "b=1,005", "--figure", "c=2,675",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    log = (plans / YEAR_DIR / "progress.yaml").read_text(encoding="utf-8")
    assert 'tỷ lệ: "0,125"\n' in log and 'b: "1,005"\n' in log and 'c: "2,675"\n' in log
    listed = danvan("progress", "list", "--year", "2022").stdout
    assert "tỷ lệ: 0,125; b: 1,005; c: 2,675" in listed
    data = json.loads(danvan("status", "--as-of", "2022-05-13", "--json").stdout)
    figures = next(t["figures"] for t in data["tasks"] if t["id"] == "tuyen-truyen")
    assert figures["c"] == 2.675 and figures["b"] == 1.005


def test_03_a_day_no_scheduled_report_shows_is_refused_with_the_fix(cli, danvan, plans):
    set_schedule(plans, "  - ky: q1\n    han_nop: 2022-04-15\n  - ky: q3\n    han_nop: 2022-10-15\n")
    (plans / YEAR_DIR / "reports/6m.yaml").unlink()
    checked = danvan("validate")
    assert checked.exit_code == 1  # the seed's entries of April and May reach no report
    assert "từ ngày 15/03/2022 đến ngày 14/06/2022 không thuộc kỳ số liệu của báo cáo nào" in checked.stderr
    found = [m for p, _, _, m in located(checked.stderr) if p.endswith("progress.yaml")]
    assert found and all("không vào báo cáo nào" in m and "che_do_bao_cao" in m for m in found)
    before = (plans / YEAR_DIR / "progress.yaml").read_bytes()
    result = progress_add(cli, plans, "tuyen-truyen", "Việc tháng Năm", "--date", "01/05/2022")
    assert result.exit_code == 1 and "nằm giữa các kỳ báo cáo" in result.stderr
    assert (plans / YEAR_DIR / "progress.yaml").read_bytes() == before
    set_schedule(plans, "  - ky: q1\n    han_nop: 2022-04-15\n  - ky: q3\n    han_nop: 2022-10-15\n"
              "  - ky: year\n    han_nop: 2022-11-15\n")  # fmt: skip
    assert danvan("validate").exit_code == 0


def test_09_an_entry_for_an_issued_report_is_warned_about(cli, plans):
    result = progress_add(cli, plans, "tuyen-truyen", "Muộn", "--date", "01/03/2022")
    assert result.exit_code == 0
    assert "Báo cáo 6 tháng đầu năm 2022 đã ban hành (số 18)" in result.stderr


@pytest.mark.parametrize(
    "args, expect",
    [
        (["tuyen-truyen", "x"], "chưa có kế hoạch năm"),  # today (2026 here) has no plan
        (["tuyen-truyen", "x", "--date", "01/03/2022", "--figure", "số buổi=1", "--figure", "so\u0302\u0301 buổi=2"],
         "được ghi hai lần"),
        (["tuyen-truyen", "x", "--date", "01/03/2022", "--figure", "số buổi=1", "--figure", "số buổi=2"],
         "được ghi hai lần"),
        (["tuyen-truyen", "\x08", "--date", "01/03/2022"], "ký tự điều khiển U+0008"),
        (["tuyen-truyen", "x", "--date", "01/03/2022", "--figure", "\x01=3"], "--figure: có ký tự điều khiển"),
        (["--linh-vuc", "Khác", "tuyen-truyen", "x", "--date", "01/03/2022"], "với --linh-vuc chỉ cần việc đã làm"),
    ],
)  # fmt: skip
def test_12_progress_add_mistakes_are_the_command_lines(cli, plans, args, expect):
    before = (plans / YEAR_DIR / "progress.yaml").read_bytes()
    result = progress_add(cli, plans, *args)
    assert result.exit_code == 2 and expect in result.stderr, result.stderr
    assert not located(result.stderr)
    assert (plans / YEAR_DIR / "progress.yaml").read_bytes() == before


def test_12_progress_add_with_a_free_heading(cli, danvan, plans):
    result = progress_add(cli, plans, "--linh-vuc", "Công tác khác", "Dự hội nghị", "--date", "02/03/2022")
    assert result.exit_code == 0 and "đầu mục “Công tác khác”" in result.stdout
    out = plans.parent / "out"
    assert danvan("report", "--period", "6m", "-o", out).exit_code == 0
    text = "\n".join(docx_paragraphs(out / "BC-MNHA-2022-6-thang-dau-nam.docx"))
    assert "Công tác khác" in text and "nhà trường dự hội nghị" in text
