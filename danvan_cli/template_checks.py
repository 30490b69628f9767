"""A template's failures said in Vietnamese at the paragraph that holds them (a Jinja error, an undefined name, a
forbidden call), and the rendered document checked before it is written."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

from danvan_cli.errors import TemplateProblem, display_path

MAX_DOCUMENT_XML = 50 * 1024 * 1024  # bytes of a rendered document's parts, unzipped (the seed's report: 0.2 MB)


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
