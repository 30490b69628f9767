"""Render: a Word template with Jinja tags plus a context gives the bytes of a .docx.

Templates may come from elsewhere (a unit's own), so rendering is sandboxed, every value is
XML-escaped (autoescape), and a name the context lacks is an error, never an empty string.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import re
import zipfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from danvan_cli import bounded
from danvan_cli.errors import TemplateProblem, WorkPastLimit, display_path
from danvan_cli.files import inside
from danvan_cli.vnformat import XML_FORBIDDEN

TEMPLATE_FILES = {
    "ke_hoach": "ke-hoach.docx",
    "bao_cao": "bao-cao.docx",
    "bao_cao_tong_hop": "bao-cao-tong-hop.docx",
    "so_van_ban_di": "so-van-ban-di.docx",
    "cong_van": "cong-van.docx",
}
# The Party's format (HD 36-HD/VPTW) for the same documents, chosen by the_thuc: dang in unit.yaml.
PARTY_TEMPLATE_FILES = {
    "ke_hoach": "ke-hoach-dang.docx",
    "bao_cao": "bao-cao-dang.docx",
    "cong_van": "cong-van-dang.docx",
}
# A template is a small Word file; anything that inflates past this is refused before parsing.
MAX_TEMPLATE_UNPACKED = 50 * 1024 * 1024
# A unit's own template runs in a child process within the time and memory of bounded.py.
MAX_VALUE_LENGTH = 10_000_000  # characters one operator, call or filter may build
MAX_DOCUMENT_XML = 50 * 1024 * 1024  # bytes of a rendered document's parts, unzipped (the seed's report: 0.2 MB)


@dataclass(frozen=True)
class Properties:
    """What File → Properties shows, and whose document it is (`owner`: the unit's folder name), so that a
    unit's document is never replaced by another unit's of the same name."""

    title: str
    subject: str
    author: str
    owner: str
    date: dt.date
    # A plan's tasks (id, the title it prints), kept in the document's custom properties: a plan imported back
    # from this document (even after it was edited in Word) keeps the ids its progress log refers to.
    tasks: tuple[tuple[str, str], ...] = ()


def builtin_templates_dir() -> Path:
    """templates/ inside the installed package, or at the top of a source checkout."""
    packaged = Path(__file__).resolve().parent / "templates"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / "templates"


def template_path(kind: str, unit=None, unit_dir: Path | None = None) -> Path:
    """The unit's own template when unit.yaml names one, else the built-in NĐ 30 one.

    A unit's own template is a path from its folder that stays inside the plans folder (a shared
    templates folder there is fine) and passes through no link; the check comes before anything is
    looked up, so the message never tells whether some other path exists."""
    custom = getattr(getattr(unit, "mau", None), kind, None) if unit is not None else None
    if custom:
        base = unit_dir or Path.cwd()
        if Path(custom).is_absolute() or ":" in custom or custom.startswith("\\\\"):
            raise TemplateProblem(
                f"{display_path(base / 'unit.yaml')}: mẫu '{custom}' phải là đường dẫn tính từ thư mục đơn vị "
                "(ví dụ mau/ke-hoach.docx), không phải đường dẫn tuyệt đối"
            )
        return inside(base.parent, base / custom)
    if getattr(unit, "the_thuc", None) == "dang" and kind in PARTY_TEMPLATE_FILES:
        return builtin_templates_dir() / PARTY_TEMPLATE_FILES[kind]
    return builtin_templates_dir() / TEMPLATE_FILES[kind]


def _check_package(path: Path) -> None:
    """A template is checked once per version of the file (its size and modification time)."""
    try:
        stat = path.stat()
    except OSError:
        raise TemplateProblem(f"{display_path(path)}: không tìm thấy mẫu văn bản (tệp .docx)") from None
    _check_package_version(path, stat.st_size, stat.st_mtime_ns)


@lru_cache(maxsize=64)
def _check_package_version(path: Path, size: int, mtime_ns: int) -> None:
    shown = display_path(path)
    if not path.is_file() or path.is_symlink():
        raise TemplateProblem(f"{shown}: không tìm thấy mẫu văn bản (tệp .docx thường, không phải liên kết)")
    try:
        with zipfile.ZipFile(path) as z:
            names = z.namelist()
            total = sum(i.file_size for i in z.infolist())
    except (zipfile.BadZipFile, OSError):
        raise TemplateProblem(
            f"{shown}: mẫu văn bản không phải tệp Word .docx hợp lệ (hãy lưu lại bằng Word dưới dạng .docx)"
        ) from None
    if "word/document.xml" not in names:
        raise TemplateProblem(f"{shown}: mẫu văn bản không phải tệp Word .docx (thiếu word/document.xml)")
    if total > MAX_TEMPLATE_UNPACKED:
        raise TemplateProblem(f"{shown}: mẫu văn bản giải nén ra quá lớn ({total // 1_000_000} MB); không được phép")
    with zipfile.ZipFile(path) as z:
        for name in names:
            if not name.endswith((".xml", ".rels")):
                continue
            data = z.read(name)
            if not _is_utf8_xml(data):
                raise TemplateProblem(
                    f"{shown}: phần {name} của mẫu không được lưu bằng UTF-8 (Word luôn lưu UTF-8); "
                    "hãy mở mẫu bằng Word và lưu lại dưới dạng .docx"
                )
            if _declares_entities(data):
                raise TemplateProblem(
                    f"{shown}: phần {name} của mẫu có khai báo DOCTYPE/ENTITY (cách đọc trộm tệp qua XML); "
                    "mẫu Word bình thường không có, không dùng mẫu này"
                )


def _is_utf8_xml(data: bytes) -> bool:
    """Word writes every part in UTF-8; another encoding would hide a DOCTYPE from the check below and
    give a document no program opens."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return False
    try:
        head = data.decode("utf-8")[:200]
    except UnicodeDecodeError:
        return False
    declared = re.search(r"encoding=[\"']([A-Za-z0-9_.-]+)", head) if head.startswith("<?xml") else None
    return declared is None or declared.group(1).lower().replace("_", "-") in ("utf-8", "utf8")


def _declares_entities(xml: bytes) -> bool:
    head = xml[:4096].upper()
    return b"<!DOCTYPE" in head or b"<!ENTITY" in xml.upper()


_NOT_SHOWN_IN_A_RUN = re.compile("[\t\n\r\x85\u2028\u2029]")


def xml_safe(value):
    """The context with every string stripped of characters XML cannot hold, and with the
    characters a Word text run does not show (tab, line breaks) turned into spaces.

    Loading already removes the former (with a warning); this is the last guard, because docxtpl
    re-parses its output leniently and would silently drop text around such a character."""
    if isinstance(value, str):
        return _NOT_SHOWN_IN_A_RUN.sub(" ", XML_FORBIDDEN.sub("", value))
    if isinstance(value, dict):
        return {k: xml_safe(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [xml_safe(v) for v in value]
    return value


_ENVIRONMENT = None
_TEMPLATE_CLASS = None


def _docx_template_class():
    """docxtpl's DocxTemplate, remembering its clean-up of each XML part (the same for every document
    made from one template; its regular expressions are a quarter of a render's cost)."""
    global _TEMPLATE_CLASS
    if _TEMPLATE_CLASS is None:
        from docxtpl import DocxTemplate  # noqa: PLC0415 (docxtpl is slow to import)

        @lru_cache(maxsize=64)
        def patched(source: str) -> str:
            return DocxTemplate.patch_xml(DocxTemplate.__new__(DocxTemplate), source)

        class PatchingOnce(DocxTemplate):
            def patch_xml(self, src_xml):
                return patched(src_xml)

        _TEMPLATE_CLASS = PatchingOnce
    return _TEMPLATE_CLASS


def _environment():
    """One sandboxed environment per process, remembering each template part it compiled.

    docxtpl hands Jinja the same (pre-processed) XML for every document made from one template;
    compiling it is half the cost of a render, so an export of many documents compiles it once."""
    global _ENVIRONMENT
    if _ENVIRONMENT is None:
        from jinja2 import StrictUndefined  # noqa: PLC0415 (jinja2 only when rendering)
        from jinja2.exceptions import SecurityError  # noqa: PLC0415 (jinja2 only when rendering)
        from jinja2.sandbox import ImmutableSandboxedEnvironment  # noqa: PLC0415 (jinja2 only when rendering)

        class CompilingOnce(ImmutableSandboxedEnvironment):
            # A template from elsewhere may try to build huge values; those that grow by one operator are
            # refused at once (the time and memory of the whole render are bounded in `render_docx`).
            intercepted_binops = frozenset({"*", "**"})

            def call_binop(self, context, operator, left, right):
                if operator == "**" and isinstance(right, int) and not isinstance(right, bool) and abs(right) > 64:
                    raise SecurityError(f"lũy thừa quá lớn ({operator} {right})")
                if operator == "*":
                    sized = next((v for v in (left, right) if isinstance(v, (str, list, tuple, bytes))), None)
                    times = right if sized is left else left
                    if sized is not None and isinstance(times, int) and len(sized) * times > MAX_VALUE_LENGTH:
                        raise SecurityError(f"giá trị tạo ra quá dài ({len(sized)} × {times})")
                return super().call_binop(context, operator, left, right)

            def call(__self, __context, __obj, *args, **kwargs):
                return _bounded(super().call(__context, __obj, *args, **kwargs))

            @lru_cache(maxsize=64)  # noqa: B019 (one environment per process: the cache lives as long anyway)
            def _compiled(self, source: str):
                return super().from_string(source)

            def from_string(self, source, globals=None, template_class=None):
                if globals is None and template_class is None:
                    return self._compiled(source)
                return super().from_string(source, globals, template_class)

        env = CompilingOnce(undefined=StrictUndefined, autoescape=True)
        env.globals.pop("lipsum", None)  # a text generator, for building huge documents
        env.filters = {name: _bounded_filter(f) for name, f in env.filters.items()}
        _ENVIRONMENT = env
    return _ENVIRONMENT


def _bounded(value):
    """A value a template built, refused when longer than any document needs (a call or filter can build
    one huge string: center(10**8), format, wordwrap)."""
    from jinja2.exceptions import SecurityError  # noqa: PLC0415 (jinja2 only when rendering)

    if isinstance(value, (str, list, tuple, bytes)) and len(value) > MAX_VALUE_LENGTH:
        raise SecurityError(f"giá trị tạo ra quá dài ({len(value)} ký tự)")
    return value


def _bounded_filter(f):

    @functools.wraps(f)  # keeps Jinja's pass_context / pass_environment marks
    def bounded(*args, **kwargs):
        return _bounded(f(*args, **kwargs))

    return bounded


class _Prepared:
    """One template, opened once per process: docxtpl's pristine document (never mutated), its
    cleaned-up body, the header parts to render, and the package's other parts zipped once."""

    def __init__(self, path: Path) -> None:
        from docx.oxml.ns import nsmap  # noqa: F401, PLC0415 (docx is slow to import; python-docx registers its namespaces on import)

        self.template = _docx_template_class()(str(path))
        self.template.render_init()
        docx = self.template.docx
        self.body = self.template.patch_xml(self.template.get_xml())
        self.headers = {
            rel_key: part.partname.lstrip("/")
            for uri in (self.template.HEADER_URI, self.template.FOOTER_URI)
            for rel_key, part in self.template.get_headers_footers(uri)
        }
        raw = path.read_bytes()
        with zipfile.ZipFile(io.BytesIO(raw)) as z:
            document = z.read("word/document.xml")
            start, end = document.find(b"<w:body"), document.rfind(b"</w:body>")
            self.document_head, self.document_tail = document[:start], document[end + len(b"</w:body>") :]
            # the template's own properties, kept where a document is made without danvan's
            self.core = z.read("docProps/core.xml") if "docProps/core.xml" in z.namelist() else None
            self.custom = z.read(CUSTOM_PART) if CUSTOM_PART in z.namelist() else None
        self.rendered = {"word/document.xml", "docProps/core.xml", CUSTOM_PART, *self.headers.values()}
        self.raw = raw
        self.base = self._base(declaring_custom=False)
        self.base_declaring_custom: bytes | None = None
        self.part = docx._part

    def _base(self, *, declaring_custom: bool) -> bytes:
        """The package's parts no tag touches, zipped once, in the template's order; `declaring_custom`: with the
        custom properties part declared (content type, relationship) for a template that has none."""
        base = io.BytesIO()
        with zipfile.ZipFile(io.BytesIO(self.raw)) as z, zipfile.ZipFile(base, "w", zipfile.ZIP_DEFLATED) as out:
            for item in z.infolist():
                if item.filename in self.rendered:
                    continue
                data = z.read(item.filename)
                if declaring_custom and item.filename == "[Content_Types].xml":
                    data = data.replace(
                        b"</Types>",
                        f'<Override PartName="/{CUSTOM_PART}" ContentType="{_CUSTOM_TYPE}"/></Types>'.encode(),
                    )
                elif declaring_custom and item.filename == "_rels/.rels":
                    relation = f'<Relationship Id="rIdDanvanCustom" Type="{_CUSTOM_RELATION}" Target="{CUSTOM_PART}"/>'
                    data = data.replace(b"</Relationships>", (relation + "</Relationships>").encode())
                out.writestr(item, data)
        return base.getvalue()

    def render(self, context: dict, env, properties: Properties | None = None) -> bytes:
        from lxml import etree  # noqa: PLC0415 (lxml is slow to import)

        t = self.template
        t.docx_ids_index = 1000
        body = t.fix_tables(t.render_xml_part(self.body, self.part, context, env))
        t.fix_docpr_ids(body)
        keep_numbers_whole(body)
        parts = {"word/document.xml": self.document_head + etree.tostring(body, encoding="utf-8") + self.document_tail}
        for rel_key, xml in t.build_headers_footers_xml(context, t.HEADER_URI, env):
            parts[self.headers[rel_key]] = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' + xml
        for rel_key, xml in t.build_headers_footers_xml(context, t.FOOTER_URI, env):
            parts[self.headers[rel_key]] = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' + xml
        if self.core is not None:
            parts["docProps/core.xml"] = core_xml(properties) if properties is not None else self.core
        base = self.base
        if properties is not None and properties.tasks:
            parts[CUSTOM_PART] = custom_xml(self.custom, properties.tasks)
            if self.custom is None:
                if self.base_declaring_custom is None:
                    self.base_declaring_custom = self._base(declaring_custom=True)
                base = self.base_declaring_custom
        elif self.custom is not None:
            parts[CUSTOM_PART] = self.custom
        buffer = io.BytesIO(base)
        with zipfile.ZipFile(buffer, "a", zipfile.ZIP_DEFLATED) as out:
            for name, data in parts.items():
                out.writestr(name, data)
        return buffer.getvalue()


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
# A number and symbol ('03/CT-UBND', '02/2020/QĐ-UBND', '127-QĐ/TW', '…/KH-MNHA'): a word holding a '/' and a '-'
# between letters or digits, in the letters a symbol is made of. Line breaking programs break after a hyphen
# (LibreOffice does not after a slash), so its hyphens are made non-breaking.
_NUMBER_AND_SYMBOL = re.compile(r"(?<!\S)[\[(“\"]?[0-9A-Za-zĐđ&.…/]*[0-9A-ZĐ…][/-][0-9A-Za-zĐđ&./…-]*")


def keep_numbers_whole(body) -> None:
    """Every hyphen inside a number and symbol written as Word's non-breaking hyphen (w:noBreakHyphen, what Ctrl+
    Shift+- types): the line never breaks inside it ('03/CT-' / 'UBND'). Word and LibreOffice show the font's own
    hyphen; the PDF's text and python-docx read it as '-', so a copy still finds '03/CT-UBND'."""
    for text in list(body.iter(_W + "t")):
        value = text.text or ""
        if "-" not in value or "/" not in value:
            continue
        cuts = [
            m.start() + i
            for m in _NUMBER_AND_SYMBOL.finditer(value)
            if "/" in m.group() and "-" in m.group()
            for i, c in enumerate(m.group())
            if c == "-" and 0 < i < len(m.group()) - 1
        ]
        if not cuts:
            continue
        run = text.getparent()
        at = run.index(text)
        pieces = []
        start = 0
        for cut in cuts:
            pieces += [value[start:cut], None]
            start = cut + 1
        pieces.append(value[start:])
        run.remove(text)
        for piece in pieces:
            if piece is None:
                element = run.makeelement(_W + "noBreakHyphen", {})
            elif piece:
                element = run.makeelement(_W + "t", {_XML_SPACE: "preserve"})
                element.text = piece
            else:
                continue
            run.insert(at, element)
            at += 1


@lru_cache(maxsize=16)
def _prepared(path: Path, size: int, mtime_ns: int) -> _Prepared:
    return _Prepared(path)


def core_xml(p: Properties) -> bytes:
    """docProps/core.xml: title, subject, author, and the owner as danvan's identifier."""
    stamp = f"{p.date.isoformat()}T00:00:00Z"  # the document's own date: the same data gives the same file
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{escape(p.title)}</dc:title><dc:subject>{escape(p.subject)}</dc:subject>"
        f"<dc:creator>{escape(p.author)}</dc:creator><dc:identifier>{OWNER_PREFIX}{escape(p.owner)}</dc:identifier>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified>'
        "</cp:coreProperties>"
    ).encode()


OWNER_PREFIX = "danvan:"
CUSTOM_PART = "docProps/custom.xml"
_CUSTOM_TYPE = "application/vnd.openxmlformats-officedocument.custom-properties+xml"
_CUSTOM_RELATION = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties"
_CUSTOM_NS = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
_VT_NS = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
# One custom property per task: its name the id, its value the title (Word keeps values of up to 255 characters).
TASK_PROPERTY = "danvan-nhiem-vu-"
TASK_TITLE_LENGTH = 200


def custom_xml(existing: bytes | None, tasks: tuple[tuple[str, str], ...]) -> bytes:
    """docProps/custom.xml with a property per task, the template's own properties (if any) kept."""
    from lxml import etree  # noqa: PLC0415 (lxml is slow to import)

    if existing is not None:
        root = etree.fromstring(existing, etree.XMLParser(resolve_entities=False, no_network=True))
        for old in [p for p in root if (p.get("name") or "").startswith(TASK_PROPERTY)]:
            root.remove(old)
    else:
        root = etree.Element(f"{{{_CUSTOM_NS}}}Properties", nsmap={None: _CUSTOM_NS, "vt": _VT_NS})  # type: ignore[dict-item]
    pid = max([int(str(p.get("pid"))) for p in root if str(p.get("pid") or "").isdigit()] + [1])
    for ma, title in tasks:
        pid += 1
        prop = etree.SubElement(
            root, f"{{{_CUSTOM_NS}}}property", fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}", pid=str(pid)
        )
        prop.set("name", TASK_PROPERTY + ma)
        etree.SubElement(prop, f"{{{_VT_NS}}}lpwstr").text = XML_FORBIDDEN.sub("", title)[:TASK_TITLE_LENGTH]
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def escape(text: str) -> str:
    """XML text escaping (xml.sax.saxutils would pull in urllib and http at start-up)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def owner_of(docx: Path) -> str | None:
    """The unit folder a danvan document names as its owner, or None (not danvan's, or unreadable)."""
    try:
        with zipfile.ZipFile(docx) as z:
            core = z.read("docProps/core.xml").decode("utf-8", "replace")
    except (OSError, KeyError, zipfile.BadZipFile):
        return None
    found = re.search(r"<dc:identifier>" + re.escape(OWNER_PREFIX) + r"([^<]*)</dc:identifier>", core)
    return found.group(1) if found else None


def is_builtin(template: Path) -> bool:
    return template.resolve().parent == builtin_templates_dir().resolve()


def render_docx(template: Path, context: dict, properties: Properties | None = None) -> bytes:
    """The rendered document as bytes; TemplateProblem names the template and what failed.

    docxtpl does the templating (its clean-up of Word's XML around the tags, Jinja, its table fixes);
    the package is written here, copying the parts no tag touches, so that a run making many
    documents from one template opens and zips that template once. A unit's own template is code
    from elsewhere: it runs in a child process with a time and memory limit. Every document made is
    opened again before it is handed back, so a broken one is never written."""
    _check_package(template)
    context = xml_safe(context)
    if is_builtin(template):
        data = _render_here(template, context, properties)
    else:
        data = _render_bounded(template, context, properties)
    _check_document(template, data)
    return data


def _render_here(template: Path, context: dict, properties: Properties | None) -> bytes:
    shown = display_path(template)
    try:
        stat = template.stat()
        env = _environment()
        env.autoescape = True
        return _prepared(template, stat.st_size, stat.st_mtime_ns).render(context, env, properties)
    except Exception as exc:
        raise TemplateProblem(f"{shown}: {_template_failure(template, exc)}") from None


def _template_failure(template: Path, exc: BaseException) -> str:
    """What went wrong while a template ran, in Vietnamese, with the place in the template where known."""
    from jinja2 import TemplateError, TemplateSyntaxError, UndefinedError  # noqa: PLC0415 (jinja2 only when rendering)
    from jinja2.exceptions import SecurityError  # noqa: PLC0415 (jinja2 only when rendering)

    if isinstance(exc, UndefinedError):
        return _undefined(template, exc)
    if isinstance(exc, SecurityError):
        return f"mẫu làm việc không được phép, đã bị chặn ({_security_vi(str(exc))}){_where(exc)}"
    if isinstance(exc, TemplateSyntaxError):
        return f"thẻ Jinja sai cú pháp ({exc.message}){_where(exc)}"
    if isinstance(exc, TemplateError):
        return f"không dựng được văn bản từ mẫu ({exc}){_where(exc)}"
    if isinstance(exc, RecursionError):
        return "thẻ trong mẫu lồng nhau hoặc gọi lại chính nó quá sâu; hãy sửa mẫu"
    if isinstance(exc, MemoryError):
        return "mẫu tạo ra dữ liệu quá lớn, vượt giới hạn bộ nhớ; hãy sửa mẫu"
    if isinstance(exc, ZeroDivisionError):
        return f"thẻ trong mẫu chia cho 0{_where(exc)}"
    if isinstance(exc, zipfile.BadZipFile):
        return "mẫu văn bản hỏng: không phải tệp .docx đọc được (hãy mở bằng Word rồi lưu lại dạng .docx)"
    if isinstance(exc, KeyError) and "There is no item named" in str(exc):
        return "mẫu văn bản hỏng: tệp .docx thiếu phần bắt buộc (hãy mở bằng Word rồi lưu lại dạng .docx)"
    if type(exc).__module__.split(".")[0] in ("lxml", "docx", "docxtpl"):
        return f"mẫu văn bản hỏng, không đọc được (chi tiết kỹ thuật: {str(exc)[:200]})"
    if isinstance(exc, (TypeError, ValueError, ArithmeticError, LookupError, AttributeError)):
        kind = _ERROR_KINDS.get(type(exc).__name__, "phép tính không làm được")
        return f"thẻ trong mẫu tính sai: {kind}{_where(exc)} (chi tiết kỹ thuật: {str(exc)[:200]})"
    return f"không dựng được văn bản từ mẫu (chi tiết kỹ thuật: {type(exc).__name__}: {str(exc)[:200]})"


_ERROR_KINDS = {
    "TypeError": "dùng giá trị sai kiểu (ví dụ cộng chữ với số, gọi thứ không phải hàm)",
    "ValueError": "giá trị không hợp lệ cho phép tính",
    "KeyError": "không có khóa này trong dữ liệu",
    "IndexError": "vượt quá số phần tử của danh sách",
    "AttributeError": "giá trị không có thuộc tính này",
    "OverflowError": "số quá lớn",
}


def _security_vi(message: str) -> str:
    """Jinja's sandbox says what it blocked in English; the clerk reads it in Vietnamese."""

    found = re.search(r"access to attribute '([^']+)' of '([^']+)' object is unsafe", message)
    if found:
        return f"truy cập thuộc tính '{found[1]}' của giá trị kiểu {found[2]}, không an toàn"
    found = re.search(r"(?<!\S)(\S+) is not safely callable", message)
    if found:
        return f"gọi '{found[1]}', không an toàn"
    if "unsafe" in message or "not safely" in message:
        return "thao tác không an toàn"
    return message  # danvan's own limits, already in Vietnamese


def _render_bounded(template: Path, context: dict, properties: Properties | None) -> bytes:
    """Render in a child process that is stopped past bounded.SECONDS or when it runs out of memory."""

    shown = display_path(template)
    try:
        return bounded.run(_render_here, template, context, properties)
    except WorkPastLimit as exc:
        if exc.kind == "time":
            raise TemplateProblem(
                f"{shown}: mẫu chạy quá {bounded.SECONDS:g} giây (có thể do vòng lặp quá lớn) nên đã bị dừng; hãy sửa mẫu"
            ) from None
        if exc.kind == "memory":
            raise TemplateProblem(f"{shown}: {_template_failure(template, MemoryError())}") from None
        raise TemplateProblem(
            f"{shown}: tiến trình dựng văn bản từ mẫu bị dừng đột ngột (thường do mẫu dùng quá nhiều bộ nhớ); hãy sửa mẫu"
        ) from None


def template_names(template: Path) -> set[str]:
    """The names a template's Jinja tags read from the data (body, headers and footers), for `validate`;
    TemplateProblem names a tag that does not parse."""
    from jinja2 import TemplateSyntaxError, meta  # noqa: PLC0415 (jinja2 only when rendering)

    _check_package(template)
    shown = display_path(template)
    try:
        stat = template.stat()
        prepared = _prepared(template, stat.st_size, stat.st_mtime_ns)
        t = prepared.template
        sources = [prepared.body] + [
            t.patch_xml(t.get_part_xml(part))
            for uri in (t.HEADER_URI, t.FOOTER_URI)
            for _, part in t.get_headers_footers(uri)
        ]
        env = _environment()
        return set().union(*(meta.find_undeclared_variables(env.parse(source)) for source in sources))
    except TemplateSyntaxError as exc:
        raise TemplateProblem(f"{shown}: thẻ Jinja sai cú pháp ({exc.message}){_where(exc)}") from None
    except Exception as exc:
        raise TemplateProblem(f"{shown}: {_template_failure(template, exc)}") from None


def _check_document(template: Path, data: bytes) -> None:
    """The document opens: a whole zip whose main part is well-formed XML (Word refuses anything less)."""
    from lxml import etree  # noqa: PLC0415 (lxml is slow to import)

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            unzipped = sum(info.file_size for info in z.infolist())
            if unzipped > MAX_DOCUMENT_XML:
                raise TemplateProblem(
                    f"{display_path(template)}: văn bản dựng từ mẫu quá lớn ({unzipped / 1048576:.0f} MB khi giải nén; "
                    f"tối đa {MAX_DOCUMENT_XML // 1048576} MB); mẫu tạo ra quá nhiều nội dung, không ghi tệp nào"
                )
            parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
            etree.fromstring(z.read("word/document.xml"), parser)
    except (zipfile.BadZipFile, KeyError, etree.XMLSyntaxError) as exc:
        raise TemplateProblem(
            f"{display_path(template)}: văn bản dựng từ mẫu không mở được ({str(exc)[:200]}); không ghi tệp nào"
        ) from None


def _undefined(template: Path, exc) -> str:
    """Which name the template uses that the data does not have, and the paragraph of the template holding it."""

    message = exc.message or ""
    found = re.search(r"'([^']+)' is undefined", message) or re.search(r"has no attribute '([^']+)'", message)
    name = found.group(1) if found else message
    places = _paragraphs_using(template, name)
    where = f"; ở đoạn {places[0][0]} của mẫu: “{places[0][1]}”" if places else ""
    return (
        f"mẫu dùng tên '{name}' không có trong dữ liệu{where}. Các tên có thể dùng được liệt kê trong docs/templates.md"
    )


def _paragraphs_using(template: Path, name: str) -> list[tuple[int, str]]:
    """(1-based paragraph number, text) of each paragraph of the template's body whose Jinja tags name `name`."""

    with zipfile.ZipFile(template) as z:
        xml = z.read("word/document.xml").decode("utf-8", "replace")
    out = []
    for number, paragraph in enumerate(re.findall(r"<w:p[ >].*?</w:p>", xml, flags=re.S), start=1):
        text = "".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", paragraph))
        for tag in re.findall(r"\{[{%].*?[%}]\}", text):
            if re.search(rf"\b{re.escape(name)}\b", tag):
                out.append((number, text.strip()[:120]))
                break
    return out


def _where(exc) -> str:
    """docxtpl attaches the text around the failing tag; show it so the clerk can find it in Word."""
    lines = [line.strip() for line in getattr(exc, "docx_context", []) or [] if line.strip()]
    return f"; gần đoạn: “{' / '.join(lines[:3])}”" if lines else ""
