"""A report's narrative file (reports/<kỳ>.yaml) as `danvan report` completes it: every part danvan drafted as
editable text, marked as its draft, and a question for every part only the unit can write.

The file is the clerk's. danvan never changes a line the clerk wrote: it appends the parts the file does not
have yet, and drafts again in place only a part that still holds danvan's draft exactly as danvan wrote it (the
mark after its key, a hash of its text, still matches). A part the clerk changed is the clerk's from then on.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from danvan_cli import vnformat as vn
from danvan_cli.files import write_atomic
from danvan_cli.models import Narrative
from danvan_cli.report_drafts import Question
from danvan_cli.validation import validate
from danvan_cli.yamlsource import parse_text
from danvan_cli.yamlwriter import text_lines

MARK = "bản nháp danvan"
_MARKED = re.compile(r"^(?P<key>[a-z_]+):.*#\s*" + MARK + r" (?P<hash>[0-9a-f]{8})\s*$")
_TOP_KEY = re.compile(r"^(?P<key>[a-z_]+):")
QUESTION = "HỎI:"


def fingerprint(paragraphs: Iterable[str]) -> str:
    """What a draft's mark holds: its text, hashed (spacing aside), so that any change by the clerk shows."""
    text = "\n".join(vn.collapse_whitespace(vn.nfc(p)) for p in paragraphs)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:8]


def untouched_drafts(text: str, narrative: Narrative) -> frozenset[str]:
    """The parts of the file that still hold danvan's draft as danvan wrote it: danvan's to draft again."""
    marks = {m["key"]: m["hash"] for line in text.splitlines() if (m := _MARKED.match(line))}
    return frozenset(
        part
        for part, mark in marks.items()
        if getattr(narrative, part, None) and fingerprint(getattr(narrative, part)) == mark
    )


def top_keys(text: str) -> list[str]:
    return [m["key"] for line in text.splitlines() if (m := _TOP_KEY.match(line))]


def draft_block(part: str, label: str, paragraphs: list[str]) -> list[str]:
    lines = [f"# {label}: bản nháp danvan viết từ dữ liệu; sửa tùy ý (đã sửa là lời của đơn vị, danvan giữ nguyên)."]
    lines.append(f"{part}:  # {MARK} {fingerprint(paragraphs)}")
    for p in paragraphs:
        lines += text_lines("-", 2, p)
    return lines


def question_block(q: Question) -> list[str]:
    need = "cần trả lời trước khi ban hành" if q.required else "bỏ trống nếu không có"
    return [
        f"# {QUESTION} {q.text} ({need})",
        "# Viết câu trả lời thay cho [], mỗi ý một dòng bắt đầu bằng '- ', hoặc chạy danvan report … --hoi.",
        f"{q.part}: []",
    ]


def answer_block(part: str, paragraphs: list[str]) -> list[str]:
    lines = [f"{part}:"]
    for p in paragraphs:
        lines += text_lines("-", 2, p)
    return lines


def _block_end(lines: list[str], start: int) -> int:
    """The line after the block of the top-level key at `start`: the next key, or the comment lines just above
    it (they belong to that key), or the end of the file."""
    end = start + 1
    while end < len(lines) and not _TOP_KEY.match(lines[end]):
        end += 1
    while end > start + 1 and lines[end - 1].startswith("#") and end < len(lines):
        end -= 1
    while end > start + 1 and not lines[end - 1].strip():
        end -= 1
    return end


def _replace(lines: list[str], part: str, new: list[str]) -> list[str]:
    start = next(i for i, line in enumerate(lines) if (m := _TOP_KEY.match(line)) and m["key"] == part)
    return lines[:start] + new + lines[_block_end(lines, start) :]


HEADER = """\
# Phần lời Báo cáo {title} của {unit}.
# danvan đã viết sẵn bản nháp những phần dựng được từ dữ liệu (dấu "# {mark} …" sau tên phần): đọc và sửa tùy ý;
# phần đã sửa là lời của đơn vị, danvan giữ nguyên; phần còn nguyên bản nháp được viết lại theo nhật ký tiến độ
# mỗi lần làm báo cáo. Dòng "# {question}" là điều chỉ đơn vị biết: viết câu trả lời thay cho [], hoặc chạy
# danvan report --period {period} --hoi để trả lời từng câu.

# Số văn bản của báo cáo; bỏ trống khi còn là dự thảo.
so:
# Ngày ban hành báo cáo (ngày/tháng/năm); bỏ trống thì lấy ngày làm báo cáo.
ngay:
"""


@dataclass
class Completion:
    text: str | None  # the file's new text, None when nothing changes
    drafted: list[str]  # parts (re)drafted in the file
    asked: list[str]  # questions added


def completed(
    existing: str | None,
    *,
    order: Iterable[str],
    labels: dict[str, str],
    drafts: dict[str, list[str]],
    asked: list[Question],
    untouched: frozenset[str],
    header: dict[str, str],
) -> Completion:
    """The narrative file with every drafted part and every question the report has: appended where the file
    does not have the part, drafted again where it holds danvan's untouched draft, the clerk's lines kept."""
    text = existing if existing is not None else HEADER.format(mark=MARK, question=QUESTION, **header)
    lines = text.splitlines()
    present = set(top_keys(text))
    by_part = {q.part: q for q in asked}
    drafted: list[str] = []
    added: list[str] = []
    for part in order:
        if part in untouched:
            new = draft_block(part, labels[part], drafts[part])[1:] if drafts.get(part) else None
            if new is not None and new != lines[_index(lines, part) : _index(lines, part) + len(new)]:
                lines = _replace(lines, part, new)
                drafted.append(part)
            continue
        if part in present:
            continue
        if drafts.get(part):
            lines += ["", *draft_block(part, labels[part], drafts[part])]
            drafted.append(part)
        elif part in by_part:
            lines += ["", *question_block(by_part[part])]
            added.append(part)
    new_text = "\n".join(lines) + "\n"
    return Completion(new_text if new_text != existing else None, drafted, added)


def _index(lines: list[str], part: str) -> int:
    return next(i for i, line in enumerate(lines) if (m := _TOP_KEY.match(line)) and m["key"] == part)


def answered(text: str, part: str, paragraphs: list[str]) -> str:
    """The file with the clerk's answer to `part`'s question in place of its [] (or its old text)."""
    lines = text.splitlines()
    new = answer_block(part, paragraphs)
    lines = _replace(lines, part, new) if part in top_keys(text) else [*lines, "", *new]
    return "\n".join(lines) + "\n"


def write(path: Path, text: str, root: Path, *, crlf: bool = False, bom: bool = False) -> None:
    """The narrative's new text, in the file's own line endings (and BOM), written only where it reads back: a
    file that would not parse is a bug, never written over the clerk's."""

    validate(parse_text(path, text, allow_empty=True), Narrative)
    data = (text.replace("\n", "\r\n") if crlf else text).encode("utf-8")
    write_atomic(path, (b"\xef\xbb\xbf" if bom else b"") + data, root=root)
