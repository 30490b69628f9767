"""How text sits on the page in Times New Roman: its width, and where its lines break.

Widths are the font's own advance widths (Liberation Serif, metric-compatible with Times New Roman), in
ems; a letter with diacritics is as wide as its base letter. Used for the letterhead's lines (broken
where a clerk breaks them: before the administrative level of a place, after the kind of body), for
titles that must not end with one word alone on a line, and for the solid lines drawn under names.
"""

from __future__ import annotations

import itertools
import re
import unicodedata

MM_PER_PT = 25.4 / 72
# Advance widths in ems (units per em 2048), read from LiberationSerif-Bold.ttf and -Regular.ttf.
_BOLD = {
    **dict(zip("ABCDEFGHIJKLMNOPQRSTUVWXYZ", [0.722, 0.667, 0.722, 0.722, 0.667, 0.611, 0.778, 0.778, 0.389, 0.5, 0.778, 0.667, 0.944, 0.722, 0.778, 0.611, 0.778, 0.722, 0.556, 0.667, 0.722, 0.722, 1.0, 0.722, 0.722, 0.667], strict=True)),
    **dict(zip("abcdefghijklmnopqrstuvwxyz", [0.5, 0.556, 0.444, 0.556, 0.444, 0.333, 0.5, 0.556, 0.278, 0.333, 0.556, 0.278, 0.833, 0.556, 0.5, 0.556, 0.556, 0.444, 0.389, 0.333, 0.556, 0.5, 0.722, 0.5, 0.5, 0.444], strict=True)),
    "Đ": 0.722, "đ": 0.556, " ": 0.25, "&": 0.833, ".": 0.25, ",": 0.25, "-": 0.333, "(": 0.333, ")": 0.333, "/": 0.278,
    "_": 0.5, ":": 0.333, "“": 0.5, "”": 0.5, "\"": 0.555,
}  # fmt: skip
_REGULAR = {
    **dict(zip("ABCDEFGHIJKLMNOPQRSTUVWXYZ", [0.722, 0.667, 0.667, 0.722, 0.611, 0.556, 0.722, 0.722, 0.333, 0.389, 0.722, 0.611, 0.889, 0.722, 0.722, 0.556, 0.722, 0.667, 0.556, 0.611, 0.722, 0.722, 0.944, 0.722, 0.722, 0.611], strict=True)),
    **dict(zip("abcdefghijklmnopqrstuvwxyz", [0.444, 0.5, 0.444, 0.5, 0.444, 0.333, 0.5, 0.5, 0.278, 0.278, 0.5, 0.278, 0.778, 0.5, 0.5, 0.5, 0.5, 0.333, 0.389, 0.278, 0.5, 0.5, 0.722, 0.5, 0.5, 0.444], strict=True)),
    "Đ": 0.722, "đ": 0.5, " ": 0.25, "&": 0.778, ".": 0.25, ",": 0.25, "-": 0.333, "(": 0.333, ")": 0.333, "/": 0.278,
    "_": 0.5, ":": 0.278, "“": 0.444, "”": 0.444, "\"": 0.408,
}  # fmt: skip
for _table in (_BOLD, _REGULAR):
    _table.update(dict.fromkeys("0123456789", 0.5))
    _table["\u00a0"] = _table[" "]


def width_mm(text: str, size_pt: float, *, bold: bool = False) -> float:
    """The printed width of one line of `text`."""
    table = _BOLD if bold else _REGULAR
    ems = 0.0
    for char in unicodedata.normalize("NFC", text):
        width = table.get(char)
        if width is None:
            base = unicodedata.normalize("NFD", char)[0]
            width = table.get(base, 0.5)
        ems += width
    return ems * size_pt * MM_PER_PT


class _Widths:
    """The width of any run of words (words[a:b] joined by single spaces) in constant time, from the widths of
    the words: choosing where a name or a title breaks costs no more than its length, whatever it holds."""

    def __init__(self, words: list[str], size_pt: float, bold: bool) -> None:
        self.space = width_mm(" ", size_pt, bold=bold)
        self.ends = [0.0]
        for word in words:
            self.ends.append(self.ends[-1] + width_mm(word, size_pt, bold=bold))

    def __call__(self, a: int, b: int) -> float:
        return self.ends[b] - self.ends[a] + self.space * max(b - a - 1, 0)


def rule(text_mm: float, *, fraction: float, size_pt: float = 13) -> str:
    """A solid line of underscores `fraction` of `text_mm` long (NĐ 30: 1/3 to 1/2 of the name above it)."""
    underscore = 0.5 * size_pt * MM_PER_PT
    return "_" * max(6, round(text_mm * fraction / underscore))


# Where a letterhead's name breaks, as clerks break it: before the administrative level of a place (never
# inside the place's name), after the kind of body.
ADMIN_LEVELS = ("THÀNH PHỐ", "THỊ XÃ", "THỊ TRẤN", "ĐẶC KHU", "TỈNH", "HUYỆN", "QUẬN", "XÃ", "PHƯỜNG")
BODY_KINDS = (
    "TRƯỜNG TRUNG HỌC PHỔ THÔNG",
    "TRƯỜNG TRUNG HỌC CƠ SỞ",
    "TRƯỜNG TIỂU HỌC VÀ TRUNG HỌC CƠ SỞ",
    "TRƯỜNG PHỔ THÔNG DÂN TỘC BÁN TRÚ",
    "TRƯỜNG PHỔ THÔNG DÂN TỘC NỘI TRÚ",
    "TRƯỜNG TIỂU HỌC",
    "TRƯỜNG MẦM NON",
    "TRƯỜNG MẪU GIÁO",
    "TRƯỜNG THPT",
    "TRƯỜNG THCS",
    "TRƯỜNG TH",
    "TRƯỜNG MN",
    "TRƯỜNG MG",
    "ỦY BAN NHÂN DÂN",
    "UỶ BAN NHÂN DÂN",
    "HỘI ĐỒNG NHÂN DÂN",
    "ỦY BAN MẶT TRẬN TỔ QUỐC VIỆT NAM",
    "SỞ GIÁO DỤC VÀ ĐÀO TẠO",
    "PHÒNG GIÁO DỤC VÀ ĐÀO TẠO",
    "BAN DÂN VẬN",
    "BAN TUYÊN GIÁO VÀ DÂN VẬN",
    "ĐẢNG ỦY",
    "ĐẢNG UỶ",
    "ĐẢNG BỘ",
    "CHI BỘ",
)
# Bodies whose letterhead always puts the place on a line of its own, fitting or not ("ỦY BAN NHÂN DÂN / XÃ …").
ALWAYS_BROKEN = ("ỦY BAN NHÂN DÂN", "UỶ BAN NHÂN DÂN", "HỘI ĐỒNG NHÂN DÂN")
# The name of a school's level is never parted by a line break ("TRUNG HỌC PHỔ / THÔNG"). Where the whole level
# cannot stand on a line, the managing body's name may use its standard abbreviation: the decree lets that name
# shorten common phrases (PL I §II.2.a); the issuing body's name is its full, official one, so it keeps the level
# whole on a line of its own instead.
SCHOOL_LEVELS = {
    "TRUNG HỌC PHỔ THÔNG": "THPT",
    "TRUNG HỌC CƠ SỞ": "THCS",
    "PHỔ THÔNG DÂN TỘC NỘI TRÚ": "PTDTNT",
    "PHỔ THÔNG DÂN TỘC BÁN TRÚ": "PTDTBT",
    "GIÁO DỤC THƯỜNG XUYÊN": "GDTX",
    "TIỂU HỌC": None,
    "MẦM NON": None,
    "MẪU GIÁO": None,
    "NHÀ TRẺ": None,
}


def _phrase_starts(upper: list[str], phrase: str) -> list[int]:
    """Where the words of `phrase` stand one after another among `upper` (the words in capitals)."""
    parts = phrase.split()
    k = len(parts)
    return [i for i, word in enumerate(upper) if word == parts[0] and upper[i : i + k] == parts]


def _capitals(words: list[str]) -> list[str]:
    return [w.upper().strip(",;:.()") for w in words]


def _inside_levels(words: list[str]) -> set[int]:
    """Break positions that would part the words of a school's level."""
    upper = _capitals(words)
    inside: set[int] = set()
    for level in SCHOOL_LEVELS:
        for i in _phrase_starts(upper, level):
            inside.update(range(i + 1, i + len(level.split())))
    return inside


def _level_starts(words: list[str]) -> set[int]:
    upper = _capitals(words)
    return {i for level in SCHOOL_LEVELS for i in _phrase_starts(upper, level)}


def _candidates(words: list[str]) -> set[int]:
    """Word positions a line may start at: an administrative level, or just after the kind of body."""
    upper = _capitals(words)
    starts = set()
    for level in ADMIN_LEVELS:
        starts.update(_phrase_starts(upper, level))
    for kind in BODY_KINDS:
        for i in _phrase_starts(upper, kind):
            starts.update({i, i + len(kind.split())})
    return {s for s in starts if 0 < s < len(words)} - _inside_levels(words)


_NARROWEST_EM = min(min(_BOLD.values()), min(_REGULAR.values()))


def _longer_than(text: str, lines: int, max_mm: float, size_pt: float) -> bool:
    """Whether `text` cannot fit in `lines` lines whatever its letters, told from its length alone: a text far too
    long for any layout is not measured word by word (a name or a title from anyone may be a megabyte long)."""
    return len(text) * _NARROWEST_EM * size_pt * MM_PER_PT > lines * (max_mm + 1)


def natural_lines(name: str, max_mm: float, size_pt: float, *, bold: bool, abbreviate: bool = False) -> list[str]:
    """A letterhead name in lines: one line when it fits (and is not of a body always broken), else broken
    at natural places into lines that fit, each of at least two words, as balanced as can be; never inside a
    school's level. `abbreviate` (the managing body's name) lets a level that cannot stand whole on a line take
    its standard abbreviation (THPT, THCS)."""
    words = name.split()
    if not words or _longer_than(name, 5, max_mm, size_pt):
        return [" ".join(words)]
    tries = [words]
    if abbreviate:
        short = _abbreviated(words)
        if short != words:
            tries.append(short)
    for attempt in tries:
        found = _natural_split(attempt, max_mm, size_pt, bold=bold, lonely_ok=False) or _balanced(
            attempt, _Widths(attempt, size_pt, bold), max_mm, set()
        )
        if found is not None:
            return [" ".join(line) for line in found]
    # The kind of body alone on a line ('TRƯỜNG' / 'TRUNG HỌC PHỔ THÔNG' / 'NGUYỄN ĐÌNH CHIỂU') rather than a level
    # parted; failing that, one line, which the program that prints it wraps as it can.
    found = _natural_split(words, max_mm, size_pt, bold=bold, lonely_ok=True)
    return [" ".join(line) for line in found] if found else [" ".join(words)]


def _abbreviated(words: list[str]) -> list[str]:
    """The name with each school level that has a standard abbreviation written short."""
    out = list(words)
    for level, short in SCHOOL_LEVELS.items():
        if short is None:
            continue
        for i in reversed(_phrase_starts(out, level)):
            out[i : i + len(level.split())] = [short]
    return out


def _natural_split(
    words: list[str], max_mm: float, size_pt: float, *, bold: bool, lonely_ok: bool
) -> list[list[str]] | None:
    """The best choice of natural breaks (one or two; three where a lone word is allowed) whose lines all fit,
    each of at least two words unless `lonely_ok`; None when there is none."""
    width = _Widths(words, size_pt, bold)
    n = len(words)
    most = 3 if lonely_ok else 2
    always = any(words[: len(kind.split())] == kind.split() and n > len(kind.split()) for kind in ALWAYS_BROKEN)
    if width(0, n) > (most + 1) * max_mm + most * width.space:
        return None  # no choice of natural breaks can make it fit
    starts = sorted(_candidates(words) | (_level_starts(words) - {0} if lonely_ok else set()))
    if width(0, n) <= max_mm and not (always and starts):
        return [words]
    # a break just after a body's kind that does not open the name would part the kind from its place
    upper = _capitals(words)
    parting = set()
    for kind in BODY_KINDS:
        found = _phrase_starts(upper, kind)
        if found and found[0] > 0:
            parting.add(found[0] + len(kind.split()))
    best: list[list[str]] | None = None
    best_score = None
    for count in range(1, most + 1):
        for breaks in itertools.combinations(starts, count):
            edges = [0, *breaks, n]
            spans = list(itertools.pairwise(edges))
            widths = [width(a, b) for a, b in spans]
            lonely = sum(b - a < 2 for a, b in spans)
            overflow = sum(w > max_mm for w in widths)
            parted = sum(b in parting for b in breaks)
            score = (overflow, lonely, len(spans), parted, max(widths) - min(widths))
            if best_score is None or score < best_score:
                best, best_score = [words[a:b] for a, b in spans], score
    if best is None or best_score is None or best_score[0] or (best_score[1] and not lonely_ok):
        return None
    return best


# Words a phrase of a title opens with: a line may start there without parting the syllables of one word
# ("công tác dân | vận" is what a blind balance does).
PHRASE_OPENERS = {
    "năm", "về", "của", "và", "trong", "tại", "theo", "đối", "giai", "giữa", "cho", "từ", "đến", "nhằm", "gắn",
    "quý", "tháng", "học", "đợt", "thời", "trên", "với", "sau", "trước", "khi",
}  # fmt: skip


# Words that a number completes ("ngày 14", "tháng 11", "năm 2022", "số 05", "khóa XII"): no line starts at
# the number, and a date "ngày 14 tháng 11 năm 2022" is never parted.
_BOUND_TO_NUMBER = {"ngày", "tháng", "năm", "số", "khóa", "lần", "quý", "kỳ"}


def phrase_breaks(words: list[str]) -> set[int]:
    """Positions a title's line may start at: before a phrase's opening word or a figure, after a comma; never
    inside a date or between a word and the number it takes."""
    out = set()
    for i in range(1, len(words)):
        before, word = words[i - 1].lower(), words[i].lower()
        if word[:1].isdigit() and before in _BOUND_TO_NUMBER:
            continue  # 'năm / 2022', 'số / 05'
        if word in ("tháng", "năm") and before[:1].isdigit() and i >= 2 and words[i - 2].lower() in ("ngày", "tháng"):
            continue  # 'ngày 14 / tháng 11', 'tháng 11 / năm 2022'
        opener = word in PHRASE_OPENERS or word[:1].isdigit()
        if opener or before.endswith((",", ";", ":")):
            out.add(i)
    return out


# A title longer than this many words is filled line by line: none is written, and choosing its breaks by trying
# every way would cost far more than its length.
_MOST_WORDS_BALANCED = 60


def balanced_lines(
    text: str, max_mm: float, size_pt: float, *, bold: bool, prefer: set[int] | None = None
) -> list[str]:
    """`text` in as few lines as fit `max_mm`, broken where a phrase begins when that can be done, the lines as
    even as can be and none (the last above all) holding one word alone: a title never ends '… / 2022'. `prefer`:
    more places a line may start at (word positions), where the caller knows its phrases."""
    # parted at plain spaces only: the no-break blank a draft leaves for its number ('số      /VHXH') stays whole
    words = [w for w in re.split(r"[ \t\n]+", text) if w]
    if _longer_than(text, 5, max_mm, size_pt):
        return [" ".join(words)]
    width = _Widths(words, size_pt, bold)
    if len(words) < 4 or width(0, len(words)) <= max_mm:
        return [" ".join(words)] if words else []
    found = _balanced(words, width, max_mm, prefer or set())
    return [" ".join(line) for line in found] if found else [" ".join(words)]


def _balanced(words: list[str], width: _Widths, max_mm: float, prefer: set[int]) -> list[list[str]] | None:
    """Two to five balanced lines that fit, never parting a school's level; None when none fits."""
    n = len(words)
    if n < 4 or width(0, n) > 5 * max_mm + 4 * width.space:
        return None  # five lines of at least two words cannot hold it
    keep = _inside_levels(words)
    if n > _MOST_WORDS_BALANCED:
        return _filled(words, width, max_mm, keep)
    for allowed in ((phrase_breaks(words) | prefer) - keep, set(range(1, n)) - keep):
        for lines in range(2, 6):
            best = _best_split(n, width, lines, max_mm, allowed)
            if best is not None:
                return [words[a:b] for a, b in best]
    return None


def _filled(words: list[str], width: _Widths, max_mm: float, keep: set[int]) -> list[list[str]] | None:
    """Lines filled one after another, as a word processor fills them; None when a word alone does not fit."""
    lines: list[list[str]] = []
    start = 0
    while start < len(words):
        end = start + 1
        while end < len(words) and width(start, end + 1) <= max_mm:
            end += 1
        while end in keep and end - 1 > start:
            end -= 1
        if width(start, end) > max_mm:
            return None
        lines.append(words[start:end])
        start = end
    if len(lines) > 1 and len(lines[-1]) < 2:
        lines[-2], lines[-1] = lines[-2][:-1], [lines[-2][-1], *lines[-1]]
    return lines


def _best_split(n: int, width: _Widths, lines: int, max_mm: float, allowed: set[int]):
    """The split of n words into `lines` lines of at least two words each that fit, with the smallest
    spread between the longest and the shortest line; None when none fits."""
    best = None
    best_spread = None

    def walk(start: int, left: int, acc: list[tuple[int, int]]):
        nonlocal best, best_spread
        if left == 1:
            if n - start >= 2 and width(start, n) <= max_mm:
                split = [*acc, (start, n)]
                spans = [width(a, b) for a, b in split]
                spread = max(spans) - min(spans)
                if best_spread is None or spread < best_spread:
                    best, best_spread = split, spread
            return
        for end in range(start + 2, n - 2 * (left - 1) + 1):
            if width(start, end) > max_mm:
                break  # longer lines from here do not fit either
            if end in allowed:
                walk(end, left - 1, [*acc, (start, end)])

    walk(0, lines, [])
    return best
