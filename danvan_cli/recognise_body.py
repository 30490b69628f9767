"""The body of a Kế hoạch recognised: parts, sections I., II., khoản 1., 2., điểm a), b) and dashes (typed or
numbered by Word), rows of tables read as paragraphs."""

from __future__ import annotations

import re

from danvan_cli import vnformat as vn
from danvan_cli.errors import NotAPlan
from danvan_cli.recognise_parts import (
    _DECIMAL2,
    _ITEM,
    _LETTER_PART,
    _PART,
    _POINT,
    _ROMAN,
    Node,
    Placed,
    Recognised,
    _labelled,
    _norm,
    _roman_value,
    squash,
)
from danvan_cli.wordfile import Para


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
