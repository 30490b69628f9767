"""Word's styles and list numbering resolved, so that a paragraph Word numbers reads as typed: '1.', 'a)', '-'."""

from __future__ import annotations

import re
from dataclasses import dataclass

from danvan_cli import vnformat as vn

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


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
                int(whole_number(ilvl.get(W + "val")) if ilvl is not None else 0),
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


def whole_number(text: str | None, default: int = 0) -> int:
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
                levels[whole_number(lvl.get(W + "ilvl"))] = (
                    fmt.get(W + "val", "decimal") if fmt is not None else "decimal",
                    text.get(W + "val", "") if text is not None else "",
                    whole_number(start.get(W + "val"), 1) if start is not None else 1,
                )
            self.levels[abstract.get(W + "abstractNumId", "")] = levels
        for num in root.iter(W + "num"):
            ref = num.find(W + "abstractNumId")
            overrides = {}
            for override in num.iter(W + "lvlOverride"):
                start = override.find(W + "startOverride")
                if start is not None:
                    overrides[whole_number(override.get(W + "ilvl"))] = whole_number(start.get(W + "val"), 1)
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
