"""Read one YAML file of the user's into plain data, remembering where every value stood.

PyYAML's safe composer (the C one where present) builds the node tree; we turn nodes into
dicts, lists and scalars ourselves so that
- every value keeps its line and column, for `path:line:col` messages after validation;
- dates stay text until the models parse them (an impossible date then gets a located message);
- a number keeps the text it was written as (`1.200` is one thousand two hundred to a Vietnamese clerk,
  1.2 to YAML): the models read figures from that text, and a number in a text field stays as written;
- duplicate keys, unknown tags and alias bombs are refused instead of silently accepted;
- text is NFC and free of characters XML forbids (removed, with a warning).
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import SafeConstructor

from danvan_cli.errors import InputError, Problem, Warning_, display_path
from danvan_cli.files import MAX_FILE_BYTES, read_bytes
from danvan_cli.vnformat import XML_FORBIDDEN, number

Loc = tuple  # a path into the data: ("phan", 1, "nhiem_vu", 0, "ma")

# Alias expansion and nesting are bounded so that a hostile file cannot exhaust memory or the stack:
# by values built, and by the characters those values hold (one long anchored text referenced many times).
MAX_NODES = 200_000
MAX_DEPTH = 100
MAX_CHARACTERS = 2 * MAX_FILE_BYTES
MAX_NUMBER_LENGTH = 30  # past this a "number" is no figure (and Python refuses ints over 4,300 digits)


class YamlInt(int):
    """A number YAML read as an integer, with the text it was written as."""

    text: str

    def __new__(cls, value: int, text: str) -> YamlInt:
        number = super().__new__(cls, value)
        number.text = text
        return number

    def __str__(self) -> str:
        return self.text


class NumberText(str):
    """A scalar YAML would read as a float, kept as the text it was written as, marked as a number: YAML makes 1.2
    of a clerk's `1.200`, which in Vietnamese is one thousand two hundred. Only the model it reaches reads it: a
    figure with the Vietnamese number reading (vnformat.parse_number), a text field as written."""


@dataclass
class Source:
    """The data of one file and where each part of it stood."""

    path: Path
    data: Any
    value_at: dict[Loc, tuple[int, int]] = field(default_factory=dict)
    key_at: dict[Loc, tuple[int, int]] = field(default_factory=dict)
    warnings: list[Warning_] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)  # the text as read, for the clerk's "# giữ nguyên" marks

    @property
    def shown(self) -> str:
        return display_path(self.path)

    def kept(self, loc: Loc) -> str | None:
        """Why the clerk keeps the text at `loc` as written, when a comment says so: "# giữ nguyên: lỗi của văn bản
        gốc" on the lines right above the value, its key or any key or list item holding it (or after it on its
        line). The reason given ("" when none), or None when the text is not marked."""
        loc = tuple(loc)
        while loc:
            for where in (self.value_at.get(loc), self.key_at.get(loc)):
                if where is not None and (reason := self._mark_at(where[0])) is not None:
                    return reason
            loc = loc[:-1]
        return None

    def _mark_at(self, line: int) -> str | None:
        """The "giữ nguyên" mark in the comment after line `line` (1-based) or in the comment lines right above it."""
        if not 1 <= line <= len(self.lines):
            return None
        comments = [after[1] for after in [_TRAILING_COMMENT.search(self.lines[line - 1])] if after]
        i = line - 2
        while i >= 0 and self.lines[i].lstrip().startswith("#"):
            comments.append(self.lines[i].lstrip()[1:])
            i -= 1
        for comment in comments:
            found = _KEEP_MARK.search(comment)
            if found:
                return found["reason"].strip(" :-–—.")
        return None

    def position(self, loc: Loc) -> tuple[int, int]:
        """The closest known position of `loc`: the value itself or its nearest parent."""
        loc = tuple(loc)
        while loc:
            if loc in self.value_at:
                return self.value_at[loc]
            loc = loc[:-1]
        return self.value_at.get((), (1, 1))

    def problem(self, loc: Loc, message: str, *, at_key: bool = False) -> Problem:
        loc = tuple(loc)
        line, col = self.key_at[loc] if at_key and loc in self.key_at else self.position(loc)
        return Problem(self.shown, line, col, message)


# A comment after a value on its line (a '#' after a space), and the clerk's mark that a text is kept as written.
_TRAILING_COMMENT = re.compile(r"\s#(.*)$")
_KEEP_MARK = re.compile(r"(?:giữ\s+nguyên|giu\s+nguyen)(?P<reason>.*)", re.IGNORECASE)


# ---------------------------------------------------------------- bytes to text


def _line_col_of_byte(raw: bytes, offset: int) -> tuple[int, int]:
    line = raw.count(b"\n", 0, offset) + 1
    start = raw.rfind(b"\n", 0, offset) + 1
    return line, offset - start + 1


def guess_legacy_encoding(raw: bytes) -> str:
    """Name the encoding a non-UTF-8 file was most likely saved in.

    Vietnamese files that are not UTF-8 are nearly always UTF-16 (Notepad's "Unicode"),
    Windows-1258 (tone marks as separate combining bytes), VNI or TCVN3 (font encodings).
    """
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")) or raw[:200].count(b"\x00") > len(raw[:200]) // 4:
        return "UTF-16"
    high = [b for b in raw if b >= 0x80]
    if not high:
        return "ASCII"
    cp1258_marks = {0xCC, 0xEC, 0xD2, 0xDE, 0xF2}  # combining grave, acute, hook, tilde, dot below
    after_vowel = [raw[i] for i in range(1, len(raw)) if raw[i] >= 0x80 and chr(raw[i - 1]).lower() in "aeiouy"]
    if after_vowel and sum(b in cp1258_marks for b in after_vowel) * 2 >= len(after_vowel):
        return "Windows-1258"
    # VNI types a letter then Latin-1 mark bytes: â/ă/ê/ô/ư/ơ/đ and the five tones use these ten.
    vni_marks = {0xE2, 0xEA, 0xF6, 0xF4, 0xF1, 0xF9, 0xF8, 0xFB, 0xF5, 0xEF}
    if sum(b in vni_marks for b in high) * 2 >= len(high):
        return "VNI (phông VNI-Times)"
    # TCVN3 puts most Vietnamese letters (ă â ê ô ơ ư đ and the toned vowels) in 0xA1–0xDF;
    # Western Latin-1 text has its few accented letters in 0xE0–0xFF.
    if sum(0xA1 <= b <= 0xDF for b in high) * 3 >= len(high):
        return "TCVN3/ABC (phông .VnTime)"
    return "Latin-1 (Windows-1252)"


def decode_user_text(path: Path, raw: bytes) -> str:
    """UTF-8 (with or without BOM, LF or CRLF) or a located error naming the likely encoding."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, col = _line_col_of_byte(raw, exc.start)
        likely = guess_legacy_encoding(raw)
        raise InputError(
            [
                Problem(
                    display_path(path),
                    line,
                    col,
                    f"tệp không được lưu theo bảng mã UTF-8 (byte 0x{raw[exc.start]:02X} không hợp lệ); "
                    f"có lẽ tệp đang dùng bảng mã {likely}. Hãy mở tệp và lưu lại với bảng mã UTF-8 "
                    "(Notepad: Lưu thành… → Mã hóa: UTF-8; hoặc chuyển mã bằng Unikey).",
                )
            ]
        ) from None
    nul = text.find("\x00")
    if nul >= 0:
        line = text.count("\n", 0, nul) + 1
        col = nul - (text.rfind("\n", 0, nul) + 1) + 1
        raise InputError(
            [
                Problem(
                    display_path(path),
                    line,
                    col,
                    "tệp chứa ký tự NUL (byte 0): tệp bị hỏng hoặc được lưu theo bảng mã UTF-16; "
                    "chỉ chấp nhận văn bản UTF-8.",
                )
            ]
        )
    return text.replace("\r\n", "\n").replace("\r", "\n")


# ---------------------------------------------------------------- YAML errors in Vietnamese

_YAML_PROBLEMS = [
    (
        "mapping values are not allowed",
        "dấu hai chấm ':' không đúng chỗ: nếu nội dung có chứa ': ' thì hãy đặt cả nội dung trong dấu ngoặc kép \"…\", hoặc kiểm tra thụt lề của dòng này",
    ),
    ("could not find expected ':'", "thiếu dấu hai chấm ':' sau tên khóa (dạng đúng: `ten_khoa: giá trị`)"),
    ("expected <block end>, but found", "thụt lề không thẳng hàng: các khóa cùng cấp phải bắt đầu ở cùng một cột"),
    (
        "expected <block sequence end>",
        "thụt lề không thẳng hàng trong danh sách: các dòng `- ` cùng cấp phải bắt đầu ở cùng một cột",
    ),
    ("found unexpected end of stream", "thiếu dấu ngoặc kép hoặc ngoặc đóng trước khi hết tệp"),
    (
        "found unknown escape character",
        "ký tự thoát không hợp lệ sau dấu \\ trong chuỗi ngoặc kép (dùng ngoặc đơn '…' nếu cần viết dấu \\)",
    ),
    ("found undefined alias", "dùng bí danh (*) chưa được khai báo (&)"),
    ("exceeded maximum nesting depth", "dữ liệu lồng nhau quá sâu; không được phép"),
    (
        "did not find expected node content",
        "thiếu giá trị sau dấu '-' hoặc ':' (hoặc thụt lề sai); hãy viết giá trị, hoặc đặt nội dung trong dấu ngoặc kép",
    ),
    ("did not find expected key", "thụt lề không thẳng hàng hoặc thiếu dấu ':' sau tên khóa"),
    ("did not find expected '-' indicator", "trong danh sách, mỗi mục phải bắt đầu bằng '- ' ở cùng một cột"),
    ("found unexpected ':'", "dấu ':' không đúng chỗ; nếu nội dung có ':' hãy đặt cả nội dung trong dấu ngoặc kép"),
    ("while scanning a quoted scalar", "thiếu dấu ngoặc kép đóng ở cuối nội dung"),
    ("while scanning an alias", "dấu '*' ở đầu giá trị được hiểu là bí danh; hãy đặt giá trị trong dấu ngoặc kép"),
    ("while scanning an anchor", "dấu '&' ở đầu giá trị được hiểu là neo; hãy đặt giá trị trong dấu ngoặc kép"),
    (
        "found character '%' that cannot start any token",
        "ký tự '%' không thể đứng đầu giá trị; hãy đặt giá trị trong dấu ngoặc kép",
    ),
    (
        "found character '@' that cannot start any token",
        "ký tự '@' không thể đứng đầu giá trị; hãy đặt giá trị trong dấu ngoặc kép",
    ),
    (
        "found character '`' that cannot start any token",
        "ký tự '`' không thể đứng đầu giá trị; hãy đặt giá trị trong dấu ngoặc kép",
    ),
]


_TAB_MESSAGE = "dùng phím Tab để thụt lề; YAML chỉ cho phép dấu cách (hãy thay mỗi Tab bằng dấu cách)"


def _yaml_error_problem(shown: str, exc: Exception, text: str) -> Problem:

    if isinstance(exc, yaml.reader.ReaderError):
        return Problem(
            shown,
            1,
            exc.position + 1,
            f"ký tự không được phép trong YAML (mã #x{exc.character:04x}); hãy xóa ký tự này",
        )
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    lines = text.split("\n")
    source_line = lines[line - 1] if 0 < line <= len(lines) else ""
    indent = source_line[: len(source_line) - len(source_line.lstrip(" \t"))]
    if "\t" in indent:
        # The C and Python parsers word this differently (or not at all); the file itself tells.
        return Problem(shown, line, indent.index("\t") + 1, f"lỗi cú pháp YAML: {_TAB_MESSAGE}")
    described = f"{getattr(exc, 'context', '') or ''} {getattr(exc, 'problem', '') or ''}"
    for needle, message in _YAML_PROBLEMS:
        if needle in described:
            return Problem(shown, line, col, f"lỗi cú pháp YAML: {message}")
    return Problem(
        shown,
        line,
        col,
        "lỗi cú pháp YAML ở dòng này; hãy kiểm tra thụt lề (chỉ dùng dấu cách), dấu hai chấm sau tên khóa và dấu ngoặc kép",
    )


# ---------------------------------------------------------------- nodes to data


class _Builder:
    def __init__(self, source: Source) -> None:

        self.yaml = yaml
        self.source = source
        self.scalars = SafeConstructor()
        self.problems: list[Problem] = []
        self.nodes = 0
        self.characters = 0

    def _at(self, node) -> tuple[int, int]:
        return node.start_mark.line + 1, node.start_mark.column + 1

    def fail(self, node, message: str) -> None:
        line, col = self._at(node)
        self.problems.append(Problem(self.source.shown, line, col, message))

    def build(self, node, loc: Loc, depth: int = 0) -> Any:
        y = self.yaml
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise _TooBig(node)
        if depth > MAX_DEPTH:
            raise _TooDeep(node)
        self.source.value_at[loc] = self._at(node)
        if isinstance(node, y.MappingNode):
            return self._mapping(node, loc, depth)
        if isinstance(node, y.SequenceNode):
            if node.tag != "tag:yaml.org,2002:seq":
                self.fail(node, f"thẻ YAML {node.tag} không được hỗ trợ; chỉ dùng danh sách thường")
            return [self.build(item, loc + (i,), depth + 1) for i, item in enumerate(node.value)]
        return self._scalar(node, loc)

    def _mapping(self, node, loc: Loc, depth: int) -> dict:
        if node.tag != "tag:yaml.org,2002:map":
            self.fail(node, f"thẻ YAML {node.tag} không được hỗ trợ; chỉ dùng bảng khóa thường")
        result: dict = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                self.fail(key_node, "không hỗ trợ khóa gộp '<<'; hãy viết đầy đủ các khóa")
                continue
            if not isinstance(key_node, self.yaml.ScalarNode):
                self.fail(key_node, "tên khóa phải là một từ đơn, ví dụ `trich_yeu:`")
                continue
            key = self._clean(str(key_node.value), key_node, loc)
            if key in result:
                first = self.source.key_at[loc + (key,)]
                self.fail(
                    key_node, f"khóa '{key}' bị lặp lại (đã có ở dòng {first[0]}); mỗi khóa chỉ được viết một lần"
                )
                continue
            self.source.key_at[loc + (key,)] = self._at(key_node)
            result[key] = self.build(value_node, loc + (key,), depth + 1)
        return result

    def _scalar(self, node, loc: Loc) -> Any:
        tag = node.tag
        c = self.scalars
        if tag == "tag:yaml.org,2002:str" or tag == "tag:yaml.org,2002:timestamp":
            return self._text(node, loc)
        if tag == "tag:yaml.org,2002:null":
            return None
        if tag == "tag:yaml.org,2002:bool":
            return c.construct_yaml_bool(node)
        if tag in ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float"):
            return self._number(node)
        self.fail(node, f"thẻ YAML {tag} không được hỗ trợ; hãy viết giá trị thường (chữ, số, ngày)")
        return None

    def _number(self, node) -> Any:
        text = node.value
        if len(text) > MAX_NUMBER_LENGTH:
            self.fail(node, f"con số dài quá {MAX_NUMBER_LENGTH} ký tự; không phải một số liệu")
            return None
        if node.tag == "tag:yaml.org,2002:float":
            return NumberText(text)
        if re.fullmatch(r"[-+]?[0-9]+", text):
            return YamlInt(int(text, 10), text)  # decimal as written: YAML 1.1 would read 010 as 8
        return YamlInt(self.scalars.construct_yaml_int(node), text)

    def _text(self, node, loc: Loc) -> str:
        return self._clean(node.value, node, loc)

    def _clean(self, value: str, node, loc: Loc) -> str:
        """NFC, and without the characters XML cannot hold (a figure's name is a key, so keys too)."""
        self.characters += len(value)
        if self.characters > MAX_CHARACTERS:
            raise _TooLong(node)
        text = unicodedata.normalize("NFC", value)
        cleaned = XML_FORBIDDEN.sub("", text)
        if cleaned != text:
            line, col = self._at(node)
            name = ".".join(str(p) for p in loc) or "(gốc)"
            self.source.warnings.append(
                Warning_(self.source.shown, line, col, f"đã bỏ ký tự điều khiển không in được trong '{name}'")
            )
        return cleaned


class _TooBig(Exception):
    def __init__(self, node) -> None:
        self.node = node


class _TooDeep(_TooBig):
    pass


class _TooLong(_TooBig):
    pass


def parse_text(path: Path, text: str, *, allow_empty: bool = False) -> Source:

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    source = Source(path=path, data=None, lines=unicodedata.normalize("NFC", text).split("\n"))
    try:
        root = yaml.compose(text, Loader=loader)
    except yaml.YAMLError as exc:
        raise InputError([_yaml_error_problem(source.shown, exc, text)]) from None
    except RecursionError:
        raise InputError([Problem(source.shown, 1, 1, "tệp lồng nhau quá sâu; không thể đọc")]) from None
    if root is None:
        if allow_empty:
            return source
        raise InputError([Problem(source.shown, 1, 1, "tệp rỗng: chưa có nội dung YAML nào")])
    builder = _Builder(source)
    try:
        source.data = builder.build(root, ())
    except _TooLong as exc:
        line, col = builder._at(exc.node)
        raise InputError(
            [
                Problem(
                    source.shown,
                    line,
                    col,
                    f"nội dung của tệp (kể cả các bí danh * được lặp lại) dài quá {number(MAX_CHARACTERS)} ký tự; không được phép",
                )
            ]
        ) from None
    except _TooDeep as exc:
        line, col = builder._at(exc.node)
        raise InputError(
            [Problem(source.shown, line, col, f"dữ liệu lồng nhau quá {MAX_DEPTH} cấp; không được phép")]
        ) from None
    except _TooBig as exc:
        line, col = builder._at(exc.node)
        raise InputError(
            [
                Problem(
                    source.shown,
                    line,
                    col,
                    f"tệp có quá {number(MAX_NODES)} giá trị (có thể do bí danh * lồng nhau); không được phép",
                )
            ]
        ) from None
    if builder.problems:
        raise InputError(builder.problems)
    return source


# What a YAML reader will not take raw inside a double-quoted scalar (controls, DEL, C1, surrogates, U+FFFE/FFFF),
# with the characters it would take as line breaks: the complement of YAML's printable set, written as what it
# excludes (the complement's own charset takes 6 ms to compile, at every start).
_YAML_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff]")


def quote(value: str | None) -> str:
    """A one-line YAML scalar that reads back as exactly `value` (double-quoted; empty for nothing).

    JSON's escapes are YAML's; characters YAML will not carry raw (controls, DEL, C1, line and
    paragraph separators, U+FFFE/FFFF) are escaped as \\uXXXX too. The text is made one line.
    """

    if value is None or value == "":
        return ""
    lines = unicodedata.normalize("NFC", value).split("\n")  # (a pattern '\s*\n\s*' is quadratic on long runs)
    one_line = " ".join(line.strip() for line in lines) if len(lines) > 1 else lines[0].strip()
    one_line = re.sub("[\ud800-\udfff]", "", one_line)  # lone surrogates are no characters; YAML cannot escape them
    text = json.dumps(one_line, ensure_ascii=False)
    return _YAML_UNPRINTABLE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def read_user_bytes(path: Path) -> bytes:
    """A user's file: a regular file, not a link, refused unread when larger than any real one."""
    return read_bytes(Path(path))


def read_user_text(path: Path) -> str:
    return decode_user_text(Path(path), read_user_bytes(path))


def load(path: Path, *, allow_empty: bool = False) -> Source:
    """Read and parse one user file; raises InputError with located problems."""
    return parse_text(Path(path), read_user_text(path), allow_empty=allow_empty)
