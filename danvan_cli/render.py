"""Render: a Word template with Jinja tags plus a context gives the bytes of a .docx.

Templates may come from elsewhere (a unit's own), so rendering is sandboxed, every value is
XML-escaped (autoescape), and a name the context lacks is an error, never an empty string."""

from __future__ import annotations

import functools
import io
import re
import zipfile
from functools import lru_cache
from pathlib import Path

from danvan_cli import bounded
from danvan_cli.docx_properties import _CUSTOM_RELATION, _CUSTOM_TYPE, CUSTOM_PART, Properties, core_xml, custom_xml
from danvan_cli.errors import TemplateProblem, WorkPastLimit, display_path
from danvan_cli.files import inside
from danvan_cli.template_checks import _check_document, _template_failure, _where
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
