from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shuangsuiji.common import uscc

VALID = [
    "91350100M000100Y43",
    "91110000802100433B",
    "91320621MA1MRHG205",
    "91410324MA44XK7R85",
    "91410324171672282Q",
]


@pytest.mark.parametrize("code", VALID)
def test_valid_codes_from_the_domain_brief_pass(code: str) -> None:
    assert uscc.validate(code) == code


def test_full_width_lower_case_code_with_spaces_is_normalised() -> None:
    assert uscc.validate(" ９１４１０３２４ｍａ４４ ｘｋ７ｒ８５ ") == "91410324MA44XK7R85"


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("", "不能为空"),
        ("9141032417167228", "应为18位，实际16位"),
        ("91410324171672282QX", "应为18位，实际19位"),
        ("91410324MA44XK7R86", "第18位校验码应为 5"),
        ("91410324MA44XKIR85", "不允许的字母 I"),
        ("91410324MA44XKOR85", "不允许的字母 O"),
        ("91410324MA44XKSR85", "不允许的字母 S"),
        ("91410324MA44XKVR85", "不允许的字母 V"),
        ("91410324MA44XKZR85", "不允许的字母 Z"),
        ("914103241716722#2Q", "非法字符 #"),
        ("9141A324171672282Q", "第3—8位"),
        ("914103241716722812", "第17位（组织机构代码校验码）应为 2"),
    ],
)
def test_each_error_kind_has_its_own_message(code: str, message: str) -> None:
    with pytest.raises(uscc.USCCError, match=message):
        uscc.validate(code)


def test_position_17_check_digit_examples() -> None:
    # GB 11714: r = 10 gives X, r = 11 gives 0.
    assert uscc.check_char_17("17167228") == "2"
    assert uscc.check_char_17("MA44XK7R") == "8"
    assert uscc.check_char_17("80210043") == "3"


ORG_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"


@st.composite
def valid_codes(draw: st.DrawFn) -> str:
    head = draw(st.sampled_from(["91", "92", "93", "12", "51", "Y1"]))
    area = draw(st.from_regex(r"\A[0-9]{6}\Z"))
    org8 = draw(st.text(alphabet=ORG_CHARS, min_size=8, max_size=8))
    return uscc.complete(head + area + org8 + uscc.check_char_17(org8))


@given(valid_codes())
def test_generated_codes_validate(code: str) -> None:
    assert uscc.validate(code) == code


@given(valid_codes(), st.integers(0, 17), st.sampled_from(list(ORG_CHARS)))
def test_any_single_character_change_is_caught(code: str, pos: int, ch: str) -> None:
    changed = code[:pos] + ch + code[pos + 1 :]
    if changed != code:
        assert not uscc.is_valid(changed)
