"""Soát lỗi: the slips a reader of the unit's own text would mark, found as warnings (pure functions).

Never an error and never a change: the text is printed as the clerk wrote it; `validate` only says where to
look, with the rule behind each remark (NĐ 30 Phụ lục I and II). Text the clerk keeps as written on purpose (a
source document's own slip) is marked with a comment "# giữ nguyên: <why>" and then said as kept, not warned of. The checks are the cheap, sure ones: a
sentence that starts in lower case, quotation marks or brackets left open, a list whose items end with ';'
but one, a cited number left blank, a trích yếu typed in capitals, the type of a cited document in lower case.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from danvan_cli.errors import Kept, Warning_
from danvan_cli.vnformat import written_dates
from danvan_cli.yamlsource import Source

# Keys whose values are running text a reader reads (not codes, dates, names of files).
PROSE_KEYS = {
    "trich_yeu", "mo_dau", "noi_dung", "tieu_de", "cac_diem", "ket_luan", "dac_diem_tinh_hinh", "ket_qua_noi_bat",
    "uu_diem", "ton_tai_han_che", "nguyen_nhan", "phuong_huong", "de_xuat_kien_nghi", "ket_qua", "kho_khan",
    "minh_chung", "thuan_loi", "dac_diem",
}  # fmt: skip

# Abbreviations a full stop may close in mid-sentence: "TP. Hồ Chí Minh", "v.v. và", "ThS. Nguyễn…".
_ABBREVIATIONS = ("tp.", "v.v.", "ths.", "ts.", "pgs.", "gs.", "bs.", "đ/c.", "tr.", "vd.", "tt.", "q.", "p.")
# (tried from the start of each word only: from inside a long one it would be tried at each of its characters)
_LOWER_AFTER_STOP = re.compile(r"(?<!\S)(?P<before>\S+)[.!?]\s+(?P<word>[^\W\d_]\w*)")
# A cited number left blank: 'số     /KH-…', 'số /KH', 'số …/KH-…', 'số ...-KH/…' (the built-in models' blanks).
_BLANK_NUMBER = re.compile(r"\bsố\s*(?:\u00a0|\s){2,}/|\bsố\s+/\s*[A-ZĐ]|\bsố\s*(?:…|\.{2,})\s*[/-]")
# NĐ 30 Phụ lục II, V.6: the type of a specific document is capitalised ("Kế hoạch số 885/…").
_DOCUMENT_TYPES = (
    "kế hoạch", "quyết định", "nghị quyết", "nghị định", "chỉ thị", "thông tư", "công văn", "hướng dẫn", "báo cáo",
    "thông báo", "chương trình", "quy định", "quy chế", "kết luận", "thông tri", "tờ trình",
)  # fmt: skip
_LOWER_TYPE = re.compile(r"(?<![\w])(" + "|".join(_DOCUMENT_TYPES) + r")\s+số\s+\d")
# NĐ 30 Phụ lục II, IV.1: the name of a body begins with a capital ("Ủy ban nhân dân tỉnh …").
_LOWER_BODY = re.compile(
    r"(?<![\w])(ủy ban nhân dân|uỷ ban nhân dân|hội đồng nhân dân)\s+(tỉnh|thành phố|xã|phường|thị trấn|huyện|quận|đặc khu)\b"
)
_PAIRS = (("“", "”"), ("(", ")"), ("‘", "’"))


def _around(text: str, start: int, end: int, before: int = 20) -> str:
    """The words around text[start:end], never cut inside a word."""
    left = text.rfind(" ", 0, max(0, start - before)) + 1
    right = text.find(" ", end)
    return text[left : right if right != -1 else len(text)].strip()


def text_remarks(text: str) -> list[str]:
    """What a reader would mark in one paragraph."""
    remarks = []
    for found in _LOWER_AFTER_STOP.finditer(text):
        before, word = found["before"], found["word"]
        if word[0].islower() and not (before.lower() + ".").endswith(_ABBREVIATIONS) and not before[-1:].isdigit():
            snippet = _around(text, found.start("word"), found.end("word"))
            remarks.append(f"sau dấu chấm câu, chữ đầu câu viết hoa (NĐ 30 Phụ lục II, mục I): “…{snippet}…”")
            break
    for opening, closing in _PAIRS:
        if text.count(opening) != text.count(closing):
            remarks.append(f"dấu {opening}{closing} không đủ cặp: {text.count(opening)} mở, {text.count(closing)} đóng")
    if text.count('"') % 2:
        remarks.append('dấu ngoặc kép " không đủ cặp')
    blank = _BLANK_NUMBER.search(text)
    if blank is not None:
        snippet = _around(text, blank.start(), blank.end())
        remarks.append(f"văn bản được dẫn còn để trống số: “{snippet}…”; hãy điền số của văn bản đó")
    for found in _LOWER_TYPE.finditer(text):
        remarks.append(
            f"“{found[1]} số …”: tên loại của một văn bản cụ thể viết hoa chữ đầu, “{found[1][:1].upper()}"
            f"{found[1][1:]} số …” (NĐ 30 Phụ lục II, mục V.6)"
        )
        break
    for found in _LOWER_BODY.finditer(text):
        remarks.append(
            f"“{found[1]} {found[2]}”: tên cơ quan viết hoa chữ đầu, “{found[1][:1].upper()}{found[1][1:]} "
            f"{found[2]}” (NĐ 30 Phụ lục II, mục IV.1)"
        )
        break
    return remarks


def list_remarks(items: list[str]) -> list[tuple[int, str]]:
    """A list of paragraphs most of whose items end with ';' (the last apart, which ends the list, and those
    ending with ':', which open a sub-list): the others among them are the slips."""
    considered = [
        (i, item.rstrip()) for i, item in enumerate(items[:-1]) if item.strip() and not item.rstrip().endswith(":")
    ]
    ended = [i for i, item in considered if item.endswith(";")]
    if len(considered) < 2 or not ended or 2 * len(ended) < len(considered):
        return []
    return [
        (i, "các mục khác của danh sách này kết thúc bằng dấu chấm phẩy (;), mục này thì không")
        for i, item in considered
        if not item.endswith(";")
    ]


def title_remarks(text: str) -> list[str]:
    letters = [c for c in text if c.isalpha()]
    if len(letters) > 10 and all(c.isupper() for c in letters):
        return [
            "trích yếu viết toàn chữ in hoa; NĐ 30 (Phụ lục I) trình bày trích yếu bằng chữ in thường, đậm "
            "(danvan in như đã viết)"
        ]
    return []


def _walk(data: Any, loc: tuple, key: str | None) -> Iterator[tuple[tuple, str | None, Any]]:
    yield loc, key, data
    if isinstance(data, dict):
        for k, v in data.items():
            yield from _walk(v, (*loc, k), str(k))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            yield from _walk(v, (*loc, i), key)


def remark_at(source: Source, loc: tuple, message: str, kind: str = "soát lỗi", fix: str = "") -> Warning_:
    """A remark at `loc`: a warning (with what to do, `fix`), or, where the clerk marked the text "# giữ nguyên",
    said as kept as written."""

    line, col = source.position(loc)
    reason = source.kept(loc)
    if reason is not None:
        return Kept(source.shown, line, col, f"giữ nguyên như đã viết{f' ({reason})' if reason else ''}: {message}")
    return Warning_(source.shown, line, col, f"{kind}: {message}{fix}")


def proofread(source: Source) -> list[Warning_]:
    """Every remark on the running text of one file, each at the place of the text it is about; one on text the
    clerk marked "# giữ nguyên" is said as kept as written."""
    out: list[Warning_] = []

    def remark(loc: tuple, message: str) -> None:
        out.append(remark_at(source, loc, message))

    for loc, key, value in _walk(source.data, (), None):
        if key not in PROSE_KEYS:
            continue
        if isinstance(value, str):
            whole_title = key == "trich_yeu" and loc[-1:] == ("trich_yeu",)
            for message in text_remarks(value) + (title_remarks(value) if whole_title else []):
                remark(loc, message)
        elif isinstance(value, list) and all(isinstance(v, str) for v in value):
            if key == "trich_yeu":
                for message in title_remarks(" ".join(value)):
                    remark(loc, message)
            for i, message in list_remarks(value):
                remark((*loc, i), message)
    return out


def dates_of_other_years(source: Source, year: int) -> list[Warning_]:
    """The dates of the year before or after a plan's year written in its running text: most often left over from
    last year's plan carried over (a deadline, the higher-level plan it answers). Said until changed, or marked
    "# giữ nguyên" where the date is meant (a document of last December). Older dates are the laws and decisions a
    plan rests on and stay unremarked."""

    out: list[Warning_] = []
    for loc, key, value in _walk(source.data, (), None):
        if key not in PROSE_KEYS or not isinstance(value, str):
            continue
        dates = [
            (value[start:end], day) for start, end, day in written_dates(value) if day.year in (year - 1, year + 1)
        ]
        if dates:
            found, years = [written for written, _ in dates], sorted({day.year for _, day in dates})
            out.append(
                remark_at(
                    source,
                    loc,
                    f"{', '.join(found)} là ngày của năm {', '.join(map(str, years))}, không phải năm kế hoạch {year}",
                    kind="ngày của năm khác",
                    fix=": nếu còn lại từ kế hoạch năm trước, hãy sửa; nếu đúng là ngày ấy, ghi dòng chú thích "
                    "“# giữ nguyên: <lý do>” ngay trên đoạn này",
                )
            )
    return out
