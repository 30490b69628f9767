import datetime as dt
import unicodedata

import pytest

from danvan_cli import vnformat as vn


@pytest.mark.parametrize(
    "date, expected",
    [
        (dt.date(2022, 1, 25), "ngày 25 tháng 01 năm 2022"),
        (dt.date(2022, 2, 5), "ngày 05 tháng 02 năm 2022"),
        (dt.date(2022, 3, 9), "ngày 09 tháng 3 năm 2022"),
        (dt.date(2019, 6, 29), "ngày 29 tháng 6 năm 2019"),
        (dt.date(2022, 12, 10), "ngày 10 tháng 12 năm 2022"),
    ],
)
def test_date_words_follow_the_leading_zero_rule(date, expected):
    # NĐ 30 PL I §II.4.b: days below 10 and months 1, 2 take a leading zero.
    assert vn.date_words(date) == expected


def test_place_and_date_line():
    assert vn.place_and_date("Hùng An", dt.date(2022, 1, 25)) == "Hùng An, ngày 25 tháng 01 năm 2022"


def test_number_line_pads_below_ten_and_leaves_a_blank_for_a_draft():
    assert vn.number_line(5, "KH", "MNHA") == "Số: 05/KH-MNHA"
    assert vn.number_line(15, "BC", "MNHA") == "Số: 15/BC-MNHA"
    draft = vn.number_line(None, "KH", "MNHA")
    assert draft.startswith("Số: ") and draft.endswith("/KH-MNHA")
    assert draft[4:-8].strip() == "" and len(draft[4:-8]) == 6


def test_capitals_keep_vietnamese_diacritics():
    assert vn.upper("Trường Mầm non Hùng An") == "TRƯỜNG MẦM NON HÙNG AN"
    assert vn.upper("phòng gd&đt kim động") == "PHÒNG GD&ĐT KIM ĐỘNG"
    # decomposed input comes out precomposed
    assert vn.upper(unicodedata.normalize("NFD", "trường")) == "TRƯỜNG"


def test_roman_numerals_and_point_letters():
    assert [vn.roman(i) for i in (1, 2, 3, 4, 9, 14)] == ["I", "II", "III", "IV", "IX", "XIV"]
    # the decree's own lettering: a) b) c) d) đ) e) g) — no f
    assert [vn.point_letter(i) for i in range(7)] == ["a", "b", "c", "d", "đ", "e", "g"]


def test_slug_is_ascii_and_readable():
    assert vn.slug("công tác dân vận chính quyền") == "cong-tac-dan-van-chinh-quyen"
    assert vn.slug("Đảng & Nhà nước / 2022") == "dang-nha-nuoc-2022"
    assert vn.slug("../../etc") == "etc"
    assert vn.slug("“”") == "van-ban"


def test_vietnamese_number_format():
    assert vn.number(1234567) == "1.234.567"
    assert vn.number(45.0) == "45"
    assert vn.number(1234.5) == "1.234,5"
    assert vn.number(0.25) == "0,25"


# ---------------------------------------------------------------- hostile input, third round (docs/reliability.md)


def test_19_a_date_in_other_digits_is_refused():
    from danvan_cli.vnformat import parse_date

    with pytest.raises(ValueError):
        parse_date("٢١/١١/٢٠٢٢")
