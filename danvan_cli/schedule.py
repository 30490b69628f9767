"""`danvan schedule`: the crontab line that runs `danvan export`, printed, installed or removed.

The line carries absolute paths only (cron starts with PATH=/usr/bin:/bin, no LANG, another
folder) and ends in a marker naming its plans folder. A line is danvan's only when it has the whole
shape danvan writes, so installing twice changes nothing and removing touches no other line, not
even one of the user's that happens to end in the same words. The crontab is read, changed and
written under a lock, and read again to confirm.
"""

from __future__ import annotations

import hashlib
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from filelock import FileLock, Timeout

from danvan_cli.errors import EnvironmentFailure, ValueNotAllowed, display_path, reason
from danvan_cli.export import check_folders, log_inside_plans
from danvan_cli.workspace import Workspace

DEFAULT_AT = "30 5 * * *"  # every day, early morning
MARKER = "# danvan-export"
CRONTAB_TIMEOUT = float(os.environ.get("DANVAN_CRONTAB_TIMEOUT", "30"))
MACROS = ("@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly")
# (name in messages, lowest, highest, names allowed)
FIELDS = [
    ("phút", 0, 59, {}),
    ("giờ", 0, 23, {}),
    ("ngày trong tháng", 1, 31, {}),
    (
        "tháng",
        1,
        12,
        {
            m: i
            for i, m in enumerate(
                ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1
            )
        },
    ),
    ("thứ trong tuần", 0, 7, {d: i for i, d in enumerate(["sun", "mon", "tue", "wed", "thu", "fri", "sat"])}),
]
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def danvan_command() -> list[str]:
    """The installed `danvan` by absolute path (the console script beside this Python), else `python -m danvan_cli`."""
    script = Path(sys.executable).parent / ("danvan.exe" if sys.platform.startswith("win") else "danvan")
    if script.is_file():
        return [str(script)]
    return [sys.executable, "-m", "danvan_cli"]


def _field_value(text: str, low: int, high: int, names: dict[str, int]) -> int:
    value = names.get(text.lower()) if not text.isdigit() else int(text)
    if value is None or not low <= value <= high:
        raise ValueError
    return value


def _check_field(text: str, name: str, low: int, high: int, names: dict[str, int]) -> None:
    """One cron field: *, */n, a, a-b, a-b/n, and lists of those, each number in the field's range."""
    for part in text.split(","):
        base, _, step = part.partition("/")
        if step and (not step.isdigit() or not 1 <= int(step) <= high - low + 1):
            raise ValueNotAllowed(f"bước '/{step}' của trường {name} không hợp lệ", "lich")
        if base == "*":
            continue
        first, dash, last = base.partition("-")
        try:
            a = _field_value(first, low, high, names)
            b = _field_value(last, low, high, names) if dash else a
        except ValueError:
            raise ValueNotAllowed(
                f"trường {name} có giá trị '{part}' không hợp lệ; chỉ dùng {low}–{high}, '*', 'a-b', '*/n'", "lich"
            ) from None
        if b < a:
            raise ValueNotAllowed(f"khoảng '{base}' của trường {name} ngược chiều", "lich")


def check_at(at: str) -> str:
    """A cron schedule: five fields (phút giờ ngày tháng thứ), each checked against its range, or a macro."""
    fields = at.split()
    if len(fields) == 1 and fields[0].lower() in MACROS:
        return fields[0].lower()
    if len(fields) != 5:
        raise ValueNotAllowed(
            f"'{at}' không phải lịch cron hợp lệ: cần 5 trường 'phút giờ ngày tháng thứ', ví dụ \"30 5 * * *\" "
            "(5 giờ 30 mỗi ngày)",
            "lich",
        )
    for text, (name, low, high, names) in zip(fields, FIELDS, strict=True):
        _check_field(text, name, low, high, names)
    return " ".join(fields)


def _check_path(about: str, path: Path) -> str:
    """A path for the crontab line: a control character (a newline above all) would start a new line of the
    crontab, which cron would run as a command."""
    text = str(path.resolve())
    if _CONTROL.search(text):
        raise ValueNotAllowed(
            about=about,
            message="đường dẫn có ký tự điều khiển (ví dụ xuống dòng); không đưa vào lịch cron. Hãy đổi tên thư mục",
        )
    return text


def marker(plans_dir: Path) -> str:
    return f"{MARKER} plans={shlex.quote(_check_path('thu_muc_ke_hoach', plans_dir))}"


def export_command(plans_dir: Path, out: Path, log: Path) -> list[str]:
    """What the schedule runs, cron or Task Scheduler alike: a quiet export, logged, by absolute paths."""
    return [
        *danvan_command(),
        "export",
        "--plans-dir",
        _check_path("thu_muc_ke_hoach", plans_dir),
        "--out",
        _check_path("thu_muc_xuat", out),
        "--quiet",
        "--log",
        _check_path("nhat_ky", log),
    ]


def cron_line(plans_dir: Path, out: Path, log: Path, at: str = DEFAULT_AT) -> str:
    text = " ".join(shlex.quote(part) for part in export_command(plans_dir, out, log))
    # In a crontab line an unescaped % ends the command.
    return f"{check_at(at)} {text.replace('%', chr(92) + '%')} {marker(plans_dir)}"


def is_ours(line: str, plans_dir: Path) -> bool:
    """Whether `line` is one danvan wrote for `plans_dir`: the whole shape, not just its last words.
    (Lines of danvan 0.1, whose marker named the folder unquoted, are recognised too.)"""
    plans = str(plans_dir.resolve())
    if not line.rstrip().endswith((marker(plans_dir), f"{MARKER} {plans}")):
        return False
    fields = line.split(None, 1 if line.startswith("@") else 5)
    try:
        check_at(" ".join(fields[:-1]))
        tokens = shlex.split(fields[-1].replace(chr(92) + "%", "%"))
    except (ValueNotAllowed, ValueError, IndexError):
        return False
    if "export" not in tokens:
        return False
    k = tokens.index("export")
    shape = ["--plans-dir", plans, "--out", None, "--quiet", "--log", None, "#", "danvan-export"]
    tail = tokens[k + 1 :]
    return (
        len(tail) == len(shape) + 1
        and all(want is None or got == want for got, want in zip(tail[:-1], shape, strict=True))
        and tail[-1] in (f"plans={plans}", plans)
    )


# ---------------------------------------------------------------- the crontab itself


def _crontab() -> str:
    found = shutil.which("crontab") or next(
        (p for p in ("/usr/bin/crontab", "/bin/crontab") if Path(p).is_file()), None
    )
    if not found:
        raise EnvironmentFailure("không có lệnh crontab trên máy này (Debian/Ubuntu: apt-get install cron)")
    return found


def _run(args: list[str], data: bytes | None = None) -> subprocess.CompletedProcess:
    try:
        return subprocess.run(args, input=data, capture_output=True, timeout=CRONTAB_TIMEOUT)
    except subprocess.TimeoutExpired:
        raise EnvironmentFailure(
            f"lệnh crontab không trả lời sau {CRONTAB_TIMEOUT:g} giây; lịch không thay đổi"
        ) from None
    except OSError as exc:
        raise EnvironmentFailure(f"không chạy được lệnh crontab ({reason(exc)})") from None


def current_crontab() -> str:
    """The user's crontab; bytes that are not UTF-8 are kept as they are (surrogateescape) and written back."""
    result = _run([_crontab(), "-l"])
    if result.returncode != 0:
        message = result.stderr.decode("utf-8", "replace")
        if "no crontab" in message.lower():
            return ""
        raise EnvironmentFailure(f"không đọc được crontab: {message.strip()}")
    return result.stdout.decode("utf-8", "surrogateescape")


def _lines(text: str) -> list[str]:
    """The crontab's lines, parted at newlines only: str.splitlines() would also part them at a form feed or a
    Unicode line separator inside a comment, and writing them back would turn that comment's tail into a job."""
    lines = text.split("\n")
    return lines[:-1] if lines and lines[-1] == "" else lines


def _write_crontab(text: str) -> None:
    result = _run([_crontab(), "-"], text.encode("utf-8", "surrogateescape"))
    if result.returncode != 0:
        raise EnvironmentFailure(f"không ghi được crontab: {result.stderr.decode('utf-8', 'replace').strip()}")


def _locked():
    """One danvan at a time changes a crontab (read, change, write, read again). The lock is the crontab's own: named
    after the user and the `crontab` command that keeps the table, so every danvan changing the same crontab waits
    for the others, and nothing else waits for them (a stand-in crontab, as the tests use, has a lock of its own)."""

    user = os.getuid() if hasattr(os, "getuid") else os.environ.get("USERNAME", "user")
    command = hashlib.sha256(os.path.realpath(_crontab()).encode("utf-8", "surrogateescape")).hexdigest()[:12]
    lock = Path(tempfile.gettempdir()) / f"danvan-crontab-{user}-{command}.lock"
    return FileLock(str(lock), timeout=CRONTAB_TIMEOUT)


def install(line: str, plans_dir: Path) -> bool:
    """Add (or replace) our line, keeping every other line; returns False when it was already there."""

    try:
        with _locked():
            text = current_crontab()
            if line in _lines(text):
                return False
            kept = [existing for existing in _lines(text) if not is_ours(existing, plans_dir)]
            _write_crontab("\n".join([*kept, line]) + "\n")
            if _lines(current_crontab()).count(line) != 1:
                raise EnvironmentFailure(
                    "đã ghi crontab nhưng đọc lại không thấy dòng lịch của danvan; hãy kiểm tra bằng crontab -l"
                )
            return True
    except Timeout:
        raise EnvironmentFailure("một lệnh danvan khác đang sửa crontab; hãy thử lại") from None


def remove(plans_dir: Path) -> bool:
    """Remove danvan's line for `plans_dir` (whole lines of the shape danvan writes, nothing else)."""

    try:
        with _locked():
            text = current_crontab()
            kept = [line for line in _lines(text) if not is_ours(line, plans_dir)]
            if len(kept) == len(_lines(text)):
                return False
            _write_crontab("\n".join(kept) + ("\n" if kept else ""))
            if any(is_ours(line, plans_dir) for line in _lines(current_crontab())):
                raise EnvironmentFailure(
                    "đã ghi crontab nhưng dòng lịch của danvan vẫn còn; hãy kiểm tra bằng crontab -l"
                )
            return True
    except Timeout:
        raise EnvironmentFailure(
            f"một lệnh danvan khác đang sửa crontab ({display_path(plans_dir)}); hãy thử lại"
        ) from None


def check_installable(ws: Workspace, out: Path, log: Path) -> None:
    """A schedule that could never succeed is not installed: the export folder must be one danvan can write,
    and the run log must stay out of the plans folder."""

    check_folders(ws, out)
    if log_inside_plans(log, ws.plans_dir):
        raise ValueNotAllowed(
            f"'{display_path(log)}': tệp nhật ký nằm trong thư mục kế hoạch; hãy chọn chỗ khác", "nhat_ky"
        )


# ---------------------------------------------------------------- Windows: the Task Scheduler (schtasks)


def task_name(plans_dir: Path) -> str:
    """One task per plans folder, named after it so that two folders never share one."""

    digest = hashlib.sha256(_check_path("thu_muc_ke_hoach", plans_dir).encode("utf-8")).hexdigest()[:8]
    return f"danvan-export-{digest}"


def daily_time(at: str) -> str:
    """The Task Scheduler runs danvan daily, as the default crontab line does: 'phút giờ * * *' → 'HH:MM'."""
    fields = check_at(at).split()
    if len(fields) != 5 or fields[2:] != ["*", "*", "*"] or not fields[0].isdigit() or not fields[1].isdigit():
        raise ValueNotAllowed(
            about="lich",
            message=f"'{at}': Task Scheduler của Windows chỉ đặt lịch hằng ngày, dạng \"phút giờ * * *\", ví dụ "
            '"30 5 * * *"',
        )
    return f"{int(fields[1]):02d}:{int(fields[0]):02d}"


def task_command(plans_dir: Path, out: Path, log: Path) -> str:
    """What the task runs: the same export as the crontab line, quiet, logging to `log`."""
    return subprocess.list2cmdline(export_command(plans_dir, out, log))


def schtasks_create(plans_dir: Path, out: Path, log: Path, at: str = DEFAULT_AT) -> list[str]:
    return [
        "schtasks", "/Create", "/F", "/SC", "DAILY", "/ST", daily_time(at), "/TN", task_name(plans_dir),
        "/TR", task_command(plans_dir, out, log),
    ]  # fmt: skip


def _schtasks(args: list[str]) -> subprocess.CompletedProcess:
    found = shutil.which("schtasks")
    if found is None:
        raise EnvironmentFailure("không tìm thấy lệnh schtasks (Task Scheduler của Windows)")
    try:
        return subprocess.run([found, *args[1:]], capture_output=True, timeout=CRONTAB_TIMEOUT, check=False)
    except subprocess.TimeoutExpired:
        raise EnvironmentFailure(f"lệnh schtasks không trả lời sau {CRONTAB_TIMEOUT:g} giây") from None
    except OSError as exc:
        raise EnvironmentFailure(f"không chạy được lệnh schtasks ({reason(exc)})") from None


def install_task(plans_dir: Path, out: Path, log: Path, at: str = DEFAULT_AT) -> None:
    result = _schtasks(schtasks_create(plans_dir, out, log, at))
    if result.returncode != 0:
        raise EnvironmentFailure(f"schtasks không tạo được lịch ({result.stderr.decode('utf-8', 'replace').strip()})")


def remove_task(plans_dir: Path) -> bool:
    """Remove the task of `plans_dir`; False when there was none."""
    name = task_name(plans_dir)
    if _schtasks(["schtasks", "/Query", "/TN", name]).returncode != 0:
        return False
    result = _schtasks(["schtasks", "/Delete", "/F", "/TN", name])
    if result.returncode != 0:
        raise EnvironmentFailure(f"schtasks không gỡ được lịch ({result.stderr.decode('utf-8', 'replace').strip()})")
    return True
