"""Period arithmetic against the spec's worked table (docs/nd30/nd30-spec.md §3, NĐ 09/2019 Đ.12)."""

import datetime as dt
import itertools

import pytest

from danvan_cli.periods import calendar, label_with_year, nd09_window, next_period

D = dt.date


@pytest.mark.parametrize("year", [2019, 2022, 2024, 2100])
def test_windows_follow_the_spec_table(year):
    table = {
        "m1": (D(year - 1, 12, 15), D(year, 1, 14)),
        "m2": (D(year, 1, 15), D(year, 2, 14)),
        "m3": (D(year, 2, 15), D(year, 3, 14)),
        "m12": (D(year, 11, 15), D(year, 12, 14)),
        "q1": (D(year - 1, 12, 15), D(year, 3, 14)),
        "q2": (D(year, 3, 15), D(year, 6, 14)),
        "q3": (D(year, 6, 15), D(year, 9, 14)),
        "q4": (D(year, 9, 15), D(year, 12, 14)),
        "6m": (D(year - 1, 12, 15), D(year, 6, 14)),
        "9m": (D(year - 1, 12, 15), D(year, 9, 14)),
        "year": (D(year - 1, 12, 15), D(year, 12, 14)),
    }
    for period, window in table.items():
        assert nd09_window(period, year) == window, period


def test_months_tile_the_year_without_gaps():
    for year in (2023, 2024):  # 2024 is a leap year: February's window holds 29 February
        windows = [nd09_window(f"m{m}", year) for m in range(1, 13)]
        assert windows[0][0] == nd09_window("year", year)[0] and windows[-1][1] == nd09_window("year", year)[1]
        for (_, end), (start, _) in itertools.pairwise(windows):
            assert start - end == dt.timedelta(days=1)
    start, end = nd09_window("m3", 2024)
    assert start <= D(2024, 2, 29) <= end


def test_plan_schedule_overrides_due_date_and_window():
    from danvan_cli.models import Plan

    plan = Plan.model_validate(
        {
            "ngay": "2022-01-25",
            "chu_de": "công tác dân vận",
            "trich_yeu": "x",
            "muc": [{"tieu_de": "A"}],
            "che_do_bao_cao": [
                {"ky": "6m", "han_nop": "2022-05-15"},
                {"ky": "year", "han_nop": "2022-11-15", "tu_ngay": "2022-01-01", "den_ngay": "2022-10-31"},
            ],
        }
    )
    cal = calendar(plan, 2022)
    # the year report's tu_ngay is where the plan year's data starts: the 6-month report starts there too
    six = cal.period("6m")
    assert (six.start, six.end, six.due) == (D(2022, 1, 1), D(2022, 6, 14), D(2022, 5, 15))
    assert six.last_day == D(2022, 5, 14)  # dated the day before it is due, it shows data up to that day
    year = cal.period("year")
    assert (year.start, year.end, year.due) == (D(2022, 1, 1), D(2022, 10, 31), D(2022, 11, 15))
    q1 = cal.period("q1")
    assert q1.due is None and q1.start == D(2022, 1, 1)
    assert cal.last_day == D(2022, 10, 31)


def test_names_in_vietnamese():
    assert label_with_year("6m", 2022) == "6 tháng đầu năm 2022"
    assert label_with_year("year", 2022) == "năm 2022"
    assert label_with_year("q2", 2022) == "quý II năm 2022"
    assert label_with_year("m3", 2022) == "tháng 3 năm 2022"
    assert next_period("6m", 2022)[2] == "6 tháng cuối năm 2022"
    assert next_period("q4", 2022)[:2] == ("q1", 2023)
    assert next_period("m12", 2022)[2] == "tháng 1 năm 2023"
