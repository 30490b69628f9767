"""Recognising a Kế hoạch: paragraphs read from Word (wordfile.py) → the document's parts (letterhead, number,
place and date, tên loại and trích yếu, opening, parts, sections, items, closing, signer, Nơi nhận), and the data
they carry (names as the text writes them, the reporting schedule, task ids). Pure; importer.py writes the YAML.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from danvan_cli import vnformat as vn
from danvan_cli.context import letterhead_lines, title_lines
from danvan_cli.errors import NotAPlan
from danvan_cli.wordfile import Para, whole_number

# ---------------------------------------------------------------- step 2: the parts of a Kế hoạch


@dataclass
class Placed:
    """A paragraph kept as it stood because it fits no part of the plan: listed, and commented in the YAML."""

    number: int
    text: str
    where: str


@dataclass
class Node:
    """A section, part or item while the outline is read (turned into YAML data at the end)."""

    kind: str  # "phan", "muc" (section), "item"
    tieu_de: str | None = None
    noi_dung: list[str] = field(default_factory=list)
    children: list[Node] = field(default_factory=list)
    depth: int = 0
    unplaced: dict[int, Placed] = field(default_factory=dict)  # index in noi_dung → why
    ma: str | None = None
    number: int = 0  # the paragraph it starts at


@dataclass
class Recognised:
    """What the document says, part by part, before it is written as YAML."""

    source: str
    the_thuc: str = "nha_nuoc"
    co_quan_chu_quan: list[str] = field(default_factory=list)
    ten_co_quan: list[str] = field(default_factory=list)
    so: int | None = None
    chu_viet_tat: str = ""
    dia_danh: str = ""
    ngay: dt.date | None = None
    ngay_written: str = ""
    trich_yeu: list[str] = field(default_factory=list)
    mo_dau: list[str] = field(default_factory=list)
    mo_dau_unplaced: dict[int, Placed] = field(default_factory=dict)
    parts: list[Node] = field(default_factory=list)
    sections: list[Node] = field(default_factory=list)
    part_style: str = "phan_la_ma"
    point_style: str = "chu_cai"
    ket_luan: list[str] = field(default_factory=list)
    authority: list[str] = field(default_factory=list)
    chuc_vu: str = ""
    ho_ten: str = ""
    noi_nhan: list[str] = field(default_factory=list)
    luu: str | None = None
    unplaced: list[Placed] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def corpus(self) -> str:
        """The running text, where a name printed in capitals may be found as it is written."""
        texts = [*self.mo_dau, *self.ket_luan]

        def walk(nodes: list[Node]):
            for n in nodes:
                texts.extend(n.noi_dung)
                if n.tieu_de:
                    texts.append(n.tieu_de)
                walk(n.children)

        walk(self.parts or self.sections)
        return "\n".join(texts)


def _norm(text: str) -> str:
    """One line, NFC, non-breaking spaces as spaces, runs of spaces kept (a blank left to be written in)."""
    text = vn.nfc(text).replace("\u00a0", " ").replace("\u202f", " ")
    return vn.collapse_whitespace(text)


def squash(text: str) -> str:
    return " ".join(vn.nfc(text).replace("\u00a0", " ").split())


def _key(text: str) -> str:
    """Text compared as a clerk reads it: capitals, no diacritics, single spaces."""
    return " ".join(vn.fold_diacritics(text).upper().split())


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


# Labels of the outline, as typed or as Word's numbering shows them.
_PART = re.compile(r"^(?:PHẦN|Phần)\s+(?P<n>[IVXLC]+|THỨ\s+\S+|[0-9]+)\s*[.:\-–]?\s*(?P<rest>.*)$")
_LETTER_PART = re.compile(r"^(?P<n>[A-Z])\s*\.\s+(?P<rest>.+)$")
# The Party's and many clerks' habit: 'I-', 'I/', '1-', '1/', 'a-', 'a/' (followed by a letter: '1-2 buổi' is text;
# a section heading after 'I-' or 'I/' is in capitals, so that 'V/v …' stays text).
_DASH = r"\s*[-–/](?=\s*[^\W\d_])"
_ROMAN = re.compile(r"^(?P<n>[IVXLC]+)(?:\s*[.)]|" + _DASH + r"(?=\s*[A-ZĐ\u00c0-\u1ef9][^a-zđ]*$))\s*(?P<rest>\S.*)$")
_DECIMAL2 = re.compile(r"^(?P<n>[0-9]{1,2})\.(?P<m>[0-9]{1,2})\.?\s+(?P<rest>\S.*)$")
_ITEM = re.compile(r"^(?P<n>[0-9]{1,2})(?:\s*[.)]|" + _DASH + r")\s*(?P<rest>[^\s0-9/].*)$")
_POINT = re.compile(r"^(?P<n>[a-zđ])(?:\s*[).]|" + _DASH + r")\s+(?P<rest>\S.*)$")
_BULLET = re.compile(r"^[-+–—•]\s*\S")


def _roman_value(text: str) -> int | None:
    for n in range(1, 60):
        if vn.roman(n) == text:
            return n
    return None


def _section_label(text: str) -> bool:
    m = _ROMAN.match(text)
    return bool(m and _roman_value(m.group("n")))


class _Outline:
    """Reads the body's paragraphs one after another into parts, sections and items."""

    def __init__(self, found: Recognised) -> None:
        self.found = found
        self.part: Node | None = None
        self.section: Node | None = None
        self.stack: list[Node] = []  # open items, outermost first
        self.awaiting_part_title = False

    def place(self, p: Para, text: str, closing: bool) -> None:
        f = self.found
        if self.awaiting_part_title and self.part is not None:
            self.part.tieu_de = text
            self.awaiting_part_title = False
            return
        part = _PART.match(text)
        if part and (text == vn.upper(text) or part.group("rest") == "" or p.bold):
            f.part_style = "phan_thu" if part.group("n").upper().startswith("THỨ") else "phan_la_ma"
            self._open_part(part.group("rest"))
            return
        letter = _LETTER_PART.match(text)
        expected = "ABCDEGHIKLMNOPQRSTUVXY"[len(f.parts)] if len(f.parts) < 22 else ""
        if letter and letter.group("n") == expected and (f.part_style == "chu_cai" or expected == "A"):
            rest = letter.group("rest")
            if rest == vn.upper(rest) and (expected != "A" or not self.section):
                f.part_style = "chu_cai"
                self._open_part(rest)
                return
        roman = _ROMAN.match(text)
        if roman and _roman_value(roman.group("n")):
            self.section = Node("muc", tieu_de=roman.group("rest"), number=p.number)
            (self.part.children if self.part else f.sections).append(self.section)
            self.stack = []
            return
        if self.section is None:
            if self.part is not None and not _ITEM.match(text):
                self.part.noi_dung.append(text)
                return
            if _ITEM.match(text) or _POINT.match(text) or _DECIMAL2.match(text):
                where = "phần mở đầu"
                placed = Placed(p.number, text, where)
                f.mo_dau_unplaced[len(f.mo_dau)] = placed
                f.unplaced.append(placed)
            f.mo_dau.append(text)
            return
        decimal = _DECIMAL2.match(text)
        if decimal and self.stack:
            f.point_style = "so_thap_phan"
            self._open_item(2, decimal.group("rest"), p, heading=False)
            return
        item = _ITEM.match(text)
        if item:
            self._open_item(1, item.group("rest"), p, heading=p.bold and not closing)
            return
        point = _POINT.match(text)
        if point and self.stack:
            self._open_item(2, point.group("rest"), p, heading=False)
            return
        target = self.stack[-1] if self.stack else self.section
        if point and not self.stack:
            placed = Placed(p.number, text, f"mục {self.section.tieu_de}")
            target.unplaced[len(target.noi_dung)] = placed
            f.unplaced.append(placed)
        target.noi_dung.append(text)

    def _open_part(self, title: str) -> None:
        f = self.found
        if not f.parts and f.sections:
            # Sections before the first part: a plan has parts or sections, not both. Their text is kept, in the
            # opening, each listed, never dropped.
            for section in f.sections:
                texts = [section.tieu_de or "", *_flattened(section)]
                for text in [t for t in texts if t]:
                    placed = Placed(section.number, text, "trước phần thứ nhất")
                    f.mo_dau_unplaced[len(f.mo_dau)] = placed
                    f.unplaced.append(placed)
                    f.mo_dau.append(text)
            f.sections = []
        self.part = Node("phan", tieu_de=title or None)
        self.found.parts.append(self.part)
        self.awaiting_part_title = not title
        self.section = None
        self.stack = []

    def _open_item(self, depth: int, text: str, p: Para, *, heading: bool) -> None:
        node = Node("item", depth=depth)
        if heading:
            node.tieu_de = text
        else:
            node.noi_dung.append(text)
        while self.stack and self.stack[-1].depth >= depth:
            self.stack.pop()
        parent = self.stack[-1] if self.stack else None
        if depth == 2 and parent is None:
            return
        (parent.children if parent else self.section.children).append(node)  # type: ignore[union-attr]
        self.stack.append(node)


def _flattened(node: Node) -> list[str]:
    """Every text under a node, in reading order."""
    out: list[str] = []
    for child in node.children:
        out += [t for t in (child.tieu_de, *child.noi_dung) if t]
        out += _flattened(child)
    return [*node.noi_dung, *out] if node.kind == "muc" else out


def _read_body(paras: list[Para], found: Recognised) -> None:
    """Opening, outline and closing: paragraphs styled 'Kết' (danvan's), or from a 'Trên đây …' near the end on,
    close the plan; every other paragraph is placed in the outline."""
    pieces: list[tuple[Para, str]] = []
    for p in _rows_as_paragraphs(paras, found):
        # A line break before a label (Shift+Enter where Enter was meant) starts a paragraph of its own.
        lines = [_norm(line) for line in re.split(r"\n(?=[ \t]*(?:[-+•]\s|[0-9]{1,2}[.)]\s|[a-zđ]\)\s))", p.text)]
        pieces += [(p, line) for line in lines if line]
    closing_at = len(pieces)
    styled = [i for i, (p, t) in enumerate(pieces) if p.style == "Kết" and not _labelled(t)]
    if styled and (len(styled) > 1 or pieces[styled[0]][1].startswith("Trên đây")):
        closing_at = styled[0]
    else:
        for i in range(len(pieces) - 1, max(-1, len(pieces) - 6), -1):
            if pieces[i][1].startswith("Trên đây") and i > 0:
                closing_at = i
                break
    outline = _Outline(found)
    for i, (p, text) in enumerate(pieces[:closing_at]):
        outline.place(p, text, i == closing_at - 1)
    found.ket_luan = [t for _, t in pieces[closing_at:]]
    if not found.sections and not any(part.children for part in found.parts):
        raise NotAPlan(
            f"{found.source}: không thấy mục nào được đánh số La Mã (I., II., …) trong thân kế hoạch; danvan cần "
            "ít nhất một mục"
        )


def _rows_as_paragraphs(paras: list[Para], found: Recognised) -> list[Para]:
    """A table in the body (the usual 'TT | Nội dung | Thời gian | Đơn vị thực hiện') read a row at a time: a row
    numbered in its first cell is that item ('1. Nội dung – Quý I – Bộ phận một cửa'), any other row one paragraph
    of its cells; said, so that the clerk can give the columns their keys (han, phu_trach)."""
    out: list[Para] = []
    rows: dict[tuple[int, int], list[Para]] = {}
    for p in paras:
        if p.cell is None:
            out.append(p)
            continue
        key = (p.cell[0], p.cell[1])
        if key not in rows:
            rows[key] = []
            out.append(Para(p.number, "", cell=p.cell))  # the row's place; its text is set below
        rows[key].append(p)
    tables: dict[int, list[int]] = {}
    for i, p in enumerate(out):
        if p.cell is None:
            continue
        cells = [squash(c.text) for c in rows[(p.cell[0], p.cell[1])] if c.text.strip()]
        numbered = len(cells) > 1 and re.fullmatch(r"[0-9]{1,2}\.?", cells[0])
        text = f"{cells[0].rstrip('.')}. " + " – ".join(cells[1:]) if numbered else " – ".join(cells)
        out[i] = Para(p.number, text, bold=any(c.bold for c in rows[(p.cell[0], p.cell[1])]))
        tables.setdefault(p.cell[0], []).append(p.number)
    for numbers in tables.values():
        found.notes.append(
            f"bảng trong thân kế hoạch (đoạn {numbers[0]}–{numbers[-1]}) được đọc mỗi dòng một mục hay một đoạn, các "
            "ô nối bằng ' – '; hãy xem lại plan.yaml (thời hạn ghi vào han, đơn vị thực hiện vào phu_trach)"
        )
    return out


def _labelled(text: str) -> bool:
    return bool(_ITEM.match(text) or _POINT.match(text) or _DECIMAL2.match(text) or _section_label(text))


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


# ---------------------------------------------------------------- the data the document carries


def recase(printed: str, corpus: str) -> str | None:
    """A name printed in capitals as the running text writes it ('TRƯỜNG MẦM NON HÙNG AN' → 'Trường Mầm non
    Hùng An'), or None where the text never names it."""
    target = vn.upper(squash(printed))
    flat = squash(corpus)
    upper = vn.upper(flat)
    if len(upper) != len(flat) or not target:
        return None
    at = upper.find(target)
    while at >= 0:
        before = at == 0 or not upper[at - 1].isalnum()
        after = at + len(target) == len(upper) or not upper[at + len(target)].isalnum()
        if before and after:
            return flat[at : at + len(target)]
        at = upper.find(target, at + 1)
    return None


# Titles of signers as the decree writes them in running text (the first letter of each office capitalised).
_TITLES = {
    _key(t): t
    for t in (
        "Hiệu trưởng",
        "Phó Hiệu trưởng",
        "Chủ tịch",
        "Phó Chủ tịch",
        "Giám đốc",
        "Phó Giám đốc",
        "Trưởng phòng",
        "Phó Trưởng phòng",
        "Bí thư",
        "Phó Bí thư",
        "Chánh Văn phòng",
        "Phó Chánh Văn phòng",
        "Trưởng ban",
        "Phó Trưởng ban",
        "Chi cục trưởng",
        "Cục trưởng",
        "Chánh Thanh tra",
        "Thủ trưởng",
    )
}


def as_written(printed: str, corpus: str) -> tuple[str, bool]:
    """A capitalised line as it is written in running text, or as printed; True when it was found."""
    found = recase(printed, corpus)
    if found is not None:
        return found, True
    if _key(printed) in _TITLES:
        return _TITLES[_key(printed)], True
    return printed, False


def name_value(lines: list[str], corpus: str, *, the_thuc: str, bold: bool) -> tuple[str | list[str], bool]:
    """A letterhead name: one text where danvan breaks it into the same lines, else the lines as printed."""

    joined = " ".join(lines)
    written, known = as_written(joined, corpus)
    if letterhead_lines(written, the_thuc, bold=bold) == [vn.upper(x) for x in lines] or len(lines) == 1:
        return written, known  # (a one-line name danvan would break is broken as danvan breaks it)
    if known:  # the lines as printed, each as the running text writes it
        words = written.split()
        out = []
        for line in lines:
            count = len(line.split())
            out.append(" ".join(words[:count]))
            words = words[count:]
        return out, True
    return list(lines), False


def title_value(lines: list[str]) -> str | list[str]:

    joined = " ".join(lines)
    if title_lines(joined)["trich_yeu_dong"] == lines:
        return joined
    return list(lines)


_PERIOD_WORDS = [
    (re.compile(r"\b(?:quý|QUÝ)\s+(I{1,3}|IV|[1-4])\b"), "q"),
    (re.compile(r"\b9\s*tháng\b"), "9m"),
    (re.compile(r"\b(?:6\s*tháng|sáu\s+tháng|sơ\s+kết)\b", re.I), "6m"),
    (re.compile(r"\b(?:một\s+năm|cả\s+năm|hằng\s+năm|hàng\s+năm|tổng\s+kết|năm)\b", re.I), "year"),
]
_DUE = re.compile(
    r"(?:trước|chậm\s+nhất|hạn)\s+(?:ngày\s+)?(?P<d>[0-9]{1,2})\s*/\s*(?P<m>[0-9]{1,2})(?:\s*/\s*(?P<y>[0-9]{4}))?",
    re.I,
)
_ANY_DATE = re.compile(r"(?<![0-9/])[0-9]{1,2}\s*/\s*[0-9]{1,2}(?:\s*/\s*[0-9]{4})?(?![0-9/])")


def reporting_schedule(texts: list[str], year: int) -> list[dict]:
    """The reporting regime where the plan writes it as a sentence ('Định kỳ 6 tháng (trước ngày 15/5/2022), một
    năm (trước ngày 15/11/2022) … báo cáo …'): each due date with the period named just before it. Nothing is
    returned unless every date found reads one way."""
    found: dict[str, dt.date] = {}
    for text in texts:
        if "báo cáo" not in text.lower():
            continue
        dues = len(_DUE.findall(text))
        if dues and dues != len(_ANY_DATE.findall(text)):
            return []  # a date no period word leads to ('… 20/6 và 20/12'): not read one way
        last = 0
        for due in _DUE.finditer(text):
            before = text[last : due.start()]
            last = due.end()
            kinds = []
            for pattern, kind in _PERIOD_WORDS:
                for m in pattern.finditer(before):
                    if kind == "q":
                        quarter = {"I": 1, "II": 2, "III": 3, "IV": 4}.get(m.group(1), whole_number(m.group(1)))
                        kinds.append((m.start(), f"q{quarter}"))
                    else:
                        kinds.append((m.start(), kind))
            first_other = min((at for at, kind in kinds if kind != "year"), default=None)
            kinds = [k for k in kinds if not (k[1] == "year" and first_other is not None and first_other < k[0])]
            named = {k for _, k in kinds}
            if len(named) != 1:
                return []
            period = named.pop()
            try:
                date = dt.date(
                    whole_number(due.group("y"), year), whole_number(due.group("m")), whole_number(due.group("d"))
                )
            except ValueError:
                return []
            if period in found and found[period] != date:
                return []
            found[period] = date
    order = ["q1", "6m", "q2", "9m", "q3", "year", "q4"]
    return [{"ky": k, "han_nop": found[k].isoformat()} for k in sorted(found, key=order.index)]


# Opening words a task id leaves out: the common verbs and nouns in pairs ('thực hiện', 'công tác'), and a few
# words alone; 'công' alone stays ('công khai …' → cong-khai-…).
_LEADING_PAIRS = {"thuc hien", "trien khai", "to chuc", "tiep tuc", "day manh", "tang cuong", "cong tac", "nha truong"}
_LEADING = {"va", "cac", "viec"}
# Words that carry no meaning of a task's own, left out wherever they stand (told apart with their diacritics:
# 'có' goes, 'cơ' of 'cơ sở' stays).
_FUNCTION_WORDS = {
    "ở", "của", "và", "các", "những", "cho", "với", "về", "trong", "tại", "để", "được", "là", "đến", "trên",
    "dưới", "sự", "việc", "cuộc", "này", "đó", "nhằm", "hoặc", "vào", "thì", "mà", "như", "có", "bị", "mỗi",
}  # fmt: skip
_NOISE_PAIRS = {("đối", "với"), ("công", "tác")}  # 'công tác dân vận' → dan-van; 'công khai', 'đối thoại' stay
_ID_SYLLABLES = 4  # two words of two syllables, as most Vietnamese words are: 'cai-cach-hanh-chinh'
_ID_LENGTH = 34


def task_id(text: str, taken: set[str], counters: dict[str, int] | None = None) -> str:
    """A stable id from the words of the task's name that carry its meaning ('Thực hiện dân chủ ở cơ sở' →
    dan-chu-co-so, 'Cải cách hành chính, …' → cai-cach-hanh-chinh): the common opening verbs and the little words
    left out, four syllables kept whole; unique within the plan (-2, -3 …)."""
    syllables = re.findall(r"[^\W_]+", vn.nfc(text).lower())
    folded = [re.sub(r"[^a-z0-9]", "", vn.fold_diacritics(w)) for w in syllables]
    start = 0
    while start < len(folded) - 2:
        if " ".join(folded[start : start + 2]) in _LEADING_PAIRS and start < len(folded) - 3:
            start += 2
        elif folded[start] in _LEADING:
            start += 1
        else:
            break
    kept: list[str] = []
    for i in range(start, len(syllables)):
        word, after = syllables[i], syllables[i + 1] if i + 1 < len(syllables) else ""
        before = syllables[i - 1] if i else ""
        pair = (word, after) in _NOISE_PAIRS or (before, word) in _NOISE_PAIRS
        if word in _FUNCTION_WORDS or pair:
            continue
        if folded[i]:
            kept.append(folded[i])
        if len(kept) == _ID_SYLLABLES:
            break
    while len("-".join(kept)) > _ID_LENGTH and len(kept) > 1:
        kept.pop()
    base = "-".join(kept)[:_ID_LENGTH].strip("-") or "nhiem-vu"
    counters = {} if counters is None else counters  # where the numbering of each id went on from
    candidate, n = base, counters.get(base, 2)
    while candidate in taken:
        candidate = f"{base}-{n}"
        n += 1
    counters[base] = n
    taken.add(candidate)
    return candidate


@dataclass(frozen=True)
class KnownTask:
    """A task id already given: in the plan an import replaces, or written by danvan into the Word file it made;
    with the title the document prints for it and its section's heading, by which import keeps it."""

    ma: str
    title: str
    section: str = ""


TITLE_KEY_LENGTH = 200  # as much of a title as danvan writes into a document's properties


def title_key(text: str) -> str:
    """A task's title as compared when its id is kept: one space between words, no case, no closing stop."""
    return " ".join(vn.nfc(text).split())[:TITLE_KEY_LENGTH].casefold().rstrip(" .;:,")


def _item_title(item: Node) -> str:
    return item.tieu_de or (item.noi_dung[0] if item.noi_dung else "")


_TASK_SECTIONS = re.compile(r"NHIEM VU|GIAI PHAP|NOI DUNG")
_NOT_TASKS = re.compile(r"MUC DICH|YEU CAU|CAN CU|KINH PHI")


def mark_tasks(found: Recognised, known: tuple[list[KnownTask], ...] = ()) -> list[tuple[str, str, bool]]:
    """Tasks are the items 1., 2. … of the sections that set out the work (NHIỆM VỤ, GIẢI PHÁP, NỘI DUNG), or,
    where none is named so, of every section but the purpose. A task whose title is that of a known task keeps its
    id (`known`: lists in order of precedence, the plan replaced first; the same section preferred); any other gets
    a new one, never one already given. Returns (id, title, kept) for each task."""
    sections = [s for part in found.parts for s in part.children] if found.parts else found.sections
    chosen = [s for s in sections if _TASK_SECTIONS.search(_key(s.tieu_de or ""))]
    if not chosen:
        chosen = [s for s in sections if not _NOT_TASKS.search(_key(s.tieu_de or ""))] or sections
    items = [(section, item) for section in chosen for item in section.children]
    given: dict[int, str] = {}
    used: set[str] = set()
    for source in known:
        by_title: dict[str, list[KnownTask]] = {}
        for task in source:
            by_title.setdefault(title_key(task.title), []).append(task)
        for same_section in (True, False):
            for i, (section, item) in enumerate(items):
                if i in given:
                    continue
                for task in by_title.get(title_key(_item_title(item)), []):
                    if task.ma in used or (same_section and _key(task.section) != _key(section.tieu_de or "")):
                        continue
                    given[i] = task.ma
                    used.add(task.ma)
                    break
    taken = {task.ma for source in known for task in source}  # an id once given is never given to another task
    counters: dict[str, int] = {}
    out = []
    for i, (_, item) in enumerate(items):
        item.ma = given.get(i) or task_id(_item_title(item), taken, counters)
        out.append((item.ma, _item_title(item), i in given))
    return out


def year_of(found: Recognised) -> int:
    years = re.findall(r"\bnăm\s+([0-9]{4})\b", " ".join(found.trich_yeu), re.I)
    if years:
        return int(years[-1])
    return found.ngay.year if found.ngay else dt.date.today().year
