"""Reporting periods: their data windows (NĐ 09/2019 Đ.12), names, and due dates from a plan's schedule.

NĐ 09 cuts data on the 14th: a monthly report covers the 15th of the month before to the 14th of
its month, and every period that starts the year starts on 15 December of the year before.
A plan's chế độ báo cáo may set its own due date and window for a period; that overrides.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from danvan_cli.models import PERIODS
from danvan_cli.vnformat import roman, short_date


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
    """The NĐ 09 data window of `period` in `year` (spec §3's worked table)."""
    first, last = _SPANS[period]
    return _month_start(year, first), dt.date(year, last, 14)


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


@dataclass(frozen=True)
class ReportPeriod:
    """One report of a plan: its period, data window and (when the plan says) due date."""

    period: str
    year: int
    start: dt.date
    end: dt.date
    due: dt.date | None

    @property
    def title(self) -> str:
        return label_with_year(self.period, self.year)

    def covers(self, day: dt.date, until: dt.date | None = None) -> bool:
        return self.start <= day <= min(self.end, until or self.end)

    def window_text(self, until: dt.date | None = None) -> str:
        end = min(self.end, until or self.end)
        return f"từ ngày {short_date(self.start)} đến ngày {short_date(end)}"


def report_period(plan, period: str, year: int) -> ReportPeriod:
    """The period as the plan's schedule sets it, NĐ 09 where the plan is silent."""
    if period not in PERIODS:
        from danvan_cli.errors import UsageProblem

        raise UsageProblem(f"kỳ báo cáo '{period}' không có; các kỳ hợp lệ: {', '.join(PERIODS)}")
    start, end = nd09_window(period, year)
    due = None
    for item in plan.che_do_bao_cao:
        if item.ky == period:
            start, end, due = item.tu_ngay or start, item.den_ngay or end, item.han_nop
    return ReportPeriod(period, year, start, end, due)


def scheduled(plan, year: int) -> list[ReportPeriod]:
    """The reports a plan's chế độ báo cáo asks for, by due date."""
    return sorted((report_period(plan, item.ky, year) for item in plan.che_do_bao_cao), key=lambda r: r.due or r.end)
