"""`danvan schedule`: the crontab line, and the exported command under cron's conditions."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import (
    ROOT,
    docx_paragraphs,
)


def line_for(cli, plans: Path, out: Path, *extra: str) -> str:
    result = cli("schedule", "--print", "--plans-dir", plans, "-o", out, *extra)
    assert result.exit_code == 0, result.stderr
    return result.stdout.strip()


def test_print_gives_absolute_paths_quiet_and_a_log(cli, plans, tmp_path):
    line = line_for(cli, plans, Path("exports"))
    fields = line.split(" ")
    assert fields[:5] == ["30", "5", "*", "*", "*"]  # early morning, daily
    command = fields[5]
    assert Path(command).is_absolute() and os.access(command, os.X_OK)
    assert f"--plans-dir {plans.resolve()}" in line
    assert f"--out {(tmp_path / 'exports').resolve()}" in line  # relative to where it was asked
    assert "--quiet" in line and f"--log {(tmp_path / 'exports' / 'danvan-export.log').resolve()}" in line
    assert line.endswith(f"# danvan-export plans={plans.resolve()}")


def test_bad_cron_expression(cli, danvan, plans):
    result = danvan("schedule", "--at", "mỗi sáng")
    assert result.exit_code == 2 and "5 trường" in result.stderr
    assert line_for(cli, plans, Path("x"), "--at", "*/15 6-18 * * 1-5").startswith("*/15 6-18 * * 1-5 ")


def test_install_is_idempotent_and_remove_takes_only_its_own_line(danvan, fake_crontab):
    others = "# the machine's own jobs\nMAILTO=admin\n0 2 * * * /usr/bin/backup --all\n"
    fake_crontab.write_text(others, encoding="utf-8")
    first = danvan("schedule", "--install")
    assert first.exit_code == 0 and first.stdout.startswith("Đã cài lịch:"), first.stderr
    once = fake_crontab.read_text(encoding="utf-8")
    again = danvan("schedule", "--install")
    assert again.stdout.startswith("Lịch đã có sẵn") and fake_crontab.read_text(encoding="utf-8") == once
    # a new time replaces the line rather than adding a second one
    danvan("schedule", "--install", "--at", "0 6 * * *")
    table = fake_crontab.read_text(encoding="utf-8").splitlines()
    assert table[:3] == others.splitlines() and len(table) == 4 and table[3].startswith("0 6 * * * ")
    removed = danvan("schedule", "--remove")
    assert removed.exit_code == 0 and fake_crontab.read_text(encoding="utf-8") == others
    assert danvan("schedule", "--remove").stdout.startswith("Không có lịch")


def test_install_into_an_empty_crontab(danvan, fake_crontab):
    assert danvan("schedule", "--install").exit_code == 0
    assert fake_crontab.read_text(encoding="utf-8").count("# danvan-export") == 1


def _run_like_cron(line: str, cwd: Path) -> subprocess.CompletedProcess:
    command = line.split(" ", 5)[5].rsplit(" # danvan-export", 1)[0]
    return subprocess.run(
        ["env", "-i", "PATH=/usr/bin:/bin", "sh", "-c", command], cwd=cwd, capture_output=True, timeout=300
    )


def test_the_printed_command_works_with_cron_s_environment(cli, plans, tmp_path):
    out = tmp_path / "exports"
    line = line_for(cli, plans, out)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    result = _run_like_cron(line, elsewhere)
    assert result.returncode == 0, result.stderr.decode("utf-8", "replace")
    assert result.stdout == b"" and result.stderr == b""  # quiet when all is well
    made = sorted(p.name for p in (out / "mn-hung-an/2022").iterdir())
    assert "BC-MNHA-2022-6-thang-dau-nam.docx" in made and "BC-MNHA-2022-nam.docx" in made
    log = (out / "danvan-export.log").read_text(encoding="utf-8")
    assert "Đã xuất 2 văn bản" in log and "đã xuất: mn-hung-an/2022/BC-MNHA-2022-6-thang-dau-nam.docx" in log

    assert "Kết quả thực hiện công tác dân vận chính quyền 6 tháng đầu năm 2022" in docx_paragraphs(
        out / "mn-hung-an/2022/BC-MNHA-2022-6-thang-dau-nam.docx"
    )
    # an error under cron: loud on stderr, non-zero exit, Vietnamese intact
    path = plans / "mn-hung-an/2022/progress.yaml"
    path.write_text(
        path.read_text(encoding="utf-8") + "- nhiem_vu: khong-co\n  ngay: 2022-03-01\n  ket_qua: X\n", encoding="utf-8"
    )
    failed = _run_like_cron(line, elsewhere)
    assert failed.returncode == 1
    assert "không có nhiệm vụ 'khong-co'" in failed.stderr.decode("utf-8")
    assert "không có nhiệm vụ 'khong-co'" in (out / "danvan-export.log").read_text(encoding="utf-8")


def _cron_running() -> bool:
    pid_file = Path("/var/run/crond.pid")
    if pid_file.exists():
        try:
            os.kill(int(pid_file.read_text(encoding="utf-8").strip()), 0)
            return True
        except (ValueError, OSError):
            pass
    return bool(shutil.which("pgrep")) and subprocess.run(["pgrep", "-x", "cron"], capture_output=True).returncode == 0


@pytest.mark.slow
def test_real_cron_daemon_runs_the_export(danvan, tmp_path, monkeypatch):
    """Install a schedule firing every minute for a temporary plans folder, wait for the exports, remove it. The
    user's real crontab is everyone's: its lock is taken where every danvan of this user takes it."""
    import tempfile

    from conftest import SYSTEM_TEMP

    monkeypatch.setenv("TMPDIR", SYSTEM_TEMP)
    monkeypatch.setattr(tempfile, "tempdir", SYSTEM_TEMP)
    cron = shutil.which("cron") or "/usr/sbin/cron"
    if not Path(cron).exists() or not shutil.which("crontab"):
        pytest.fail("the cron daemon and crontab are needed for this test (Debian package: cron)")
    if not _cron_running():
        subprocess.run([cron], capture_output=True)  # daemonises; a second start is refused, which is fine
        time.sleep(1)
    assert _cron_running(), "the cron daemon did not start"
    listed = subprocess.run(["crontab", "-l"], capture_output=True, text=True)
    before = listed.stdout if listed.returncode == 0 else ""
    out = tmp_path / "exports"
    try:
        result = danvan("schedule", "--install", "-o", out, "--at", "* * * * *")
        assert result.exit_code == 0, result.stderr
        target = out / "mn-hung-an/2022/BC-MNHA-2022-nam.docx"
        deadline = time.monotonic() + 150
        while time.monotonic() < deadline and not (target.exists() and (out / "manifest.json").exists()):
            time.sleep(2)
        assert target.exists(), (
            f"cron did not export within 150 s; log: {(out / 'danvan-export.log').read_text(encoding='utf-8') if (out / 'danvan-export.log').exists() else 'none'}"
        )
    finally:
        removed = danvan("schedule", "--remove", "-o", out)
    assert removed.exit_code == 0
    listed = subprocess.run(["crontab", "-l"], capture_output=True, text=True)
    after = listed.stdout if listed.returncode == 0 else ""
    assert after.splitlines() == before.splitlines()


@pytest.mark.parametrize(
    "at, field",
    [
        ("30 25 * * *", "giờ"),
        ("61 5 * * *", "phút"),
        ("30 5 32 * *", "ngày trong tháng"),
        ("30 5 * 13 *", "tháng"),
        ("30 5 * * 8", "thứ trong tuần"),
        ("30 5 * * mon-xyz", "thứ trong tuần"),
    ],
)
def test_each_cron_field_is_checked_against_its_range(danvan, at, field):
    result = danvan("schedule", "--print", "--at", at)
    assert result.exit_code == 2 and f"trường {field}" in result.stderr, result.stderr


def test_cron_names_and_macros_are_accepted(cli, plans):
    assert line_for(cli, plans, Path("x"), "--at", "0 6 * jan-jun mon-fri").startswith("0 6 * jan-jun mon-fri ")
    assert line_for(cli, plans, Path("x"), "--at", "@daily").startswith("@daily ")


FAKE_SCHTASKS = """#!/bin/sh
# a stand-in for Windows' schtasks: records its arguments, one per line, then a blank line
for a in "$@"; do printf '%s\\n' "$a" >> "$FAKE_SCHTASKS_LOG"; done; printf '\\n' >> "$FAKE_SCHTASKS_LOG"
case "$1" in
  /Query) [ -f "$FAKE_SCHTASKS_LOG.installed" ] || exit 1 ;;
  /Create) touch "$FAKE_SCHTASKS_LOG.installed" ;;
  /Delete) rm -f "$FAKE_SCHTASKS_LOG.installed" ;;
esac
"""


def test_windows_schedules_the_same_export_with_the_task_scheduler(danvan, plans, tmp_path, monkeypatch):
    import subprocess

    from danvan_cli.schedule import danvan_command, task_name

    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "schtasks").write_text(FAKE_SCHTASKS, encoding="utf-8")
    (bin_dir / "schtasks").chmod(0o755)
    calls = tmp_path / "schtasks.log"
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setenv("FAKE_SCHTASKS_LOG", str(calls))
    monkeypatch.setenv("DANVAN_SCHEDULER", "schtasks")
    out = tmp_path / "exports"
    result = danvan("schedule", "--install", "-o", out, "--at", "15 6 * * *")
    assert result.exit_code == 0, result.stderr
    name = task_name(plans)
    command = subprocess.list2cmdline(
        [*danvan_command(), "export", "--plans-dir", str(plans.resolve()), "--out", str(out.resolve()), "--quiet",
         "--log", str((out / "danvan-export.log").resolve())]
    )  # fmt: skip
    recorded = [block.splitlines() for block in calls.read_text(encoding="utf-8").split("\n\n") if block]
    assert recorded == [["/Create", "/F", "/SC", "DAILY", "/ST", "06:15", "/TN", name, "/TR", command]]
    assert f"tác vụ {name}" in result.stdout
    # only a daily time can be given to the Task Scheduler
    weekly = danvan("schedule", "--install", "-o", out, "--at", "0 7 * * 1")
    assert weekly.exit_code == 2 and "hằng ngày" in weekly.stderr
    removed = danvan("schedule", "--remove")
    assert removed.exit_code == 0 and "Đã gỡ" in removed.stdout
    recorded = [block.splitlines() for block in calls.read_text(encoding="utf-8").split("\n\n") if block]
    assert recorded[-2:] == [["/Query", "/TN", name], ["/Delete", "/F", "/TN", name]]
    again = danvan("schedule", "--remove")
    assert "Không có lịch" in again.stdout


# ---------------------------------------------------------------- hostile input and faults, first and second rounds (docs/reliability.md)


@pytest.mark.slow  # processes racing (or killed) at once: .ci/run runs it
def test_04_parallel_installs_all_reach_the_crontab(tmp_path, fake_crontab):
    folders = [tmp_path / f"plans{i}" for i in range(10)]
    for folder in folders:
        shutil.copytree(ROOT / "plans", folder)  # a folder with a unit: a line that can succeed
    runs = [
        subprocess.Popen(
            [sys.executable, "-m", "danvan_cli", "schedule", "--install", "--plans-dir", str(folder)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=tmp_path,
        )
        for folder in folders
    ]
    for run in runs:
        _, err = run.communicate(timeout=120)
        assert run.returncode == 0 and "Traceback" not in err, err
    table = fake_crontab.read_text(encoding="utf-8").splitlines()
    assert sorted(line.rsplit("plans=", 1)[1] for line in table) == sorted(str(f.resolve()) for f in folders)


def test_05_a_path_with_a_newline_never_reaches_the_crontab(cli, tmp_path, fake_crontab):
    hostile = tmp_path / "x\n* * * * * touch ~/pwned #"
    hostile.mkdir(parents=True)
    fake_crontab.write_text("0 2 * * * /usr/bin/backup\n", encoding="utf-8")
    for args in (["--plans-dir", hostile], ["-o", hostile], ["--log", hostile / "log"]):
        result = cli("schedule", "--install", *args)
        assert result.exit_code == 2 and "ký tự điều khiển" in result.stderr, args
    assert fake_crontab.read_text(encoding="utf-8") == "0 2 * * * /usr/bin/backup\n"


def test_24_remove_takes_only_whole_lines_danvan_wrote(danvan, plans, fake_crontab):
    mark = f"# danvan-export plans={plans.resolve()}"
    users = f"15 3 * * * /home/me/sao-luu.sh {mark}\n"  # the user's own line, ending in the same words
    fake_crontab.write_text(users, encoding="utf-8")
    assert danvan("schedule", "--install").exit_code == 0
    assert danvan("schedule", "--remove").exit_code == 0
    assert fake_crontab.read_text(encoding="utf-8") == users


def test_15_a_crontab_command_that_never_returns_is_given_up_on(danvan, tmp_path, monkeypatch):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "crontab").write_text("#!/bin/sh\nsleep 60\n", encoding="utf-8")
    (bin_dir / "crontab").chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setattr("danvan_cli.schedule.CRONTAB_TIMEOUT", 1.0)
    result = danvan("schedule", "--install")
    assert result.exit_code == 3 and "không trả lời" in result.stderr


def test_21_a_crontab_with_bytes_that_are_not_utf8_is_kept_as_it_is(danvan, fake_crontab):
    theirs = b"# ghi ch\xfa c\xfea m\xe1y\n0 2 * * * /usr/bin/backup\n"
    fake_crontab.write_bytes(theirs)
    assert danvan("schedule", "--install").exit_code == 0
    assert fake_crontab.read_bytes().startswith(theirs)
    assert danvan("schedule", "--remove").exit_code == 0
    assert fake_crontab.read_bytes() == theirs


# ---------------------------------------------------------------- hostile input, third round (docs/reliability.md)


def test_05_other_crontab_lines_are_written_back_byte_for_byte(danvan, plans, fake_crontab):
    before = "# note\u20280 * * * * touch /tmp/PWNED\n# form\x0cfeed\n0 2 * * * backup\n"
    fake_crontab.write_text(before, encoding="utf-8")
    assert danvan("schedule", "--install", "-o", plans.parent / "exports").exit_code == 0
    after = fake_crontab.read_text(encoding="utf-8")
    assert after.startswith(before) and after.count("\n") == before.count("\n") + 1
    assert danvan("schedule", "--remove").exit_code == 0
    assert fake_crontab.read_text(encoding="utf-8") == before


@pytest.mark.parametrize("case", ["out-inside-plans", "no-such-plans", "log-inside-plans"])
def test_17_a_schedule_that_could_never_succeed_is_not_installed(cli, plans, fake_crontab, case):
    fake_crontab.write_text("0 2 * * * backup\n", encoding="utf-8")
    args = {
        "out-inside-plans": ["--plans-dir", plans, "-o", plans / "exports"],
        "no-such-plans": ["--plans-dir", plans.parent / "nowhere", "-o", plans.parent / "exports"],
        "log-inside-plans": ["--plans-dir", plans, "-o", plans.parent / "exports", "--log", plans / "x.log"],
    }[case]
    result = cli("schedule", "--install", *args)
    assert result.exit_code in (1, 2) and result.stderr
    assert fake_crontab.read_text(encoding="utf-8") == "0 2 * * * backup\n"
    assert not (plans / "exports").exists() and not (plans / "x.log").exists()


# ---------------------------------------------------------------- hostile input, third campaign (issue 26, docs/reliability.md)


def test_the_crontab_lock_is_the_crontabs_own(cli, plans, fake_crontab, monkeypatch):
    """Another checkout's run (or test run) holding the lock of another crontab, or the lock every danvan of this
    user took before (<temp>/danvan-crontab-<user>.lock), never makes this one wait: the campaign saw test 15 fail
    with 'một lệnh danvan khác đang sửa crontab'."""
    import os
    import tempfile

    from filelock import FileLock

    monkeypatch.setattr("danvan_cli.schedule.CRONTAB_TIMEOUT", 1.0)
    user = os.getuid()
    others = [FileLock(str(Path(tempfile.gettempdir()) / f"danvan-crontab-{user}.lock"))]
    from danvan_cli import schedule

    with monkeypatch.context() as m:
        m.setattr(schedule, "_crontab", lambda: "/usr/bin/crontab")
        others.append(schedule._locked())  # the real crontab's lock, as another checkout would hold it
    for lock in others:
        lock.acquire()
    try:
        result = cli("schedule", "--install", "--plans-dir", plans)
    finally:
        for lock in others:
            lock.release()
    assert result.exit_code == 0, result.stderr
    assert fake_crontab.read_text(encoding="utf-8").count("# danvan-export") == 1
