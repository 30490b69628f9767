"""`new-plan --from`: last year's plan carried into the next, its own dates moved to the new year wherever they are
written, the dates of documents it cites left as written and named by line."""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from pathlib import Path

from danvan_cli.errors import (
    InputError,
    Problem,
)
from danvan_cli.loading import check_plan
from danvan_cli.models import Plan
from danvan_cli.validation import validate
from danvan_cli.vnformat import (
    parse_date,
    rewrite_date,
    written_dates,
)
from danvan_cli.workspace import PLAN_FILE
from danvan_cli.yamlsource import parse_text
from danvan_cli.yamlwriter import replace_key

_ISO_DATE = re.compile(r"(?<![\d-])(\d{4})-(\d{2})-(\d{2})(?![\d-])")


def carry_over_text(
    text: str, from_year: int, to_year: int, *, so: int | None, ngay: dt.date | None
) -> tuple[str, int, list[int]]:
    """Last year's plan text moved to `to_year`: ISO dates shifted, the plan's own dates (its report deadlines and
    windows, its tasks' deadlines) moved wherever the text writes them, "năm <year>" in
    running text moved on, the number cleared (a new plan starts as a draft), comments and order kept.

    Other dates and mentions of the old year (most often those of documents cited, "ngày 28/01/2022") are
    left as written, since moving them would cite documents that do not exist; their lines are returned
    for the clerk to read (and `validate` names them until they are changed or marked as meant). Returns the
    text, how many places of running text were moved (the plan's own dates and "năm <year>"), and those lines."""

    delta = to_year - from_year

    def moved(day: dt.date) -> dt.date:
        y = day.year + delta
        return day.replace(year=y, day=28) if (day.month, day.day) == (2, 29) and not _leap(y) else day.replace(year=y)

    owned = _own_dates(text)
    year_mention = re.compile(rf"\b(năm|NĂM)(\s+){from_year}(?!\d)")
    count = 0

    def between(part: str) -> str:
        """Running text between dates: "năm <year>" moved on (inside a date, 'năm 2022' is that date's)."""
        nonlocal count
        part, n = year_mention.subn(rf"\g<1>\g<2>{to_year}", part)
        count += n
        return part

    pieces, at = [], 0
    for start, end, day in written_dates(text):
        pieces.append(between(text[at:start]))
        if day in owned:
            pieces.append(rewrite_date(text[start:end], moved(day)))
            count += 1
        else:
            pieces.append(text[start:end])
        at = end
    text = "".join(pieces) + between(text[at:])
    text = _ISO_DATE.sub(lambda m: moved(dt.date.fromisoformat(m.group(0))).isoformat() if _real(m) else m[0], text)
    text = replace_key(text, "so", so or None)
    if ngay is not None:
        text = replace_key(text, "ngay", ngay)
    left = [i for i, line in enumerate(text.splitlines(), start=1) if re.search(rf"(?<!\d){from_year}(?!\d)", line)]
    return text, count, left


def _real(m: re.Match) -> bool:
    try:
        dt.date.fromisoformat(m.group(0))
    except ValueError:
        return False
    return True


# The keys under which a plan writes a date its words may repeat: its tasks' and reports' deadlines and windows (its
# own issue date is no deadline its words speak of, and a document it cites may well share it).
_OWN_DATE_KEYS = {"han", "han_nop", "tu_ngay", "den_ngay"}


def _own_dates(text: str) -> set[dt.date]:
    """The dates the plan itself sets (not those of documents it cites); none where the text does not read."""

    try:
        data = parse_text(Path(PLAN_FILE), text).data
    except InputError:
        return set()  # problems are said at the old plan's file when the new text is checked
    found: set[dt.date] = set()
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            for key, value in item.items():
                if key in _OWN_DATE_KEYS and isinstance(value, str):
                    with contextlib.suppress(ValueError):
                        found.add(parse_date(value))
                stack.append(value)
        elif isinstance(item, list):
            stack.extend(item)
    return found


def _leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def _check_plan_text(path: Path, text: str, year: int, carried_from: Path | None) -> None:
    """The new plan's text checked before it is written. Problems of a plan carried over from last year are
    shown at last year's file (its lines are the same), since the new one is not written."""

    source = parse_text(carried_from or path, text)
    try:
        plan = validate(source, Plan)
        problems = check_plan(plan, source, year)
    except InputError as exc:
        problems = exc.problems
    if carried_from is not None:
        problems = [
            Problem(p.path, p.line, p.col, f"{p.message} (khi chuyển sang năm {year}; chưa ghi kế hoạch mới)")
            for p in problems
        ]
    if problems:
        raise InputError(problems)
