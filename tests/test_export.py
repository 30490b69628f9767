"""`danvan export`: due documents made once per change, atomically, one run at a time."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from conftest import use_unit_template
from helpers import LOG_YAML, YEAR_DIR, edit, manifest_is_true, outputs, rebuilt_template, set_schedule, with_tag

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


def test_a_province_s_manifest_is_read_whole(cli, plans):
    """A province's export records about 1 KB a document: at 2,000 units its manifest passes the size danvan
    allows a user's file, and it must still be read (it was not: every run remade all 6,000 documents)."""
    import json

    result, out = export(cli, plans, "--all", "--today", "2022-12-20")
    assert result.exit_code == 0, result.stderr
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    entry = next(iter(manifest["outputs"].values()))
    for i in range(6000):  # other units' documents, recorded by the same run
        manifest["outputs"][f"don-vi-{i:04d}/2022/BC-{i}"] = entry
    (out / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    assert (out / "manifest.json").stat().st_size > 3 * 1024 * 1024
    before = outputs(out)
    result, _ = export(cli, plans, "--all", "--today", "2022-12-20")
    assert result.stdout.strip() == "Không có gì thay đổi: 3 văn bản đã xuất vẫn đúng với dữ liệu; không ghi tệp nào."
    assert outputs(out) == before


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


def test_an_export_folder_inside_the_plans_folder_is_refused(danvan, plans):
    result = danvan("export", "-o", plans / "xuat", "--no-pdf")
    assert result.exit_code == 2 and "nằm trong thư mục kế hoạch" in result.stderr
    assert not (plans / "xuat").exists()


def test_a_year_without_a_plan_is_skipped_not_failed(cli, units):
    """An office's year folder holds its consolidated report's narrative and no plan: every night's export says it
    has nothing to make there, and does not fail (exit 1 and a mail every morning)."""
    office_year = units / "phong-gd-dt/2022/reports"
    office_year.mkdir(parents=True)
    (office_year / "6m.yaml").write_text("ngay: 2022-06-20\n", encoding="utf-8")
    out = units.parent / "exports"
    result = cli("export", "--plans-dir", units, "-o", out, "--no-pdf", "--all", "--today", "2022-12-20")
    assert result.exit_code == 0, result.stdout + result.stderr
    assert "bỏ qua: phong-gd-dt/2022: chưa có kế hoạch năm này (plan.yaml)" in result.stdout
    assert not (out / "phong-gd-dt").exists()


# ---------------------------------------------------------------- hostile input and faults, first and second rounds (docs/reliability.md)


@pytest.mark.slow  # processes racing (or killed) at once: .ci/run runs it
def test_export_while_progress_is_added(plans, tmp_path):
    """An export and ten `progress add` at once: every entry lands, the export reads whole files."""
    add = [
        sys.executable,
        "-m",
        "danvan_cli",
        "progress",
        "add",
        "tuyen-truyen",
        "--date",
        "2022-11-02",
        "--plans-dir",
        str(plans),
    ]
    export = [
        sys.executable,
        "-m",
        "danvan_cli",
        "export",
        "--all",
        "--no-pdf",
        "--plans-dir",
        str(plans),
        "-o",
        str(tmp_path / "exports"),
    ]
    before = (plans / LOG_YAML).read_bytes()
    procs = [subprocess.Popen(export, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=tmp_path)]
    procs += [
        subprocess.Popen(
            add[:6] + [f"Việc song song {i}"] + add[6:], stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=tmp_path
        )
        for i in range(10)
    ]
    results = [(p.wait(timeout=180), p.stderr.read().decode("utf-8")) for p in procs]
    assert all(code == 0 for code, _ in results), results
    text = (plans / LOG_YAML).read_bytes()
    assert text.startswith(before)
    from danvan_cli.yamlsource import load

    assert sorted(
        e["ket_qua"] for e in load(plans / LOG_YAML).data if e["ket_qua"].startswith("Việc song song")
    ) == sorted(f"Việc song song {i}" for i in range(10))


def test_disk_full_during_an_export_keeps_the_previous_exports_and_a_true_manifest(cli, plans, monkeypatch):
    from helpers import manifest_is_true, outputs

    out = plans.parent / "exports"
    first = cli("export", "--plans-dir", plans, "-o", out, "--no-pdf", "--all", "--today", "2022-12-20")
    assert first.exit_code == 0, first.stderr
    before = {name: (out / name).read_bytes() for name in outputs(out) if name.endswith(".docx")}
    log = plans / LOG_YAML
    log.write_text(
        log.read_text(encoding="utf-8").replace("số lượt người tham gia: 156", "số lượt người tham gia: 157"),
        encoding="utf-8",
    )

    def no_space(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", no_space)
    result = cli("export", "--plans-dir", plans, "-o", out, "--no-pdf", "--all", "--today", "2022-12-20")
    monkeypatch.undo()
    assert result.exit_code == 3 and "ổ đĩa đã đầy, ENOSPC" in result.stderr
    assert {name: (out / name).read_bytes() for name in before} == before
    manifest_is_true(out)
    assert not list(out.rglob(".*.tmp"))
    again = cli("export", "--plans-dir", plans, "-o", out, "--no-pdf", "--all", "--today", "2022-12-20")
    assert again.exit_code == 0 and "Đã xuất 1 văn bản" in again.stdout


def test_01_export_removes_only_its_own_leftovers_only_where_it_writes(danvan, tmp_path):
    out = tmp_path / "exports"
    folder = out / "mn-hung-an/2022"
    folder.mkdir(parents=True)
    mine = [out / ".ghi-chu-rieng.tmp", folder / ".ban-nhap.tmp", folder / ".progress.yaml.danvan-1-x.tmp"]
    for path in mine:
        path.write_text("của người dùng", encoding="utf-8")
    dead = folder / ".BC-MNHA-2022-nam.docx.danvan-999999-abcd.tmp"  # a killed danvan's (pid 999999 is gone)
    dead.write_bytes(b"do dang")
    assert danvan("export", "-o", out, "--no-pdf", "--all").exit_code == 0
    assert all(p.read_text(encoding="utf-8") == "của người dùng" for p in mine)
    assert not dead.exists()


def test_08_export_never_writes_through_a_link_inside_the_export_folder(danvan, tmp_path):
    out = tmp_path / "exports"
    elsewhere = tmp_path / "noi-khac"
    elsewhere.mkdir()
    out.mkdir()
    (out / "mn-hung-an").symlink_to(elsewhere, target_is_directory=True)
    result = danvan("export", "-o", out, "--no-pdf", "--all")
    assert result.exit_code == 1 and "liên kết" in result.stderr
    assert not list(elsewhere.rglob("*"))


def test_17_one_units_bad_template_never_stops_the_others(danvan, plans, tmp_path):
    shutil.copytree(plans / "mn-hung-an", plans / "mn-khac")
    unit = plans / "mn-khac/unit.yaml"
    unit.write_text(
        unit.read_text(encoding="utf-8").replace("chu_viet_tat: MNHA", "chu_viet_tat: MNK"), encoding="utf-8"
    )
    template = rebuilt_template(tmp_path, "hong.docx", with_tag("{{ 1/0 }}"))
    use_unit_template(plans, template, unit="mn-khac")
    out, log = tmp_path / "exports", tmp_path / "export.log"
    result = danvan("export", "-o", out, "--no-pdf", "--all", "--quiet", "--log", log)
    assert result.exit_code == 1 and "mn-khac" in result.stderr and "hong.docx" in result.stderr
    assert (out / "mn-hung-an/2022/KH-MNHA-2022-cong-tac-dan-van-chinh-quyen.docx").exists()
    assert "hong.docx" in log.read_text(encoding="utf-8")
    assert not list(out.rglob("*.tmp"))


def test_23_a_manifest_of_another_shape_or_a_folder_in_its_place(danvan, tmp_path):
    out = tmp_path / "exports"
    out.mkdir()
    (out / "manifest.json").write_text('{"outputs": [1, 2, 3]}', encoding="utf-8")
    assert danvan("export", "-o", out, "--no-pdf", "--all").exit_code == 0
    assert danvan("export", "-o", out, "--no-pdf", "--all").stdout.startswith("Không có gì thay đổi")
    (out / "manifest.json").unlink()
    (out / "manifest.json").mkdir()
    result = danvan("export", "-o", out, "--no-pdf", "--all")
    assert result.exit_code == 3 and "manifest.json" in result.stderr


# ---------------------------------------------------------------- hostile input, third round (docs/reliability.md)


def test_06_export_remakes_the_yearly_report_when_the_scores_change(cli, plans):
    out = plans.parent / "ex"
    assert cli("export", "--all", "--no-pdf", "-o", out, "--plans-dir", plans, "--today", "01/12/2022").exit_code == 0
    edit(plans, YEAR_DIR / "tu-cham.yaml", "    diem: 14\n", "    diem: 15\n")
    result = cli("export", "--all", "--no-pdf", "-o", out, "--plans-dir", plans, "--today", "01/12/2022")
    assert "đã xuất: mn-hung-an/2022/BC-MNHA-2022-nam.docx" in result.stdout
    edit(plans, YEAR_DIR / "tieu-chi.yaml", "tong_diem:", "tong_diem_:")
    broken = cli("export", "--all", "--no-pdf", "-o", out, "--plans-dir", plans, "--today", "01/12/2022")
    assert broken.exit_code == 1 and "tieu-chi.yaml" in broken.stderr


def test_06_export_remakes_a_report_when_an_entry_before_its_window_changes(cli, plans):
    set_schedule(plans, "  - ky: 6m\n    han_nop: 2022-05-15\n  - ky: q3\n    han_nop: 2022-09-20\n")
    out = plans.parent / "ex"
    run = ("export", "--all", "--no-pdf", "-o", out, "--plans-dir", plans, "--today", "01/12/2022")
    assert cli(*run).exit_code == 0
    edit(plans, YEAR_DIR / "progress.yaml", "số lượt người tham gia: 210", "số lượt người tham gia: 9999")
    assert "BC-MNHA-2022-quy-iii.docx" in cli(*run).stdout  # its year-to-date column counts April


@pytest.mark.parametrize("kind", ["fifo", "link"])
def test_08_a_log_or_manifest_that_is_no_file_is_refused_not_followed(cli, plans, tmp_path, kind):
    out = tmp_path / "ex"
    out.mkdir()
    victim = tmp_path / "victim.txt"
    victim.write_text("mine\n", encoding="utf-8")
    for name in ("danvan-export.log", "manifest.json"):
        if kind == "fifo":
            os.mkfifo(out / name)
        else:
            (out / name).symlink_to(victim)
    result = subprocess.run(
        [sys.executable, "-m", "danvan_cli", "export", "--all", "--no-pdf", "--plans-dir", plans, "-o", out,
         "--today", "01/12/2022", "--log", out / "danvan-export.log"],
        capture_output=True, text=True, timeout=60, cwd=tmp_path,
    )  # fmt: skip
    assert result.returncode == 3 and "manifest.json" in result.stderr and "không phải tệp thường" in result.stderr
    assert victim.read_text(encoding="utf-8") == "mine\n"
