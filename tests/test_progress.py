"""`danvan progress add/list`: the log is appended to, never rewritten, and checked against the plan."""

from __future__ import annotations

import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from helpers import located

LOG = Path("mn-hung-an/2022/progress.yaml")


def entries(plans: Path) -> list:
    from danvan_cli.yamlsource import load

    return load(plans / LOG).data


def add(cli, plans, *args):
    """`progress add` for 2022, on a day of 2022 unless the test gives one (today has no plan)."""
    day = () if "--date" in args else ("--date", "2022-03-01")
    return cli("progress", "add", "--plans-dir", plans, "--unit", "mn-hung-an", "--year", "2022", *day, *args)


def test_add_keeps_every_old_byte(cli, plans):
    old = (plans / LOG).read_bytes()
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
    new = (plans / LOG).read_bytes()
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
    (plans / LOG).write_text(
        "# nhật ký\n  - nhiem_vu: tuyen-truyen\n    ngay: 2022-02-01\n    ket_qua: A\n", encoding="utf-8"
    )
    result = add(cli, plans, "tuyen-truyen", "B", "--date", "2022-03-01")
    assert result.exit_code == 0, result.stderr
    assert [e["ket_qua"] for e in entries(plans)] == ["A", "B"]


def test_first_add_creates_the_log_with_an_explaining_header(cli, plans):
    (plans / LOG).unlink()
    result = add(cli, plans, "tuyen-truyen", "Tuyên truyền", "--date", "2022-03-01")
    assert result.exit_code == 0, result.stderr
    text = (plans / LOG).read_text(encoding="utf-8")
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
    path = plans / LOG
    path.write_bytes(path.read_bytes() + b"- nhiem_vu: tuyen-truyen\n  ngay: [2022-01-01\n")
    before = path.read_bytes()
    result = add(cli, plans, "tuyen-truyen", "X", "--date", "2022-03-01")
    assert result.exit_code == 1
    assert located(result.stderr) and "progress.yaml" in result.stderr
    assert path.read_bytes() == before


def test_unknown_task_is_refused_with_the_nearest_ids(cli, plans):
    before = (plans / LOG).read_bytes()
    result = add(cli, plans, "tuyen-truyn", "X")
    assert result.exit_code == 1
    assert "không có nhiệm vụ 'tuyen-truyn'" in result.stderr and "tuyen-truyen" in result.stderr
    assert (plans / LOG).read_bytes() == before


def test_bad_options_are_command_line_errors(cli, plans):
    assert add(cli, plans, "tuyen-truyen", "X", "--figure", "số buổi=hai").exit_code == 2
    assert add(cli, plans, "tuyen-truyen", "X", "--status", "xong").exit_code == 2
    assert add(cli, plans, "tuyen-truyen", "X", "--date", "2999-01-01").exit_code == 2


def _append(plans: Path, text: str) -> int:
    path = plans / LOG
    line = path.read_text(encoding="utf-8").count("\n") + 1
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")
    return line


def _report(cli, plans, *extra):
    return cli("report", "--plans-dir", plans, "--period", "6m", "-o", plans.parent / "out", *extra)


def test_entry_for_a_task_the_plan_does_not_have(cli, plans):
    line = _append(plans, "- nhiem_vu: khong-co\n  ngay: 2022-03-01\n  ket_qua: X\n")
    result = _report(cli, plans)
    assert result.exit_code == 1
    ((path, ln, _col, msg),) = located(result.stderr)
    assert path.endswith("progress.yaml") and ln == line and "không có nhiệm vụ 'khong-co'" in msg


def test_figure_that_is_not_a_number(cli, plans):
    line = _append(
        plans, "- nhiem_vu: tuyen-truyen\n  ngay: 2022-03-01\n  ket_qua: X\n  so_lieu:\n    số buổi tuyên truyền: hai\n"
    )
    result = _report(cli, plans)
    assert result.exit_code == 1
    ((_path, ln, col, msg),) = located(result.stderr)
    assert (ln, col) == (line + 4, 27) and "không phải một con số" in msg and "'hai'" in msg


def test_dates_outside_any_sense(cli, plans):
    line = _append(
        plans,
        "- nhiem_vu: tuyen-truyen\n  ngay: 1900-03-01\n  ket_qua: X\n- nhiem_vu: tuyen-truyen\n  ngay: 2999-03-01\n  ket_qua: Y\n",
    )
    result = _report(cli, plans)
    assert result.exit_code == 1
    found = located(result.stderr)
    assert [(ln, col) for _, ln, col, _ in found] == [(line + 1, 9), (line + 4, 9)]
    assert "trước ngày bắt đầu số liệu của năm kế hoạch 2022" in found[0][3] and "sau hôm nay" in found[1][3]


def test_list_by_task_and_period(cli, plans):
    result = cli("progress", "list", "--plans-dir", plans, "--task", "tuyen-truyen")
    assert result.exit_code == 0
    assert result.stdout.count("tuyen-truyen:") == 3 and "(3 mục)" in result.stdout
    result = cli("progress", "list", "--plans-dir", plans, "--period", "q1")
    assert "(2 mục trong kỳ từ ngày 15/12/2021 đến ngày 14/03/2022)" in result.stdout
    assert "25/03/2022" not in result.stdout  # q1 ends on 14 March
    assert cli("progress", "list", "--plans-dir", plans, "--period", "h1").exit_code == 2
