"""`danvan export`: due documents made once per change, atomically, one run at a time."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from helpers import manifest_is_true, outputs

SIX = "mn-hung-an/2022/BC-MNHA-2022-6-thang-dau-nam.docx"
YEAR = "mn-hung-an/2022/BC-MNHA-2022-nam.docx"
PLAN = "mn-hung-an/2022/KH-MNHA-2022-cong-tac-dan-van-chinh-quyen.docx"


def export(cli, plans: Path, *args: str):
    out = plans.parent / "exports"
    return cli("export", "--plans-dir", plans, "-o", out, "--no-pdf", *args), out


@pytest.mark.parametrize(
    "today, made",
    [
        ("2022-05-01", []),  # 14 days before the 6-month report is due: not yet
        ("2022-05-08", [SIX]),  # within 7 days
        ("2022-05-15", [SIX]),  # on the day
        ("2022-06-30", [SIX]),  # past due and never exported
        ("2022-11-20", [SIX, YEAR]),
    ],
)
def test_due_reports_by_the_plans_own_schedule(cli, plans, today, made):
    result, out = export(cli, plans, "--today", today)
    assert result.exit_code == 0, result.stderr
    assert sorted(p for p in outputs(out) if p.endswith(".docx")) == sorted(made)
    if not made:
        assert "không ghi tệp nào" in result.stdout and "2 bỏ qua" in result.stdout
    if today == "2022-05-08":
        assert "bỏ qua: mn-hung-an/2022 báo cáo năm 2022: chưa đến hạn (hạn 15/11/2022, còn 191 ngày)" in result.stdout


def test_a_plan_without_a_reporting_schedule_is_skipped_with_its_reason(cli, plans):
    path = plans / "mn-hung-an/2022/plan.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text[: text.index("che_do_bao_cao:")], encoding="utf-8")
    result, out = export(cli, plans, "--today", "2022-11-20")
    assert result.exit_code == 0
    assert "1 bỏ qua (chưa đến hạn hoặc không có chế độ báo cáo)" in result.stdout
    assert not [p for p in outputs(out) if p.endswith(".docx")]
    result, out = export(cli, plans, "--today", "2022-11-20", "--all")
    assert PLAN in outputs(out) and SIX in outputs(out)  # --all still makes the plan and the written narrative's report


def test_second_run_writes_nothing(cli, plans):
    result, out = export(cli, plans, "--all", "--today", "2022-12-20")
    assert result.exit_code == 0, result.stderr
    assert {PLAN, SIX, YEAR} <= set(outputs(out))
    before = outputs(out)
    time.sleep(0.02)
    result, _ = export(cli, plans, "--all", "--today", "2022-12-20")
    assert result.exit_code == 0
    assert result.stdout.strip() == "Không có gì thay đổi: 3 văn bản đã xuất vẫn đúng với dữ liệu; không ghi tệp nào."
    assert outputs(out) == before
    quiet, _ = export(cli, plans, "--all", "--today", "2022-12-20", "--quiet")
    assert quiet.exit_code == 0 and quiet.stdout == "" and quiet.stderr == ""
    manifest_is_true(out)


def test_a_changed_entry_remakes_only_the_affected_reports(cli, plans):
    from danvan_cli.demo import make_demo_units

    make_demo_units(plans, 2, year=2022)
    result, out = export(cli, plans, "--all", "--today", "2022-12-20")
    assert result.exit_code == 0, result.stderr
    before = outputs(out)
    log = plans / "mn-hung-an/2022/progress.yaml"
    log.write_text(
        log.read_text(encoding="utf-8").replace("số lượt người tham gia: 156", "số lượt người tham gia: 160"),
        encoding="utf-8",
    )
    time.sleep(0.02)
    result, _ = export(cli, plans, "--all", "--today", "2022-12-20")
    assert result.exit_code == 0
    changed = sorted(name for name, mtime in outputs(out).items() if before.get(name) != mtime)
    # the September entry is in the year's report, not in the 6-month one nor the plan; other units untouched
    assert changed == ["manifest.json", YEAR.replace(".docx", ".danvan.json"), YEAR]
    assert "Đã xuất 1 văn bản" in result.stdout


def test_an_edited_or_deleted_export_is_made_again(cli, plans):
    result, out = export(cli, plans, "--all", "--today", "2022-12-20")
    (out / SIX).write_bytes(b"edited by hand")
    (out / PLAN).unlink()
    result, _ = export(cli, plans, "--all", "--today", "2022-12-20")
    assert "Đã xuất 2 văn bản" in result.stdout
    assert zipfile.is_zipfile(out / SIX) and (out / PLAN).exists()
    manifest_is_true(out)


def test_broken_data_of_one_unit_does_not_stop_the_others(cli, plans):
    from danvan_cli.demo import make_demo_units

    make_demo_units(plans, 1, year=2022)
    path = plans / "mn-hung-an/2022/plan.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("ngay: 2022-01-25", "ngay: 2022-02-30"), encoding="utf-8")
    result, out = export(cli, plans, "--all", "--today", "2022-12-20", "--quiet")
    assert result.exit_code == 1
    assert "LỖI mn-hung-an/2022" in result.stderr and re.search(r"plan\.yaml:\d+:\d+: ngày '2022-02-30'", result.stderr)
    assert any(p.startswith("don-vi-0001/2022/") for p in outputs(out))
    assert result.stdout == ""


def test_one_run_at_a_time(cli, plans):
    from filelock import FileLock

    out = plans.parent / "exports"
    out.mkdir()
    with FileLock(str(out / ".danvan-export.lock")):
        result, _ = export(cli, plans, "--all", "--wait", "1")
    assert result.exit_code == 3
    assert "một lần xuất khác đang chạy và chưa xong sau 1 giây" in result.stderr
    assert not [p for p in outputs(out) if p.endswith(".docx")]


@pytest.mark.slow  # processes racing (or killed) at once: .ci/run runs it
def test_two_runs_at_once_both_finish_and_agree(plans, tmp_path):
    command = [
        sys.executable,
        "-m",
        "danvan_cli",
        "export",
        "--all",
        "--no-pdf",
        "--today",
        "2022-12-20",
        "--plans-dir",
        str(plans),
        "-o",
        str(tmp_path / "exports"),
    ]
    first = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=tmp_path)
    second = subprocess.run(command, capture_output=True, text=True, cwd=tmp_path)
    first.communicate(timeout=120)
    assert first.returncode == 0 and second.returncode == 0, second.stderr
    manifest_is_true(tmp_path / "exports")
    assert len({PLAN, SIX, YEAR} & set(outputs(tmp_path / "exports"))) == 3


def test_pdf_demanded_without_libreoffice(cli, plans, monkeypatch):
    monkeypatch.setattr("danvan_cli.pdf.find_soffice", lambda: None)
    monkeypatch.setattr("danvan_cli.export.find_soffice", lambda: None)  # export asks before it starts
    out = plans.parent / "exports"
    result = cli("export", "--plans-dir", plans, "-o", out, "--pdf", "--all")
    assert result.exit_code == 3 and "LibreOffice" in result.stderr
    assert not out.exists() or not [p for p in outputs(out) if p.endswith(".docx")]


@pytest.mark.slow  # processes racing (or killed) at once: .ci/run runs it
def test_a_run_killed_anywhere_leaves_whole_files_and_a_true_manifest(plans, tmp_path):
    from danvan_cli.demo import make_demo_units

    make_demo_units(plans, 12, year=2022)
    out = tmp_path / "exports"
    command = [
        sys.executable,
        "-m",
        "danvan_cli",
        "export",
        "--all",
        "--no-pdf",
        "--today",
        "2022-12-20",
        "--plans-dir",
        str(plans),
        "-o",
        str(out),
    ]
    subprocess.run(command, check=True, capture_output=True, cwd=tmp_path)
    for i in range(6):
        # change every unit's inputs, then kill a run at a different moment each time
        for log in plans.glob("*/2022/progress.yaml"):
            log.write_text(log.read_text(encoding="utf-8") + f"# lần {i}\n", encoding="utf-8")
        proc = subprocess.Popen(
            command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=tmp_path, start_new_session=True
        )
        time.sleep(0.4 + 0.35 * i)
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        for docx in out.rglob("*.docx"):
            assert zipfile.ZipFile(docx).testzip() is None, docx
        manifest_is_true(out)
    final = subprocess.run(command, capture_output=True, text=True, cwd=tmp_path)
    assert final.returncode == 0, final.stderr
    assert not list(out.rglob(".*.tmp"))
    again = subprocess.run(command, capture_output=True, text=True, cwd=tmp_path)
    assert again.stdout.startswith("Không có gì thay đổi: 39 văn bản")


import re  # noqa: E402  (used above in a message check)


@pytest.mark.parametrize("what", ["missing", "empty"])
def test_a_plans_folder_with_no_unit_fails_loudly_and_writes_nothing(cli, tmp_path, what):
    """A mistyped crontab line must not 'succeed' every morning with '0 văn bản'."""
    plans = tmp_path / "khong-co"
    if what == "empty":
        plans.mkdir()
    out = tmp_path / "exports"
    result = cli("export", "--plans-dir", plans, "-o", out, "--no-pdf", "--quiet")
    assert result.exit_code == 1 and "khong-co" in result.stderr
    assert not out.exists()  # no lock, no folder


def test_an_export_folder_inside_the_plans_folder_is_refused(cli, plans):
    result = cli("export", "--plans-dir", plans, "-o", plans / "xuat", "--no-pdf")
    assert result.exit_code == 2 and "nằm trong thư mục kế hoạch" in result.stderr
    assert not (plans / "xuat").exists()
