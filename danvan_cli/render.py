"""Render: a Word template with Jinja tags plus a context gives the bytes of a .docx.

Templates may come from elsewhere (a unit's own), so rendering is sandboxed, every value is
XML-escaped (autoescape), and a name the context lacks is an error, never an empty string.
"""

from __future__ import annotations

import io
import re
import zipfile
from functools import lru_cache
from pathlib import Path

from danvan_cli.errors import TemplateProblem, display_path
from danvan_cli.vnformat import XML_FORBIDDEN

TEMPLATE_FILES = {
    "ke_hoach": "ke-hoach.docx",
    "bao_cao": "bao-cao.docx",
    "bao_cao_tong_hop": "bao-cao-tong-hop.docx",
    "so_van_ban_di": "so-van-ban-di.docx",
}
# The Party's format (HD 36-HD/VPTW) for the same documents, chosen by the_thuc: dang in unit.yaml.
PARTY_TEMPLATE_FILES = {"ke_hoach": "ke-hoach-dang.docx", "bao_cao": "bao-cao-dang.docx"}
# A template is a small Word file; anything that inflates past this is refused before parsing.
MAX_TEMPLATE_UNPACKED = 50 * 1024 * 1024


def builtin_templates_dir() -> Path:
    """templates/ inside the installed package, or at the top of a source checkout."""
    packaged = Path(__file__).resolve().parent / "templates"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / "templates"


def template_path(kind: str, unit=None, unit_dir: Path | None = None) -> Path:
    """The unit's own template when unit.yaml names one, else the built-in NĐ 30 one."""
    custom = getattr(getattr(unit, "mau", None), kind, None) if unit is not None else None
    if custom:
        path = Path(custom)
        return path if path.is_absolute() else (unit_dir or Path.cwd()) / path
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
    if not path.is_file():
        raise TemplateProblem(f"{shown}: không tìm thấy mẫu văn bản (tệp .docx)")
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
            if name.endswith((".xml", ".rels")) and _declares_entities(z.read(name)):
                raise TemplateProblem(
                    f"{shown}: phần {name} của mẫu có khai báo DOCTYPE/ENTITY (cách đọc trộm tệp qua XML); mẫu Word bình thường không có, không dùng mẫu này"
                )


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
        from docxtpl import DocxTemplate

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
        from jinja2 import StrictUndefined
        from jinja2.sandbox import ImmutableSandboxedEnvironment

        class CompilingOnce(ImmutableSandboxedEnvironment):
            @lru_cache(maxsize=64)  # noqa: B019 (one environment per process: the cache lives as long anyway)
            def _compiled(self, source: str):
                return super().from_string(source)

            def from_string(self, source, globals=None, template_class=None):
                if globals is None and template_class is None:
                    return self._compiled(source)
                return super().from_string(source, globals, template_class)

        _ENVIRONMENT = CompilingOnce(autoescape=True, undefined=StrictUndefined)
    return _ENVIRONMENT


class _Prepared:
    """One template, opened once per process: docxtpl's pristine document (never mutated), its
    cleaned-up body, the header parts to render, and the package's other parts zipped once."""

    def __init__(self, path: Path) -> None:
        from docx.oxml.ns import nsmap  # noqa: F401  (python-docx registers its namespaces on import)

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
            rendered = {"word/document.xml", *self.headers.values()}
            base = io.BytesIO()
            with zipfile.ZipFile(base, "w", zipfile.ZIP_DEFLATED) as out:
                for item in z.infolist():
                    if item.filename not in rendered:
                        out.writestr(item, z.read(item.filename))
            self.base = base.getvalue()
        self.part = docx._part

    def render(self, context: dict, env) -> bytes:
        from lxml import etree

        t = self.template
        t.docx_ids_index = 1000
        body = t.fix_tables(t.render_xml_part(self.body, self.part, context, env))
        t.fix_docpr_ids(body)
        parts = {"word/document.xml": self.document_head + etree.tostring(body, encoding="utf-8") + self.document_tail}
        for rel_key, xml in t.build_headers_footers_xml(context, t.HEADER_URI, env):
            parts[self.headers[rel_key]] = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' + xml
        for rel_key, xml in t.build_headers_footers_xml(context, t.FOOTER_URI, env):
            parts[self.headers[rel_key]] = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' + xml
        buffer = io.BytesIO(self.base)
        with zipfile.ZipFile(buffer, "a", zipfile.ZIP_DEFLATED) as out:
            for name, data in parts.items():
                out.writestr(name, data)
        return buffer.getvalue()


@lru_cache(maxsize=16)
def _prepared(path: Path, size: int, mtime_ns: int) -> _Prepared:
    return _Prepared(path)


def render_docx(template: Path, context: dict) -> bytes:
    """The rendered document as bytes; TemplateProblem names the template and what failed.

    docxtpl does the templating (its clean-up of Word's XML around the tags, Jinja, its table fixes);
    the package is written here, copying the parts no tag touches, so that a run making many
    documents from one template opens and zips that template once."""
    _check_package(template)
    from jinja2 import TemplateError, TemplateSyntaxError, UndefinedError
    from jinja2.exceptions import SecurityError

    shown = display_path(template)
    try:
        stat = template.stat()
        env = _environment()
        env.autoescape = True
        return _prepared(template, stat.st_size, stat.st_mtime_ns).render(xml_safe(context), env)
    except UndefinedError as exc:
        raise TemplateProblem(f"{shown}: {_undefined(template, exc)}") from None
    except SecurityError as exc:
        raise TemplateProblem(f"{shown}: mẫu truy cập thuộc tính không an toàn, đã bị chặn ({exc})") from None
    except TemplateSyntaxError as exc:
        raise TemplateProblem(f"{shown}: thẻ Jinja sai cú pháp ({exc.message}){_where(exc)}") from None
    except TemplateError as exc:
        raise TemplateProblem(f"{shown}: không dựng được văn bản từ mẫu ({exc}){_where(exc)}") from None
    except (KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise TemplateProblem(f"{shown}: mẫu văn bản hỏng, không đọc được ({exc})") from None
    except Exception as exc:  # lxml and python-docx raise their own types on broken packages
        if type(exc).__module__.split(".")[0] in ("lxml", "docx", "docxtpl"):
            raise TemplateProblem(f"{shown}: mẫu văn bản hỏng, không đọc được ({exc})") from None
        raise


def _undefined(template: Path, exc) -> str:
    """Which name the template uses that the data does not have, and the paragraph of the template holding it."""
    import re

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
    import re

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
