"""A document's body as an outline, laid out as NĐ 30 Phụ lục I shows it (pure functions).

Levels, from the top: a part ("Phần I" over its heading in capitals; or "PHẦN THỨ NHẤT"; or "A."), a
section ("I."), an item ("1."), a point ("a)", or "1.1." where a unit numbers that way), then "-" and
"+". Numbers are made here, never typed by the user. A heading is printed as written; the decree's
styles (bold for parts, sections and titled items; upright for points) are the template's, chosen by
each block's kind.
"""

from __future__ import annotations

from collections.abc import Callable

from danvan_cli import vnformat as vn
from danvan_cli.models import Item, Numbering, Part, Section

# A block is one paragraph of the body: its kind (the template's style) and its text.
# Kinds: "phan" (the word Phần and its number, centred, bold), "phan_tieu_de" (a part's heading, centred, bold
# capitals), "muc" (I. …, bold), "khoan" (1. …, bold: an item with a heading), "doan" (running text), "ket" (the
# closing text, kept on the page of the signature) and "bang" (where the figures table stands).
Block = dict
# Fills a node's `gom` (the report's built-in parts) with blocks, given the depth its items would have.
Filler = Callable[[str, int], list[Block]]

PART_ORDINALS = ["NHẤT", "HAI", "BA", "TƯ", "NĂM", "SÁU", "BẢY", "TÁM", "CHÍN", "MƯỜI"]
LETTERS = "ABCDEGHIKLMNOPQRSTUVXY"


def block(kind: str, text: str) -> Block:
    return {"kieu": kind, "van_ban": vn.collapse_whitespace(text)}


def paragraphs(texts: list[str]) -> list[Block]:
    return [block("doan", t) for t in texts]


def closing(blocks: list[Block], texts: list[str]) -> list[Block]:
    """The body with its closing text: paragraphs kept with the signature below them, so that Nơi nhận and the
    signature never stand alone on a page. With no closing text, the body's last paragraph is kept with it."""
    if texts:
        return blocks + [block("ket", t) for t in texts]
    if blocks and blocks[-1]["kieu"] == "doan":
        return [*blocks[:-1], {**blocks[-1], "kieu": "ket"}]
    return blocks


def part_blocks(index: int, part: Part, style: str) -> list[Block]:
    """A part's heading: 'Phần I' over 'TIÊU ĐỀ' (NĐ 30), 'PHẦN THỨ NHẤT' over it, or 'A. TIÊU ĐỀ' on one line."""
    title = vn.upper(part.tieu_de)
    if style == "chu_cai":
        return [block("muc", f"{LETTERS[index - 1] if index <= len(LETTERS) else index}. {title}")]
    if style == "phan_thu":
        ordinal = PART_ORDINALS[index - 1] if index <= len(PART_ORDINALS) else str(index)
        return [block("phan", f"PHẦN THỨ {ordinal}"), block("phan_tieu_de", title)]
    return [block("phan", f"Phần {vn.roman(index)}"), block("phan_tieu_de", title)]


def item_label(depth: int, index: int, parent_label: str, numbering: Numbering) -> str:
    """'1.', 'a)' or '1.1.', '-', '+' for the item at `depth` (1 = directly under a section)."""
    if depth == 1:
        return f"{index}."
    if depth == 2:
        if numbering.diem == "so_thap_phan":
            return f"{parent_label.rstrip('.')}.{index}."
        return f"{vn.point_letter(index - 1)})"
    return "-" if depth == 3 else "+"


def item_blocks(
    item: Item,
    depth: int,
    index: int,
    parent_label: str,
    numbering: Numbering,
    fill: Filler | None = None,
    keep_empty: bool = False,
) -> list[Block]:
    """One item and everything under it. With a heading: the numbered heading, then its text; without one,
    the number stands before the first paragraph. An item that only gathers report content (`gom`) and
    receives none is left out, its number not taken."""
    label = item_label(depth, index, parent_label, numbering)
    heading_kind = "khoan" if depth == 1 or (depth == 2 and numbering.diem == "so_thap_phan") else "doan"
    filled = [b for name in item.gom for b in fill(name, depth + 1)] if fill is not None else []
    under = _numbered(item.children, depth + 1, label, numbering, fill, keep_empty)
    texts = list(item.noi_dung)
    if item.gom and not (texts or filled or under) and not (keep_empty and item.tieu_de):
        return []
    out: list[Block] = []
    if item.tieu_de:
        out.append(block(heading_kind, f"{label} {item.tieu_de}"))
        out += paragraphs(texts)
    elif texts:
        out.append(block("doan", f"{label} {texts[0]}"))
        out += paragraphs(texts[1:])
    elif filled and filled[0]["kieu"] == "doan":  # a bare item of gathered text takes its number on the first paragraph
        filled = [block("doan", f"{label} {filled[0]['van_ban']}"), *filled[1:]]
    return out + filled + under


def _numbered(
    items: list[Item],
    depth: int,
    parent_label: str,
    numbering: Numbering,
    fill: Filler | None,
    keep_empty: bool = False,
) -> list[Block]:
    """Items one after another, numbered from 1; an item left out takes no number."""
    out: list[Block] = []
    index = 1
    for item in items:
        rendered = item_blocks(item, depth, index, parent_label, numbering, fill, keep_empty)
        if rendered:
            out += rendered
            index += 1
    return out


def section_blocks(
    section: Section, index: int, numbering: Numbering, fill: Filler | None = None, keep_empty: bool = False
) -> list[Block]:
    """'I. Heading' (as written), its paragraphs, what the report fills in (`gom`), then its items 1., 2., …
    A section that gathers nothing is left out, unless `keep_empty` (an office's outline: its numbering holds)."""
    filled = [b for name in section.gom for b in fill(name, 1)] if fill is not None else []
    under = _numbered(section.items, 1, "", numbering, fill, keep_empty)
    if section.gom and not (section.noi_dung or filled or under) and not keep_empty:
        return []
    return [block("muc", f"{vn.roman(index)}. {section.tieu_de}"), *paragraphs(section.noi_dung), *filled, *under]


def _sections(
    sections: list[Section], numbering: Numbering, fill: Filler | None, keep_empty: bool = False
) -> list[Block]:
    out: list[Block] = []
    index = 1
    for section in sections:
        rendered = section_blocks(section, index, numbering, fill, keep_empty)
        if rendered:
            out += rendered
            index += 1
    return out


def body_blocks(
    sections: list[Section],
    parts: list[Part],
    numbering: Numbering,
    fill: Filler | None = None,
    keep_empty: bool = False,
) -> list[Block]:
    """Every part and section of a body, numbered; sections run I., II., … within each part. A part with nothing
    under it is left out, its number not taken: a heading is never printed empty."""
    if not parts:
        return _sections(sections, numbering, fill, keep_empty)
    out: list[Block] = []
    index = 1
    for part in parts:
        under = paragraphs(part.noi_dung) + _sections(part.muc, numbering, fill, keep_empty)
        if under or keep_empty:
            out += part_blocks(index, part, numbering.phan) + under
            index += 1
    return out
