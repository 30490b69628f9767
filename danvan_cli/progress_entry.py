"""`progress add`: an entry made from the command's options (figures typed as documents print them), written as the
log's own lines and appended under a lock, after the whole new file is parsed and checked."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from filelock import FileLock, Timeout
from pydantic import ValidationError

from danvan_cli.errors import (
    DateOutOfRange,
    EnvironmentFailure,
    FigureNotDeclared,
    InputError,
    Problem,
    UnknownTask,
    ValueNotAllowed,
    display_path,
    reason,
)
from danvan_cli.figures import FigureBook, value_problem
from danvan_cli.files import present, write_atomic
from danvan_cli.loading import LoadedPlan
from danvan_cli.models import Plan, ProgressEntry
from danvan_cli.progress import HEADER, LOCK_TIMEOUT, _nearest, parse_log, task_ids
from danvan_cli.vnformat import (
    shorten,
    typed_date,
)
from danvan_cli.yamlsource import Source, decode_user_text, read_user_bytes
from danvan_cli.yamlwriter import block_lines


def entry_text(entry: dict, indent: int = 0) -> str:
    """One entry as a YAML block item (yamlsource's writer), keys in the model's order, what it leaves out left
    out; it reads back as it was given."""
    fields = {k: v for k, v in entry.items() if v is not None and v is not False and v not in ("", {}, [])}
    return "\n".join(block_lines("-", indent, fields)) + "\n"


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


# Which option of `progress add` gave each field, to name it when the field is refused.


def entry_from_options(
    plan: Plan | None,
    task: str | None,
    result: str,
    *,
    day: dt.date,
    status: str | None,
    percent: int | None,
    figures: dict,
    evidence: list[str],
    difficulty: str | None,
    heading: str | None = None,
    cause: str | None = None,
    example: str | None = None,
    directing: bool = False,
    new_figures: bool = False,
    book: FigureBook | None = None,
) -> tuple[dict, list[str]]:
    """A new entry from `progress add`'s values (read from the command line by the CLI), checked as the file's
    entries are, before anything is written: a mistake is what was asked (RequestRefused, `about` the field),
    never a line of the log the file does not have. Returns the entry and the warnings to print (a new figure
    recorded as such, `new_figures`)."""
    known = task_ids(plan)
    if heading is None and task is None:
        raise ValueNotAllowed("cần mã nhiệm vụ, hoặc một đầu mục tự do cho việc không thuộc nhiệm vụ nào")
    if task is not None and plan is None:
        raise UnknownTask(
            f"đơn vị không có kế hoạch năm nay nên không có nhiệm vụ '{shorten(task)}'; ghi việc dưới một đầu mục tự do: "
            'danvan progress add --linh-vuc "Công tác tuyên truyền" "việc đã làm"'
        )
    if task is not None and task not in known:
        raise UnknownTask(f"kế hoạch không có nhiệm vụ '{shorten(task)}'{_nearest(task, known)}")
    if day > dt.date.today():
        raise DateOutOfRange(f"{typed_date(day)} ở sau hôm nay: chỉ ghi việc đã làm", "ngay")
    if percent is not None and not 0 <= percent <= 100:
        raise ValueNotAllowed(f"{percent} không hợp lệ; mức độ hoàn thành từ 0 đến 100", "phan_tram")
    if not result:
        raise ValueNotAllowed("cần nội dung việc đã làm (đối số cuối)")
    declared, new, warnings = _sorted_figures(figures, book or FigureBook(), new_figures)
    entry = {
        "nhiem_vu": task,
        "linh_vuc": heading,
        "ngay": day,
        "ket_qua": result,
        "trang_thai": status,
        "phan_tram": percent,
        "so_lieu": declared,
        "so_lieu_moi": new,
        "minh_chung": [t for t in evidence if t],
        "kho_khan": difficulty,
        "nguyen_nhan": cause,
        "dien_hinh": example,
        "chi_dao": directing,
    }
    try:
        ProgressEntry.model_validate(entry)
    except ValidationError as exc:
        first = exc.errors()[0]
        raise ValueNotAllowed(f"giá trị không hợp lệ ({first['msg']})", str(first["loc"][0])) from None
    return entry, warnings


def _sorted_figures(figures: dict, book: FigureBook, new_figures: bool) -> tuple[dict, dict, list[str]]:
    """The figures of `progress add` as the log keeps them: the declared ones under so_lieu; one the plan does not
    declare is refused with the closest declared names, or, said to be new, kept under so_lieu_moi with a warning.
    A value that does not fit its figure's kind (a decimal count, a share above 100) is refused."""

    declared: dict = {}
    new: dict = {}
    warnings: list[str] = []
    for name, value in figures.items():
        if book.declares_any and not book.is_declared(name):
            if not new_figures:
                close = book.closest(name)
                hint = f" (có phải: {', '.join(close)}?)" if close else ""
                raise FigureNotDeclared(
                    f"'{shorten(name)}': kế hoạch không khai báo số liệu này{hint}. Sửa tên cho đúng", "so_lieu"
                )
            warnings.append(
                f"cảnh báo: số liệu mới '{shorten(name)}' được ghi dưới so_lieu_moi; hãy khai báo nó trong so_lieu của "
                "plan.yaml (tên, đơn vị tính, loại) để báo cáo tính đúng"
            )
            new[name] = value
            continue
        wrong = value_problem(book.spec(name), name, value)
        if wrong:
            raise ValueNotAllowed(f"'{shorten(name)}': {wrong}", "so_lieu")
        declared[name] = value
    return declared, new, warnings
