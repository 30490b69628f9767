"""Reporting periods: their data windows (NĐ 09/2019 Đ.12), names, due dates, and a plan year's calendar.

NĐ 09 cuts data on the 14th: a monthly report covers the 15th of the month before to the 14th of
its month, and every period that starts the year starts on 15 December of the year before.
A plan's chế độ báo cáo may set its own due date and window for a period; that overrides.
A report shows data up to its own date (the day before it is due), and the next report of the
sequence, or the next plan year, starts the day after: no day falls between two reports.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal, Protocol, get_args

from danvan_cli.errors import UnknownPeriod
from danvan_cli.vnformat import fold_diacritics, roman, typed_date

# The reports a plan can ask for: six and nine months, the year, the quarters, the months (NĐ 09's periods).
Period = Literal["6m", "9m", "year", "q1", "q2", "q3", "q4", "m1", "m2", "m3", "m4", "m5", "m6", "m7", "m8", "m9", "m10", "m11", "m12"]  # fmt: skip
PERIODS: tuple[Period, ...] = get_args(Period)


def _month_start(year: int, month: int) -> dt.date:
    """The 15th of the month before (year, month): where NĐ 09 starts a window ending in that month."""
    if month == 1:
        return dt.date(year - 1, 12, 15)
    return dt.date(year, month - 1, 15)


# (first month, last month) of each period; the window runs from the 15th before the first to the 14th of the last.
_SPANS = {
    "year": (1, 12),
    "6m": (1, 6),
    "9m": (1, 9),
    "q1": (1, 3),
    "q2": (4, 6),
    "q3": (7, 9),
    "q4": (10, 12),
    **{f"m{m}": (m, m) for m in range(1, 13)},
}


def nd09_window(period: str, year: int) -> tuple[dt.date, dt.date]:
    """The NĐ 09 data window of `period` in `year` (docs/nd30/nd30-spec.md §3's worked table)."""
    first, last = _SPANS[period]
    return _month_start(year, first), dt.date(year, last, 14)


_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}


def period_code(text: str) -> str | None:
    """A period as a clerk types it, as danvan names it: '6M', '6 tháng', '6thang' → 6m; 'nam', 'cả năm' → year;
    'quy1', 'quý II' → q1, q2; 'thang3', 'tháng 3', 'T3' → m3. None when it is none of them."""

    key = re.sub(r"[\s_.-]+", "", fold_diacritics(text).lower())
    key = key.replace("daunam", "")
    if key in PERIODS:
        return key
    if key in ("6thang", "sauthang"):
        return "6m"
    if key in ("9thang", "chinthang"):
        return "9m"
    if key in ("nam", "canam", "1nam", "motnam", "ca"):
        return "year"
    found = re.fullmatch(r"(?:quy|q)(\d|i{1,3}|iv)", key)
    if found:
        number = int(found[1]) if found[1].isdigit() else _ROMAN[found[1]]
        return f"q{number}" if 1 <= number <= 4 else None
    found = re.fullmatch(r"(?:thang|t|m)(\d{1,2})", key)
    if found and 1 <= int(found[1]) <= 12:
        return f"m{int(found[1])}"
    return None


def period_suggestion(text: str) -> str:
    """Why `text` is no period, with the nearest one: the one message for a period that is none."""

    close = difflib.get_close_matches(text.lower(), PERIODS, n=1, cutoff=0.4)
    hint = f"; có phải ý bạn là {close[0]}?" if close else ""
    return f"'{text}' không phải một kỳ báo cáo{hint} Các kỳ: {', '.join(PERIODS)}"


def check_period(text: str) -> Period:
    """`text` as a period, or UnknownPeriod saying why it is none (the command line, which reads the clerk's
    spellings first, says the same as a usage error of its option)."""
    if text not in PERIODS:
        raise UnknownPeriod(period_suggestion(text), "ky")
    return text


def a_year_earlier(day: dt.date) -> dt.date:
    """The same day last year (29 February becomes the 28th), for 'cùng kỳ năm trước'."""
    return day.replace(year=day.year - 1, day=28 if (day.month, day.day) == (2, 29) else day.day)


def label(period: str) -> str:
    """'6 tháng đầu năm', 'quý II', 'tháng 3', 'năm' — as it reads in a trích yếu before the year."""
    if period == "year":
        return "năm"
    if period == "6m":
        return "6 tháng đầu năm"
    if period == "9m":
        return "9 tháng đầu năm"
    if period.startswith("q"):
        return f"quý {roman(int(period[1:]))}"
    return f"tháng {int(period[1:])}"


def label_with_year(period: str, year: int) -> str:
    """'6 tháng đầu năm 2022', 'năm 2022', 'quý I năm 2022', 'tháng 3 năm 2022'."""
    text = label(period)
    return f"{text} {year}" if text.endswith("năm") else f"{text} năm {year}"


def next_period(period: str, year: int) -> tuple[str, int, str]:
    """The period after this one and how a report names it ('6 tháng cuối năm 2022')."""
    if period == "6m":
        return "year", year, f"6 tháng cuối năm {year}"
    if period == "9m":
        return "q4", year, f"quý IV năm {year}"
    if period == "year":
        return "year", year + 1, f"năm {year + 1}"
    if period.startswith("q"):
        q = int(period[1:])
        nxt = ("q1", year + 1) if q == 4 else (f"q{q + 1}", year)
        return nxt[0], nxt[1], label_with_year(*nxt)
    m = int(period[1:])
    nxt = ("m1", year + 1) if m == 12 else (f"m{m + 1}", year)
    return nxt[0], nxt[1], label_with_year(*nxt)


# Periods whose NĐ 09 window opens the year: in a plan year after another, they start where that year's data ended.
OPENING = ("year", "6m", "9m", "q1", "m1")


def _previous_in_sequence(period: str) -> str | None:
    """q3 → q2, m5 → m4: the period whose window ends where this one's begins."""
    if period[0] in "qm" and period[1:].isdigit() and int(period[1:]) > 1:
        return f"{period[0]}{int(period[1:]) - 1}"
    return None


@dataclass(frozen=True)
class ReportPeriod:
    """One report of a plan: its period, its data window, its due date and its date.

    A report is planned for the date its narrative gives, else the day before it is due (or the day after its
    window), and shows the data of its window up to that date: `last_day`. Made on another day, it is dated the
    day it is made (`date_on`); its window stays."""

    code: Period  # which report of the year: 6m, 9m, year, q1–q4, m1–m12
    year: int
    start: dt.date
    end: dt.date
    due: dt.date | None
    dated: dt.date | None = None  # the date its narrative (reports/<period>.yaml) gives

    @property
    def title(self) -> str:
        return label_with_year(self.code, self.year)

    @property
    def planned_date(self) -> dt.date:
        if self.dated:
            return self.dated
        return self.due - dt.timedelta(days=1) if self.due else self.end + dt.timedelta(days=1)

    @property
    def last_day(self) -> dt.date:
        """The last day of data the report shows."""
        return max(self.start - dt.timedelta(days=1), min(self.end, self.planned_date))

    def date_on(self, as_of: dt.date) -> dt.date:
        """The report's date when it is made on `as_of`: that day (a report made after its deadline is dated the day
        it is made, never backdated to the deadline), or the date its narrative gives where that is earlier."""
        return min(as_of, self.dated) if self.dated else as_of

    def until(self, as_of: dt.date) -> dt.date:
        """The last day of data shown when the report is made on `as_of`."""
        return min(self.last_day, as_of)

    def covers(self, day: dt.date, until: dt.date | None = None) -> bool:
        return self.start <= day <= min(self.last_day, until or self.last_day)

    def window_text(self, until: dt.date | None = None) -> str:
        end = min(self.last_day, until or self.last_day)
        return f"từ ngày {typed_date(self.start)} đến ngày {typed_date(end)}"


class ScheduledReport(Protocol):
    """One line of a plan's chế độ báo cáo (models.ReportDue), as the calendar reads it."""

    @property
    def ky(self) -> str: ...
    @property
    def han_nop(self) -> dt.date: ...
    @property
    def tu_ngay(self) -> dt.date | None: ...
    @property
    def den_ngay(self) -> dt.date | None: ...


class Schedule(Protocol):
    """What the calendar reads of a plan (models.Plan): its chế độ báo cáo, the model staying above this module."""

    @property
    def che_do_bao_cao(self) -> Sequence[ScheduledReport]: ...


@dataclass(frozen=True)
class YearCalendar:
    """A plan year's reports laid on the calendar.

    The year's data starts the day after the last report of the plan year before ends (`start`, given by
    whoever knows that year), so that consecutive years tile the calendar and no day falls between two
    reports, whatever either plan's chế độ báo cáo says. Within the year, a quarter or a month starts the day
    after the one before it ends. Where no plan year came before, NĐ 09's windows (or the plan's tu_ngay) hold."""

    plan: Schedule | None  # None: a year of reports without a plan of the unit's own (NĐ 09's windows)
    year: int
    start: dt.date
    dated: Mapping[str, dt.date] = field(default_factory=dict)  # report dates written in narratives
    follows_a_plan: bool = False  # `start` is the day after last year's data ended

    def period(self, period: str) -> ReportPeriod:
        code = check_period(period)
        start, end = nd09_window(period, self.year)
        due = None
        item = next((i for i in self.schedule if i.ky == period), None)
        if item is not None:
            start, end, due = item.tu_ngay or start, item.den_ngay or end, item.han_nop
        before = _previous_in_sequence(period)
        if period in OPENING and (self.follows_a_plan or not (item and item.tu_ngay)):
            start = self.start
        elif before is not None and not (item and item.tu_ngay):
            start = self.period(before).last_day + dt.timedelta(days=1)
        return ReportPeriod(code, self.year, start, end, due, self.dated.get(period))

    @property
    def schedule(self) -> Sequence[ScheduledReport]:
        return self.plan.che_do_bao_cao if self.plan is not None else []

    def scheduled(self) -> list[ReportPeriod]:
        """The reports the plan's chế độ báo cáo asks for, by due date."""
        return sorted((self.period(item.ky) for item in self.schedule), key=lambda r: r.due or r.end)

    @property
    def last_day(self) -> dt.date:
        """The last day of data any report of the year shows; the next plan year starts the day after."""
        reports = self.scheduled() or [self.period("year")]
        return max(r.last_day for r in reports)

    def carrying(self, day: dt.date) -> ReportPeriod | None:
        """The first report of the year (by due date) that shows `day`; None when the day is after them all."""
        return next((r for r in self.scheduled() if r.covers(day)), None)


def first_day(plan: Schedule | None, year: int) -> dt.date:
    """Where a plan year's data starts when no plan year came before it: the year report's tu_ngay,
    else the earliest tu_ngay of a period that opens the year, else NĐ 09's 15 December."""
    schedule = plan.che_do_bao_cao if plan is not None else []
    given = {i.ky: i.tu_ngay for i in schedule if i.tu_ngay and i.ky in OPENING}
    if "year" in given:
        return given["year"]
    return min(given.values(), default=nd09_window("year", year)[0])


def calendar(plan: Schedule | None, year: int, *, previous_last_day: dt.date | None = None, dated=None) -> YearCalendar:
    """The year's calendar: after a plan year that ended on `previous_last_day`, or standing alone."""
    if previous_last_day is not None:
        return YearCalendar(plan, year, previous_last_day + dt.timedelta(days=1), dict(dated or {}), True)
    return YearCalendar(plan, year, first_day(plan, year), dict(dated or {}))
