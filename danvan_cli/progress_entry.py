"""`progress add`: an entry made from the command's options (figures typed as documents print them), written as the
log's own lines and appended under a lock, after the whole new file is parsed and checked."""

from __future__ import annotations

import datetime as dt
import unicodedata
from decimal import Decimal
from pathlib import Path

from filelock import FileLock, Timeout
from pydantic import ValidationError

from danvan_cli.errors import (
    EnvironmentFailure,
    InputError,
    Problem,
    UnknownTask,
    UsageProblem,
    display_path,
    reason,
)
from danvan_cli.figures import FigureBook, value_problem
from danvan_cli.files import present, write_atomic
from danvan_cli.loading import LoadedPlan
from danvan_cli.models import MAX_FIGURE, STATUSES, Plan, ProgressEntry
from danvan_cli.progress import HEADER, LOCK_TIMEOUT, _nearest, parse_log, task_ids
from danvan_cli.vnformat import (
    fold_diacritics,
    parse_number,
    shorten,
    typed_date,
)
from danvan_cli.vnformat import number as number_text
from danvan_cli.yamlsource import Source, decode_user_text, quote, read_user_bytes


def entry_text(entry: dict, indent: int = 0) -> str:
    """One entry as a YAML block item, keys in the model's order, values quoted so they read back exactly."""
    pad = " " * indent
    first = f"nhiem_vu: {entry['nhiem_vu']}" if entry.get("nhiem_vu") else f"linh_vuc: {quote(entry['linh_vuc'])}"
    lines = [
        f"{pad}- {first}",
        f"{pad}  ngay: {entry['ngay'].isoformat()}",
        f"{pad}  ket_qua: {quote(entry['ket_qua'])}",
    ]
    if entry.get("trang_thai"):
        lines.append(f"{pad}  trang_thai: {quote(entry['trang_thai'])}")
    if entry.get("phan_tram") is not None:
        lines.append(f"{pad}  phan_tram: {entry['phan_tram']}")
    for key in ("so_lieu", "so_lieu_moi"):
        if entry.get(key):
            lines.append(f"{pad}  {key}:")
            lines += [f"{pad}    {quote(name)}: {_number(value)}" for name, value in entry[key].items()]
    if entry.get("minh_chung"):
        lines.append(f"{pad}  minh_chung:")
        lines += [f"{pad}    - {quote(e)}" for e in entry["minh_chung"]]
    for key in ("kho_khan", "nguyen_nhan", "dien_hinh"):
        if entry.get(key):
            lines.append(f"{pad}  {key}: {quote(entry[key])}")
    if entry.get("chi_dao"):
        lines.append(f"{pad}  chi_dao: true")
    return "\n".join(lines) + "\n"


def _number(value) -> str:
    """A figure as the YAML reader reads it back: a whole number plain, a decimal as Vietnamese text ("1,5"),
    every digit kept."""
    if value == int(value):
        return str(int(value))
    return quote(number_text(value))


def _list_indent(source: Source) -> int:
    """The column the file's own list items start at, so that an appended item lines up with them."""
    return source.value_at[()][1] - 1 if source.data else 0


def append_entry(loaded: LoadedPlan, entry: dict, today: dt.date | None = None) -> Path:
    """Add one entry at the end of the log; the old bytes stay an exact prefix of the new file."""

    today = today or dt.date.today()
    plan, year, start = loaded.plan, loaded.year, loaded.calendar.start
    path = loaded.ws.inside(loaded.progress_file)
    lock = FileLock(str(path) + ".lock", timeout=LOCK_TIMEOUT)
    try:
        with lock:
            old = read_user_bytes(path) if present(path) else HEADER.encode("utf-8")
            old_text = decode_user_text(path, old)
            book = loaded.figure_book
            log = parse_log(path, old_text, plan, year, today, start, book)  # a broken file is refused, left as it is
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
            # the file's own line endings (Notepad's CRLF stays CRLF, so the file is never of two kinds)
            newline = b"\r\n" if b"\r\n" in old[-4096:] else b"\n"
            separator = b"" if old.endswith(b"\n") or not old else newline
            addition = entry_text(entry, _list_indent(log.source) if log.source else 0).encode("utf-8")
            addition = addition.replace(b"\n", newline)
            new = old + separator + addition
            parse_log(path, decode_user_text(path, new), plan, year, today, start, book)  # it must read back whole
            write_atomic(path, new, root=loaded.ws.plans_dir)
    except Timeout:
        raise EnvironmentFailure(
            f"{display_path(path)}: tệp đang được ghi bởi một lệnh khác quá {LOCK_TIMEOUT:g} giây; hãy thử lại"
        ) from None
    except OSError as exc:  # the lock cannot be made: a read-only folder, or a folder where the lock should be
        raise EnvironmentFailure(
            f"{display_path(path)}.lock: không tạo được khóa ghi ({reason(exc)}); nhật ký không bị thay đổi"
        ) from None
    return path


def _is_flow_list(text: str) -> bool:
    body = [line for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    return bool(body) and body[0].lstrip().startswith("[")


def _status_value(text: str) -> str:

    wanted = fold_diacritics(text).lower().strip()
    for status in STATUSES:
        if fold_diacritics(status) == wanted:
            return status
    raise UsageProblem(f"--status '{text}' không hợp lệ; chỉ dùng một trong: {', '.join(STATUSES)}")


def _figure(text: str) -> tuple[str, int | Decimal]:
    """`--figure "số lượt người=1.200"`: the name, and the number read as the documents print it."""

    name, sep, written = text.rpartition("=")
    name = _argument_text("--figure", name)
    if not sep or not name:
        raise UsageProblem(f"--figure '{shorten(text)}' không đúng dạng TÊN=SỐ, ví dụ: \"số buổi tuyên truyền=2\"")
    try:
        value = parse_number(written)
    except ValueError as exc:
        raise UsageProblem(f"--figure '{shorten(text)}': {exc}") from None
    if not 0 <= value <= MAX_FIGURE:
        raise UsageProblem(f"--figure '{shorten(text)}': số liệu phải từ 0 đến {number_text(MAX_FIGURE)}")
    return name, value


def _argument_text(option: str, text: str) -> str:
    """Text from the command line as the log keeps it (NFC, spaces collapsed); a control character, which
    no keyboard types on purpose, is refused naming the option rather than written into the log."""

    bad = next((c for c in text if unicodedata.category(c) == "Cc" and c not in "\t\n\r"), None)
    if bad is not None:
        raise UsageProblem(
            f"{option}: có ký tự điều khiển U+{ord(bad):04X} (không in được); hãy gõ lại nội dung, không dán ký tự lạ"
        )
    return " ".join(unicodedata.normalize("NFC", text).split())


def _figures(texts: list[str]) -> dict:
    """Every --figure, each name once: two values for one figure would leave one of them unsaid."""

    figures: dict = {}
    seen: dict[str, str] = {}
    for text in texts:
        name, value = _figure(text)
        key = name.casefold()
        if key in seen:
            raise UsageProblem(
                f"--figure '{shorten(name)}' được ghi hai lần ('{shorten(seen[key])}'); mỗi số liệu ghi một lần, "
                "với tổng của nó"
            )
        seen[key] = text
        figures[name] = value
    return figures


# Which option of `progress add` gave each field, to name it when the field is refused.
_OPTIONS = {
    "nhiem_vu": "mã nhiệm vụ",
    "ngay": "--date",
    "ket_qua": "nội dung việc đã làm",
    "trang_thai": "--status",
    "phan_tram": "--percent",
    "so_lieu": "--figure",
    "minh_chung": "--evidence",
    "kho_khan": "--kho-khan",
    "nguyen_nhan": "--nguyen-nhan",
    "dien_hinh": "--dien-hinh",
}


def entry_from_options(
    plan: Plan | None,
    task: str | None,
    result: str,
    *,
    day: dt.date,
    status,
    percent,
    figures,
    evidence,
    difficulty,
    heading: str | None = None,
    cause: str | None = None,
    example: str | None = None,
    directing: bool = False,
    new_figures: bool = False,
    book: FigureBook | None = None,
) -> tuple[dict, list[str]]:
    """A new entry from `progress add`'s arguments, checked as the file's entries are, before anything is written:
    a mistake is the command line's (exit 2), never a line of the log the file does not have. Returns the entry
    and the warnings to print (a new figure recorded with --moi)."""

    known = task_ids(plan)
    if heading is None and task is None:
        raise UsageProblem("cần mã nhiệm vụ, hoặc --linh-vuc (đầu mục tự do) cho việc không thuộc nhiệm vụ nào")
    if task is not None and plan is None:
        raise UnknownTask(
            f"đơn vị không có kế hoạch năm nay nên không có nhiệm vụ '{shorten(task)}'; ghi việc dưới một đầu mục tự do: "
            'danvan progress add --linh-vuc "Công tác tuyên truyền" "việc đã làm"'
        )
    if task is not None and task not in known:
        raise UnknownTask(f"kế hoạch không có nhiệm vụ '{shorten(task)}'{_nearest(task, known)}")
    if day > dt.date.today():
        raise UsageProblem(f"--date {typed_date(day)} ở sau hôm nay: chỉ ghi việc đã làm")
    if percent is not None and not 0 <= percent <= 100:
        raise UsageProblem(f"--percent {percent} không hợp lệ; mức độ hoàn thành từ 0 đến 100")
    result = _argument_text("nội dung việc đã làm", result)
    if not result:
        raise UsageProblem("cần nội dung việc đã làm (đối số cuối)")
    declared, new, warnings = _sorted_figures(_figures(figures), book or FigureBook(), new_figures)
    entry = {
        "nhiem_vu": task,
        "linh_vuc": _argument_text("--linh-vuc", heading) if heading is not None else None,
        "ngay": day,
        "ket_qua": result,
        "trang_thai": _status_value(status) if status else None,
        "phan_tram": percent,
        "so_lieu": declared,
        "so_lieu_moi": new,
        "minh_chung": [t for t in (_argument_text("--evidence", e) for e in evidence) if t],
        "kho_khan": _argument_text("--kho-khan", difficulty) if difficulty is not None else None,
        "nguyen_nhan": _argument_text("--nguyen-nhan", cause) if cause is not None else None,
        "dien_hinh": _argument_text("--dien-hinh", example) if example is not None else None,
        "chi_dao": directing,
    }
    try:
        ProgressEntry.model_validate(entry)
    except ValidationError as exc:
        first = exc.errors()[0]
        option = _OPTIONS.get(str(first["loc"][0]), str(first["loc"][0]))
        raise UsageProblem(f"{option}: giá trị không hợp lệ ({first['msg']})") from None
    return entry, warnings


def _sorted_figures(figures: dict, book: FigureBook, new_figures: bool) -> tuple[dict, dict, list[str]]:
    """The figures of `progress add` as the log keeps them: the declared ones under so_lieu; one the plan does not
    declare is refused with the closest declared names, or, with --moi, kept under so_lieu_moi with a warning.
    A value that does not fit its figure's kind (a decimal count, a share above 100) is refused."""

    declared: dict = {}
    new: dict = {}
    warnings: list[str] = []
    for name, value in figures.items():
        if book.declares_any and not book.is_declared(name):
            if not new_figures:
                close = book.closest(name)
                hint = f" (có phải: {', '.join(close)}?)" if close else ""
                raise UsageProblem(
                    f"--figure '{shorten(name)}': kế hoạch không khai báo số liệu này{hint}. Sửa tên cho đúng, hoặc "
                    "thêm --moi nếu đúng là số liệu mới (rồi khai báo nó trong so_lieu của plan.yaml)"
                )
            warnings.append(
                f"cảnh báo: số liệu mới '{shorten(name)}' được ghi dưới so_lieu_moi; hãy khai báo nó trong so_lieu của "
                "plan.yaml (tên, đơn vị tính, loại) để báo cáo tính đúng"
            )
            new[name] = value
            continue
        wrong = value_problem(book.spec(name), name, value)
        if wrong:
            raise UsageProblem(f"--figure '{shorten(name)}': {wrong}")
        declared[name] = value
    return declared, new, warnings
