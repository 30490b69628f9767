"""The outgoing-document register (sổ văn bản đi), NĐ 30 Điều 15–16, and the Party's numbering (HD 36).

A State unit's numbers run from 01 on 1 January in one sequence per calendar year (NĐ 30 Điều 15).
A Party unit's run from 01 for each document type through the committee's term (HD 36-HD/VPTW
mục II.1.3.1: "liên tục từ số 01 cho mỗi tên loại văn bản trong một nhiệm kỳ cấp uỷ"); its terms are
declared in unit.yaml (nhiem_ky). Either way each document's entry is written to the register of its
date's calendar year, plans/<unit>/<year>/so-van-ban-di.yaml, which the Phụ lục IV book prints.

A document is issued under the register's lock: its number is taken, the document is made and
written, and only then is the entry appended (the file's old bytes are never rewritten), so a
failure anywhere leaves no number issued to a document that does not exist. A document issued
before keeps its number.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from filelock import FileLock, Timeout

from danvan_cli.errors import (
    EnvironmentFailure,
    InputError,
    NoTermDeclared,
    NumberTaken,
    display_path,
    reason,
)
from danvan_cli.files import present, write_atomic
from danvan_cli.models import RegisterEntry, RegisterLog, Unit
from danvan_cli.validation import validate
from danvan_cli.vnformat import doc_reference, typed_date
from danvan_cli.workspace import Workspace, plan_year
from danvan_cli.yamlsource import decode_user_text, parse_text, read_user_bytes
from danvan_cli.yamlwriter import block_lines

LOCK_TIMEOUT = 30.0
HEADER = """\
# Sổ đăng ký văn bản đi (NĐ 30/2020/NĐ-CP, Điều 15–16): mỗi văn bản ban hành chính thức một mục.
# danvan ghi thêm một mục mỗi khi một văn bản được ban hành (danvan plan --final, danvan report --final);
# các mục đã có không bao giờ bị sửa. Các khóa: so, ky_hieu, ngay, ten_loai, trich_yeu, nguoi_ky, noi_nhan, tep.
"""


def sequence_of(entry: RegisterEntry) -> str:
    """Which numbering an entry belongs to: the year's one sequence (State, 'KH-MNHA'), or its document
    type's sequence of the term (Party, 'KH/CB')."""
    return entry.ky_hieu.split("/", 1)[0] if "/" in entry.ky_hieu else ""


def load_register(path: Path) -> list[RegisterEntry]:
    """The entries of one year's register, validated: a number is given once in its sequence."""

    if not present(path):
        return []
    source = parse_text(path, decode_user_text(path, read_user_bytes(path)), allow_empty=True)
    if source.data is None:
        return []
    entries = validate(source, RegisterLog).root
    seen: dict[tuple[str, int], int] = {}
    problems = []
    for i, entry in enumerate(entries):
        key = (sequence_of(entry), entry.so)
        if key in seen:
            problems.append(
                source.problem(
                    (i, "so"),
                    f"số {entry.so:02d} đã được cấp ở mục {seen[key] + 1}; mỗi số chỉ cấp một lần",
                )
            )
        seen[key] = i
    if problems:
        raise InputError(problems)
    return entries


def entry_of(ws: Workspace, unit: str, date: dt.date, stem: str) -> RegisterEntry | None:
    """The register's entry for the document `stem`, when it was issued: looked up in the register of `date`'s
    year first, then in every other year's (a document once issued with another date keeps its number)."""
    found = next((e for e in load_register(ws.register_file(unit, date.year)) if e.tep == stem), None)
    return found or next((e for e in _all_entries(ws, unit) if e.tep == stem), None)


def number_of(ws: Workspace, unit: str, date: dt.date, stem: str) -> int | None:
    """The number the document `stem` was given when issued, if it was."""
    entry = entry_of(ws, unit, date, stem)
    return entry.so if entry else None


def entry_text(entry: dict) -> str:
    """One issued document as the register's block item (yamlsource's writer), reading back as it was given."""
    return "\n".join(block_lines("-", 0, entry)) + "\n"


def term_of(unit: Unit, date: dt.date) -> tuple[dt.date, dt.date | None] | None:
    """The committee's term holding `date`: (first day, last day or None while it runs)."""
    terms = sorted(unit.nhiem_ky, key=lambda t: t.tu)
    for i, term in enumerate(terms):
        end = term.den or (terms[i + 1].tu - dt.timedelta(days=1) if i + 1 < len(terms) else None)
        if term.tu <= date and (end is None or date <= end):
            return term.tu, end
    return None


def _all_entries(ws: Workspace, unit: str) -> list[RegisterEntry]:
    folder = ws.unit_dir(unit)
    years = sorted(y for p in folder.iterdir() if (y := plan_year(p.name)) is not None and p.is_dir())
    return [e for y in years for e in load_register(ws.register_file(unit, y))]


@dataclass
class Issue:
    """A document being issued: its number, held under the register's lock until the document exists."""

    number: int
    new: bool
    reference: str  # 01/KH-MNHA, 05-KH/CB
    notes: list[str] = field(default_factory=list)
    year: int | None = None  # the register that holds it, when issued before


@contextlib.contextmanager
def issuing(
    ws: Workspace,
    unit_name: str,
    unit: Unit,
    date: dt.date,
    *,
    stem: str,
    type_abbr: str,
    type_name: str,
    subject: str,
    recipients: list[str],
    requested: int | None = None,
) -> Iterator[Issue]:
    """Issue one document: its number (the one it has; else the one written in its YAML, `requested`, when
    free; else the next of its sequence), yielded while the lock is held. The caller makes and writes the
    document inside the `with`; the entry is appended only when that succeeded."""

    party = unit.the_thuc == "dang"
    symbol = f"{type_abbr}/{unit.chu_viet_tat}" if party else f"{type_abbr}-{unit.chu_viet_tat}"
    path = ws.register_file(unit_name, date.year)
    lock_path = ws.register_lock(unit_name)
    try:
        lock = FileLock(str(lock_path), timeout=LOCK_TIMEOUT)
        lock.acquire()
    except Timeout:
        raise EnvironmentFailure(
            f"{display_path(path)}: sổ văn bản đi đang được ghi bởi lệnh khác quá {LOCK_TIMEOUT:g} giây; hãy thử lại"
        ) from None
    except OSError as exc:
        raise EnvironmentFailure(
            f"{display_path(lock_path)}: không tạo được khóa của sổ văn bản đi ({reason(exc)}); chưa cấp số nào"
        ) from None
    try:
        existing = entry_of(ws, unit_name, date, stem)
        if existing is not None:
            yield Issue(
                existing.so,
                False,
                doc_reference(existing.so, type_abbr, unit.chu_viet_tat, party=party),
                year=existing.ngay.year,
            )
            return
        if party:
            term = term_of(unit, date)
            if term is None:
                raise NoTermDeclared(
                    f"{display_path(ws.unit_file(unit_name))}: văn bản của Đảng được đánh số liên tục từ 01 "
                    "cho mỗi tên loại văn bản trong một nhiệm kỳ cấp ủy (HD 36-HD/VPTW, mục II.1.3.1); hãy khai báo "
                    f"nhiem_ky (ngày bắt đầu nhiệm kỳ) chứa ngày {typed_date(date)} trong unit.yaml"
                )
            first, last = term
            same = [
                e
                for e in _all_entries(ws, unit_name)
                if sequence_of(e) == type_abbr and first <= e.ngay and (last is None or e.ngay <= last)
            ]
        else:
            same = [e for e in load_register(path) if sequence_of(e) == ""]
        taken = {e.so: e for e in same}
        if requested is not None and requested in taken:
            raise NumberTaken(
                f"{display_path(path)}: số {requested:02d} đã cấp cho {taken[requested].tep}; "
                f"hãy bỏ trống 'so' để lấy số tiếp theo ({max(taken) + 1:02d})"
            )
        number = requested if requested is not None else max(taken, default=0) + 1
        issue = Issue(number, True, doc_reference(number, type_abbr, unit.chu_viet_tat, party=party))
        for other in sorted(same, key=lambda e: e.so):
            if (other.so < number and other.ngay > date) or (other.so > number and other.ngay < date):
                other_ref = doc_reference(
                    other.so, type_abbr if party else other.ky_hieu.split("-")[0], unit.chu_viet_tat, party=party
                )
                issue.notes.append(
                    f"cảnh báo: số {issue.reference} (ngày {typed_date(date)}) và số {other_ref} "
                    f"(ngày {typed_date(other.ngay)}) không theo thứ tự ngày; số văn bản đi thường cấp theo thứ tự ban hành"
                )
        yield issue
        old = read_user_bytes(path) if present(path) else HEADER.encode("utf-8")
        separator = b"" if not old or old.endswith(b"\n") else b"\n"
        fields = {
            "so": number,
            "ky_hieu": symbol,
            "ngay": date,
            "ten_loai": type_name,
            "trich_yeu": subject,
            "nguoi_ky": unit.nguoi_ky.ho_ten,
            "noi_nhan": [" ".join(r.split()) for r in recipients if r and r.strip()],
            "tep": stem,
        }
        new = old + separator + entry_text(fields).encode("utf-8")
        _check_register_text(path, new)  # read back whole, as the next command will, before it replaces the register
        write_atomic(path, new, root=ws.plans_dir)
    finally:
        lock.release()


def _check_register_text(path: Path, data: bytes) -> None:
    """The register as it is about to be written, read as `load_register` reads it: a register danvan cannot
    read back is never written (the document stays, its number is not taken)."""

    try:
        validate(parse_text(path, data.decode("utf-8")), RegisterLog)
    except InputError as exc:
        raise EnvironmentFailure(
            f"{display_path(path)}: mục mới của sổ văn bản đi không đọc lại được ({exc.lines()[0]}); sổ không bị thay đổi"
        ) from None


def book_year(ws: Workspace, unit: str, year: int | None, today: dt.date | None = None) -> int:
    """The year of the register to show: the one named, else this calendar year's (a document is registered in the
    year of its date, whatever plan it belongs to: next year's plan made in December is no reason to show next
    year's empty book), else the latest year before it, else the unit's first."""
    ws.require_unit(unit)
    if year is not None:
        ws.year_dir(unit, year)
        return year
    this = (today or dt.date.today()).year
    years = ws.years(unit)
    if this in years or present(ws.register_file(unit, this)):
        return this
    return ([y for y in years if y <= this] or years or [this])[-1]


def listing(ws: Workspace, unit: str, year: int) -> list[str]:
    """`danvan register`: one line per document of the year's register, by number."""
    entries = sorted(load_register(ws.register_file(unit, year)), key=lambda e: (e.so, e.ky_hieu))
    if not entries:
        return [f"Sổ văn bản đi năm {year} của '{unit}' chưa có văn bản nào."]
    lines = [
        f"{e.reference}  {typed_date(e.ngay)}  {e.ten_loai}: {e.trich_yeu}  — {e.nguoi_ky}  [{e.tep}]" for e in entries
    ]
    return lines + [f"({len(entries)} văn bản)"]
