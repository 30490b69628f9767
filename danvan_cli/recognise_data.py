"""What a recognised Kế hoạch's parts carry: names in capitals written as its text writes them, the reporting
schedule from its words, task ids from the words of each task's title, the plan's year."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from danvan_cli import vnformat as vn
from danvan_cli.context import letterhead_lines, title_lines
from danvan_cli.recognise_parts import Node, Recognised, _key, squash
from danvan_cli.word_numbering import whole_number


def recase(printed: str, corpus: str) -> str | None:
    """A name printed in capitals as the running text writes it ('TRƯỜNG MẦM NON HÙNG AN' → 'Trường Mầm non
    Hùng An'), or None where the text never names it."""
    target = vn.upper(squash(printed))
    flat = squash(corpus)
    upper = vn.upper(flat)
    if len(upper) != len(flat) or not target:
        return None
    at = upper.find(target)
    while at >= 0:
        before = at == 0 or not upper[at - 1].isalnum()
        after = at + len(target) == len(upper) or not upper[at + len(target)].isalnum()
        if before and after:
            return flat[at : at + len(target)]
        at = upper.find(target, at + 1)
    return None


# Titles of signers as the decree writes them in running text (the first letter of each office capitalised).
_TITLES = {
    _key(t): t
    for t in (
        "Hiệu trưởng",
        "Phó Hiệu trưởng",
        "Chủ tịch",
        "Phó Chủ tịch",
        "Giám đốc",
        "Phó Giám đốc",
        "Trưởng phòng",
        "Phó Trưởng phòng",
        "Bí thư",
        "Phó Bí thư",
        "Chánh Văn phòng",
        "Phó Chánh Văn phòng",
        "Trưởng ban",
        "Phó Trưởng ban",
        "Chi cục trưởng",
        "Cục trưởng",
        "Chánh Thanh tra",
        "Thủ trưởng",
    )
}


def as_written(printed: str, corpus: str) -> tuple[str, bool]:
    """A capitalised line as it is written in running text, or as printed; True when it was found."""
    found = recase(printed, corpus)
    if found is not None:
        return found, True
    if _key(printed) in _TITLES:
        return _TITLES[_key(printed)], True
    return printed, False


def name_value(lines: list[str], corpus: str, *, the_thuc: str, bold: bool) -> tuple[str | list[str], bool]:
    """A letterhead name: one text where danvan breaks it into the same lines, else the lines as printed."""

    joined = " ".join(lines)
    written, known = as_written(joined, corpus)
    if letterhead_lines(written, the_thuc, bold=bold) == [vn.upper(x) for x in lines] or len(lines) == 1:
        return written, known  # (a one-line name danvan would break is broken as danvan breaks it)
    if known:  # the lines as printed, each as the running text writes it
        words = written.split()
        out = []
        for line in lines:
            count = len(line.split())
            out.append(" ".join(words[:count]))
            words = words[count:]
        return out, True
    return list(lines), False


def title_value(lines: list[str]) -> str | list[str]:

    joined = " ".join(lines)
    if title_lines(joined)["trich_yeu_dong"] == lines:
        return joined
    return list(lines)


_PERIOD_WORDS = [
    (re.compile(r"\b(?:quý|QUÝ)\s+(I{1,3}|IV|[1-4])\b"), "q"),
    (re.compile(r"\b9\s*tháng\b"), "9m"),
    (re.compile(r"\b(?:6\s*tháng|sáu\s+tháng|sơ\s+kết)\b", re.I), "6m"),
    (re.compile(r"\b(?:một\s+năm|cả\s+năm|hằng\s+năm|hàng\s+năm|tổng\s+kết|năm)\b", re.I), "year"),
]


_DUE = re.compile(
    r"(?:trước|chậm\s+nhất|hạn)\s+(?:ngày\s+)?(?P<d>[0-9]{1,2})\s*/\s*(?P<m>[0-9]{1,2})(?:\s*/\s*(?P<y>[0-9]{4}))?",
    re.I,
)


_ANY_DATE = re.compile(r"(?<![0-9/])[0-9]{1,2}\s*/\s*[0-9]{1,2}(?:\s*/\s*[0-9]{4})?(?![0-9/])")


def reporting_schedule(texts: list[str], year: int) -> list[dict]:
    """The reporting regime where the plan writes it as a sentence ('Định kỳ 6 tháng (trước ngày 15/5/2022), một
    năm (trước ngày 15/11/2022) … báo cáo …'): each due date with the period named just before it. Nothing is
    returned unless every date found reads one way."""
    found: dict[str, dt.date] = {}
    for text in texts:
        if "báo cáo" not in text.lower():
            continue
        dues = len(_DUE.findall(text))
        if dues and dues != len(_ANY_DATE.findall(text)):
            return []  # a date no period word leads to ('… 20/6 và 20/12'): not read one way
        last = 0
        for due in _DUE.finditer(text):
            before = text[last : due.start()]
            last = due.end()
            kinds = []
            for pattern, kind in _PERIOD_WORDS:
                for m in pattern.finditer(before):
                    if kind == "q":
                        quarter = {"I": 1, "II": 2, "III": 3, "IV": 4}.get(m.group(1), whole_number(m.group(1)))
                        kinds.append((m.start(), f"q{quarter}"))
                    else:
                        kinds.append((m.start(), kind))
            first_other = min((at for at, kind in kinds if kind != "year"), default=None)
            kinds = [k for k in kinds if not (k[1] == "year" and first_other is not None and first_other < k[0])]
            named = {k for _, k in kinds}
            if len(named) != 1:
                return []
            period = named.pop()
            try:
                date = dt.date(
                    whole_number(due.group("y"), year), whole_number(due.group("m")), whole_number(due.group("d"))
                )
            except ValueError:
                return []
            if period in found and found[period] != date:
                return []
            found[period] = date
    order = ["q1", "6m", "q2", "9m", "q3", "year", "q4"]
    return [{"ky": k, "han_nop": found[k].isoformat()} for k in sorted(found, key=order.index)]


# Opening words a task id leaves out: the common verbs and nouns in pairs ('thực hiện', 'công tác'), and a few
# words alone; 'công' alone stays ('công khai …' → cong-khai-…).
_LEADING_PAIRS = {"thuc hien", "trien khai", "to chuc", "tiep tuc", "day manh", "tang cuong", "cong tac", "nha truong"}


_LEADING = {"va", "cac", "viec"}


# Words that carry no meaning of a task's own, left out wherever they stand (told apart with their diacritics:
# 'có' goes, 'cơ' of 'cơ sở' stays).
_FUNCTION_WORDS = {
    "ở", "của", "và", "các", "những", "cho", "với", "về", "trong", "tại", "để", "được", "là", "đến", "trên",
    "dưới", "sự", "việc", "cuộc", "này", "đó", "nhằm", "hoặc", "vào", "thì", "mà", "như", "có", "bị", "mỗi",
}  # fmt: skip


_NOISE_PAIRS = {("đối", "với"), ("công", "tác")}  # 'công tác dân vận' → dan-van; 'công khai', 'đối thoại' stay


_ID_SYLLABLES = 4  # two words of two syllables, as most Vietnamese words are: 'cai-cach-hanh-chinh'


_ID_LENGTH = 34


def task_id(text: str, taken: set[str], counters: dict[str, int] | None = None) -> str:
    """A stable id from the words of the task's name that carry its meaning ('Thực hiện dân chủ ở cơ sở' →
    dan-chu-co-so, 'Cải cách hành chính, …' → cai-cach-hanh-chinh): the common opening verbs and the little words
    left out, four syllables kept whole; unique within the plan (-2, -3 …)."""
    syllables = re.findall(r"[^\W_]+", vn.nfc(text).lower())
    folded = [re.sub(r"[^a-z0-9]", "", vn.fold_diacritics(w)) for w in syllables]
    start = 0
    while start < len(folded) - 2:
        if " ".join(folded[start : start + 2]) in _LEADING_PAIRS and start < len(folded) - 3:
            start += 2
        elif folded[start] in _LEADING:
            start += 1
        else:
            break
    kept: list[str] = []
    for i in range(start, len(syllables)):
        word, after = syllables[i], syllables[i + 1] if i + 1 < len(syllables) else ""
        before = syllables[i - 1] if i else ""
        pair = (word, after) in _NOISE_PAIRS or (before, word) in _NOISE_PAIRS
        if word in _FUNCTION_WORDS or pair:
            continue
        if folded[i]:
            kept.append(folded[i])
        if len(kept) == _ID_SYLLABLES:
            break
    while len("-".join(kept)) > _ID_LENGTH and len(kept) > 1:
        kept.pop()
    base = "-".join(kept)[:_ID_LENGTH].strip("-") or "nhiem-vu"
    counters = {} if counters is None else counters  # where the numbering of each id went on from
    candidate, n = base, counters.get(base, 2)
    while candidate in taken:
        candidate = f"{base}-{n}"
        n += 1
    counters[base] = n
    taken.add(candidate)
    return candidate


@dataclass(frozen=True)
class KnownTask:
    """A task id already given: in the plan an import replaces, or written by danvan into the Word file it made;
    with the title the document prints for it and its section's heading, by which import keeps it."""

    ma: str
    title: str
    section: str = ""


TITLE_KEY_LENGTH = 200  # as much of a title as danvan writes into a document's properties


def title_key(text: str) -> str:
    """A task's title as compared when its id is kept: one space between words, no case, no closing stop."""
    return " ".join(vn.nfc(text).split())[:TITLE_KEY_LENGTH].casefold().rstrip(" .;:,")


def _item_title(item: Node) -> str:
    return item.tieu_de or (item.noi_dung[0] if item.noi_dung else "")


_TASK_SECTIONS = re.compile(r"NHIEM VU|GIAI PHAP|NOI DUNG")


_NOT_TASKS = re.compile(r"MUC DICH|YEU CAU|CAN CU|KINH PHI")


def mark_tasks(found: Recognised, known: tuple[list[KnownTask], ...] = ()) -> list[tuple[str, str, bool]]:
    """Tasks are the items 1., 2. … of the sections that set out the work (NHIỆM VỤ, GIẢI PHÁP, NỘI DUNG), or,
    where none is named so, of every section but the purpose. A task whose title is that of a known task keeps its
    id (`known`: lists in order of precedence, the plan replaced first; the same section preferred); any other gets
    a new one, never one already given. Returns (id, title, kept) for each task."""
    sections = [s for part in found.parts for s in part.children] if found.parts else found.sections
    chosen = [s for s in sections if _TASK_SECTIONS.search(_key(s.tieu_de or ""))]
    if not chosen:
        chosen = [s for s in sections if not _NOT_TASKS.search(_key(s.tieu_de or ""))] or sections
    items = [(section, item) for section in chosen for item in section.children]
    given: dict[int, str] = {}
    used: set[str] = set()
    for source in known:
        by_title: dict[str, list[KnownTask]] = {}
        for task in source:
            by_title.setdefault(title_key(task.title), []).append(task)
        for same_section in (True, False):
            for i, (section, item) in enumerate(items):
                if i in given:
                    continue
                for task in by_title.get(title_key(_item_title(item)), []):
                    if task.ma in used or (same_section and _key(task.section) != _key(section.tieu_de or "")):
                        continue
                    given[i] = task.ma
                    used.add(task.ma)
                    break
    taken = {task.ma for source in known for task in source}  # an id once given is never given to another task
    counters: dict[str, int] = {}
    out = []
    for i, (_, item) in enumerate(items):
        item.ma = given.get(i) or task_id(_item_title(item), taken, counters)
        out.append((item.ma, _item_title(item), i in given))
    return out


def year_of(found: Recognised) -> int:
    years = re.findall(r"\bnăm\s+([0-9]{4})\b", " ".join(found.trich_yeu), re.I)
    if years:
        return int(years[-1])
    return found.ngay.year if found.ngay else dt.date.today().year
