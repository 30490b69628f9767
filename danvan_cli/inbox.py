"""The office's inbox: report packages received from units, each read, checked against itself and against the
document it travels with, and taken or refused with a reason a clerk can read (aggregate --inbox, status --all,
don-doc). A package is made and written by `package`; what it must hold is its schema there.
"""

from __future__ import annotations

import fnmatch
import hashlib
import html
import io
import json
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from danvan_cli.errors import (
    DanvanError,
    FileNotFound,
    NewerFormat,
    PackageContradicts,
    PackageRefused,
    display_path,
    reason,
)
from danvan_cli.figures import ADDS_UP, inferred
from danvan_cli.figures import key as figure_key
from danvan_cli.files import read_bytes
from danvan_cli.models import Unit
from danvan_cli.package import (
    FORMAT,
    MAX_PACKAGE_BYTES,
    MOST_IN_A_YEAR,
    VERSION,
    PackageFile,
    ReportPackage,
    clean_text,
    number_from,
)
from danvan_cli.periods import label_with_year
from danvan_cli.validation import describe
from danvan_cli.vnformat import date_words, number, sentence_case, shorten


def _no_duplicate_keys(pairs: list[tuple[str, object]]) -> dict:
    keys = [k for k, _ in pairs]
    twice = next((k for k in keys if keys.count(k) > 1), None)
    if twice is not None:
        raise PackageRefused(f"khóa '{shown_text(twice)}' xuất hiện hai lần trong cùng một bảng; gói không rõ nghĩa")
    return dict(pairs)


def _reason(exc: DanvanError, path: Path) -> str:
    """A refusal's reason without the file's place (the inbox listing names the file once)."""
    problems = getattr(exc, "problems", None)
    if problems:
        return problems[0].message
    line = exc.lines()[0]
    prefix = display_path(path) + ": "
    return line[len(prefix) :] if line.startswith(prefix) else line


def read_package(path: Path) -> ReportPackage:
    """One package as received: refused (PackageRefused, NewerFormat, with the reason and no file name) unless it
    is a package of this schema whose content holds together."""

    try:
        raw = read_bytes(path, limit=MAX_PACKAGE_BYTES)
    except DanvanError as exc:
        raise PackageRefused(_reason(exc, path)) from None
    except OSError as exc:
        raise PackageRefused(f"không đọc được tệp ({reason(exc)})") from None
    raw = raw.removeprefix(b"\xef\xbb\xbf")  # Notepad's BOM

    def no_constant(name: str):
        raise ValueError(name)

    try:
        data = json.loads(raw.decode("utf-8"), parse_constant=no_constant, object_pairs_hook=_no_duplicate_keys)
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise PackageRefused(
            "không đọc được như JSON (UTF-8): tệp hỏng, sai bảng mã, hoặc có số quá dài hay NaN; không phải gói báo "
            "cáo danvan"
        ) from None
    if not isinstance(data, dict) or data.get("dinh_dang") != FORMAT:
        raise PackageRefused(f'không phải gói báo cáo danvan (thiếu "dinh_dang": "{FORMAT}")')
    version = data.get("phien_ban")
    if isinstance(version, int) and not isinstance(version, bool) and version > VERSION:
        raise NewerFormat(
            f"gói báo cáo phiên bản {version}, bản danvan này chỉ đọc đến phiên bản {VERSION}; hãy cập nhật danvan "
            "lên bản mới hơn rồi tổng hợp lại"
        )
    try:
        pkg = ReportPackage.model_validate_json(raw)
    except ValidationError as exc:
        where, what = describe(exc.errors()[0], ReportPackage, data)
        raise PackageRefused(f"gói báo cáo sai cấu trúc tại '{where}': {what}") from None
    problem = _incoherent(pkg)
    if problem:
        raise PackageContradicts(problem)
    return pkg


def _incoherent(pkg: ReportPackage) -> str | None:
    """What a package claims that cannot be: dates far from its year, a window that ends before it starts or after
    the report's own date, one figure listed twice (it would be summed twice), a figure no unit can record, a year so
    far below its period, a task not begun at 100 %."""

    year, period = pkg.ky.nam, pkg.ky
    if not 2000 <= year <= 2100:
        return f"năm {year} ngoài khoảng 2000–2100"
    days = {"ky.tu_ngay": period.tu_ngay, "ky.den_ngay": period.den_ngay, "van_ban.ngay": pkg.van_ban.ngay}
    if period.han is not None:
        days["ky.han"] = period.han
    for where, day in days.items():
        if abs(day.year - year) > 1:
            return f"ngày {day:%d/%m/%Y} ở '{where}' không thuộc năm {year} hay năm liền kề"
    if period.den_ngay < period.tu_ngay:
        return "kỳ báo cáo kết thúc trước khi bắt đầu (ky.den_ngay trước ky.tu_ngay)"
    if period.den_ngay > pkg.van_ban.ngay:
        return (
            f"số liệu tính đến ngày {period.den_ngay:%d/%m/%Y}, sau ngày của chính báo cáo "
            f"({pkg.van_ban.ngay:%d/%m/%Y})"
        )
    keys = [figure_key(f.ten) for f in pkg.so_lieu]
    twice = next((f.ten for f, k in zip(pkg.so_lieu, keys, strict=True) if keys.count(k) > 1), None)
    if twice is not None:
        return f"số liệu '{shown_text(twice)}' có hai lần trong gói (cùng tên, khác cách viết); sẽ bị cộng hai lần"
    for f in pkg.so_lieu:
        now, to_date = number_from(f.ky_nay), number_from(f.luy_ke)
        if any(v is not None and v > MOST_IN_A_YEAR for v in (now, to_date)):
            return f"số liệu '{shown_text(f.ten)}' lớn quá mức một đơn vị ghi được trong một năm"
        kind = f.loai or inferred(f.ten).kind
        if kind in ADDS_UP and now is not None and to_date is not None and to_date < now:
            return f"số liệu '{shown_text(f.ten)}': lũy kế từ đầu năm ({f.luy_ke}) nhỏ hơn số của kỳ ({f.ky_nay})"
        if kind == "ty_le" and f.don_vi_tinh == "%" and any(v is not None and v > 100 for v in (now, to_date)):
            return f"tỷ lệ '{shown_text(f.ten)}' quá 100%"
    for task in pkg.nhiem_vu:
        if task.tinh_trang == "chưa thực hiện" and (task.phan_tram or 0) > 0:
            return f"nhiệm vụ '{shown_text(task.ten)}' chưa thực hiện mà đã đạt {task.phan_tram}%"
        if task.tinh_trang == "hoàn thành" and task.phan_tram not in (None, 100):
            return f"nhiệm vụ '{shown_text(task.ten)}' hoàn thành mà mới đạt {task.phan_tram}%"
    return None


def shown_text(text: str, most: int = 60) -> str:
    """Text from someone else's file, safe to print: no control character reaches a terminal, cut at `most`."""

    cleaned = "".join(ch if ch.isprintable() else f"\\u{ord(ch):04x}" for ch in text)
    return shorten(cleaned, most) if len(cleaned) > most else cleaned


@dataclass(frozen=True)
class Refusal:
    """A file of the inbox that is not summed: said on the terminal with its file and its detail, and in the
    report's annex in words a head understands (the unit's name and the reason; no file, no tool word)."""

    file: str  # as the terminal shows it
    unit: str | None  # the unit's full name, where the file says it
    reason: str  # plain words, for the annex
    detail: str = ""  # more, for the terminal

    def terminal(self) -> str:
        return f"{self.file}{f' ({shown_text(self.unit)})' if self.unit else ''}: {self.detail or self.reason}"

    def annex(self) -> str:
        return f"{self.unit or 'Một tệp số liệu không rõ của đơn vị nào'}: {self.reason}"


@dataclass
class Received:
    """What an inbox gave: the packages that passed (one per unit), every refusal with its reason, the units whose
    package was refused (they sent something: the office must see them, not lose them), and how many packages
    of other years were passed over (an inbox kept from year to year)."""

    packages: dict[str, tuple[Path, ReportPackage]]
    refused: list[Refusal]
    failed: dict[str, tuple[str, str]] = field(default_factory=dict)  # unit → (its name, why, in plain words)
    other_years: int = 0
    without_document: list[str] = field(default_factory=list)  # units summed whose report did not arrive with them


_ROW = re.compile(r"<w:tr[ >].*?</w:tr>", re.S)
_CELL = re.compile(r"<w:tc[ >].*?</w:tc>", re.S)


_TEXT_PARTS = re.compile(r"<w:t(?:\s[^>]*)?>([^<]*)</w:t>|<w:noBreakHyphen\s*/>|<w:tab\s*/>|<w:br\s*/>|</w:p>")


def _xml_text(xml: str) -> str:
    """A part of a .docx as its words: the runs of a paragraph joined as Word shows them (Word's non-breaking
    hyphen a '-'), paragraphs, tabs and breaks a space."""

    pieces = []
    for m in _TEXT_PARTS.finditer(xml):
        token = m.group(0)
        if m.group(1) is not None:
            pieces.append(html.unescape(m.group(1)))
        elif token.startswith("<w:noBreakHyphen"):
            pieces.append("-")
        else:
            pieces.append(" ")
    return " ".join("".join(pieces).replace("\u00a0", " ").split())


def disagreement(docx: bytes, pkg: ReportPackage) -> str | None:
    """What a package says that its own document does not: another number, another date, another figure in the
    figures table. A package copied and edited (a higher number, a changed figure) beside the real report is
    caught here, whatever hashes it carries."""

    try:
        with zipfile.ZipFile(io.BytesIO(docx)) as z:
            xml = z.read("word/document.xml").decode("utf-8", "replace")
    except (zipfile.BadZipFile, KeyError, OSError, RuntimeError):
        return "văn bản kèm theo không mở được như tệp Word"
    text = _xml_text(xml)
    said = " ".join(pkg.van_ban.so_ky_hieu.replace("\u00a0", " ").split())
    if said not in text:
        return f"gói ghi '{shown_text(said)}' mà văn bản kèm theo không có số, ký hiệu này"
    if date_words(pkg.van_ban.ngay) not in text:
        return f"gói ghi ngày {pkg.van_ban.ngay:%d/%m/%Y} mà văn bản kèm theo không mang ngày này"
    rows = {}
    for row in _ROW.findall(xml):
        cells = [_xml_text(c) for c in _CELL.findall(row)]
        if len(cells) >= 4:
            rows[cells[1].casefold()] = cells[3]  # TT | Số liệu | Đơn vị tính | Kỳ này | …
    for f in pkg.so_lieu:
        now = number_from(f.ky_nay)
        printed = rows.get(sentence_case(f.ten).casefold())
        if now is not None and printed is not None and printed != number(now):
            return f"số liệu '{shown_text(f.ten)}' trong gói là {number(now)} mà văn bản kèm theo ghi {printed}"
    return None


def _document_state(path: Path, entry: PackageFile | None, pkg: ReportPackage | None = None) -> tuple[bool, str | None]:
    """Whether the document a package names arrived beside it, and what is wrong with it: a link in its place
    (it may show any file), a hash that is not the package's (the report was changed after it was made), or a
    package that says what its document does not (`pkg`, for the .docx)."""
    if entry is None:
        return False, None
    beside = path.parent / entry.ten
    if beside.is_symlink():
        return False, f"văn bản kèm theo {entry.ten} là một liên kết (symlink), không phải tệp văn bản thật"
    if not beside.is_file():
        return False, None
    try:
        data = read_bytes(beside, limit=200 * 1024 * 1024)
    except (DanvanError, OSError):
        return False, f"không đọc được văn bản kèm theo {entry.ten}"
    if hashlib.sha256(data).hexdigest() != entry.sha256:
        return False, (
            f"văn bản {entry.ten} bên cạnh không khớp mã SHA-256 trong gói (đã bị sửa hay thay sau khi gói được "
            "tạo); đề nghị đơn vị làm lại báo cáo và gửi lại cả gói"
        )
    if pkg is not None:
        differs = disagreement(data, pkg)
        if differs:
            return False, f"{differs}; gói không khớp văn bản báo cáo, không tổng hợp"
    return True, None


# The reasons a head reads in the annex, by what went wrong (the terminal says more).
PLAIN = {
    "unreadable": "tệp số liệu gửi kèm báo cáo không đọc được hoặc không đúng mẫu",
    "newer": "tệp số liệu do phiên bản phần mềm mới hơn lập; cơ quan cần cập nhật phần mềm rồi tổng hợp lại",
    "incoherent": "số liệu gửi lên tự mâu thuẫn",
    "not_ours": "đơn vị không có trong danh sách đơn vị báo cáo",
    "other_period": "là báo cáo của kỳ khác",
    "document": "văn bản báo cáo gửi kèm không khớp với số liệu (đã bị sửa hay thay sau khi lập)",
    "two_units": "hai đơn vị khác nhau gửi báo cáo dưới cùng một mã đơn vị",
    "superseded": "đơn vị gửi báo cáo khác cho cùng kỳ; dùng báo cáo gửi sau",
    "copy": "bản gửi lại của cùng một báo cáo; chỉ tính một lần",
    "conflict": "đơn vị gửi hai báo cáo cùng số, cùng ngày mà số liệu khác nhau; đề nghị đơn vị gửi lại một báo cáo",
    "undocumented": "số liệu gửi không kèm văn bản báo cáo, khác báo cáo đơn vị đã gửi có văn bản; không dùng",
    "folder": "số liệu của đơn vị đã có tại cơ quan; dùng số liệu đó",
}


def inbox_files(inbox: Path) -> list[Path]:
    """Every file of the inbox that may be a package: `*.danvan.json`, also as a browser renames a second
    download (`….danvan (1).json`) or in capitals. Links are listed too (refused when read)."""
    found = []
    for path in inbox.rglob("*"):
        name = path.name.lower()
        if name.endswith(".json") and ".danvan" in name and (path.is_symlink() or not path.is_dir()):
            found.append(path)
    return sorted(found)


def _same_content(a: ReportPackage, b: ReportPackage) -> bool:
    """Two packages of one report that say the same (the documents they travel with aside)."""
    keep = {"van_ban": {"docx", "pdf"}}
    return a.model_dump(exclude=keep) == b.model_dump(exclude=keep)


def _named(path: Path) -> str | None:
    """The unit's name a package that was refused for what it says still gives (to name it in the annex)."""
    try:
        data = json.loads(path.read_bytes().removeprefix(b"\xef\xbb\xbf").decode("utf-8"))
        name = data["don_vi"]["ten"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return clean_text(name) if isinstance(name, str) and 0 < len(name) <= 2000 else None


@dataclass
class _Candidate:
    path: Path
    pkg: ReportPackage
    documented: bool  # its .docx arrived beside it, and is the one it names


def receive(
    inbox: Path,
    office: str,
    office_unit: Unit,
    period: str,
    year: int,
    only: str | None,
    roster: list | None = None,
) -> Received:
    """Every package in `inbox` for the office's `period` and `year`, checked. Only a unit of the roster (its
    `roster.Member`s) is received. Of two packages a unit sent for one period, one that came with its document
    wins over one that did not, then the later report number; one without its document never replaces one with."""

    if not inbox.is_dir() or inbox.is_symlink():
        raise FileNotFound(f"{display_path(inbox)}: không có thư mục nhận gói báo cáo này")
    patterns = office_unit.tong_hop.don_vi if office_unit.tong_hop else ["*"]
    members = {m.unit: m for m in roster} if roster is not None else None
    got = Received({}, [])
    chosen: dict[str, _Candidate] = {}
    conflicts: set[str] = set()

    def ours(unit: str) -> bool:
        if members is not None:
            return unit in members
        return unit != office and any(fnmatch.fnmatchcase(unit, p) for p in patterns)

    def refuse(file: str, unit: str | None, kind: str, detail: str, failed_unit: str | None = None) -> None:
        got.refused.append(Refusal(file, unit, PLAIN[kind], detail))
        if failed_unit is not None:
            got.failed.setdefault(failed_unit, (unit or failed_unit, PLAIN[kind]))

    for path in inbox_files(inbox):
        name = shown_text(path.relative_to(inbox).as_posix(), 120)
        try:
            if path.is_symlink():
                raise PackageRefused("là một liên kết (symlink); danvan không đọc qua liên kết")
            pkg = read_package(path)
        except NewerFormat as exc:
            refuse(name, None, "newer", exc.lines()[0])
            continue
        except PackageContradicts as exc:
            refuse(name, _named(path), "incoherent", exc.lines()[0])
            continue
        except DanvanError as exc:
            refuse(name, None, "unreadable", exc.lines()[0])
            continue
        unit, unit_name = pkg.don_vi.ma, pkg.don_vi.ten
        if members is not None and unit in members:
            unit_name = members[unit].name  # named as the office knows it
        if only and not fnmatch.fnmatchcase(unit, only):
            continue
        if pkg.ky.nam != year and ours(unit):
            got.other_years += 1  # last year's packages, still in the folder: not this report's business
            continue
        if not ours(unit):
            listed = "danh sách đơn vị (don-vi.yaml)" if members is not None else "tong_hop.don_vi"
            refuse(name, unit_name, "not_ours", f"đơn vị {unit} không có trong {listed} của {office_unit.name}")
            continue
        if pkg.ky.ma != period:
            refuse(
                name,
                unit_name,
                "other_period",
                f"gói là báo cáo {label_with_year(pkg.ky.ma, pkg.ky.nam)}, không phải báo cáo {label_with_year(period, year)}",
            )
            continue
        documented, why = _document_state(path, pkg.van_ban.docx, pkg)
        _, pdf_why = _document_state(path, pkg.van_ban.pdf)
        if why or pdf_why:
            refuse(name, unit_name, "document", why or pdf_why or "", failed_unit=unit)
            continue
        new = _Candidate(path, pkg, documented)
        if unit not in chosen:
            chosen[unit] = new
            continue
        old = chosen[unit]
        old_name = shown_text(old.path.relative_to(inbox).as_posix(), 120)
        if (pkg.don_vi.ten, pkg.don_vi.chu_viet_tat) != (old.pkg.don_vi.ten, old.pkg.don_vi.chu_viet_tat):
            detail = (
                f"hai đơn vị khác nhau ({shown_text(old.pkg.don_vi.ten)}; {shown_text(pkg.don_vi.ten)}) cùng mã "
                f"thư mục {unit}: {old_name} và {name}; không tổng hợp gói nào của mã này"
            )
            refuse(name, unit_name, "two_units", detail)
            got.failed[unit] = (unit_name, PLAIN["two_units"])
            conflicts.add(unit)
            continue
        if _same_content(pkg, old.pkg):
            keep, drop = (new, old) if new.documented and not old.documented else (old, new)
            chosen[unit] = keep
            dropped = shown_text(drop.path.relative_to(inbox).as_posix(), 120)
            kept = shown_text(keep.path.relative_to(inbox).as_posix(), 120)
            got.refused.append(Refusal(dropped, unit_name, PLAIN["copy"], f"bản sao của {kept}; chỉ tính một lần"))
            continue
        if new.documented != old.documented:  # a package without its report never displaces one with it
            keep, drop = (new, old) if new.documented else (old, new)
            chosen[unit] = keep
            dropped = shown_text(drop.path.relative_to(inbox).as_posix(), 120)
            got.refused.append(
                Refusal(
                    dropped,
                    unit_name,
                    PLAIN["undocumented"],
                    f"gói không kèm văn bản báo cáo, khác gói có văn bản "
                    f"{shown_text(keep.path.relative_to(inbox).as_posix(), 120)}; không dùng",
                )
            )
            continue
        if _later(pkg, old.pkg) or _later(old.pkg, pkg):
            keep, drop = (new, old) if _later(pkg, old.pkg) else (old, new)
            chosen[unit] = keep
            got.refused.append(
                Refusal(
                    shown_text(drop.path.relative_to(inbox).as_posix(), 120),
                    unit_name,
                    PLAIN["superseded"],
                    f"đơn vị gửi hai gói cho cùng kỳ; dùng gói của báo cáo {_number_text(keep.pkg)} ngày "
                    f"{keep.pkg.van_ban.ngay:%d/%m/%Y} ({shown_text(keep.path.relative_to(inbox).as_posix(), 120)})",
                )
            )
            continue
        detail = (
            f"hai gói {old_name} và {name} cùng số, cùng ngày mà số liệu khác nhau; không rõ gói nào đúng, "
            "đề nghị đơn vị gửi lại một gói"
        )
        refuse(name, unit_name, "conflict", detail)
        got.failed[unit] = (unit_name, PLAIN["conflict"])
        conflicts.add(unit)
    for unit, c in chosen.items():
        if unit in conflicts:
            continue
        got.packages[unit] = (c.path, c.pkg)
        if not c.documented:
            name = members[unit].name if members is not None and unit in members else c.pkg.don_vi.ten
            got.without_document.append(f"{shown_text(c.path.relative_to(inbox).as_posix(), 120)} ({name})")
    for unit in got.packages:
        got.failed.pop(unit, None)  # a unit that sent a good package too is read from it
    return got


def package_years(inbox: Path) -> list[int]:
    """The years of the packages in `inbox` that read as packages (the others are refused later, with reasons)."""
    years = []
    if inbox.is_dir() and not inbox.is_symlink():
        for path in inbox_files(inbox):
            try:
                if not path.is_symlink():
                    years.append(read_package(path).ky.nam)
            except DanvanError:
                continue
    return years


def _number_text(pkg: ReportPackage) -> str:
    return f"số {pkg.van_ban.so:02d}" if pkg.van_ban.so else "chưa có số"


def _later(a: ReportPackage, b: ReportPackage) -> bool:
    """Whether report `a` supersedes `b`: the later number wins (a numbered report over a draft), then the date."""
    return (a.van_ban.so or 0, a.van_ban.ngay) > (b.van_ban.so or 0, b.van_ban.ngay)
