"""The progress log (plans/<unit>/<year>/progress.yaml): read it, check it against the plan, append to it.

The log is append-only and the user's own file: `append_entry` never rewrites a byte that is
there. It adds text at the end, under a lock, through an atomic replace, and only after the
whole new file has been parsed and validated.
"""

from __future__ import annotations

import datetime as dt
import difflib
from dataclasses import dataclass, field
from pathlib import Path

from danvan_cli.errors import DanvanError, EnvironmentFailure, InputError, Problem, Warning_, display_path
from danvan_cli.loading import validate
from danvan_cli.output import write_atomic
from danvan_cli.yamlsource import Source, decode_user_text, parse_text, quote, read_user_bytes, read_user_text

PROGRESS_FILE = "progress.yaml"
LOCK_TIMEOUT = 30.0
HEADER = """\
# Nhật ký tiến độ: mỗi mục là một việc đã làm cho một nhiệm vụ của kế hoạch, mục cũ ở trên, mục mới ở dưới.
# Thêm mục bằng: danvan progress add <mã nhiệm vụ> "việc đã làm" (hoặc viết tay theo mẫu các mục có sẵn).
# Các khóa: nhiem_vu (mã nhiệm vụ), ngay (YYYY-MM-DD), ket_qua (việc đã làm), trang_thai (chưa thực hiện /
# đang thực hiện / hoàn thành / tạm dừng), phan_tram (0–100), so_lieu (tên số liệu: con số),
# minh_chung (biên bản, công văn số…), kho_khan (khó khăn, vướng mắc).
"""


@dataclass
class ProgressLog:
    entries: list  # models.ProgressEntry, in file order
    source: Source | None
    warnings: list[Warning_] = field(default_factory=list)

    def for_task(self, task_id: str) -> list:
        return [e for e in self.entries if e.nhiem_vu == task_id]


def progress_path(year_dir: Path) -> Path:
    return year_dir / PROGRESS_FILE


def _nearest(task_id: str, known: list[str]) -> str:
    close = difflib.get_close_matches(task_id, known, n=3, cutoff=0.4)
    return f"; có phải ý bạn là: {', '.join(close)}?" if close else f"; các mã có trong kế hoạch: {', '.join(known)}"


def check_entries(data: list, source: Source, plan, year: int, today: dt.date) -> list[Problem]:
    """Each entry names a task of the plan and a date that makes sense for the plan's year.

    Works on the file's raw data, so that these problems are reported together with any other
    mistake of the same entries, not one run later."""
    known = [t.ma for t in plan.tasks]
    problems = []
    for i, item in enumerate(data if isinstance(data, list) else []):
        if not isinstance(item, dict):
            continue
        task = item.get("nhiem_vu")
        if isinstance(task, str) and task not in known:
            problems.append(
                source.problem(
                    (i, "nhiem_vu"), f"kế hoạch năm {year} không có nhiệm vụ '{task}'{_nearest(task, known)}"
                )
            )
        try:
            day = dt.date.fromisoformat(str(item.get("ngay")))
        except ValueError:
            continue  # the model reports a date it cannot read
        if day > today:
            problems.append(
                source.problem(
                    (i, "ngay"), f"ngày {day.isoformat()} ở sau hôm nay ({today.isoformat()}): chỉ ghi việc đã làm"
                )
            )
        elif not year - 1 <= day.year <= year + 1:
            problems.append(
                source.problem(
                    (i, "ngay"), f"ngày {day.isoformat()} không thuộc năm kế hoạch {year}; hãy kiểm tra lại năm"
                )
            )
    return problems


def parse_log(path: Path, text: str, plan, year: int, today: dt.date) -> ProgressLog:
    from danvan_cli.models import ProgressLog as Model

    source = parse_text(path, text, allow_empty=True)
    if source.data is None:
        return ProgressLog([], source, source.warnings)
    problems = check_entries(source.data, source, plan, year, today)
    try:
        entries = validate(source, Model).root
    except InputError as exc:
        raise InputError(exc.problems + problems) from None
    if problems:
        raise InputError(problems)
    return ProgressLog(entries, source, source.warnings)


def load_log(year_dir: Path, plan, year: int, today: dt.date | None = None) -> ProgressLog:
    """The year's log, or an empty one where the unit has recorded nothing yet."""
    path = progress_path(year_dir)
    if not path.is_file():
        return ProgressLog([], None)
    return parse_log(path, read_user_text(path), plan, year, today or dt.date.today())


# ---------------------------------------------------------------- appending


def entry_text(entry: dict, indent: int = 0) -> str:
    """One entry as a YAML block item, keys in the model's order, values quoted so they read back exactly."""
    pad = " " * indent
    lines = [
        f"{pad}- nhiem_vu: {entry['nhiem_vu']}",
        f"{pad}  ngay: {entry['ngay'].isoformat()}",
        f"{pad}  ket_qua: {quote(entry['ket_qua'])}",
    ]
    if entry.get("trang_thai"):
        lines.append(f"{pad}  trang_thai: {quote(entry['trang_thai'])}")
    if entry.get("phan_tram") is not None:
        lines.append(f"{pad}  phan_tram: {entry['phan_tram']}")
    if entry.get("so_lieu"):
        lines.append(f"{pad}  so_lieu:")
        lines += [f"{pad}    {quote(name)}: {_number(value)}" for name, value in entry["so_lieu"].items()]
    if entry.get("minh_chung"):
        lines.append(f"{pad}  minh_chung:")
        lines += [f"{pad}    - {quote(e)}" for e in entry["minh_chung"]]
    if entry.get("kho_khan"):
        lines.append(f"{pad}  kho_khan: {quote(entry['kho_khan'])}")
    return "\n".join(lines) + "\n"


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def _list_indent(source: Source) -> int:
    """The column the file's own list items start at, so that an appended item lines up with them."""
    return source.value_at[()][1] - 1 if source.data else 0


def append_entry(year_dir: Path, entry: dict, plan, year: int, today: dt.date | None = None) -> Path:
    """Add one entry at the end of the log; the old bytes stay an exact prefix of the new file."""
    from filelock import FileLock, Timeout

    today = today or dt.date.today()
    path = progress_path(year_dir)
    lock = FileLock(str(path) + ".lock", timeout=LOCK_TIMEOUT)
    try:
        with lock:
            old = read_user_bytes(path) if path.exists() else HEADER.encode("utf-8")
            old_text = decode_user_text(path, old)
            log = parse_log(path, old_text, plan, year, today)  # a broken file is refused and left as it is
            if log.source is not None and log.source.data is not None and _is_flow_list(old_text):
                raise InputError(
                    [
                        Problem(
                            display_path(path),
                            1,
                            1,
                            "nhật ký đang viết dạng [ … ] trên một dòng; hãy viết mỗi mục bắt đầu bằng '- ' để thêm được mục mới",
                        )
                    ]
                )
            separator = b"" if old.endswith(b"\n") or not old else b"\n"
            addition = entry_text(entry, _list_indent(log.source) if log.source else 0).encode("utf-8")
            new = old + separator + addition
            parse_log(path, decode_user_text(path, new), plan, year, today)  # the result must read back whole
            write_atomic(path, new)
    except Timeout:
        raise EnvironmentFailure(
            f"{display_path(path)}: tệp đang được ghi bởi một lệnh khác quá {LOCK_TIMEOUT:g} giây; hãy thử lại"
        ) from None
    return path


def _is_flow_list(text: str) -> bool:
    body = [line for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    return bool(body) and body[0].lstrip().startswith("[")


# ---------------------------------------------------------------- the command line's view


class UnknownTask(DanvanError):
    """A task id the plan does not have (exit 1: the data decides what exists)."""

    exit_code = 1


def _status_value(text: str) -> str:
    from danvan_cli.errors import UsageProblem
    from danvan_cli.models import STATUSES
    from danvan_cli.vnformat import fold_diacritics

    wanted = fold_diacritics(text).lower().strip()
    for status in STATUSES:
        if fold_diacritics(status) == wanted:
            return status
    raise UsageProblem(f"--status '{text}' không hợp lệ; chỉ dùng một trong: {', '.join(STATUSES)}")


def _figure(text: str) -> tuple[str, float]:
    from danvan_cli.errors import UsageProblem

    name, sep, number = text.rpartition("=")
    try:
        if not sep or not name.strip():
            raise ValueError
        value = float(number.strip().replace(",", "."))
        if value < 0:
            raise ValueError
    except ValueError:
        raise UsageProblem(
            f"--figure '{text}' không đúng dạng TÊN=SỐ (số không âm), ví dụ: \"số buổi tuyên truyền=2\""
        ) from None
    return " ".join(name.split()), int(value) if value.is_integer() else value


def entry_from_options(
    plan, year: int, task: str, result: str, *, day: dt.date, status, percent, figures, evidence, difficulty
) -> dict:
    """A new entry from `progress add`'s arguments, checked as the file's entries are."""
    from danvan_cli.errors import UsageProblem

    known = [t.ma for t in plan.tasks]
    if task not in known:
        raise UnknownTask(f"kế hoạch không có nhiệm vụ '{task}'{_nearest(task, known)}")
    if day > dt.date.today():
        raise UsageProblem(f"--date {day.isoformat()} ở sau hôm nay: chỉ ghi việc đã làm")
    if not year - 1 <= day.year <= year + 1:
        raise UsageProblem(
            f"ngày {day.isoformat()} không thuộc kế hoạch năm {year}; hãy ghi ngày làm việc đó bằng --date YYYY-MM-DD (mặc định là hôm nay)"
        )
    if percent is not None and not 0 <= percent <= 100:
        raise UsageProblem(f"--percent {percent} không hợp lệ; mức độ hoàn thành từ 0 đến 100")
    if not result.strip():
        raise UsageProblem("cần nội dung việc đã làm (đối số thứ hai)")
    return {
        "nhiem_vu": task,
        "ngay": day,
        "ket_qua": result,
        "trang_thai": _status_value(status) if status else None,
        "phan_tram": percent,
        "so_lieu": dict(_figure(f) for f in figures),
        "minh_chung": [e for e in evidence if e.strip()],
        "kho_khan": difficulty,
    }


def list_lines(plan, log: ProgressLog, year: int, *, task: str | None = None, period: str | None = None) -> list[str]:
    """`progress list`: one line per entry, with its figures and evidence."""
    from danvan_cli.context import figures_text
    from danvan_cli.periods import report_period
    from danvan_cli.vnformat import collapse_whitespace, short_date

    known = [t.ma for t in plan.tasks]
    if task and task not in known:
        raise UnknownTask(f"kế hoạch không có nhiệm vụ '{task}'{_nearest(task, known)}")
    entries = log.for_task(task) if task else list(log.entries)
    if period:
        window = report_period(plan, period, year)
        entries = [e for e in entries if window.covers(e.ngay)]
    lines = []
    for e in entries:
        line = f"{short_date(e.ngay)}  {e.nhiem_vu}: {collapse_whitespace(e.ket_qua)}"
        details = [
            x
            for x in (e.trang_thai, f"{e.phan_tram}%" if e.phan_tram is not None else None, figures_text(e.so_lieu))
            if x
        ]
        if details:
            line += f" [{'; '.join(details)}]"
        lines.append(line)
    lines.append(f"({len(entries)} mục)")
    return lines
