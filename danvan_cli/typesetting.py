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


def _candidates(words: list[str]) -> set[int]:
    """Word positions a line may start at: an administrative level, or just after the kind of body."""
    text = " ".join(words)
    starts = set()
    for level in ADMIN_LEVELS:
        for found in re.finditer(rf"(?<!\S){re.escape(level)}(?!\S)", text):
            starts.add(len(text[: found.start()].split()))
    for kind in BODY_KINDS:
        for found in re.finditer(rf"(?<!\S){re.escape(kind)}(?!\S)", text):
            before = len(text[: found.start()].split())
            starts.update({before, before + len(kind.split())})
    return {s for s in starts if 0 < s < len(words)}


def natural_lines(name: str, max_mm: float, size_pt: float, *, bold: bool) -> list[str]:
    """A letterhead name in lines: one line when it fits (and is not of a body always broken), else broken
    at natural places into lines that fit, each of at least two words, as balanced as can be."""
    words = name.split()
    if not words:
        return []

    def fits(line_words: list[str]) -> bool:
        return width_mm(" ".join(line_words), size_pt, bold=bold) <= max_mm

    starts = sorted(_candidates(words))
    # a break just after a body's kind that does not open the name would part the kind from its place
    parting = {
        len(text_before.split()) + len(kind.split())
        for kind in BODY_KINDS
        for text_before in [" ".join(words).split(kind, 1)[0]]
        if (" " + " ".join(words) + " ").find(" " + kind + " ") > 0
    }
    always = any(" ".join(words).startswith(kind + " ") for kind in ALWAYS_BROKEN)
    if fits(words) and not (always and starts):
        return [" ".join(words)]
    best: list[list[str]] | None = None
    best_score = None
    # every choice of one or two natural breaks
    choices = [[s] for s in starts] + [[a, b] for a in starts for b in starts if a < b]
    for breaks in choices:
        edges = [0, *breaks, len(words)]
        lines = [words[a:b] for a, b in itertools.pairwise(edges)]
        lonely = sum(len(line) < 2 for line in lines)
        overflow = sum(not fits(line) for line in lines)
        widths = [width_mm(" ".join(line), size_pt, bold=bold) for line in lines]
        parted = sum(b in parting for b in breaks)
        score = (overflow, lonely, len(lines), parted, max(widths) - min(widths))
        if best_score is None or score < best_score:
            best, best_score = lines, score
    if best is not None and best_score is not None and best_score[0] == 0 and best_score[1] == 0:
        return [" ".join(line) for line in best]
    return balanced_lines(" ".join(words), max_mm, size_pt, bold=bold)


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


def balanced_lines(
    text: str, max_mm: float, size_pt: float, *, bold: bool, prefer: set[int] | None = None
) -> list[str]:
    """`text` in as few lines as fit `max_mm`, broken where a phrase begins when that can be done, the lines as
    even as can be and none (the last above all) holding one word alone: a title never ends '… / 2022'. `prefer`:
    more places a line may start at (word positions), where the caller knows its phrases."""
    # parted at plain spaces only: the no-break blank a draft leaves for its number ('số      /VHXH') stays whole
    words = [w for w in re.split(r"[ \t\n]+", text) if w]
    if len(words) < 4 or width_mm(text, size_pt, bold=bold) <= max_mm:
        return [" ".join(words)] if words else []
    n = len(words)
    widths = [[0.0] * (n + 1) for _ in range(n + 1)]
    for a in range(n):
        for b in range(a + 1, n + 1):
            widths[a][b] = width_mm(" ".join(words[a:b]), size_pt, bold=bold)
    natural = phrase_breaks(words) | (prefer or set())
    for allowed in (natural, set(range(1, n))):
        for lines in range(2, 6):
            best = _best_split(words, widths, lines, max_mm, allowed)
            if best is not None:
                return [" ".join(words[a:b]) for a, b in best]
    return [" ".join(words)]  # no split fits: the program that prints it wraps as it can


def _best_split(words, widths, lines: int, max_mm: float, allowed: set[int]):
    """The split of `words` into `lines` lines of at least two words each that fit, with the smallest
    spread between the longest and the shortest line; None when none fits."""
    n = len(words)
    best = None
    best_spread = None

    def walk(start: int, left: int, acc: list[tuple[int, int]]):
        nonlocal best, best_spread
        if left == 1:
            if n - start >= 2 and widths[start][n] <= max_mm:
                split = [*acc, (start, n)]
                spans = [widths[a][b] for a, b in split]
                spread = max(spans) - min(spans)
                if best_spread is None or spread < best_spread:
                    best, best_spread = split, spread
            return
        for end in range(start + 2, n - 2 * (left - 1) + 1):
            if end in allowed and widths[start][end] <= max_mm:
                walk(end, left - 1, [*acc, (start, end)])

    walk(0, lines, [])
    return best
