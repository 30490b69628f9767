"""Recognising a Kế hoạch: paragraphs read from Word (wordfile.py) → the document's parts (letterhead, number,
place and date, tên loại and trích yếu, opening, parts, sections, items, closing, signer, Nơi nhận), and the data
they carry (names as the text writes them, the reporting schedule, task ids). Pure; importer.py writes the YAML."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from danvan_cli import vnformat as vn
from danvan_cli.errors import NotAPlan
from danvan_cli.recognise_body import _read_body
from danvan_cli.recognise_parts import _ITEM, _PART, Recognised, _key, _norm, _section_label, squash
from danvan_cli.word_numbering import whole_number
from danvan_cli.wordfile import Para

DOCUMENT_TYPES = {
    "KE HOACH": "Kế hoạch",
    "BAO CAO": "Báo cáo",
    "QUYET DINH": "Quyết định",
    "TO TRINH": "Tờ trình",
    "THONG BAO": "Thông báo",
    "CHUONG TRINH": "Chương trình",
    "HUONG DAN": "Hướng dẫn",
    "BIEN BAN": "Biên bản",
    "NGHI QUYET": "Nghị quyết",
    "CHI THI": "Chỉ thị",
    "CONG DIEN": "Công điện",
    "GIAY MOI": "Giấy mời",
    "THONG TRI": "Thông tri",
    "QUY CHE": "Quy chế",
    "DE AN": "Đề án",
}


TYPE_ABBREVIATIONS = {"KH": "KE HOACH", "BC": "BAO CAO", "QĐ": "QUYET DINH", "QD": "QUYET DINH", "TTr": "TO TRINH"}


_RULE = re.compile(r"[\s_\-–—*=.…·]+")


# Every pattern below runs on text from anyone: each is written so that the engine never tries a run of spaces, dots
# or digits more than a few ways (no two quantifiers that can share a character side by side), which keeps reading a
# paragraph linear in its length, whatever it holds (tests/test_hardening_campaign3.py feeds them long runs).
#
# 'Số: 05/KH-MNHA' as the decree prints it, and as clerks type it: 'SỐ', no colon, an en dash from Word.
_STATE_NUMBER = re.compile(
    r"(?:Số|SỐ|số)[\s:.…]*(?:(?P<so>[0-9]+)[\s.…]*)?/\s*(?P<loai>[A-Za-zĐđ]+)\s*[-–]\s*"
    r"(?P<abbr>[0-9A-ZĐ&]+(?:[.-][0-9A-ZĐ&]+)*)"
)


_PARTY_NUMBER = re.compile(
    r"(?:Số|SỐ|số)[\s:.…]*(?:(?P<so>[0-9]+)[\s.…]*)?[-–]\s*(?P<loai>[A-Za-zĐđ]+)\s*/\s*"
    r"(?P<abbr>[0-9A-ZĐ&]+(?:[.-][0-9A-ZĐ&]+)*)"
)


# '…, ngày 10 tháng 01 năm 2024' (the day and month may be left blank to be written by hand); the place before it
# is found by `_date_line`, not by the pattern (a pattern reaching back over the place would try every split of it).
_DATE = re.compile(
    r"[Nn]gày[\s.…]*(?:(?P<d>[0-9]{1,2})[\s.…]*)?tháng[\s.…]*(?:(?P<m>[0-9]{1,2})[\s.…]*)?năm\s*(?P<y>[0-9]{4})"
)


_PLACE_LENGTH = 80


@dataclass
class _DateLine:
    """Where '<place>, ngày … tháng … năm …' stands in a header line, and what it says."""

    start: int  # where the place begins
    end: int
    place: str
    day: str | None
    month: str | None
    year: str


def _date_line(text: str) -> _DateLine | None:
    """The first '<place>, ngày … tháng … năm YYYY' of `text`: the place is what stands before 'ngày' (after any
    spaces and one comma), back to a tab or a comma, at most 80 characters; a date with no place is no date line."""
    for found in _DATE.finditer(text):
        end_of_place = found.start()
        while end_of_place and text[end_of_place - 1].isspace():
            end_of_place -= 1
        if end_of_place and text[end_of_place - 1] == ",":
            end_of_place -= 1
            while end_of_place and text[end_of_place - 1].isspace():
                end_of_place -= 1
        start = end_of_place
        while start and end_of_place - start < _PLACE_LENGTH and text[start - 1] not in "\t,":
            start -= 1
        if start == end_of_place:  # no place: at most blanks (not tabs) between what came before and 'ngày'
            if not any(c not in "\t," for c in text[end_of_place : found.start()]):
                continue
            start = end_of_place
        return _DateLine(
            start, found.end(), text[start:end_of_place], found.group("d"), found.group("m"), found.group("y")
        )
    return None


# Where an all-bold left header holds two bodies, the issuing one starts with what it is.
_BODY_WORDS = ("TRUONG ", "PHONG ", "SO ", "UY BAN ", "UBND ", "CHI BO ", "DANG UY ", "BAN ", "TRUNG TAM ", "BENH VIEN ",
               "CHI CUC ", "VAN PHONG ", "HOI ", "DOAN ")  # fmt: skip


_MOTTOES = [
    re.compile(
        r"C\s*Ộ\s*N\s*G\s+H\s*(?:Ò\s*A|O\s*À)\s+X\s*Ã\s+H\s*Ộ\s*I\s+C\s*H\s*Ủ\s+N\s*G\s*H\s*Ĩ\s*A\s+V\s*I\s*Ệ\s*T\s+N\s*A\s*M"
    ),
    re.compile(r"Độc\s+lập\s*[-–—]\s*Tự\s+do\s*[-–—]\s*Hạnh\s+phúc", re.I),
]


# The kinds of body a place completes: printed alone on the first line of a one-body letterhead ('ỦY BAN NHÂN DÂN'
# over 'PHƯỜNG BÌNH MINH'), which is then one issuer, not a managing body over a place.
_BARE_KINDS = {"UY BAN NHAN DAN", "UBND", "HOI DONG NHAN DAN", "HDND", "DANG UY", "DANG BO", "UY BAN MAT TRAN TO QUOC VIET NAM",
               "UY BAN MTTQ VIET NAM", "UY BAN MTTQVN", "BAN CHAP HANH DANG BO", "BAN THUONG VU"}  # fmt: skip


_LEVELS = ("XA ", "PHUONG ", "THI TRAN ", "THI XA ", "THANH PHO ", "TINH ", "HUYEN ", "QUAN ", "DAC KHU ")


def _bare_kind(text: str) -> bool:
    return _key(text) in _BARE_KINDS


_PARTY_MOTTO = re.compile(r"ĐẢNG\s+CỘNG\s+SẢN\s+VIỆT\s+NAM")


_MARKS = {"DU THAO", "MAT", "TOI MAT", "KHAN", "HOA TOC", "THUONG KHAN"}


AUTHORITY_WORDS = ("TM.", "KT.", "TL.", "TUQ.", "Q.", "T/M", "K/T", "T/L")


def recognise(paras: list[Para], source: str) -> Recognised:
    """The parts of the plan, from its paragraphs; NotAPlan when it is another kind of document."""
    found = Recognised(source)
    type_at, type_line = _document_type(paras, source)
    header = paras[:type_at]
    _read_header(header, found)
    first_title_line = type_line + 1
    body_from = _read_title(paras, type_at, first_title_line, found)
    annex_from = _annex_start(paras, body_from)
    tail_from = _tail_start(paras[:annex_from], body_from)
    _read_body([p for p in paras[body_from:tail_from] if not p.blank], found)
    _read_tail(paras[tail_from:annex_from], found)
    annex = [p for p in paras[annex_from:] if not p.blank]
    if annex:
        found.notes.append(
            f"phụ lục sau chữ ký (đoạn {annex[0].number}–{annex[-1].number}, {len(annex)} đoạn) không được nhập: kế "
            "hoạch của danvan chưa có phụ lục; hãy giữ phụ lục này trong tệp Word riêng và gửi kèm"
        )
    return found


def _annex_start(paras: list[Para], body_from: int) -> int:
    """Where a Phụ lục after the signature begins ('PHỤ LỤC', 'Phụ lục I', alone on its line, after the closing
    'Trên đây …' or Nơi nhận), else the end."""
    ends = [i for i in range(body_from, len(paras)) if _key(paras[i].text).startswith(("NOI NHAN", "TREN DAY"))]
    for i in range(ends[0] + 1 if ends else len(paras), len(paras)):
        text = squash(paras[i].text)
        if len(text) <= 30 and re.fullmatch(r"PHU LUC(\s+(SO\s+)?[IVXLC0-9]+)?\.?", _key(text)):
            return i
    return len(paras)


def _document_type(paras: list[Para], source: str) -> tuple[int, int]:
    """Where 'KẾ HOẠCH' stands (paragraph index, line within it); any other tên loại is refused."""
    for i, p in enumerate(paras[:200]):
        for j, line in enumerate(p.text.split("\n")):
            key = _key(line)
            if key in DOCUMENT_TYPES:
                if key != "KE HOACH":
                    raise NotAPlan(
                        f"{source}: đây là {DOCUMENT_TYPES[key].lower()} (chữ '{squash(line)}' ở đoạn {p.number}), "
                        "không phải kế hoạch; danvan import chỉ đọc Kế hoạch"
                    )
                return i, j
            if key.startswith("V/V ") and i < 30:
                raise NotAPlan(
                    f"{source}: đây là công văn (dòng 'V/v' ở đoạn {p.number}), không phải kế hoạch; "
                    "danvan import chỉ đọc Kế hoạch"
                )
    for p in paras[:60]:
        m = _STATE_NUMBER.search(squash(p.text)) or _PARTY_NUMBER.search(squash(p.text))
        if m and m.group("loai").upper() in ("BC", "QĐ", "QD"):
            kind = DOCUMENT_TYPES[TYPE_ABBREVIATIONS[m.group("loai").upper()]].lower()
            raise NotAPlan(
                f"{source}: đây là {kind} (ký hiệu '{vn.shorten(m.group(0))}' ở đoạn {p.number}), không phải kế hoạch"
            )
    raise NotAPlan(
        f"{source}: không thấy tên loại KẾ HOẠCH (một dòng riêng, in hoa, dưới phần đầu văn bản); danvan import "
        "chỉ đọc Kế hoạch"
    )


def _pieces(text: str) -> list[str]:
    """A header line laid out with tabs or runs of spaces, as its pieces (left column, right column)."""
    return [p.strip() for p in re.split(r"\t+| {3,}|\n", text) if p.strip()]


def _read_header(header: list[Para], found: Recognised) -> None:
    lines: list[tuple[str, bool, int]] = []
    for p in header:
        text = vn.nfc(p.text).replace("\u00a0", " ")
        if _PARTY_MOTTO.search(text.upper()):
            found.the_thuc = "dang"
            text = _PARTY_MOTTO.sub("\t", text)
        for motto in _MOTTOES:
            text = motto.sub("\t", text)
        number = _PARTY_NUMBER.search(text) if found.the_thuc == "dang" else None
        number = number or _STATE_NUMBER.search(text) or _PARTY_NUMBER.search(text)
        if number:
            found.so = int(number.group("so")) if number.group("so") else None
            found.chu_viet_tat = number.group("abbr")
            if number.re is _PARTY_NUMBER and not _STATE_NUMBER.search(text):
                found.the_thuc = "dang"
            text = text[: number.start()] + "\t" + text[number.end() :]
        date = _date_line(text)
        if date:
            found.dia_danh = squash(re.split(r"\t| {3,}", date.place)[-1])
            found.ngay_written = squash(text[date.start : date.end])
            day, month, year = (whole_number(x) for x in (date.day, date.month, date.year))
            try:
                found.ngay = dt.date(year, month, day)
            except ValueError:
                found.ngay = None
                found.notes.append(
                    f"đoạn {p.number}: ngày ban hành '{vn.shorten(found.ngay_written.split(', ', 1)[-1])}' chưa đủ ngày, "
                    "tháng; plan.yaml ghi một ngày ví dụ, hãy sửa"
                )
                found.ngay = dt.date(year, month or 1, 1)
            text = text[: date.start] + "\t" + text[date.end :]
        for piece in _pieces(text):
            if _RULE.fullmatch(piece) or _key(piece) in _MARKS:
                continue
            lines.append((squash(piece), p.bold, p.number))
    if not lines:
        raise NotAPlan(f"{found.source}: không thấy tên cơ quan ban hành ở phần đầu văn bản (góc trên bên trái)")
    bold = [b for _, b, _ in lines]
    if any(bold) and not all(bold) and not bold[0]:
        split = bold.index(True)
    elif all(bold) or len(lines) == 1:
        starts = [i for i, (t, _, _) in enumerate(lines) if i and _key(t).startswith(_BODY_WORDS)]
        split = starts[0] if starts else 0
    else:
        split = len(lines) - 1
    if split and _bare_kind(" ".join(t for t, _, _ in lines[:split])) and _key(lines[split][0]).startswith(_LEVELS):
        split = 0  # 'ỦY BAN NHÂN DÂN' over 'PHƯỜNG BÌNH MINH': one body in two lines, whatever their weight
    found.co_quan_chu_quan = [t for t, _, _ in lines[:split]]
    found.ten_co_quan = [t for t, _, _ in lines[split:]]
    seen = "; ".join(vn.shorten(squash(p.text), 50) for p in [p for p in header if not p.blank][:8])
    if not found.chu_viet_tat:
        raise NotAPlan(
            f"{found.source}: không thấy số, ký hiệu của văn bản (dòng 'Số: …/KH-…') ở phần đầu; danvan cần chữ viết "
            f"tắt của cơ quan trong ký hiệu. Phần đầu đọc được: “{seen}”"
        )
    if found.ngay is None:
        raise NotAPlan(
            f"{found.source}: không thấy địa danh và ngày tháng ('…, ngày … tháng … năm …') ở phần đầu văn bản. "
            f"Phần đầu đọc được: “{seen}”"
        )


def _read_title(paras: list[Para], type_at: int, first_line: int, found: Recognised) -> int:
    """The trích yếu below KẾ HOẠCH (lines of its paragraph, then centred or bold paragraphs), up to the short
    rule below it; returns where the body begins."""
    rest = paras[type_at].text.split("\n")[first_line:]
    found.trich_yeu = [squash(line) for line in rest if line.strip()]
    i = type_at + 1
    while i < len(paras):
        p = paras[i]
        text = squash(p.text)
        if p.blank:
            i += 1
            if found.trich_yeu:
                break
            continue
        if _RULE.fullmatch(text):
            i += 1
            break
        labelled = _section_label(text) or bool(_PART.match(text)) or bool(_ITEM.match(text))
        if (p.centered or p.bold) and len(found.trich_yeu) < 6 and not labelled:
            found.trich_yeu += [squash(line) for line in p.text.split("\n") if line.strip()]
            i += 1
            continue
        if not found.trich_yeu and _plain_title(text):  # typed without formatting: the one short line below
            found.trich_yeu = [text]
            i += 1
        break
    while i < len(paras) and (paras[i].blank or _RULE.fullmatch(squash(paras[i].text))):
        i += 1
    if not found.trich_yeu:
        raise NotAPlan(f"{found.source}: không thấy trích yếu dưới chữ KẾ HOẠCH (đoạn {paras[type_at].number})")
    return i


def _plain_title(text: str) -> bool:
    """A trích yếu typed as plain text: one short line that opens no body. An opening cites its grounds and ends
    in ':' or '.' ('Thực hiện Kế hoạch số …, nhà trường xây dựng kế hoạch như sau:'); a trích yếu does not."""
    grounds = _key(text).startswith("CAN CU")
    return 0 < len(text) <= 200 and not grounds and not _section_label(text) and not text.endswith((".", ":", ";"))


def _tail_start(paras: list[Para], body_from: int) -> int:
    """Where Nơi nhận or the signature begins (the signature typed before Nơi nhận, after the closing, too)."""
    for i in range(body_from, len(paras)):
        if _key(paras[i].text).startswith("NOI NHAN"):
            j = i
            while j - 1 > body_from and (paras[j - 1].blank or _signature_line(squash(paras[j - 1].text))):
                j -= 1
            block = [squash(p.text) for p in paras[j:i] if not p.blank]
            closing = squash(paras[j - 1].text)
            if any(_signer_title(t) for t in block) and (closing.endswith("./.") or closing.startswith("Trên đây")):
                return j
            return i
    end = len(paras)
    while end > body_from and paras[end - 1].blank:
        end -= 1
    i = end - 1  # the signer's name
    while i - 1 > body_from and (paras[i - 1].blank or _signer_title(squash(paras[i - 1].text))):
        i -= 1
    return i if i < end - 1 else end


def _signature_line(text: str) -> bool:
    """A line of a signature block: its title in capitals, or a person's name (a few capitalised words)."""
    words = text.split()
    name = 1 < len(words) <= 5 and all(w[:1].isupper() for w in words) and not text.endswith((".", ":", ";"))
    return _signer_title(text) or name


def _signer_title(text: str) -> bool:
    return bool(text) and text == vn.upper(text) and len(text) < 70 and any(c.isalpha() for c in text)


def _read_tail(paras: list[Para], found: Recognised) -> None:
    """Nơi nhận (left) and the signature (right): in a table, with tabs, or one after the other."""
    left: list[str] = []
    right: list[str] = []
    in_list = False
    for p in paras:
        if p.blank:
            continue
        pieces = [x for x in re.split(r"\t+| {3,}", vn.nfc(p.text).replace("\u00a0", " ")) if x.strip()]
        leading_gap = bool(re.match(r"\s*\t|\s{6,}", p.text))
        for k, piece in enumerate(pieces):
            for line in piece.split("\n"):
                text = _norm(line)
                if not text:
                    continue
                if _key(text).startswith("NOI NHAN"):
                    in_list = True
                    continue
                alone = k == 0 and not leading_gap and p.cell is None  # a line of its own, at the left margin
                if in_list and alone and not re.match(r"^[-+–—•]", text) and _signer_title(text):
                    in_list = False  # typed one after the other: the signature follows the list
                is_recipient = (
                    k == 0 and not leading_gap and in_list and (p.cell is None or p.cell[2] == 0) and not p.centered
                )
                (left if is_recipient else right).append(text)
    for line in left:
        bullet = re.match(r"^[-+–—•]\s*(.*)$", line)
        if bullet is None and found.noi_nhan:
            found.noi_nhan[-1] = f"{found.noi_nhan[-1]} {line}"
            continue
        item = (bullet.group(1) if bullet else line).strip()
        archive = re.match(r"^Lưu\s*:?\s*(.*)$", item)
        if archive:
            found.luu = archive.group(1).strip().rstrip(".;").strip() or "VT"
            continue
        found.noi_nhan.append(item.rstrip(";.,").strip())
    lines = [t for t in right if not re.fullmatch(r"\(.*\)", t)]
    if not lines:
        return
    found.ho_ten = lines[-1]
    titles = lines[:-1]
    if titles:
        *authority, title = titles
        if title.startswith("Q. "):
            authority, title = [*authority, "Q."], title[3:]
        found.authority = authority
        found.chuc_vu = title
