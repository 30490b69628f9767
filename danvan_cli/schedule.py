"""`danvan schedule`: the crontab line that runs `danvan export`, printed, installed or removed.

The line carries absolute paths only (cron starts with PATH=/usr/bin:/bin, no LANG, another
folder) and ends in a marker naming its plans folder, so that installing twice changes nothing
and removing touches no other line.
"""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

from danvan_cli.errors import EnvironmentFailure, UsageProblem

DEFAULT_AT = "30 5 * * *"  # every day, early morning
MARKER = "# danvan-export"
_FIELD = re.compile(r"^(\*|[0-9A-Za-z]+(-[0-9A-Za-z]+)?)(/[0-9]+)?(,(\*|[0-9A-Za-z]+(-[0-9A-Za-z]+)?)(/[0-9]+)?)*$")


def danvan_command() -> list[str]:
    """The installed `danvan` by absolute path (the console script beside this Python), else `python -m danvan_cli`."""
    script = Path(sys.executable).parent / ("danvan.exe" if sys.platform.startswith("win") else "danvan")
    if script.is_file():
        return [str(script)]
    return [sys.executable, "-m", "danvan_cli"]


def check_at(at: str) -> str:
    fields = at.split()
    if at.strip().startswith("@") and len(fields) == 1:
        return at.strip()
    if len(fields) != 5 or not all(_FIELD.match(f) for f in fields):
        raise UsageProblem(
            f"--at '{at}' không phải lịch cron hợp lệ: cần 5 trường 'phút giờ ngày tháng thứ', ví dụ \"30 5 * * *\" (5 giờ 30 mỗi ngày)"
        )
    return " ".join(fields)


def marker(plans_dir: Path) -> str:
    return f"{MARKER} {plans_dir.resolve()}"


def cron_line(plans_dir: Path, out: Path, log: Path, at: str = DEFAULT_AT) -> str:
    command = [
        *danvan_command(),
        "export",
        "--plans-dir",
        str(plans_dir.resolve()),
        "--out",
        str(out.resolve()),
        "--quiet",
        "--log",
        str(log.resolve()),
    ]
    text = " ".join(shlex.quote(part) for part in command)
    # In a crontab line an unescaped % ends the command.
    return f"{check_at(at)} {text.replace('%', chr(92) + '%')} {marker(plans_dir)}"


def _crontab() -> str:
    found = shutil.which("crontab") or next(
        (p for p in ("/usr/bin/crontab", "/bin/crontab") if Path(p).is_file()), None
    )
    if not found:
        raise EnvironmentFailure("không có lệnh crontab trên máy này (Debian/Ubuntu: apt-get install cron)")
    return found


def current_crontab() -> str:
    result = subprocess.run([_crontab(), "-l"], capture_output=True, text=True, encoding="utf-8")
    if result.returncode != 0:
        if "no crontab" in result.stderr.lower():
            return ""
        raise EnvironmentFailure(f"không đọc được crontab: {result.stderr.strip()}")
    return result.stdout


def _write_crontab(text: str) -> None:
    result = subprocess.run([_crontab(), "-"], input=text, capture_output=True, text=True, encoding="utf-8")
    if result.returncode != 0:
        raise EnvironmentFailure(f"không ghi được crontab: {result.stderr.strip()}")


def without_ours(text: str, plans_dir: Path) -> list[str]:
    mark = marker(plans_dir)
    return [line for line in text.splitlines() if not line.rstrip().endswith(mark)]


def install(line: str, plans_dir: Path) -> bool:
    """Add (or replace) our line, keeping every other line; returns False when it was already there."""
    text = current_crontab()
    if line in text.splitlines():
        return False
    _write_crontab("\n".join([*without_ours(text, plans_dir), line]) + "\n")
    return True


def remove(plans_dir: Path) -> bool:
    text = current_crontab()
    kept = without_ours(text, plans_dir)
    if len(kept) == len(text.splitlines()):
        return False
    _write_crontab("\n".join(kept) + ("\n" if kept else ""))
    return True
