"""Figures (số liệu) and what they are: a count, an amount, money, a level or a rate (pure functions).

A clerk records figures as `tên: con số` under each entry of the log. What a figure *is* decides how a period's
entries make one value: counts and amounts add up, a level (a running total such as the models registered or the
members a body has) takes the latest value, and a rate is never added: it is computed from its parts where they
are recorded, else the latest value is taken, and a share in % never passes 100. The plan (or the unit) declares
its figures with their unit of measure, kind and, where it sets one, a target (chỉ tiêu); a figure nobody
declared has its unit and kind read from its name, the way clerks write it: `tỷ lệ hồ sơ trực tuyến (%)`,
`kinh phí (triệu đồng)`, `số buổi tuyên truyền`.
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from decimal import Decimal as D

from danvan_cli import vnformat as vn
from danvan_cli.vnformat import Number

# The kinds, as the YAML names them (`loai:`), with how a clerk says each.
COUNT, AMOUNT, MONEY, LEVEL, RATE = "so_dem", "so_luong", "tien", "hien_co", "ty_le"
KINDS = (COUNT, AMOUNT, MONEY, LEVEL, RATE)
KIND_NAMES_VI = {
    COUNT: "số đếm (cộng dồn, số nguyên)",
    AMOUNT: "số lượng (cộng dồn, có thể lẻ)",
    MONEY: "tiền (cộng dồn, kèm đơn vị đồng)",
    LEVEL: "số hiện có (lấy giá trị mới nhất, không cộng)",
    RATE: "tỷ lệ (không cộng: tính từ tử số và mẫu số, hoặc lấy giá trị mới nhất)",
}
ADDS_UP = (COUNT, AMOUNT, MONEY)

# Units of measure a figure's name may start with after "số": the longest that matches is taken.
MEASURES = (
    "lượt người", "lượt", "buổi", "văn bản", "hội nghị", "mô hình", "thủ tục", "tin, bài", "tin bài", "tin", "bài",
    "cuộc", "lớp", "người", "đảng viên", "hộ", "công trình", "phiên", "vụ", "đơn", "ý kiến",
    "kiến nghị", "câu lạc bộ", "tổ", "đoàn", "lần", "hồ sơ", "gia đình", "trẻ", "học sinh", "cán bộ", "giáo viên",
    "đợt", "chuyên đề", "tài liệu", "bản", "trang", "khóa", "phong trào", "chương trình", "kế hoạch", "báo cáo",
    "cơ quan", "đơn vị", "thôn", "xóm", "tổ dân phố", "ngày công", "suất", "phần quà", "cuộc họp", "lớp học",
    "km", "m2", "tấn", "giờ", "ngày",
)  # fmt: skip
# Units whose quantity is measured rather than counted (a decimal is a real value, not a typing slip).
MEASURED_UNITS = {"km", "m", "m2", "m²", "ha", "tấn", "kg", "tạ", "lít", "giờ", "ngày công", "ngày", "tháng"}
MONEY_UNITS = {"đồng", "nghìn đồng", "ngàn đồng", "triệu đồng", "tỷ đồng", "vnđ", "vnd", "đ"}
PERCENT = "%"
# A unit written in brackets after the name is one of these, or a short phrase naming a counted thing.
_BRACKETED_UNIT = re.compile(r"^(?P<name>.*?\S)\s*\((?P<unit>[^()]{1,30})\)\s*$")


@functools.lru_cache(maxsize=4096)  # pure, and asked for the same few names thousands of times
def key(name: str) -> str:
    """Figure names match (across entries, units and an outline) when they differ only in case, spacing or
    Unicode form; a unit written in brackets is not part of the name."""
    return " ".join(vn.nfc(split_unit(name)[0]).casefold().split())


def _clean(text: str) -> str:
    return " ".join(vn.nfc(text).split())


def _is_unit(text: str) -> bool:
    folded = _clean(text).casefold()
    return (
        folded in (PERCENT, "phần trăm")
        or folded in MONEY_UNITS
        or folded in MEASURED_UNITS
        or folded in MEASURES
        or any(folded.startswith(m + " ") for m in ("lượt", "triệu", "nghìn", "tỷ"))
    )


@functools.lru_cache(maxsize=4096)
def split_unit(name: str) -> tuple[str, str | None]:
    """'tỷ lệ hồ sơ trực tuyến (%)' → ('tỷ lệ hồ sơ trực tuyến', '%'); 'kinh phí (triệu đồng)' → ('kinh phí',
    'triệu đồng'). Brackets that do not hold a unit ('số hội nghị (đối thoại)') stay part of the name."""
    text = _clean(name)
    m = _BRACKETED_UNIT.match(text)
    if m and _is_unit(m["unit"]):
        unit = _clean(m["unit"])
        return m["name"], PERCENT if unit.casefold() == "phần trăm" else unit
    return text, None


def measure_in_name(name: str) -> str:
    """What a name says its unit is: after 'số' ('số buổi tuyên truyền' → 'buổi'), or a rate's '%'; '' where
    it says nothing."""
    folded = _clean(name).casefold()
    if folded.startswith(("tỷ lệ ", "tỉ lệ ")):
        return PERCENT
    if not folded.startswith("số "):
        return ""
    rest = folded[3:]
    found = [m for m in MEASURES if rest == m or rest.startswith((m + " ", m + ","))]
    return max(found, key=len) if found else ""


def kind_for(name: str, unit: str) -> str:
    """The kind a figure has when nobody declared one: a rate for %, money for đồng, an amount for a measured
    unit or none, a count otherwise."""
    folded = unit.casefold()
    if folded == PERCENT or _clean(name).casefold().startswith(("tỷ lệ ", "tỉ lệ ")):
        return RATE
    if folded in MONEY_UNITS:
        return MONEY
    if not folded or folded in MEASURED_UNITS:
        return AMOUNT
    return COUNT


def kind_value(text: str) -> str | None:
    """A kind as a clerk may type it ('tỷ lệ', 'Số đếm', 'hien_co') → its YAML name; None when it is none."""
    folded = vn.fold_diacritics(_clean(text)).casefold().replace(" ", "_").replace("-", "_")
    aliases = {
        "so_dem": COUNT, "dem": COUNT, "dem_duoc": COUNT,
        "so_luong": AMOUNT, "luong": AMOUNT,
        "tien": MONEY, "so_tien": MONEY,
        "hien_co": LEVEL, "so_hien_co": LEVEL, "luy_ke": LEVEL, "muc": LEVEL,
        "ty_le": RATE, "ti_le": RATE,
    }  # fmt: skip
    return aliases.get(folded)


@dataclass(frozen=True)
class FigureSpec:
    """One figure as a report treats it."""

    name: str  # as printed (without a unit in brackets)
    unit: str  # đơn vị tính; '' where nobody said
    kind: str
    declared: bool = False
    target: Number | None = None  # chỉ tiêu, for the year
    numerator: str | None = None  # a rate's parts: keys of the figures it is computed from
    denominator: str | None = None

    @property
    def key(self) -> str:
        return key(self.name)

    @property
    def adds_up(self) -> bool:
        return self.kind in ADDS_UP

    @property
    def share(self) -> bool:
        """A rate in % is a share of a whole: never above 100."""
        return self.kind == RATE and self.unit == PERCENT


def inferred(name: str) -> FigureSpec:
    """A figure nobody declared, read from its name as the clerk wrote it."""
    bare, unit = split_unit(name)
    unit = unit or measure_in_name(bare)
    return FigureSpec(bare, unit, kind_for(bare, unit))


@dataclass
class FigureBook:
    """The figures a plan (and its unit) declares, and every other figure read from its name."""

    declared: dict[str, FigureSpec] = field(default_factory=dict)  # by key, in the order declared

    @classmethod
    def of(cls, *declarations: Iterable) -> FigureBook:
        """From DeclaredFigure lists (the unit's first, the plan's after: the plan's own wins)."""
        book = cls()
        for figures in declarations:
            for f in figures or []:
                spec = f.spec
                book.declared[spec.key] = spec
        return book

    @property
    def declares_any(self) -> bool:
        return bool(self.declared)

    def spec(self, name: str) -> FigureSpec:
        return self.declared.get(key(name)) or inferred(name)

    def is_declared(self, name: str) -> bool:
        return key(name) in self.declared

    def closest(self, name: str, n: int = 3) -> list[str]:
        names = {k: s.name for k, s in self.declared.items()}
        return [names[k] for k in difflib.get_close_matches(key(name), list(names), n=n, cutoff=0.5)]


# ---------------------------------------------------------------- checking one recorded value


def value_problem(spec: FigureSpec, written_name: str, value: Number) -> str | None:
    """What is wrong with recording `value` under `written_name` for a figure of `spec` (Vietnamese), or None."""
    _, unit = split_unit(written_name)
    if unit is not None and spec.unit and unit.casefold() != spec.unit.casefold():
        return (
            f"số liệu '{spec.name}' có đơn vị tính là {spec.unit}, nhưng ở đây ghi ({unit}); hãy ghi đúng đơn vị, "
            "hoặc ghi thành một số liệu khác"
        )
    whole = value == int(value)
    if spec.kind == COUNT and not whole:
        measure = f" ({spec.unit})" if spec.unit else ""
        return (
            f"'{spec.name}' là số đếm{measure}: cần một số nguyên, không phải {vn.number(value)}; nếu đây là số đo "
            f"có phần lẻ, hãy khai báo loai: {AMOUNT} cho số liệu này trong so_lieu của kế hoạch"
        )
    if spec.share and value > 100:
        return f"'{spec.name}' là tỷ lệ phần trăm: không quá 100, không phải {vn.number(value)}"
    return None


def read_value(raw) -> Number | None:
    """A figure's value as the log's YAML holds it (its written text where the reader kept it); None where it is
    not a number (the model says why)."""

    if isinstance(raw, bool):
        return None
    written = getattr(raw, "text", raw)
    try:
        if isinstance(written, str):
            return vn.parse_number(written)
        if isinstance(written, int):
            return written
        if isinstance(written, float):
            return D(str(written))
    except ValueError:
        return None
    return None


# ---------------------------------------------------------------- a period's values


@dataclass(frozen=True)
class Recorded:
    """One value as an entry recorded it."""

    day: dt.date
    order: int  # the entry's place in the log: the later of two on one day is the later
    name: str  # as written
    value: Number


def recorded(entries: Sequence) -> list[Recorded]:
    """Every figure the entries hold (declared ones and new ones alike), in the log's order."""
    out = []
    for i, entry in enumerate(entries):
        for name, value in (*entry.so_lieu.items(), *getattr(entry, "so_lieu_moi", {}).items()):
            out.append(Recorded(entry.ngay, i, name, value))
    return out


RATE_PLACES = Decimal("0.1")


def rate_of(numerator: Number, denominator: Number) -> Decimal | None:
    """A share in %, to one decimal place as reports print it: 10 of 12 → 83,3."""
    if not denominator:
        return None
    value = (Decimal(numerator) * 100 / Decimal(denominator)).quantize(RATE_PLACES, rounding=ROUND_HALF_UP)
    return value


@dataclass(frozen=True)
class FigureValue:
    spec: FigureSpec
    value: Number
    written_as: str  # the first name it was written under (its own words, for the table)
    from_parts: bool = False  # a rate computed from its parts


def combine(book: FigureBook, entries: Sequence) -> dict[str, FigureValue]:
    """One value for each figure the entries record, by kind (keyed, in the order first recorded): counts and
    amounts summed, levels and rates the latest (a rate from its parts where both are recorded)."""
    by_key: dict[str, list[Recorded]] = {}
    for r in recorded(entries):
        by_key.setdefault(key(r.name), []).append(r)
    out: dict[str, FigureValue] = {}
    for k, values in by_key.items():
        spec = book.spec(values[0].name)
        if spec.adds_up:
            total: Number = 0
            for r in values:
                total += r.value
            out[k] = FigureValue(spec, total, values[0].name)
        else:
            latest = max(values, key=lambda r: (r.day, r.order))
            out[k] = FigureValue(spec, latest.value, values[0].name)
    # a declared rate is computed from its parts wherever both are recorded, whether or not it was typed itself
    for k, spec in book.declared.items():
        if spec.kind == RATE and spec.numerator and spec.denominator:
            top, bottom = out.get(spec.numerator), out.get(spec.denominator)
            if top is not None and bottom is not None:
                computed = rate_of(top.value, bottom.value)
                if computed is not None:
                    written = out[k].written_as if k in out else spec.name
                    out[k] = FigureValue(spec, computed, written, from_parts=True)
    return out


# ---------------------------------------------------------------- on paper


def amount_text(spec: FigureSpec, value: Number) -> str:
    """A value with its unit, as running text prints it: '2 buổi', '450 triệu đồng', '68,4%'."""
    number = vn.number(value)
    if spec.unit == PERCENT:
        return f"{number}%"
    return f"{number} {spec.unit}".strip()


def phrase(spec: FigureSpec, value: Number) -> str:
    """A figure woven into a sentence: '2 buổi tuyên truyền', '242 lượt người tham gia', 'tỷ lệ hồ sơ trực
    tuyến đạt 68,4%', 'kinh phí vận động 450 triệu đồng'."""
    name = spec.name
    if spec.kind == RATE:
        return f"{name} đạt {amount_text(spec, value)}"
    folded = name.casefold()
    if folded.startswith("số ") and (not spec.unit or folded[3:].startswith(spec.unit.casefold())):
        return f"{vn.number(value)} {name[3:]}"
    return f"{name} {amount_text(spec, value)}"


def joined(items: Sequence[str]) -> str:
    """'a', 'a và b', 'a, b và c'."""
    items = [i for i in items if i]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " và " + items[-1]


def target_sentence(spec: FigureSpec, value: Number, *, year_end: bool) -> str:
    """How far a figure got against its target: 'Số buổi tuyên truyền từ đầu năm đạt 12/10 buổi, bằng 120% chỉ
    tiêu năm.'; a rate: 'Tỷ lệ … đạt 68,4%, chưa đạt chỉ tiêu 70%.'. '' without a target."""
    if spec.target is None or not spec.target:
        return ""
    title = vn.sentence_case(spec.name)
    if spec.kind == RATE:
        if not year_end:
            return f"{title} đạt {amount_text(spec, value)} (chỉ tiêu năm {amount_text(spec, spec.target)})."
        verdict = "đạt" if value >= spec.target else "chưa đạt"
        return f"{title} đạt {amount_text(spec, value)}, {verdict} chỉ tiêu {amount_text(spec, spec.target)}."
    share = rate_of(value, spec.target) or Decimal(0)
    of = f"{vn.number(value)}/{amount_text(spec, spec.target)}"
    if value >= spec.target:
        return f"{title} từ đầu năm đạt {of}, bằng {vn.number(share)}% chỉ tiêu năm."
    word = "mới đạt" if year_end else "đạt"
    return f"{title} từ đầu năm {word} {of}, bằng {vn.number(share)}% chỉ tiêu năm."


def target_met(spec: FigureSpec, value: Number | None) -> bool | None:
    """Whether a target is met; None without a target or a value."""
    if spec.target is None or value is None:
        return None
    return value >= spec.target
