"""Every read and write (files.py): no link followed, only regular files read, locks, files that must stay."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import NOT_HANDLED
from helpers import YEAR_DIR, progress_add

# ---------------------------------------------------------------- hostile input and faults, first and second rounds (docs/reliability.md)


def danvan_process(
    *args, cwd: Path, env: dict | None = None, timeout: float = 120, **kwargs
) -> subprocess.CompletedProcess:
    """`danvan ARGS…` in its own process (signals, FIFOs, hangs), asserting it printed no traceback."""
    result = subprocess.run(
        [sys.executable, "-m", "danvan_cli", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd,
        env={**os.environ, **(env or {})},
        timeout=timeout,
        **kwargs,
    )
    assert not any(mark in result.stderr for mark in NOT_HANDLED), result.stderr
    return result


def test_a_link_out_of_the_plans_folder_is_never_followed(danvan, plans, tmp_path):
    outside = tmp_path / "outside"
    shutil.copytree(plans / "mn-hung-an", outside)
    (plans / "lien-ket").symlink_to(outside, target_is_directory=True)
    before = {p: p.read_bytes() for p in outside.rglob("*") if p.is_file()}
    result = danvan(
        "progress",
        "add",
        "tuyen-truyen",
        "X",
        "--date",
        "2022-03-01",
        "--unit",
        "lien-ket",
        "--year",
        "2022",
    )
    assert result.exit_code == 1 and "là một liên kết (symlink)" in result.stderr
    assert {p: p.read_bytes() for p in outside.rglob("*") if p.is_file()} == before
    export = danvan("export", "-o", tmp_path / "exports", "--all", "--no-pdf", "--quiet")
    assert export.exit_code == 1 and "lien-ket" in export.stderr  # refused, and the real unit still exported
    assert (tmp_path / "exports/mn-hung-an/2022/KH-MNHA-2022-cong-tac-dan-van-chinh-quyen.docx").exists()


def test_07_final_never_writes_through_a_linked_year_folder(danvan, plans, tmp_path):
    outside = tmp_path / "ngoai"
    shutil.move(plans / "mn-hung-an/2022", outside)
    (plans / "mn-hung-an/2022").symlink_to(outside, target_is_directory=True)
    result = danvan("plan", "-o", tmp_path / "out", "--final")
    assert result.exit_code == 1 and "liên kết" in result.stderr
    assert not (outside / "so-van-ban-di.yaml").exists()
    assert danvan("validate").exit_code == 1


@pytest.mark.parametrize("linked", ["mn-hung-an/unit.yaml", "mn-hung-an/2022/reports", "mn-hung-an/2022/progress.yaml"])
def test_08_a_linked_file_or_folder_inside_the_plans_folder_is_refused(cli, danvan, plans, tmp_path, linked):
    shared = tmp_path / "chung" / Path(linked).name
    shared.parent.mkdir()
    shutil.move(plans / linked, shared)
    (plans / linked).symlink_to(shared, target_is_directory=shared.is_dir())
    before = {p: p.read_bytes() for p in shared.parent.rglob("*") if p.is_file()}
    for args in (["validate"], ["report", "--period", "6m", "-o", tmp_path / "out"]):
        result = cli(*args, "--plans-dir", plans)
        assert result.exit_code == 1 and "liên kết" in result.stderr, (args, result.stderr)
    add = danvan("progress", "add", "tuyen-truyen", "X", "--date", "2022-03-01")
    if not linked.endswith("reports"):  # (progress add reads no report narrative)
        assert add.exit_code == 1 and "liên kết" in add.stderr
    assert (plans / linked).is_symlink()  # never replaced by a private copy
    assert {p: p.read_bytes() for p in shared.parent.rglob("*") if p.is_file()} == before


@pytest.mark.parametrize("where", ["progress.yaml", "so-van-ban-di.yaml"])
def test_14_a_fifo_where_a_file_belongs_is_refused_not_waited_on(plans, tmp_path, where):
    fifo = plans / "mn-hung-an/2022" / where
    fifo.unlink(missing_ok=True)
    os.mkfifo(fifo)
    readers = {  # the commands that read the file, each refusing it at once instead of waiting on it
        "progress.yaml": [["progress", "add", "tuyen-truyen", "X", "--date", "2022-03-01"], ["status"], ["validate"]],
        "so-van-ban-di.yaml": [["plan", "--final", "-o", tmp_path / "out"], ["register"], ["validate"]],
    }
    for args in readers[where]:
        result = danvan_process(*args, "--plans-dir", plans, cwd=tmp_path, timeout=60)
        assert result.returncode == 1 and "FIFO" in result.stderr, (args, result.stderr)


def test_22_a_lock_that_cannot_be_made_is_the_machines_fault(cli, plans, monkeypatch):
    """A read-only plans folder: the lock cannot be created (root ignores modes, so the refusal is injected)."""
    import filelock

    def refused(self, *args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(filelock.FileLock, "acquire", refused)
    add = cli("progress", "add", "tuyen-truyen", "X", "--date", "2022-03-01", "--plans-dir", plans)
    assert add.exit_code == 3 and "khóa" in add.stderr and "không có quyền truy cập, EACCES" in add.stderr
    final = cli("plan", "--plans-dir", plans, "-o", plans.parent / "out", "--final")
    assert final.exit_code == 3 and "khóa" in final.stderr


@pytest.mark.parametrize("what", ["progress.yaml", "so-van-ban-di.yaml", "progress.yaml.lock", "so-van-ban-di.lock"])
def test_23_a_folder_where_a_file_belongs(danvan, plans, what):
    folder = (plans / "mn-hung-an" / what) if what == "so-van-ban-di.lock" else (plans / "mn-hung-an/2022" / what)
    if folder.exists():
        folder.unlink()
    folder.mkdir()
    add = danvan("progress", "add", "tuyen-truyen", "X", "--date", "2022-03-01")
    final = danvan("plan", "-o", plans.parent / "out", "--final")
    if what == "progress.yaml":
        assert add.exit_code == 1 and "thư mục" in add.stderr
    if what == "progress.yaml.lock":
        assert add.exit_code == 3 and "khóa" in add.stderr
    if what == "so-van-ban-di.yaml":
        assert final.exit_code == 1 and "thư mục" in final.stderr
    if what == "so-van-ban-di.lock":
        assert final.exit_code == 3 and "khóa" in final.stderr


# ---------------------------------------------------------------- hostile input, third round (docs/reliability.md)


@pytest.mark.skipif(not hasattr(os, "geteuid"), reason="file modes")
def test_20_a_read_only_log_is_left_as_it_is(cli, plans):
    log = plans / YEAR_DIR / "progress.yaml"
    before = log.read_bytes()
    log.chmod(0o444)
    result = progress_add(cli, plans, "tuyen-truyen", "x", "--date", "01/03/2022")
    assert result.exit_code == 1 and "chỉ đọc" in result.stderr
    assert log.read_bytes() == before and (log.stat().st_mode & 0o777) == 0o444
