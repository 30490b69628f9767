"""The one writer of a clerk's YAML: every module that writes or changes a clerk's file (import, progress add,
the register, new-plan's key replacement) writes its values here, so that each reads back with
`yamlsource.parse_text` as it was given, plain where it reads back the same, quoted otherwise."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

from danvan_cli.vnformat import number
from danvan_cli.yamlsource import quote

_PLAIN = re.compile(r"(?:[0-9]{1,3}\. )?[A-Za-zÀ-ỹĐđ][^\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff#:\"'\\]*")
_RESERVED = {"yes", "no", "true", "false", "on", "off", "null", "y", "n", "~"}
_FOLDABLE = re.compile(r"[^\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff\ufeff]*")


def text_lines(prefix: str, indent: int, value: str) -> list[str]:
    """`prefix` ('key:' or '-') and a text, as YAML lines a clerk can read and edit: plain when it reads back
    the same, folded (>-) when long, quoted otherwise; always read back exactly as `value`."""
    pad = " " * indent
    short = len(value) + len(prefix) + indent < 110
    plain = _PLAIN.fullmatch(value) and value == value.strip() and value.lower() not in _RESERVED
    if short and plain and not value.endswith(":") and "  " not in value:
        return [f"{pad}{prefix} {value}"]
    folds = value == value.strip() and value and _FOLDABLE.fullmatch(value) and "\n" not in value
    if not folds or len(value) < 60:
        return [f"{pad}{prefix} {quote(value)}"]
    # Folded (>-): lines broken only at single spaces, so that folding gives the text back exactly.
    width = max(60, 108 - indent)
    out, line = [], ""
    words = re.split(r"(?<=\S) (?=\S)", value)
    for word in words:
        if line and len(line) + 1 + len(word) > width:
            out.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    out.append(line)
    lead = 2 if prefix == "-" else len(prefix) - len(prefix.lstrip(" -")) + 2
    return [f"{pad}{prefix} >-", *(" " * (indent + lead) + x for x in out)]


def scalar(value: Any) -> str:
    """A value other than text as a one-line YAML scalar the loader reads back as it: nothing as nothing, a date in
    ISO form, true or false, a whole number plain, a decimal as a Vietnamese clerk writes it ('1,5', quoted: the
    models read figures from text); text quoted (`quote`)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (int, Decimal)):
        return str(int(value)) if value == int(value) else quote(number(value))
    return quote(str(value))


def key_text(name: str) -> str:
    """A mapping's key (a figure's name): plain when it reads back the same, quoted otherwise."""
    if _PLAIN.fullmatch(name) and name == name.strip() and name.lower() not in _RESERVED and "  " not in name:
        return name
    return quote(name) or '""'


def block_lines(prefix: str, indent: int, value: Any) -> list[str]:
    """`prefix` ('key:' or '-') and any value, as block YAML a clerk reads: text as `text_lines` writes it, a
    mapping's keys one a line below it (a list item's first key on the dash's line), a list's items below it,
    anything else by `scalar`."""
    pad = " " * indent
    if isinstance(value, dict) and value:
        lines = [line for k, v in value.items() for line in block_lines(f"{key_text(k)}:", indent + 2, v)]
        if prefix == "-":
            return [f"{pad}- {lines[0][indent + 2 :]}", *lines[1:]]
        return [f"{pad}{prefix}", *lines]
    if isinstance(value, list) and value:
        return [f"{pad}{prefix}", *(line for v in value for line in block_lines("-", indent + 2, v))]
    if isinstance(value, (dict, list)):
        return [f"{pad}{prefix} {'{}' if isinstance(value, dict) else '[]'}"]
    if isinstance(value, str):
        return text_lines(prefix, indent, value) if value else [f'{pad}{prefix} ""']
    return [f"{pad}{prefix} {scalar(value)}".rstrip()]


def replace_key(text: str, key: str, value: Any) -> str:
    """`text` with the value of its top-level `key:` line replaced by `value` (as `scalar` writes it), every other
    line, the line's own comment included, kept as it was."""
    old = r'[ \t]*"(?:[^"\\\n]|\\.)*"|[^#\n]*?'  # a quoted value may hold a '#' of its own
    pattern = re.compile(rf"^{re.escape(key)}:(?P<value>{old})(?P<comment>[ \t]+#.*)?$", re.M)
    replacement = f"{key}: {scalar(value)}".rstrip()
    return pattern.sub(lambda m: replacement + (m.group("comment") or ""), text, count=1)
