"""USCC: the exact message a user reads for each broken rule, check functions on wrong lengths,
and completing a prefix. Every expected value is worked out by hand below."""

from __future__ import annotations

import pytest

from shuangsuiji.common import uscc


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("", "不能为空"),
        ("  ", "不能为空"),
        ("9141032417167228", "应为18位，实际16位"),
        # Two forbidden letters are named in alphabetical order, joined by 、.
        ("91410324MA44XKOR8I", "含有不允许的字母 I、O（代码中不使用 I、O、S、V、Z）"),
        # '#' (U+0023) sorts before '@' (U+0040).
        ("91410324171672@#2Q", "含有非法字符 #、@"),
        ("9141A324171672282Q", "第3—8位（登记管理机关行政区划码）应为数字"),
        # Positions 9-16 "17167228": 1·3 + 7·7 + 1·9 + 6·10 + 7·5 + 2·8 + 2·4 + 8·2 = 196,
        # 196 mod 11 = 9, 11 - 9 = 2; the code says 3 in position 17.
        ("91410324171672283Q", "第17位（组织机构代码校验码）应为 2，实际为 3"),
        # 91410324MA44XK7R85 is valid (domain brief), so position 18 must be 5, not 6.
        ("91410324MA44XK7R86", "第18位校验码应为 5，实际为 6"),
    ],
)
def test_each_broken_rule_reads_exactly_as_the_user_sees_it(code: str, message: str) -> None:
    with pytest.raises(uscc.USCCError) as caught:
        uscc.validate(code)
    assert str(caught.value) == message


@pytest.mark.parametrize("first17", ["", "9141032417167228", "91410324171672282Q"])
def test_position_18_check_refuses_anything_but_17_characters(first17: str) -> None:
    with pytest.raises(ValueError, match="zip"):
        uscc.check_char_18(first17)


@pytest.mark.parametrize("org8", ["", "1716722", "171672281"])
def test_position_17_check_refuses_anything_but_8_characters(org8: str) -> None:
    with pytest.raises(ValueError, match="zip"):
        uscc.check_char_17(org8)


@pytest.mark.parametrize("code", ["91410324MA44XK7R85", "91410324171672282Q", "91110000802100433B"])
def test_completing_a_valid_codes_first_17_characters_gives_the_code_back(code: str) -> None:
    assert uscc.complete(code[:17]) == code


def test_is_valid_answers_true_for_a_valid_code_and_false_for_a_broken_one() -> None:
    assert uscc.is_valid("91410324MA44XK7R85") is True
    assert uscc.is_valid("91410324MA44XK7R86") is False
