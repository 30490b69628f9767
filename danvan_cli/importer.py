"""`import`: a Kế hoạch the unit wrote in Word, read back into unit.yaml and plan.yaml.

The way is in three pure steps, each testable alone:

    read_docx      the .docx package (sizes checked before anything is inflated) → paragraphs in reading
                   order, with their number, text (NFC, fields and text boxes resolved), boldness, alignment,
                   style and the label Word's list numbering shows (numbering.xml resolved)
    recognise      paragraphs → the document's parts: letterhead, number, place and date, tên loại and
                   trích yếu, opening, parts, sections, items, closing, signer, Nơi nhận
    unit_yaml,     the recognised plan → YAML text, every key explained by its Vietnamese comment as new-plan
    plan_yaml      writes it, every guess and every paragraph that could not be placed marked by a comment

Nothing is invented: what cannot be placed stays as a plain paragraph where it stood, and is listed.
A .doc or .odt is first converted (a copy, in a folder of its own) by LibreOffice.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from danvan_cli import vnformat as vn
from danvan_cli.errors import NotAPlan, UnreadableDocument, display_path

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"

# A .docx is a zip from anyone: the file, and what each part inflates to, are capped before it is read.
MAX_DOCX_BYTES = 50 * 1024 * 1024
MAX_PART_BYTES = {"word/document.xml": 40 * 1024 * 1024, "word/numbering.xml": 8 * 1024 * 1024}
MAX_OTHER_PART_BYTES = 8 * 1024 * 1024
MAX_MEMBERS = 5000
MAX_PARAGRAPHS = 50_000
CONVERT_TIMEOUT = 120.0


# ---------------------------------------------------------------- step 1: the package, as paragraphs


@dataclass
class Para:
    """One paragraph as Word shows it: `number` counts every paragraph of the body from 1 (empty ones, table
    cells and text boxes too), as the messages cite it."""

    number: int
    text: str
    bold: bool = False
    centered: bool = False
    style: str = ""
    cell: tuple[int, int, int] | None = None  # (table, row, column) for a paragraph inside a table
    listed: bool = False  # its label comes from Word's list numbering

    @property
    def blank(self) -> bool:
        return not self.text.strip()


def _parser():
    from lxml import etree

    return etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False)


def _xml(shown: str, name: str, data: bytes):
    from lxml import etree

    try:
        return etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as exc:
        raise UnreadableDocument(
            f"{shown}: tệp Word bị hỏng ({name} không đọc được: {vn.shorten(str(exc), 80)}); hãy mở bằng Word rồi "
            "lưu lại thành .docx"
        ) from None


def _parts(shown: str, data: bytes) -> dict[str, bytes]:
    """The parts of the package danvan reads, each refused before it is inflated when it would be too large."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise UnreadableDocument(
            f"{shown}: không phải tệp Word .docx (không mở được gói nén); nếu là .doc hay .odt, hãy giữ đúng đuôi tệp"
        ) from None
    if len(members) > MAX_MEMBERS:
        raise UnreadableDocument(f"{shown}: tệp có {len(members)} thành phần, quá nhiều cho một văn bản; không đọc")
    wanted = {"word/document.xml", "word/numbering.xml", "word/styles.xml"}
    found: dict[str, bytes] = {}
    for info in members:
        if info.filename not in wanted:
            continue
        limit = MAX_PART_BYTES.get(info.filename, MAX_OTHER_PART_BYTES)
        if info.file_size > limit:
            raise UnreadableDocument(
                f"{shown}: phần {info.filename} khi giải nén lớn {info.file_size / 1048576:.0f} MB (tối đa "
                f"{limit / 1048576:g} MB); tệp này không giống một văn bản thật, danvan không đọc"
            )
        try:
            with archive.open(info) as member:
                content = member.read(limit + 1)  # the header's size may lie: never more than the cap
        except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError, EOFError):
            raise UnreadableDocument(f"{shown}: tệp Word bị hỏng ({info.filename} không giải nén được)") from None
        if len(content) > limit:
            raise UnreadableDocument(
                f"{shown}: phần {info.filename} giải nén ra quá {limit / 1048576:g} MB; danvan không đọc tệp này"
            )
        found[info.filename] = content
    if "word/document.xml" not in found:
        raise UnreadableDocument(f"{shown}: không phải tệp Word .docx (không có word/document.xml)")
    return found


@dataclass
class _Styles:
    bold: dict[str, bool]
    centered: dict[str, bool]
    names: dict[str, str]
    numbering: dict[str, tuple[str, int]]


def _on(element) -> bool:
    """<w:b/>, <w:b w:val="1"/> are on; w:val 0, false, off are off."""
    return element.get(W + "val", "true").lower() not in ("0", "false", "off", "none")


def _styles(root) -> _Styles:
    styles = _Styles({}, {}, {}, {})
    if root is None:
        return styles
    raw: dict[str, tuple[str | None, bool | None, bool | None, str, tuple[str, int] | None]] = {}
    for style in root.iter(W + "style"):
        sid = style.get(W + "styleId") or ""
        based = style.find(W + "basedOn")
        name = style.find(W + "name")
        b = style.find(f"{W}rPr/{W}b")
        jc = style.find(f"{W}pPr/{W}jc")
        num = style.find(f"{W}pPr/{W}numPr")
        numbering = None
        if num is not None and num.find(W + "numId") is not None:
            ilvl = num.find(W + "ilvl")
            numbering = (
                num.find(W + "numId").get(W + "val", ""),
                int(_int(ilvl.get(W + "val")) if ilvl is not None else 0),
            )
        raw[sid] = (
            based.get(W + "val") if based is not None else None,
            _on(b) if b is not None else None,
            jc.get(W + "val") == "center" if jc is not None else None,
            name.get(W + "val", "") if name is not None else sid,
            numbering,
        )

    def inherited(sid: str, index: int, depth: int = 0):
        if sid not in raw or depth > 20:
            return None
        value = raw[sid][index]
        return value if value is not None else inherited(raw[sid][0] or "", index, depth + 1)

    for sid in raw:
        styles.bold[sid] = bool(inherited(sid, 1))
        styles.centered[sid] = bool(inherited(sid, 2))
        styles.names[sid] = raw[sid][3]
        numbering = inherited(sid, 4)
        if numbering:
            styles.numbering[sid] = numbering
    return styles


def _int(text: str | None, default: int = 0) -> int:
    try:
        return int(text or default)
    except ValueError:
        return default


class _Numbering:
    """Word's list numbering (numbering.xml): the label each numbered paragraph shows, counted as Word counts."""

    def __init__(self, root) -> None:
        self.levels: dict[str, dict[int, tuple[str, str, int]]] = {}  # abstractNumId → ilvl → (fmt, text, start)
        self.nums: dict[str, tuple[str, dict[int, int]]] = {}  # numId → (abstractNumId, start overrides)
        self.counters: dict[str, dict[int, int]] = {}
        if root is None:
            return
        for abstract in root.iter(W + "abstractNum"):
            levels = {}
            for lvl in abstract.iter(W + "lvl"):
                fmt = lvl.find(W + "numFmt")
                text = lvl.find(W + "lvlText")
                start = lvl.find(W + "start")
                levels[_int(lvl.get(W + "ilvl"))] = (
                    fmt.get(W + "val", "decimal") if fmt is not None else "decimal",
                    text.get(W + "val", "") if text is not None else "",
                    _int(start.get(W + "val"), 1) if start is not None else 1,
                )
            self.levels[abstract.get(W + "abstractNumId", "")] = levels
        for num in root.iter(W + "num"):
            ref = num.find(W + "abstractNumId")
            overrides = {}
            for override in num.iter(W + "lvlOverride"):
                start = override.find(W + "startOverride")
                if start is not None:
                    overrides[_int(override.get(W + "ilvl"))] = _int(start.get(W + "val"), 1)
            self.nums[num.get(W + "numId", "")] = (ref.get(W + "val", "") if ref is not None else "", overrides)

    def label(self, num_id: str, ilvl: int) -> str | None:
        if num_id not in self.nums or num_id == "0":
            return None
        abstract, overrides = self.nums[num_id]
        levels = self.levels.get(abstract, {})
        if ilvl not in levels:
            return None
        counters = self.counters.setdefault(num_id, {})
        fmt, _, start = levels[ilvl]
        start = overrides.get(ilvl, start)
        counters[ilvl] = counters[ilvl] + 1 if ilvl in counters else start
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]
        if fmt == "bullet":
            return _bullet(levels[ilvl][1])
        if fmt == "none":
            return None

        def shown(match: re.Match) -> str:
            level = int(match.group(1)) - 1
            lfmt, _, lstart = levels.get(level, ("decimal", "", 1))
            return _format_number(counters.get(level, overrides.get(level, lstart)), lfmt)

        return re.sub(r"%(\d)", shown, levels[ilvl][1]).strip() or None


def _bullet(glyph: str) -> str:
    """A bullet as the decree writes it: '+' stays '+', every other mark ('•', Symbol's private glyphs) is '-'."""
    return "+" if glyph.strip() == "+" else "-"


def _format_number(n: int, fmt: str) -> str:
    if fmt in ("upperRoman", "lowerRoman"):
        text = vn.roman(n)
        return text if fmt == "upperRoman" else text.lower()
    if fmt in ("lowerLetter", "upperLetter"):
        letters = "abcdefghijklmnopqrstuvwxyz"
        text = letters[(n - 1) % 26] * (1 + (n - 1) // 26)
        return text if fmt == "lowerLetter" else text.upper()
    return str(n)


_PAGE_FIELDS = ("PAGE", "NUMPAGES", "SECTIONPAGES")


class _Reader:
    def __init__(self, styles: _Styles, numbering: _Numbering) -> None:
        self.styles = styles
        self.numbering = numbering
        self.paras: list[Para] = []
        self.tables = 0

    def body(self, element) -> None:
        for child in element:
            if child.tag == W + "p":
                self.paragraph(child, None)
            elif child.tag == W + "tbl":
                self.table(child)
            elif child.tag in (W + "sdt", W + "customXml", W + "sdtContent"):
                self.body(child.find(W + "sdtContent") if child.tag == W + "sdt" else child)
            if len(self.paras) > MAX_PARAGRAPHS:
                return

    def table(self, tbl) -> None:
        self.tables += 1
        index = self.tables
        for r, row in enumerate(tbl.iter(W + "tr")):
            if row.getparent() is not tbl and row.getparent().tag != W + "sdtContent":
                continue  # a nested table's rows are read with their own table
            for c, cell in enumerate(row.findall(W + "tc")):
                for child in cell:
                    if child.tag == W + "p":
                        self.paragraph(child, (index, r, c))
                    elif child.tag == W + "tbl":
                        self.table(child)

    def paragraph(self, p, cell) -> None:
        # Text boxes first: a box anchored in a paragraph stands, for the reader, where its anchor is.
        for box in p.iter(W + "txbxContent"):
            if any(a.tag == MC + "Fallback" for a in box.iterancestors()):
                continue  # the same box again, in the older drawing format
            for inner in box.iter(W + "p"):
                if inner.getparent() is box:
                    self.paragraph(inner, cell)
        segments: list[tuple[str, bool | None]] = []
        self._runs(p, segments, [], False)
        ppr = p.find(W + "pPr")
        style_id = ""
        if ppr is not None and ppr.find(W + "pStyle") is not None:
            style_id = ppr.find(W + "pStyle").get(W + "val", "")
        style_bold = self.styles.bold.get(style_id, False)
        text = "".join(s for s, _ in segments)
        shown = [b if b is not None else style_bold for s, b in segments if s.strip()]
        jc = ppr.find(W + "jc") if ppr is not None else None
        centered = jc.get(W + "val") == "center" if jc is not None else self.styles.centered.get(style_id, False)
        label = None
        num = ppr.find(W + "numPr") if ppr is not None else None
        if num is not None and num.find(W + "numId") is not None:
            ilvl = num.find(W + "ilvl")
            label = self.numbering.label(
                num.find(W + "numId").get(W + "val", ""), _int(ilvl.get(W + "val")) if ilvl is not None else 0
            )
        elif style_id in self.styles.numbering:
            label = self.numbering.label(*self.styles.numbering[style_id])
        text = vn.nfc(text)
        if label and text.strip():
            text = f"{label} {text.lstrip()}"
        self.paras.append(
            Para(
                len(self.paras) + 1,
                text,
                bold=bool(shown) and all(shown),
                centered=centered,
                style=self.styles.names.get(style_id, style_id),
                cell=cell,
                listed=label is not None,
            )
        )

    def _runs(self, element, out: list, fields: list, hidden: bool) -> None:
        """The text of `element`'s runs in order: fields' results but not their codes (and not page numbers),
        no deleted text, no text box (read on its own), no second copy of a drawing."""
        for child in element:
            tag = child.tag
            if tag in (W + "pPr", W + "rPr", W + "del", W + "txbxContent", MC + "Fallback", W + "instrText"):
                if tag == W + "instrText" and fields:
                    fields[-1][0] += child.text or ""
                continue
            if tag == W + "fldSimple":
                instr = (child.get(W + "instr") or "").strip().upper()
                if not instr.startswith(_PAGE_FIELDS):
                    self._runs(child, out, fields, hidden)
                continue
            if tag == W + "fldChar":
                kind = child.get(W + "fldCharType")
                if kind == "begin":
                    fields.append(["", False])
                elif kind == "separate" and fields:
                    fields[-1][1] = True
                elif kind == "end" and fields:
                    fields.pop()
                continue
            in_code = bool(fields) and not fields[-1][1]
            in_page = any(f[0].strip().upper().startswith(_PAGE_FIELDS) for f in fields)
            if tag == W + "r":
                self._run(child, out, fields, hidden or in_page)
                continue
            if in_code:
                continue
            self._runs(child, out, fields, hidden)

    def _run(self, run, out: list, fields: list, hidden: bool) -> None:
        rpr = run.find(W + "rPr")
        b = rpr.find(W + "b") if rpr is not None else None
        bold = _on(b) if b is not None else None
        if rpr is not None and rpr.find(W + "vanish") is not None and _on(rpr.find(W + "vanish")):
            hidden = True
        for child in run:
            tag = child.tag
            if tag == W + "fldChar" or tag == W + "instrText":
                self._runs([child], out, fields, hidden)
                continue
            in_code = bool(fields) and not fields[-1][1]
            in_page = any(f[0].strip().upper().startswith(_PAGE_FIELDS) for f in fields)
            if hidden or in_code or in_page:
                continue
            if tag == W + "t":
                out.append((child.text or "", bold))
            elif tag == W + "tab" or tag == W + "ptab":
                out.append(("\t", None))
            elif tag == W + "br":
                if child.get(W + "type") not in ("page", "column"):
                    out.append(("\n", None))
            elif tag == W + "cr":
                out.append(("\n", None))
            elif tag == W + "noBreakHyphen":
                out.append(("-", bold))
            elif tag == W + "AlternateContent" or tag == MC + "AlternateContent":
                choice = child.find(MC + "Choice")
                if choice is not None:
                    self._runs(choice, out, fields, hidden)


def read_docx(data: bytes, shown: str = "tệp") -> list[Para]:
    """Every paragraph of the document's body in reading order (table cells row by row, text boxes where they are
    anchored); headers and footers are not read."""
    parts = _parts(shown, data)
    document = _xml(shown, "word/document.xml", parts["word/document.xml"])
    styles = _styles(_xml(shown, "word/styles.xml", parts["word/styles.xml"]) if "word/styles.xml" in parts else None)
    numbering = _Numbering(
        _xml(shown, "word/numbering.xml", parts["word/numbering.xml"]) if "word/numbering.xml" in parts else None
    )
    body = document.find(W + "body")
    if body is None:
        raise UnreadableDocument(f"{shown}: tệp Word không có phần thân văn bản")
    reader = _Reader(styles, numbering)
    reader.body(body)
    if len(reader.paras) > MAX_PARAGRAPHS:
        raise UnreadableDocument(f"{shown}: văn bản có hơn {MAX_PARAGRAPHS:,} đoạn; không giống một kế hoạch")
    return reader.paras


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


def _squash(text: str) -> str:
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
_STATE_NUMBER = re.compile(
    r"Số\s*:\s*(?P<so>\d*)[\s.…]*/\s*(?P<loai>[A-Za-zĐđ]+)\s*-\s*(?P<abbr>[0-9A-ZĐ&]+(?:[.-][0-9A-ZĐ&]+)*)"
)
_PARTY_NUMBER = re.compile(
    r"Số\s*:?\s*(?P<so>\d*)[\s.…]*-\s*(?P<loai>[A-Za-zĐđ]+)\s*/\s*(?P<abbr>[0-9A-ZĐ&]+(?:[.-][0-9A-ZĐ&]+)*)"
)
_DATE = re.compile(
    r"(?P<place>[^\t,]{1,80}?)\s*,\s*ngày\s*(?P<d>[0-9]{0,2})[\s.…]*tháng\s*(?P<m>[0-9]{0,2})[\s.…]*năm\s*(?P<y>[0-9]{4})"
)
_MOTTOES = [
    re.compile(
        r"C\s*Ộ\s*N\s*G\s+H\s*(?:Ò\s*A|O\s*À)\s+X\s*Ã\s+H\s*Ộ\s*I\s+C\s*H\s*Ủ\s+N\s*G\s*H\s*Ĩ\s*A\s+V\s*I\s*Ệ\s*T\s+N\s*A\s*M"
    ),
    re.compile(r"Độc\s+lập\s*[-–—]\s*Tự\s+do\s*[-–—]\s*Hạnh\s+phúc", re.I),
]
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
    tail_from = _tail_start(paras, body_from)
    _read_body([p for p in paras[body_from:tail_from] if not p.blank], found)
    _read_tail(paras[tail_from:], found)
    return found


def _document_type(paras: list[Para], source: str) -> tuple[int, int]:
    """Where 'KẾ HOẠCH' stands (paragraph index, line within it); any other tên loại is refused."""
    for i, p in enumerate(paras[:200]):
        for j, line in enumerate(p.text.split("\n")):
            key = _key(line)
            if key in DOCUMENT_TYPES:
                if key != "KE HOACH":
                    raise NotAPlan(
                        f"{source}: đây là {DOCUMENT_TYPES[key].lower()} (chữ '{_squash(line)}' ở đoạn {p.number}), "
                        "không phải kế hoạch; danvan import chỉ đọc Kế hoạch"
                    )
                return i, j
            if key.startswith("V/V ") and i < 30:
                raise NotAPlan(
                    f"{source}: đây là công văn (dòng 'V/v' ở đoạn {p.number}), không phải kế hoạch; "
                    "danvan import chỉ đọc Kế hoạch"
                )
    for p in paras[:60]:
        m = _STATE_NUMBER.search(_squash(p.text)) or _PARTY_NUMBER.search(_squash(p.text))
        if m and m.group("loai").upper() in ("BC", "QĐ", "QD"):
            kind = DOCUMENT_TYPES[TYPE_ABBREVIATIONS[m.group("loai").upper()]].lower()
            raise NotAPlan(f"{source}: đây là {kind} (ký hiệu '{m.group(0)}' ở đoạn {p.number}), không phải kế hoạch")
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
        date = _DATE.search(text)
        if date:
            found.dia_danh = _squash(re.split(r"\t| {3,}", date.group("place"))[-1])
            found.ngay_written = _squash(date.group(0)[date.start("place") - date.start() :])
            day, month, year = (_int(date.group(k)) for k in ("d", "m", "y"))
            try:
                found.ngay = dt.date(year, month, day)
            except ValueError:
                found.ngay = None
                found.notes.append(
                    f"đoạn {p.number}: ngày ban hành '{_squash(date.group(0)).split(', ', 1)[-1]}' chưa đủ ngày, "
                    "tháng; plan.yaml ghi một ngày ví dụ, hãy sửa"
                )
                found.ngay = dt.date(year, month or 1, 1)
            text = text[: date.start()] + "\t" + text[date.end() :]
        for piece in _pieces(text):
            if _RULE.fullmatch(piece) or _key(piece) in _MARKS:
                continue
            lines.append((_squash(piece), p.bold, p.number))
    if not lines:
        raise NotAPlan(f"{found.source}: không thấy tên cơ quan ban hành ở phần đầu văn bản (góc trên bên trái)")
    bold = [b for _, b, _ in lines]
    if any(bold) and not all(bold) and not bold[0]:
        split = bold.index(True)
    elif all(bold) or len(lines) == 1:
        split = 0
    else:
        split = len(lines) - 1
    found.co_quan_chu_quan = [t for t, _, _ in lines[:split]]
    found.ten_co_quan = [t for t, _, _ in lines[split:]]
    if not found.chu_viet_tat:
        raise NotAPlan(
            f"{found.source}: không thấy số, ký hiệu của văn bản (dòng 'Số: …/KH-…') ở phần đầu; danvan cần chữ viết "
            "tắt của cơ quan trong ký hiệu"
        )
    if found.ngay is None:
        raise NotAPlan(
            f"{found.source}: không thấy địa danh và ngày tháng ('…, ngày … tháng … năm …') ở phần đầu văn bản"
        )


def _read_title(paras: list[Para], type_at: int, first_line: int, found: Recognised) -> int:
    """The trích yếu below KẾ HOẠCH (lines of its paragraph, then centred or bold paragraphs), up to the short
    rule below it; returns where the body begins."""
    rest = paras[type_at].text.split("\n")[first_line:]
    found.trich_yeu = [_squash(line) for line in rest if line.strip()]
    i = type_at + 1
    while i < len(paras):
        p = paras[i]
        text = _squash(p.text)
        if p.blank:
            i += 1
            if found.trich_yeu:
                break
            continue
        if _RULE.fullmatch(text):
            i += 1
            break
        if (p.centered or p.bold) and len(found.trich_yeu) < 6 and not _section_label(text):
            found.trich_yeu += [_squash(line) for line in p.text.split("\n") if line.strip()]
            i += 1
            continue
        break
    while i < len(paras) and (paras[i].blank or _RULE.fullmatch(_squash(paras[i].text))):
        i += 1
    if not found.trich_yeu:
        raise NotAPlan(f"{found.source}: không thấy trích yếu dưới chữ KẾ HOẠCH (đoạn {paras[type_at].number})")
    return i


def _tail_start(paras: list[Para], body_from: int) -> int:
    """Where Nơi nhận or the signature begins."""
    for i in range(body_from, len(paras)):
        if _key(paras[i].text).startswith("NOI NHAN"):
            return i
    end = len(paras)
    while end > body_from and paras[end - 1].blank:
        end -= 1
    i = end - 1  # the signer's name
    while i - 1 > body_from and (paras[i - 1].blank or _signer_title(_squash(paras[i - 1].text))):
        i -= 1
    return i if i < end - 1 else end


def _signer_title(text: str) -> bool:
    return bool(text) and text == vn.upper(text) and len(text) < 70 and any(c.isalpha() for c in text)


# Labels of the outline, as typed or as Word's numbering shows them.
_PART = re.compile(r"^(?:PHẦN|Phần)\s+(?P<n>[IVXLC]+|THỨ\s+\S+|[0-9]+)\s*[.:\-–]?\s*(?P<rest>.*)$")
_LETTER_PART = re.compile(r"^(?P<n>[A-Z])\s*\.\s+(?P<rest>.+)$")
_ROMAN = re.compile(r"^(?P<n>[IVXLC]+)\s*[.)]\s*(?P<rest>\S.*)$")
_DECIMAL2 = re.compile(r"^(?P<n>[0-9]{1,2})\.(?P<m>[0-9]{1,2})\.?\s+(?P<rest>\S.*)$")
_ITEM = re.compile(r"^(?P<n>[0-9]{1,2})\s*[.)]\s*(?P<rest>[^\s0-9/].*)$")
_POINT = re.compile(r"^(?P<n>[a-zđ])\s*[).]\s+(?P<rest>\S.*)$")
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
            self.section = Node("muc", tieu_de=roman.group("rest"))
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


def _read_body(paras: list[Para], found: Recognised) -> None:
    """Opening, outline and closing: paragraphs styled 'Kết' (danvan's), or from a 'Trên đây …' near the end on,
    close the plan; every other paragraph is placed in the outline."""
    pieces: list[tuple[Para, str]] = []
    for p in paras:
        # A line break before a label (Shift+Enter where Enter was meant) starts a paragraph of its own.
        lines = [_norm(line) for line in re.split(r"\n(?=\s*(?:[-+•]\s|[0-9]{1,2}[.)]\s|[a-zđ]\)\s))", p.text)]
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
        found.noi_nhan.append(item.rstrip(";.").strip())
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
    target = vn.upper(_squash(printed))
    flat = _squash(corpus)
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


def _as_written(printed: str, corpus: str) -> tuple[str, bool]:
    """A capitalised line as it is written in running text, or as printed; True when it was found."""
    found = recase(printed, corpus)
    if found is not None:
        return found, True
    if _key(printed) in _TITLES:
        return _TITLES[_key(printed)], True
    return printed, False


def _name_value(lines: list[str], corpus: str, *, the_thuc: str, bold: bool) -> tuple[str | list[str], bool]:
    """A letterhead name: one text where danvan breaks it into the same lines, else the lines as printed."""
    from danvan_cli.context import letterhead_lines

    joined = " ".join(lines)
    written, known = _as_written(joined, corpus)
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


def _title_value(lines: list[str]) -> str | list[str]:
    from danvan_cli.context import title_lines

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
    r"(?:trước|chậm\s+nhất|hạn)\s+(?:ngày\s+)?(?P<d>[0-9]{1,2})\s*/\s*(?P<m>[0-9]{1,2})(?:\s*/\s*(?P<y>[0-9]{4}))?"
)


def reporting_schedule(texts: list[str], year: int) -> list[dict]:
    """The reporting regime where the plan writes it as a sentence ('Định kỳ 6 tháng (trước ngày 15/5/2022), một
    năm (trước ngày 15/11/2022) … báo cáo …'): each due date with the period named just before it. Nothing is
    returned unless every date found reads one way."""
    found: dict[str, dt.date] = {}
    for text in texts:
        if "báo cáo" not in text.lower():
            continue
        last = 0
        for due in _DUE.finditer(text):
            before = text[last : due.start()]
            last = due.end()
            kinds = []
            for pattern, kind in _PERIOD_WORDS:
                for m in pattern.finditer(before):
                    if kind == "q":
                        quarter = {"I": 1, "II": 2, "III": 3, "IV": 4}.get(m.group(1), _int(m.group(1)))
                        kinds.append((m.start(), f"q{quarter}"))
                    else:
                        kinds.append((m.start(), kind))
            kinds = [k for k in kinds if not (k[1] == "year" and any(o[1] != "year" and o[0] < k[0] for o in kinds))]
            named = {k for _, k in kinds}
            if len(named) != 1:
                return []
            period = named.pop()
            try:
                date = dt.date(_int(due.group("y"), year), _int(due.group("m")), _int(due.group("d")))
            except ValueError:
                return []
            if period in found and found[period] != date:
                return []
            found[period] = date
    order = ["q1", "6m", "q2", "9m", "q3", "year", "q4"]
    return [{"ky": k, "han_nop": found[k].isoformat()} for k in sorted(found, key=order.index)]


_LEADING = {"tiep", "tuc", "to", "chuc", "thuc", "hien", "trien", "khai", "day", "manh", "tang", "cuong", "nha", "truong", "va", "cac", "viec", "cong", "tac"}  # fmt: skip


def task_id(text: str, taken: set[str]) -> str:
    """A stable id from the task's first words ('Tuyên truyền, phổ biến …' → tuyen-truyen-pho-bien), the common
    opening verbs left out, unique within the plan (-2, -3 …)."""
    words = re.sub(r"[^a-z0-9]+", " ", vn.fold_diacritics(text).lower()).split()
    start = 0
    while start < len(words) - 2 and words[start] in _LEADING:
        start += 1
    base = "-".join(words[start : start + 3])[:34].strip("-") or "nhiem-vu"
    base = re.sub(r"^[^a-z0-9]+", "", base) or "nhiem-vu"
    candidate, n = base, 2
    while candidate in taken:
        candidate = f"{base}-{n}"
        n += 1
    taken.add(candidate)
    return candidate


_TASK_SECTIONS = re.compile(r"NHIEM VU|GIAI PHAP|NOI DUNG")
_NOT_TASKS = re.compile(r"MUC DICH|YEU CAU|CAN CU|KINH PHI")


def _mark_tasks(found: Recognised) -> None:
    """Tasks are the items 1., 2. … of the sections that set out the work (NHIỆM VỤ, GIẢI PHÁP, NỘI DUNG), or,
    where none is named so, of every section but the purpose."""
    sections = [s for part in found.parts for s in part.children] if found.parts else found.sections
    chosen = [s for s in sections if _TASK_SECTIONS.search(_key(s.tieu_de or ""))]
    if not chosen:
        chosen = [s for s in sections if not _NOT_TASKS.search(_key(s.tieu_de or ""))] or sections
    taken: set[str] = set()
    for section in chosen:
        for item in section.children:
            item.ma = task_id(item.tieu_de or (item.noi_dung[0] if item.noi_dung else ""), taken)


def _year_of(found: Recognised) -> int:
    years = re.findall(r"\bnăm\s+([0-9]{4})\b", " ".join(found.trich_yeu), re.I)
    if years:
        return int(years[-1])
    return found.ngay.year if found.ngay else dt.date.today().year


# ---------------------------------------------------------------- step 3: YAML, commented as new-plan writes it


def _description(model: str, key: str) -> str:
    from danvan_cli import models

    cls = getattr(models, model)
    text = cls.model_fields[key].description or key
    return text[:1].upper() + text[1:]


class _Yaml:
    """YAML text written line by line: each key's first use explained by its model's Vietnamese description."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.explained: set[tuple[str, str]] = set()

    def comment(self, indent: int, text: str) -> None:
        import textwrap

        for line in textwrap.wrap(text, 116 - indent, break_long_words=False, break_on_hyphens=False):
            self.lines.append(" " * indent + "# " + line)

    def explain(self, indent: int, model: str, key: str) -> None:
        if (model, key) not in self.explained:
            self.explained.add((model, key))
            self.comment(indent, _description(model, key))

    def scalar(self, prefix: str, indent: int, value: Any) -> None:
        """`prefix` ('key:' or '-') and the value: plain when it reads back the same, else folded or quoted."""
        if value is None:
            self.lines.append(" " * indent + prefix)
        elif isinstance(value, bool | int):
            self.lines.append(" " * indent + f"{prefix} {str(value).lower()}")
        elif isinstance(value, dt.date):
            self.lines.append(" " * indent + f"{prefix} {value.isoformat()}")
        else:
            self.lines += _text_lines(prefix, indent, str(value))

    def text(self) -> str:
        return "\n".join(self.lines) + "\n"


_PLAIN = re.compile(r"[A-Za-zÀ-ỹĐđ][^\n\t#:\"'\\]*")
_RESERVED = {"yes", "no", "true", "false", "on", "off", "null", "y", "n", "~"}
_FOLDABLE = re.compile(r"[^\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff\ufeff]*")


def _text_lines(prefix: str, indent: int, value: str) -> list[str]:
    from danvan_cli.yamlsource import quote

    pad = " " * indent
    short = len(value) + len(prefix) + indent < 110
    plain = _PLAIN.fullmatch(value) and value == value.strip() and value.lower() not in _RESERVED
    if short and plain and not value.endswith(":") and "  " not in value:
        return [f"{pad}{prefix} {value}"]
    folds = value == value.strip() and value and _FOLDABLE.fullmatch(value) and "\n" not in value
    if not folds or len(value) < 60:
        return [f"{pad}{prefix} {quote(value)}"]
    # Folded (>-): lines broken only at single spaces, so that folding gives the text back exactly.
    width = max(60, 108 - indent)
    out, line = [], ""
    words = re.split(r"(?<=\S) (?=\S)", value)
    for word in words:
        if line and len(line) + 1 + len(word) > width:
            out.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    out.append(line)
    lead = 2 if prefix == "-" else len(prefix) - len(prefix.lstrip(" -")) + 2
    return [f"{pad}{prefix} >-", *(" " * (indent + lead) + x for x in out)]


def _paragraph_list(y: _Yaml, key: str, indent: int, texts: list[str], unplaced: dict[int, Placed]) -> None:
    y.lines.append(" " * indent + f"{key}:")
    for i, text in enumerate(texts):
        if i in unplaced:
            y.comment(
                indent + 2,
                f"Không xếp được vào kế hoạch (đoạn {unplaced[i].number} của tệp gốc): giữ nguyên là đoạn văn ở chỗ "
                "nó đứng; hãy đọc lại.",
            )
        y.scalar("-", indent + 2, text)


def _node_yaml(y: _Yaml, node: Node, indent: int, model: str) -> None:
    """One section, part or item as a list entry."""
    first = True
    inner = indent + 2

    def key(model_name: str, name: str) -> str:
        """The prefix of the entry's next key ('- ' for its first), its comment written above it."""
        nonlocal first
        y.explain(indent if first else inner, model_name, name)
        prefix = "- " if first else "  "
        first = False
        return prefix

    if node.ma:
        y.lines.append(" " * indent + key("Item", "ma") + f"ma: {node.ma}")
    if node.tieu_de is not None:
        y.scalar(key(model, "tieu_de") + "tieu_de:", indent, node.tieu_de)
    if node.noi_dung:
        prefix = key(model, "noi_dung")
        if len(node.noi_dung) == 1 and not node.unplaced:
            y.scalar(prefix + "noi_dung:", indent, node.noi_dung[0])
        else:
            y.lines.append(" " * indent + prefix + "noi_dung:")
            for i, text in enumerate(node.noi_dung):
                if i in node.unplaced:
                    y.comment(
                        inner + 2,
                        f"Không xếp được vào mục nào (đoạn {node.unplaced[i].number} của tệp gốc): giữ nguyên là "
                        "đoạn văn ở chỗ nó đứng; hãy đọc lại.",
                    )
                y.scalar("-", inner + 2, text)
    if node.children:
        child_model = "Section" if node.kind == "phan" else "Item"
        if node.kind == "muc":
            plain = [c for c in node.children if not c.ma]
            tasks = [c for c in node.children if c.ma]
            if plain and tasks and node.children.index(tasks[0]) < node.children.index(plain[-1]):
                for c in node.children:
                    c.ma = None  # tasks must follow the plain items: keep the order, track none of them
                plain, tasks = node.children, []
            groups = [("muc", plain), ("nhiem_vu", tasks)]
        else:
            groups = [("muc", node.children)]
        for name, children in groups:
            if not children:
                continue
            y.lines.append(" " * indent + key(model, name) + f"{name}:")
            for child in children:
                _node_yaml(y, child, inner + 2, child_model)


def plan_yaml(found: Recognised, year: int, recipients: list[str] | None = None) -> str:
    """plan.yaml's text for the recognised plan; `recipients` where its Nơi nhận is not the unit's own."""
    y = _Yaml()
    y.comment(0, f"Kế hoạch nhập từ tệp Word {found.source} bằng danvan import: hãy đọc lại từng phần.")
    y.comment(0, "Mỗi khóa có một dòng chú thích (bắt đầu bằng #); văn bản dài viết sau dấu >- và có thể xuống dòng.")
    y.lines.append("")
    y.explain(0, "Plan", "so")
    y.scalar("so:", 0, found.so)
    y.explain(0, "Plan", "ngay")
    if any("ngày ban hành" in n for n in found.notes):
        y.comment(0, f"(ví dụ) Văn bản gốc chưa ghi đủ ngày ('{found.ngay_written}'): hãy sửa.")
    y.scalar("ngay:", 0, found.ngay)
    y.explain(0, "Plan", "chu_de")
    y.comment(0, "(đoán từ trích yếu; không in trong kế hoạch) hãy sửa nếu chưa đúng.")
    y.scalar("chu_de:", 0, topic(found))
    y.explain(0, "Plan", "trich_yeu")
    title = _title_value(found.trich_yeu)
    if isinstance(title, list):
        y.lines.append("trich_yeu:")
        for line in title:
            y.scalar("-", 2, line)
    else:
        y.scalar("trich_yeu:", 0, title)
    if found.mo_dau:
        y.lines.append("")
        y.explain(0, "Plan", "mo_dau")
        _paragraph_list(y, "mo_dau", 0, found.mo_dau, found.mo_dau_unplaced)
    y.lines.append("")
    _mark_tasks(found)
    if found.parts:
        y.explain(0, "Plan", "phan")
        y.lines.append("phan:")
        for part in found.parts:
            _node_yaml(y, part, 2, "Part")
    else:
        y.explain(0, "Plan", "muc")
        y.lines.append("muc:")
        for section in found.sections:
            _node_yaml(y, section, 2, "Section")
            y.lines.append("")
    numbering = {}
    if found.parts and found.part_style != "phan_la_ma":
        numbering["phan"] = found.part_style
    if found.point_style != "chu_cai":
        numbering["diem"] = found.point_style
    if numbering:
        y.explain(0, "Plan", "danh_so")
        y.lines.append("danh_so:")
        for key, value in numbering.items():
            y.explain(2, "Numbering", key)
            y.scalar(f"{key}:", 2, value)
    if found.ket_luan:
        y.explain(0, "Plan", "ket_luan")
        if len(found.ket_luan) == 1:
            y.scalar("ket_luan:", 0, found.ket_luan[0])
        else:
            _paragraph_list(y, "ket_luan", 0, found.ket_luan, {})
    if recipients is not None:
        y.explain(0, "Plan", "noi_nhan")
        y.comment(0, "(Nơi nhận in trên văn bản khác danh sách trong unit.yaml)")
        y.lines.append("noi_nhan:" if recipients else "noi_nhan: []")
        for line in recipients:
            y.scalar("-", 2, line)
    schedule = reporting_schedule(_all_texts(found), year)
    y.lines.append("")
    if schedule:
        y.explain(0, "Plan", "che_do_bao_cao")
        y.comment(0, "(đọc từ câu về chế độ báo cáo trong kế hoạch) hãy đối chiếu.")
        y.lines.append("che_do_bao_cao:")
        for due in schedule:
            y.explain(4, "ReportDue", "ky")
            y.lines.append(f"  - ky: {due['ky']}")
            y.explain(4, "ReportDue", "han_nop")
            y.lines.append(f"    han_nop: {due['han_nop']}")
    else:
        y.comment(0, "Chế độ báo cáo: không đọc được chắc chắn từ văn bản; thêm khi cần, ví dụ:")
        y.comment(0, "che_do_bao_cao: [{ky: 6m, han_nop: YYYY-05-15}, {ky: year, han_nop: YYYY-11-15}]")
    return y.text().replace("\n\n\n", "\n\n")


def _all_texts(found: Recognised) -> list[str]:
    return [*found.mo_dau, *found.corpus.split("\n"), *found.ket_luan]


def topic(found: Recognised) -> str:
    """The plan's subject (chu_de), which the plan does not print: 'công tác …' from its trích yếu where it says
    so, else the trích yếu without its year."""
    title = _squash(" ".join(found.trich_yeu))
    lowered = vn.nfc(title.lower())
    m = re.search(r"công tác .+?(?=\s+(?:năm|trên địa bàn|của|tại|giai đoạn|đến)\b|[,;(]|$)", lowered)
    if m:
        return m.group(0).strip()
    text = re.sub(r"\s+năm\s+[0-9]{4}.*$", "", title).strip() or title
    return vn.lower_first(text) if text != vn.upper(text) else text.lower()


def unit_yaml(found: Recognised) -> str:
    """unit.yaml's text for a unit met for the first time."""
    corpus = found.corpus
    y = _Yaml()
    y.comment(0, f"Thông tin đơn vị, nhập từ tệp Word {found.source} bằng danvan import: hãy đọc lại.")
    y.comment(
        0, "Tên in hoa trên văn bản được viết lại như lời văn của kế hoạch viết; chỗ không tìm thấy giữ chữ in hoa."
    )
    y.lines.append("")
    if found.the_thuc == "dang":
        y.explain(0, "Unit", "the_thuc")
        y.lines.append("the_thuc: dang")
    if found.co_quan_chu_quan:
        y.explain(0, "Unit", "co_quan_chu_quan")
        value, _ = _name_value(found.co_quan_chu_quan, corpus, the_thuc=found.the_thuc, bold=False)
        _name_yaml(y, "co_quan_chu_quan", value)
    y.explain(0, "Unit", "ten_co_quan")
    value, _ = _name_value(found.ten_co_quan, corpus, the_thuc=found.the_thuc, bold=True)
    _name_yaml(y, "ten_co_quan", value)
    y.explain(0, "Unit", "chu_viet_tat")
    y.scalar("chu_viet_tat:", 0, found.chu_viet_tat)
    y.explain(0, "Unit", "dia_danh")
    y.scalar("dia_danh:", 0, found.dia_danh)
    if found.noi_nhan:
        y.comment(
            0,
            "Cơ quan cấp trên nhận báo cáo (dòng 'Kính gửi:' của báo cáo): kế hoạch không in riêng; nếu là dòng đầu "
            "của Nơi nhận, bỏ dấu # dưới đây và xóa dòng ấy khỏi noi_nhan.",
        )
        from danvan_cli.yamlsource import quote

        y.lines.append(f"# co_quan_cap_tren: {quote(found.noi_nhan[0])}")
    y.lines.append("")
    y.explain(0, "Unit", "nguoi_ky")
    y.lines.append("nguoi_ky:")
    if found.authority:
        y.explain(2, "Signer", "quyen_han")
        lines = [_authority_line(a, corpus) for a in found.authority]
        if len(lines) == 1:
            y.scalar("quyen_han:", 2, lines[0])
        else:
            y.lines.append("  quyen_han:")
            for line in lines:
                y.scalar("-", 4, line)
    y.explain(2, "Signer", "chuc_vu")
    y.scalar("chuc_vu:", 2, _as_written(found.chuc_vu, corpus)[0] or "(chưa rõ)")
    y.explain(2, "Signer", "ho_ten")
    y.scalar("ho_ten:", 2, found.ho_ten or "(chưa rõ)")
    y.explain(0, "Unit", "noi_nhan")
    if found.noi_nhan:
        y.lines.append("noi_nhan:")
        for line in found.noi_nhan:
            y.scalar("-", 2, line)
    else:
        y.lines.append("noi_nhan: []")
    y.explain(0, "Unit", "luu")
    y.scalar("luu:", 0, found.luu or "VT")
    return y.text()


def _name_yaml(y: _Yaml, key: str, value: str | list[str]) -> None:
    if isinstance(value, list):
        y.lines.append(f"{key}:")
        for line in value:
            y.scalar("-", 2, line)
    else:
        y.scalar(f"{key}:", 0, value)


def _authority_line(line: str, corpus: str) -> str:
    """'TM. ỦY BAN NHÂN DÂN' → 'TM. Ủy ban nhân dân' (as the text writes it, else in sentence case)."""
    for word in AUTHORITY_WORDS:
        if line.startswith(word):
            rest = line[len(word) :].strip()
            if not rest:
                return word
            written, known = _as_written(rest, corpus)
            return f"{word} {written if known else vn.sentence_case(rest.lower())}"
    return line


# ---------------------------------------------------------------- the whole way, for the command


@dataclass
class Imported:
    unit: str
    year: int
    files: list[Path] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    unplaced: list[Placed] = field(default_factory=list)


def document_bytes(path: Path) -> bytes:
    """The .docx bytes of the user's file: a .doc or .odt is converted first (a copy, by LibreOffice)."""
    from danvan_cli.errors import FileNotFound
    from danvan_cli.files import present, read_bytes

    if not present(path):
        raise FileNotFound(f"{display_path(path)}: không có tệp này")
    data = read_bytes(path, MAX_DOCX_BYTES)
    suffix = path.suffix.lower()
    if suffix in (".doc", ".odt", ".rtf", ".docm", ".dot", ".dotx") or not data.startswith(b"PK"):
        if suffix == ".docx" or (suffix not in (".doc", ".odt", ".rtf") and not data.startswith(b"PK")):
            raise UnreadableDocument(
                f"{display_path(path)}: không phải tệp Word .docx; danvan import đọc .docx, .doc hoặc .odt"
            )
        data = convert_to_docx(path, data)
    return data


def convert_to_docx(path: Path, data: bytes, *, timeout: float = CONVERT_TIMEOUT) -> bytes:
    """A .doc or .odt made .docx by LibreOffice, from a copy in a folder of our own, with a time limit."""
    import os
    import shutil
    import subprocess
    import tempfile

    from danvan_cli.errors import ConversionFailed, ConverterMissing
    from danvan_cli.pdf import find_soffice

    soffice = find_soffice()
    if soffice is None:
        raise ConverterMissing(
            f"{display_path(path)}: cần LibreOffice (lệnh soffice) để đọc tệp {path.suffix}; hãy cài LibreOffice, "
            "hoặc mở tệp bằng Word và lưu thành .docx"
        )
    work = Path(tempfile.mkdtemp(prefix="danvan-import-"))
    try:
        copy = work / f"van-ban{path.suffix.lower()}"
        copy.write_bytes(data)
        env = dict(os.environ, HOME=str(work))
        command = [
            soffice,
            f"-env:UserInstallation={(work / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--nolockcheck",
            "--nodefault",
            "--convert-to",
            "docx:MS Word 2007 XML",
            "--outdir",
            str(work / "out"),
            str(copy),
        ]
        proc = subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, start_new_session=True
        )
        try:
            proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            _kill(proc)
            raise ConversionFailed(
                f"{display_path(path)}: LibreOffice không chuyển xong sau {timeout:g} giây; đã dừng"
            ) from None
        except BaseException:  # danvan stopped: LibreOffice goes with it
            _kill(proc)
            raise
        produced = work / "out" / "van-ban.docx"
        if not produced.is_file():
            raise ConversionFailed(f"{display_path(path)}: LibreOffice không chuyển được tệp này sang .docx")
        return produced.read_bytes()
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _kill(proc) -> None:
    import os
    import signal

    try:
        if hasattr(os, "killpg"):
            os.killpg(proc.pid, signal.SIGKILL)
        else:
            proc.kill()
    except OSError:
        pass
    proc.wait()


def _own_recipients(ws, unit: str, found: Recognised) -> list[str] | None:
    """For a unit already known: the plan's own Nơi nhận where the document's is not what the unit prints."""
    from danvan_cli.loading import load_unit

    known, _ = load_unit(ws, unit)
    upper_office = [known.co_quan_cap_tren] if known.co_quan_cap_tren else []
    printed = [vn.collapse_whitespace(x) for x in [*upper_office, *known.noi_nhan]]
    if [vn.collapse_whitespace(x) for x in found.noi_nhan] == printed:
        return None
    own = list(found.noi_nhan)
    if upper_office and own and vn.collapse_whitespace(own[0]) == printed[0]:
        own = own[1:]  # the office above is printed first by itself
    return own


def import_plan(ws, path: Path, *, unit: str | None = None, year: int | None = None, force: bool = False) -> Imported:
    """Read the user's Word file and write unit.yaml (for a new unit) and plan.yaml."""
    from danvan_cli.errors import InputError, PlanExists, UsageProblem
    from danvan_cli.files import keep_backup, present, write_text_atomic
    from danvan_cli.models import Plan, Unit
    from danvan_cli.scaffold import folder_name_for
    from danvan_cli.validation import validate
    from danvan_cli.vnformat import FIRST_PLAN_YEAR, LAST_PLAN_YEAR
    from danvan_cli.workspace import valid_unit_name
    from danvan_cli.yamlsource import parse_text

    shown = display_path(path)
    found = recognise(read_docx(document_bytes(path), shown), shown)
    corpus = found.corpus
    if unit is None:
        name, _ = _name_value(found.ten_co_quan, corpus, the_thuc=found.the_thuc, bold=True)
        unit = folder_name_for(" ".join(name) if isinstance(name, list) else name)
    if not valid_unit_name(unit):
        raise UsageProblem(f"tên đơn vị '{unit}' không hợp lệ: chỉ gồm chữ thường không dấu, số và '-'")
    year = year or _year_of(found)
    if not FIRST_PLAN_YEAR <= year <= LAST_PLAN_YEAR:
        raise UsageProblem(f"năm {year} không hợp lệ; chọn năm kế hoạch bằng --year")
    result = Imported(unit, year, unplaced=found.unplaced)
    result.notes += [f"{shown}: {n}" for n in found.notes]
    plan_path = ws.plan_file(unit, year)
    unit_path = ws.unit_file(unit)
    if present(plan_path) and not force:
        raise PlanExists(
            f"{display_path(plan_path)}: đã có kế hoạch năm {year}; không ghi đè. Dùng --force nếu thật sự muốn thay "
            "(bản cũ được giữ lại bên cạnh, plan.yaml.bak, plan.yaml.bak2…)."
        )
    recipients = None
    unit_text = None if present(unit_path) else unit_yaml(found)
    if unit_text is None:
        recipients = _own_recipients(ws, unit, found)
    plan_text = plan_yaml(found, year, recipients)
    problems = []
    for target, text, model in ((plan_path, plan_text, Plan), (unit_path, unit_text, Unit)):
        if text is None:
            continue
        try:
            validate(parse_text(target, text), model)
        except InputError as exc:
            problems += exc.problems
    if problems:
        raise InputError(problems)
    if unit_text is not None:
        write_text_atomic(unit_path, unit_text, root=ws.plans_dir, new_only=True)
        result.files.append(unit_path)
    if force and present(plan_path):
        backup = keep_backup(plan_path)
        result.notes.append(f"Bản cũ được giữ ở {display_path(backup)}.")
    write_text_atomic(plan_path, plan_text, root=ws.plans_dir, new_only=not force)
    result.files.append(plan_path)
    return result
