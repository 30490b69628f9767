"""Vietnamese writing conventions that NĐ 30 fixes: dates, numbers, capitals, numbering, slugs."""

from __future__ import annotations

import calendar
import datetime as dt
import re
import unicodedata
from decimal import Decimal

# A figure or points: whole numbers as int, others as exact decimals (never float).
Number = int | Decimal

# The decree's own lettering for points: a) b) c) d) đ) e) g)… (no f, j, w, z).
POINT_LETTERS = [
    "a",
    "b",
    "c",
    "d",
    "đ",
    "e",
    "g",
    "h",
    "i",
    "k",
    "l",
    "m",
    "n",
    "o",
    "p",
    "q",
    "r",
    "s",
    "t",
    "u",
    "v",
    "x",
    "y",
]


# Characters XML 1.0 cannot hold: a .docx containing one is refused by Word and LibreOffice.
XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def upper(text: str) -> str:
    """Capitals with Vietnamese diacritics kept (str.upper works on NFC text: 'đ' → 'Đ')."""
    return nfc(nfc(text).upper())


def two_digits_day(day: int) -> str:
    return f"{day:02d}"


def month_for_date_line(month: int) -> str:
    """NĐ 30 PL I §II.4.b: months 1 and 2 take a leading zero, 3–12 do not."""
    return f"{month:02d}" if month < 3 else str(month)


def date_words(date: dt.date) -> str:
    """'ngày 25 tháng 01 năm 2022' as written in the date line and in citations."""
    return f"ngày {two_digits_day(date.day)} tháng {month_for_date_line(date.month)} năm {date.year}"


def place_and_date(place: str, date: dt.date) -> str:
    return f"{nfc(place)}, {date_words(date)}"


def short_date(date: dt.date) -> str:
    """'15/5/2022', '05/02/2022': the short form of running text and tables, with the date line's own rule for
    leading zeros (days below 10, months 1 and 2; NĐ 30 PL I §II.4.b), so that one document writes its dates
    one way."""
    return f"{two_digits_day(date.day)}/{month_for_date_line(date.month)}/{date.year}"


def typed_date(date: dt.date) -> str:
    """'13/05/2022': dates in messages and on the terminal, in the form the clerk types them."""
    return f"{date.day:02d}/{date.month:02d}/{date.year}"


def doc_number(number: int | None) -> str:
    """The number part of 'Số: 05/KH-MNHA'; numbers below 10 take a leading zero, a draft leaves a blank."""
    if number is None:
        return "\u00a0" * 6  # the blank a clerk fills in by hand after signing
    return f"{number:02d}"


def doc_symbol(type_abbr: str, unit_abbr: str) -> str:
    return f"{type_abbr}-{unit_abbr}"


def doc_reference(number: int | None, type_abbr: str, unit_abbr: str, *, party: bool = False) -> str:
    """'05/KH-MNHA' (NĐ 30); in the Party's format '05-KH/CB': a hyphen, then the body after '/' (HD 36)."""
    if party:
        return f"{doc_number(number)}-{type_abbr}/{unit_abbr}"
    return f"{doc_number(number)}/{doc_symbol(type_abbr, unit_abbr)}"


def number_line(number: int | None, type_abbr: str, unit_abbr: str, *, party: bool = False) -> str:
    """'Số: 05/KH-MNHA' (NĐ 30); in the Party's format 'Số 05-KH/CB', with no colon (HD 36)."""
    return (
        f"Số {doc_reference(number, type_abbr, unit_abbr, party=True)}"
        if party
        else (f"Số: {doc_reference(number, type_abbr, unit_abbr)}")
    )


def citation(
    type_name: str,
    number: int | None,
    type_abbr: str,
    unit_abbr: str,
    date: dt.date,
    *,
    party: bool,
    appendix: bool = False,
) -> str:
    """How a document the unit issued is cited in running text: 'Kế hoạch số 05/KH-MNHA ngày 25/01/2022' (the
    decree's own citations, as 'Chỉ thị số 26/CT-TTg ngày 05/9/2016'); in the Party's form 'Kế hoạch số 05-KH/CB,
    ngày 25/01/2022' (Party bodies' own practice). Under a Phụ lục's title the decree spells the date out:
    '(Kèm theo Báo cáo số 02/BC-MNHA ngày 14 tháng 11 năm 2022 của …)' (NĐ 30, Phụ lục I, Mẫu 1.1–1.8)."""
    reference = doc_reference(number, type_abbr, unit_abbr, party=party)
    if party:
        return f"{type_name} số {reference}, ngày {short_date(date)}"
    if appendix:
        return f"{type_name} số {reference} {date_words(date)}"
    return f"{type_name} số {reference} ngày {short_date(date)}"


def abbreviation_slug(abbr: str) -> str:
    """The unit's chữ viết tắt as it stands in a file name: 'MNHA', 'PGDĐT' → 'PGDDT'."""
    return re.sub(r"[^A-Z0-9-]+", "", fold_diacritics(abbr).upper()) or "DV"


def roman(n: int) -> str:
    values = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ]
    out = []
    for value, symbol in values:
        while n >= value:
            out.append(symbol)
            n -= value
    return "".join(out)


def point_letter(index: int) -> str:
    """0 → 'a', 4 → 'đ'; past 'y' the letters double ('aa') — rare enough in practice."""
    if index < len(POINT_LETTERS):
        return POINT_LETTERS[index]
    return point_letter(index // len(POINT_LETTERS) - 1) + POINT_LETTERS[index % len(POINT_LETTERS)]


def fold_diacritics(text: str) -> str:
    text = nfc(text).replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def slug(text: str, max_length: int = 60) -> str:
    """ASCII file-name part: 'Công tác dân vận' → 'cong-tac-dan-van'. Never empty."""
    ascii_text = fold_diacritics(text).lower()
    s = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")
    if len(s) > max_length:
        s = s[:max_length].rsplit("-", 1)[0] or s[:max_length]
    return s or "van-ban"


def number(value: Decimal | int | float) -> str:
    """Vietnamese number: '.' groups thousands, ',' marks decimals: 1.234,5. Every digit of the value is
    written (figures are read as exact decimals): 2,675 stays 2,675, never rounded to 2,68 or 2,67."""
    if not isinstance(value, Decimal):
        value = Decimal(str(value))  # a float's shortest repr: what it was written as
    if value == value.to_integral_value():
        return f"{int(value):,}".replace(",", ".")
    text = f"{value.normalize():,f}"  # '1,234.5'
    return text.replace(",", " ").replace(".", ",").replace(" ", ".")


_SPACED_GROUPS = re.compile(r"[0-9]{1,3}(?:[ \u00a0\u202f][0-9]{3})+(?:,[0-9]+)?")
_NUMBER_CHARACTERS = re.compile(r"[+-]?[0-9][0-9.,]*|[+-]?,[0-9]+")


def parse_number(text: str) -> int | Decimal:
    """A number as Vietnamese documents print it: '.' groups thousands in threes, ',' marks decimals.

    `1200`, `1.200` and `1 200` are 1200; `1,5` is 1.5. What fits neither reading (`1.5`, `1.20`,
    `1,200.5`) is refused, naming both readings it might be: a figure is never silently changed.
    Raises ValueError with the Vietnamese explanation."""
    written = nfc(text).strip()
    if _SPACED_GROUPS.fullmatch(written):
        written = re.sub(r"[ \u00a0\u202f]", ".", written)
    if not _NUMBER_CHARACTERS.fullmatch(written):
        raise ValueError(
            f"'{shorten(text)}' không phải một con số; chỉ viết chữ số, dấu chấm tách hàng nghìn và dấu phẩy thập phân, "
            "ví dụ 1.200 hoặc 1,5"
        )
    if re.fullmatch(r"[+-]?[0-9]+", written):
        return int(written)
    from babel.numbers import NumberFormatError, parse_decimal  # noqa: PLC0415 (babel is slow to import)

    try:
        value = parse_decimal(written, locale="vi", strict=True)
    except NumberFormatError as exc:
        readings = [s for s in (getattr(exc, "suggestions", None) or []) if s != written]
        meant = " hay ".join(readings)
        guess = f" (có thể là {meant})" if meant else ""
        raise ValueError(
            f"'{written}' không rõ là số nào{guess}: dấu chấm chỉ dùng tách hàng nghìn theo nhóm ba chữ số "
            "(1.200 là một nghìn hai trăm), dấu phẩy là dấu thập phân (1,5 là một phẩy năm); hãy viết lại cho rõ"
        ) from None
    return int(value) if value == value.to_integral_value() else value


def shorten(text: str, limit: int = 60) -> str:
    """User text echoed in a message, cut where it is long (a message must not replay a whole file)."""
    one_line = collapse_whitespace(str(text))
    return one_line if len(one_line) <= limit else one_line[: limit - 1] + "…"


# ASCII digits only: \d would also take '٢٠٢٢' and other scripts' digits, which no Vietnamese document prints.
_DAY_MONTH_YEAR = re.compile(r"\s*([0-9]{1,2})\s*[/.-]\s*([0-9]{1,2})\s*[/.-]\s*([0-9]{4})\s*")
_ISO = re.compile(r"\s*([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})\s*")
FIRST_YEAR, LAST_YEAR = 1900, 2999
# The years a plan can be for: a folder named 9999 or 0000 is a mistake to point out, not the unit's latest year.
FIRST_PLAN_YEAR, LAST_PLAN_YEAR = 2000, 2100


# A date in running text: 15/5/2026 (also 15-5-2026, 15.5.2026), or 'ngày 08 tháng 01 năm 2026'.
_WRITTEN_DATE = re.compile(
    r"(?<![0-9/.-])(?P<d>[0-9]{1,2})(?P<sep>[/.-])(?P<m>[0-9]{1,2})(?P=sep)(?P<y>[0-9]{4})(?![0-9])"
    r"|(?P<lead>ngày\s+)(?P<d2>[0-9]{1,2})(?P<mid>\s+tháng\s+)(?P<m2>[0-9]{1,2})(?P<mid2>\s+năm\s+)(?P<y2>[0-9]{4})(?![0-9])",
    re.IGNORECASE,
)


def written_dates(text: str) -> list[tuple[int, int, dt.date]]:
    """The real dates a running text writes, with where each stands: (start, end, date)."""
    found = []
    for m in _WRITTEN_DATE.finditer(text):
        day, month, year = (m["d"], m["m"], m["y"]) if m["d"] else (m["d2"], m["m2"], m["y2"])
        try:
            found.append((m.start(), m.end(), dt.date(int(year), int(month), int(day))))
        except ValueError:
            continue  # '31/02/2026' is no date: the proofreader's business, not a date to move
    return found


def rewrite_date(written: str, date: dt.date) -> str:
    """A date as `written_dates` found it, given another day in the same form ('15/5/2026' → '15/5/2027',
    'ngày 08 tháng 01 năm 2026' → 'ngày 08 tháng 01 năm 2027'): the widths of the day and month kept."""
    m = _WRITTEN_DATE.fullmatch(written)
    if m is None:
        return written

    def as_written(value: int, old: str) -> str:
        return f"{value:0{len(old)}d}"

    if m["d"]:
        return f"{as_written(date.day, m['d'])}{m['sep']}{as_written(date.month, m['m'])}{m['sep']}{date.year}"
    return (
        f"{m['lead']}{as_written(date.day, m['d2'])}{m['mid']}{as_written(date.month, m['m2'])}{m['mid2']}{date.year}"
    )


def parse_date(text: str) -> dt.date:
    """A date as a clerk types it: 21/11/2022 (also 21-11-2022, 21.11.2022) or 2022-11-21.

    Raises ValueError with the reason in Vietnamese; a suggested correction is always a real date."""
    dmy = _DAY_MONTH_YEAR.fullmatch(text)
    iso = _ISO.fullmatch(text)
    if not (dmy or iso):
        raise ValueError(
            f"'{shorten(text)}' không phải một ngày; viết ngày/tháng/năm (21/11/2022) hoặc năm-tháng-ngày (2022-11-21)"
        )
    day, month, year = (int(g) for g in dmy.groups()) if dmy else reversed([int(g) for g in iso.groups()])  # type: ignore[union-attr]
    if not 1 <= month <= 12:
        raise ValueError(f"ngày '{shorten(text)}' không có thật: tháng phải từ 1 đến 12")
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValueError(f"ngày '{shorten(text)}': năm {year} nằm ngoài khoảng {FIRST_YEAR}–{LAST_YEAR}")
    last = calendar.monthrange(year, month)[1]
    if not 1 <= day <= last:
        raise ValueError(f"ngày '{shorten(text)}' không có thật: tháng {month} năm {year} chỉ có {last} ngày")
    return dt.date(year, month, day)


def figures_text(figures: dict) -> str:
    """'số buổi: 2; số lượt người: 1.200' — figures in running text and tables."""
    return "; ".join(f"{name}: {number(value)}" for name, value in figures.items())


def sentence_case(text: str) -> str:
    text = nfc(text).strip()
    return text[:1].upper() + text[1:]


def lower_first(text: str) -> str:
    """'Triển khai …' → 'triển khai …' where a sentence goes on into it; 'UBND …' and a title typed in capitals
    ('THỰC HIỆN …') are kept, never turned into 'tHỰC HIỆN'."""
    first = text.split(" ", 1)[0]
    if first[:1].isupper() and first[1:2].islower():
        return text[:1].lower() + text[1:]
    return text


def collapse_whitespace(text: str) -> str:
    """One line of running text: line breaks and tabs become spaces (a paragraph is one YAML string);
    runs of plain spaces stay, as a clerk leaves them for a number to be written in by hand."""
    text = re.sub(r"[\t\v\f\r\x85\u2028\u2029]", " ", text)
    lines = text.split("\n")  # (a pattern ' *\n *' would try every space of a long run of them: quadratic)
    if len(lines) > 1:
        text = " ".join([lines[0].rstrip(" "), *(line.strip(" ") for line in lines[1:-1]), lines[-1].lstrip(" ")])
    return text.strip()


def short_title(text: str, words: int = 8) -> str:
    parts = collapse_whitespace(text).split()
    out = " ".join(parts[:words]).rstrip(",;:.")
    return out + ("…" if len(parts) > words else "")


def json_value(value):
    """`json.dumps(default=…)`: an exact decimal figure as a JSON number (2,675 → 2.675)."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    raise TypeError(f"{type(value).__name__} is not JSON serializable")
