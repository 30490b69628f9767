"""A Word plan's parts as recognised (Placed, Node, Recognised), and what every reader of its paragraphs shares:
the text folded for matching, and the labels of parts, sections, items and points."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from danvan_cli import vnformat as vn


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
    number: int = 0  # the paragraph it starts at


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


def squash(text: str) -> str:
    return " ".join(vn.nfc(text).replace("\u00a0", " ").split())


def _key(text: str) -> str:
    """Text compared as a clerk reads it: capitals, no diacritics, single spaces."""
    return " ".join(vn.fold_diacritics(text).upper().split())


# Labels of the outline, as typed or as Word's numbering shows them.
_PART = re.compile(r"^(?:PHẦN|Phần)\s+(?P<n>[IVXLC]+|THỨ\s+\S+|[0-9]+)\s*[.:\-–]?\s*(?P<rest>.*)$")


_LETTER_PART = re.compile(r"^(?P<n>[A-Z])\s*\.\s+(?P<rest>.+)$")


# The Party's and many clerks' habit: 'I-', 'I/', '1-', '1/', 'a-', 'a/' (followed by a letter: '1-2 buổi' is text;
# a section heading after 'I-' or 'I/' is in capitals, so that 'V/v …' stays text).
_DASH = r"\s*[-–/](?=\s*[^\W\d_])"


_ROMAN = re.compile(r"^(?P<n>[IVXLC]+)(?:\s*[.)]|" + _DASH + r"(?=\s*[A-ZĐ\u00c0-\u1ef9][^a-zđ]*$))\s*(?P<rest>\S.*)$")


_DECIMAL2 = re.compile(r"^(?P<n>[0-9]{1,2})\.(?P<m>[0-9]{1,2})\.?\s+(?P<rest>\S.*)$")


_ITEM = re.compile(r"^(?P<n>[0-9]{1,2})(?:\s*[.)]|" + _DASH + r")\s*(?P<rest>[^\s0-9/].*)$")


_POINT = re.compile(r"^(?P<n>[a-zđ])(?:\s*[).]|" + _DASH + r")\s+(?P<rest>\S.*)$")


_BULLET = re.compile(r"^[-+–—•]\s*\S")


def _roman_value(text: str) -> int | None:
    for n in range(1, 60):
        if vn.roman(n) == text:
            return n
    return None


def _section_label(text: str) -> bool:
    m = _ROMAN.match(text)
    return bool(m and _roman_value(m.group("n")))


def _labelled(text: str) -> bool:
    return bool(_ITEM.match(text) or _POINT.match(text) or _DECIMAL2.match(text) or _section_label(text))
