"""The outgoing-document register (sổ văn bản đi), NĐ 30 Điều 15–16.

Numbers run from 01 on 1 January in one sequence per unit per calendar year, so the register of a
year lives at plans/<unit>/<year>/so-van-ban-di.yaml, the year being that of the document's date.
Finalising a document takes the next number under a lock and appends one entry (the file's old
bytes are never rewritten); a document finalised before keeps its number.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from danvan_cli.errors import DanvanError, EnvironmentFailure, display_path
from danvan_cli.loading import validate
from danvan_cli.output import write_atomic
from danvan_cli.yamlsource import decode_user_text, parse_text, quote, read_user_bytes

REGISTER_FILE = "so-van-ban-di.yaml"
LOCK_TIMEOUT = 30.0
HEADER = """\
# Sổ đăng ký văn bản đi (NĐ 30/2020/NĐ-CP, Điều 15–16): số văn bản bắt đầu từ 01 ngày 01/01, liên tiếp trong năm.
# danvan ghi thêm một mục mỗi khi một văn bản được ban hành chính thức (danvan plan --final, danvan report --final);
# các mục đã có không bao giờ bị sửa. Các khóa: so, ky_hieu, ngay, ten_loai, trich_yeu, nguoi_ky, noi_nhan, tep.
"""


def register_path(unit_dir: Path, year: int) -> Path:
    return unit_dir / str(year) / REGISTER_FILE


def load_register(path: Path) -> list:
    """The entries of one year's register, validated (numbers unique and in sequence)."""
    from danvan_cli.errors import InputError
    from danvan_cli.models import RegisterLog

    if not path.is_file():
        return []
    source = parse_text(path, decode_user_text(path, read_user_bytes(path)), allow_empty=True)
    if source.data is None:
        return []
    entries = validate(source, RegisterLog).root
    seen: dict[int, int] = {}
    problems = []
    for i, entry in enumerate(entries):
        if entry.so in seen:
            problems.append(
                source.problem(
                    (i, "so"),
                    f"số {entry.so:02d} đã được cấp ở mục {seen[entry.so] + 1}; mỗi số chỉ cấp một lần trong năm",
                )
            )
        seen[entry.so] = i
    if problems:
        raise InputError(problems)
    return entries


def number_of(unit_dir: Path, year: int, stem: str) -> int | None:
    """The number the document `stem` was given when finalised, if it was."""
    for entry in load_register(register_path(unit_dir, year)):
        if entry.tep == stem:
            return entry.so
    return None


def entry_text(entry: dict) -> str:
    lines = [
        f"- so: {entry['so']}",
        f"  ky_hieu: {quote(entry['ky_hieu'])}",
        f"  ngay: {entry['ngay'].isoformat()}",
        f"  ten_loai: {quote(entry['ten_loai'])}",
        f"  trich_yeu: {quote(entry['trich_yeu'])}",
        f"  nguoi_ky: {quote(entry['nguoi_ky'])}",
        "  noi_nhan:",
        *[f"    - {quote(n)}" for n in entry["noi_nhan"]],
        f"  tep: {quote(entry['tep'])}",
    ]
    return "\n".join(lines) + "\n"


class NumberTaken(DanvanError):
    exit_code = 1


def finalise(
    unit_dir: Path,
    date: dt.date,
    *,
    stem: str,
    symbol: str,
    type_name: str,
    subject: str,
    signer: str,
    recipients: list[str],
    requested: int | None = None,
) -> tuple[int, bool]:
    """The document's number: the one it already has; else the number written in its YAML (`requested`,
    as a văn thư may have given it by hand) when still free; else the next of the year. Returns (number, new)."""
    from filelock import FileLock, Timeout

    path = register_path(unit_dir, date.year)
    try:
        with FileLock(str(path) + ".lock", timeout=LOCK_TIMEOUT):
            entries = load_register(path)
            for entry in entries:
                if entry.tep == stem:
                    return entry.so, False
            taken = {e.so: e.tep for e in entries}
            if requested is not None and requested in taken:
                raise NumberTaken(
                    f"{display_path(path)}: số {requested:02d} đã cấp cho {taken[requested]}; hãy bỏ trống 'so' để lấy số tiếp theo ({max(taken) + 1:02d})"
                )
            number = requested if requested is not None else max(taken, default=0) + 1
            old = read_user_bytes(path) if path.exists() else HEADER.encode("utf-8")
            separator = b"" if not old or old.endswith(b"\n") else b"\n"
            fields = {
                "so": number,
                "ky_hieu": symbol,
                "ngay": date,
                "ten_loai": type_name,
                "trich_yeu": subject,
                "nguoi_ky": signer,
                "noi_nhan": recipients,
                "tep": stem,
            }
            new = old + separator + entry_text(fields).encode("utf-8")
            parse_text(path, new.decode("utf-8"))  # reads back whole before it replaces the register
            write_atomic(path, new)
            return number, True
    except Timeout:
        raise EnvironmentFailure(
            f"{display_path(path)}: sổ văn bản đi đang được ghi bởi lệnh khác quá {LOCK_TIMEOUT:g} giây; hãy thử lại"
        ) from None


def register_context(unit, year: int, entries: list) -> dict:
    """The register as the Phụ lục IV book shows it."""
    from danvan_cli.vnformat import short_date, upper

    return {
        "ten_co_quan": upper(unit.ten_co_quan),
        "nam": str(year),
        "dong": [
            {
                "so_ky_hieu": f"{e.so:02d}/{e.ky_hieu}",
                "ngay": short_date(e.ngay),
                "trich_yeu": f"{e.ten_loai}: {e.trich_yeu}",
                "nguoi_ky": e.nguoi_ky,
                "noi_nhan": "; ".join(e.noi_nhan),
                "luu": unit.luu,
                "ghi_chu": "",
            }
            for e in entries
        ],
    }


def listing(ws, unit: str, year: int) -> list[str]:
    """`danvan register`: one line per document of the year's register."""
    from danvan_cli.vnformat import short_date

    entries = load_register(register_path(ws.unit_dir(unit), year))
    if not entries:
        return [f"Sổ văn bản đi năm {year} của '{unit}' chưa có văn bản nào."]
    lines = [
        f"{e.so:02d}/{e.ky_hieu}  {short_date(e.ngay)}  {e.ten_loai}: {e.trich_yeu}  — {e.nguoi_ky}  [{e.tep}]"
        for e in entries
    ]
    return lines + [f"({len(entries)} văn bản)"]


def write_book(ws, unit: str, year: int, out_dir: Path):
    """The register as the NĐ 30 Phụ lục IV book (.docx)."""
    from danvan_cli.documents import write_document
    from danvan_cli.loading import load_unit
    from danvan_cli.render import render_docx, template_path

    unit_model, _ = load_unit(ws, unit)
    entries = load_register(register_path(ws.unit_dir(unit), year))
    data = render_docx(
        template_path("so_van_ban_di", unit_model, ws.unit_dir(unit)), register_context(unit_model, year, entries)
    )
    return write_document(data, out_dir, f"SO-VAN-BAN-DI-{year}", pdf=False)
