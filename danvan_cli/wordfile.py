"""Reading a Word file as paragraphs: the first step of `import` (importer.py takes it from there).

document_bytes  the user's file as .docx bytes: a .doc or .odt is converted first (a copy, by LibreOffice,
                in a folder of its own, with a time limit)
read_docx       the .docx package (sizes checked before anything is inflated) → paragraphs in reading
                order, with their number, text (NFC, fields and text boxes resolved), boldness, alignment,
                style and the label Word's list numbering shows (numbering.xml resolved)"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from danvan_cli import vnformat as vn
from danvan_cli.docx_properties import CUSTOM_PART, TASK_PROPERTY
from danvan_cli.errors import (
    ConversionFailed,
    ConverterMissing,
    DocumentPastLimit,
    FileNotFound,
    UnreadableDocument,
    display_path,
)
from danvan_cli.files import present, read_bytes
from danvan_cli.models import TASK_ID_PATTERN
from danvan_cli.pdf import SOFFICE_TIMEOUT, find_soffice, run_libreoffice, work_folder
from danvan_cli.word_numbering import W, _Numbering, _on, _Styles, _styles, whole_number

MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"


# A .docx is a zip from anyone: the file, and what each part inflates to, are capped before it is read.
MAX_DOCX_BYTES = 50 * 1024 * 1024


MAX_PART_BYTES = {"word/document.xml": 40 * 1024 * 1024, "word/numbering.xml": 8 * 1024 * 1024}


MAX_OTHER_PART_BYTES = 8 * 1024 * 1024


MAX_MEMBERS = 5000


MAX_PARAGRAPHS = 50_000


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
    from lxml import etree  # noqa: PLC0415 (lxml is slow to import)

    return etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False)


# libxml2's own limits, which danvan keeps (lifting them is what lets a crafted file take all memory): a run of text
# or an attribute of at most 10,000,000 characters, elements nested at most 256 deep, names of at most 50,000.
XML_TEXT_LIMIT = 10_000_000


XML_DEPTH_LIMIT = 256


def _xml(shown: str, name: str, data: bytes):
    from lxml import etree  # noqa: PLC0415 (lxml is slow to import)

    try:
        return etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as exc:
        raise _xml_failure(shown, name, exc) from None


def _xml_failure(shown: str, name: str, exc) -> Exception:
    """A limit of the XML reader named as that limit, with what to do; anything else is damage."""
    said = str(exc.msg or "")
    where = f"{name}, dòng {exc.lineno}, cột {exc.offset}"
    if "depth" in said.lower():
        return DocumentPastLimit(
            f"{shown}: văn bản lồng nhau quá {XML_DEPTH_LIMIT} tầng (bảng trong bảng, khung trong khung; {where}), quá "
            "giới hạn danvan đọc. Tệp không hỏng, nhưng một kế hoạch không lồng sâu như vậy: hãy mở bằng Word, đưa "
            "nội dung ra khỏi các bảng lồng nhau (hoặc chép phần chữ sang một văn bản mới) rồi lưu và nhập lại"
        )
    if "text node" in said.lower() or "huge text" in said.lower():
        return DocumentPastLimit(
            f"{shown}: có một đoạn chữ liền dài hơn {vn.number(XML_TEXT_LIMIT)} ký tự ({where}), quá giới hạn danvan đọc. Tệp "
            "không hỏng, nhưng không kế hoạch nào có đoạn như vậy (có thể đã dán nhầm một khối chữ rất lớn): hãy mở "
            "bằng Word, xóa hoặc chia nhỏ đoạn ấy rồi lưu và nhập lại"
        )
    if getattr(exc, "code", None) in (110, 114) or "XML_PARSE_HUGE" in said or "too long" in said.lower():
        return DocumentPastLimit(
            f"{shown}: tệp vượt một giới hạn của bộ đọc XML ({where}: một tên, thuộc tính hay đoạn chữ dài quá "
            f"{vn.number(XML_TEXT_LIMIT)} ký tự). Tệp không hỏng, nhưng không kế hoạch nào cần như vậy: hãy mở bằng Word, bỏ "
            "phần bất thường (thường là nội dung dán từ nơi khác) rồi lưu và nhập lại"
        )
    return UnreadableDocument(
        f"{shown}: tệp Word bị hỏng ({name} sai cấu trúc XML ở dòng {exc.lineno}, cột {exc.offset}); hãy mở bằng "
        "Word rồi lưu lại thành .docx"
    )


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
    wanted = {"word/document.xml", "word/numbering.xml", "word/styles.xml", CUSTOM_PART}
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
                num.find(W + "numId").get(W + "val", ""), whole_number(ilvl.get(W + "val")) if ilvl is not None else 0
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
            if tag in (
                W + "pPr",
                W + "rPr",
                W + "del",
                W + "moveFrom",
                W + "txbxContent",
                MC + "Fallback",
                W + "instrText",
            ):
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
        raise DocumentPastLimit(
            f"{shown}: văn bản có hơn {vn.number(MAX_PARAGRAPHS)} đoạn, quá giới hạn danvan đọc; không kế hoạch nào dài "
            "như vậy: hãy tách phần không thuộc kế hoạch (phụ lục, biểu mẫu) ra tệp riêng rồi nhập lại"
        )
    return reader.paras


def task_titles(data: bytes, shown: str = "tệp") -> list[tuple[str, str]]:
    """The tasks danvan wrote into a plan it made (docx_properties.Properties.tasks): (id, title) each, from the document's
    custom properties, which Word and LibreOffice keep when the document is edited and saved. None in a document
    danvan did not make; properties that cannot be read are passed over (they are no part of the text)."""

    from lxml import etree  # noqa: PLC0415 (lxml is slow to import)

    custom = _parts(shown, data).get(CUSTOM_PART)
    if custom is None:
        return []
    try:
        root = etree.fromstring(custom, _parser())
    except etree.XMLSyntaxError:
        return []
    out = []
    for prop in root:
        name = prop.get("name") or ""
        ma = name[len(TASK_PROPERTY) :]
        if name.startswith(TASK_PROPERTY) and re.fullmatch(TASK_ID_PATTERN, ma):
            out.append((ma, vn.nfc("".join(prop.itertext()))))
    return out


def document_bytes(path: Path) -> bytes:
    """The .docx bytes of the user's file: a .doc or .odt is converted first (a copy, by LibreOffice)."""

    if not present(path):
        raise FileNotFound(f"{display_path(path)}: không có tệp này")
    data = read_bytes(path, MAX_DOCX_BYTES)
    suffix = path.suffix.lower()
    if suffix in (".doc", ".odt", ".rtf", ".docm", ".dot", ".dotx") or not data.startswith(b"PK"):
        if suffix == ".docx" and data.startswith(b"\xd0\xcf\x11\xe0"):  # an OLE file: encrypted, or a .doc renamed
            raise UnreadableDocument(
                f"{display_path(path)}: tệp có mật khẩu, hoặc là tệp .doc đổi tên thành .docx; hãy mở bằng Word, bỏ "
                "mật khẩu (Tệp → Thông tin → Bảo vệ tài liệu) rồi lưu thành .docx"
            )
        if suffix == ".docx" or (suffix not in (".doc", ".odt", ".rtf") and not data.startswith(b"PK")):
            raise UnreadableDocument(
                f"{display_path(path)}: không phải tệp Word .docx; danvan import đọc .docx, .doc hoặc .odt"
            )
        data = convert_to_docx(path, data)
    return data


def convert_to_docx(path: Path, data: bytes, *, timeout: float | None = None) -> bytes:
    """A .doc or .odt made .docx by LibreOffice (pdf.run_libreoffice), from a copy in a work folder of its own,
    within the same time limit as a PDF (DANVAN_SOFFICE_TIMEOUT)."""

    timeout = SOFFICE_TIMEOUT if timeout is None else timeout
    soffice = find_soffice()
    if soffice is None:
        raise ConverterMissing(
            f"{display_path(path)}: cần LibreOffice (lệnh soffice) để đọc tệp {path.suffix}; hãy cài LibreOffice, "
            "hoặc mở tệp bằng Word và lưu thành .docx"
        )
    with work_folder() as work:
        copy = work / f"van-ban{path.suffix.lower()}"
        copy.write_bytes(data)
        outdir, detail, timed_out = run_libreoffice(soffice, work, "docx:MS Word 2007 XML", [copy], timeout)
        produced = outdir / "van-ban.docx"
        if produced.is_file():
            return produced.read_bytes()
        if timed_out:
            raise ConversionFailed(f"{display_path(path)}: {detail}")
        # LibreOffice ran to the end: the file is what it could not read (a password, damage)
        raise UnreadableDocument(
            f"{display_path(path)}: LibreOffice không đọc được tệp này (tệp có mật khẩu hoặc bị hỏng); hãy mở "
            "bằng Word, bỏ mật khẩu nếu có, rồi lưu thành .docx"
        )
