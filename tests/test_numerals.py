"""Chinese numerals as used in clause labels: statement_site.numerals."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from statement_site.numerals import to_chinese, to_int


@pytest.mark.parametrize(
    ("numeral", "value"),
    [
        ("一", 1),
        ("九", 9),
        ("十", 10),
        ("十一", 11),
        ("十五", 15),
        ("二十", 20),
        ("二十一", 21),
        ("四十七", 47),
        ("九十九", 99),
        ("一百", 100),
        ("一百零一", 101),
        ("一百一十", 110),
        ("一百一十一", 111),
        ("二百四十", 240),
        ("九百九十九", 999),
        ("一千", 1000),
        ("一千零一", 1001),
        ("一千零一十", 1010),
        ("一千一百", 1100),
        ("九千九百九十九", 9999),
    ],
)
def test_usual_forms(numeral: str, value: int) -> None:
    assert to_int(numeral) == value
    assert to_chinese(value) == numeral


@pytest.mark.parametrize(
    ("numeral", "value"),
    [
        ("一十", 10),  # a leading 一 before 十
        ("一十五", 15),
        ("一百零一", 101),
        ("一百〇一", 101),  # 〇 for 零
        ("一百十", 110),  # 十 for 一十 after 百
        ("一千零十", 1010),  # …and after 零
        ("两百", 200),  # 两 for 二
        ("两千零二十", 2020),
        ("一〇一", 101),  # positional digits
        ("二〇二二", 2022),
        ("三", 3),
    ],
)
def test_variants(numeral: str, value: int) -> None:
    assert to_int(numeral) == value


@pytest.mark.parametrize(
    "numeral",
    [
        "",
        "零",
        "〇",
        "〇一",  # a leading zero
        "两",  # 两 is not a label numeral on its own
        "十十",
        "百一",
        "一二十",
        "二十十",
        "一百一十十",
        "百",  # the usual form is 一百
        "千",
        "一百零零一",
        "十零",
        "一万",  # 万 is not a clause numeral
        "五a",
        "第一",
    ],
)
def test_refuses_what_is_not_a_label_numeral(numeral: str) -> None:
    assert to_int(numeral) is None


@pytest.mark.parametrize("number", [0, -1, 10000])
def test_to_chinese_range(number: int) -> None:
    with pytest.raises(ValueError, match=f"no clause numeral for {number}"):
        to_chinese(number)


def test_round_trip_every_number() -> None:
    assert all(to_int(to_chinese(n)) == n for n in range(1, 10000))


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="零〇一二两三四五六七八九十百千", max_size=6))
def test_any_accepted_numeral_reads_back_to_its_usual_form(numeral: str) -> None:
    value = to_int(numeral)
    if value is not None:
        assert 0 < value < 10000
        assert to_int(to_chinese(value)) == value
