"""A rendered .docx's properties: the core properties (title, author, dates) and the custom ones that carry a plan's
task ids and its owner, read back by import."""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from danvan_cli.vnformat import XML_FORBIDDEN


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
