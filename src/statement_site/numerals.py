"""Chinese numerals as used to number clauses: 一 … 十 … 四十七 … 一百零一 … 二百四十.

``to_int`` accepts the forms that appear in clause labels, with or without a leading 一 before
十 (十五 and 一十五, 一百一十 and 一百十), with 零 or 〇 for a skipped place (一百零一), and digit
strings in the positional style (一〇一). It refuses anything else, so a run of numeral
characters that is not a number (十十, 百一) is never taken for a clause label. ``to_chinese``
writes the usual form.
"""

from __future__ import annotations

DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
          "八": 8, "九": 9}  # fmt: skip
UNITS = {"十": 10, "百": 100, "千": 1000}
CHARACTERS = "".join(DIGITS) + "".join(UNITS)
WRITE_DIGITS = "零一二三四五六七八九"


def to_int(numeral: str) -> int | None:
    """The value of a Chinese numeral from 1 to 9999, or None if ``numeral`` is not one."""
    if not numeral or any(ch not in DIGITS and ch not in UNITS for ch in numeral):
        return None
    if not any(ch in UNITS for ch in numeral):
        # Positional digits (一〇一). A leading zero or 两 is not a number label.
        if numeral[0] in "零〇" or "两" in numeral:
            return None
        value = int("".join(str(DIGITS[ch]) for ch in numeral))
        return value if value < 10000 else None
    total, digit = 0, 0
    for ch in numeral:
        if ch in UNITS:
            total += (digit or 1) * UNITS[ch]
            digit = 0
        else:
            digit = DIGITS[ch]
    total += digit
    # Accept the numeral only if it is the usual way to write its value, give or take the
    # variants 〇 for 零, 两 for 二, a leading 一十 for 十 and 十 for 一十 after 百 or 零
    # (一百十, 一千零十): this refuses 十十, 百一, 一二十.
    usual = numeral.replace("〇", "零").replace("两", "二")
    if usual.startswith("一十"):
        usual = usual[1:]
    usual = usual.replace("百十", "百一十").replace("零十", "零一十")
    if not 0 < total < 10000 or to_chinese(total) != usual:
        return None
    return total


def to_chinese(number: int) -> str:
    """The usual Chinese numeral for 1 <= number < 10000: 十五, 四十七, 一百零一, 二百四十."""
    if not 0 < number < 10000:
        raise ValueError(f"no clause numeral for {number}")
    parts: list[str] = []
    places = [(1000, "千"), (100, "百"), (10, "十"), (1, "")]
    zero = False
    started = False
    for value, unit in places:
        digit = number // value % 10
        if digit == 0:
            if started:
                zero = True
            continue
        if zero:
            parts.append("零")
            zero = False
        if not (value == 10 and digit == 1 and not started):
            parts.append(WRITE_DIGITS[digit])
        parts.append(unit)
        started = True
    return "".join(parts)
