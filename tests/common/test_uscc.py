"""统一社会信用代码 against a second, independent GB 32100 / GB 11714 implementation.

The oracle below is written from the standards' text (alphabet, weights, remainders), not from
``shuangsuiji.common.uscc``; it is itself checked against the hand-checked examples first.
"""

from __future__ import annotations

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from shuangsuiji.common import uscc

VALID = [
    "91350100M000100Y43",
    "91110000802100433B",
    "91320621MA1MRHG205",
    "91410324MA44XK7R85",
    "91410324171672282Q",
]

# ---------------------------------------------------------------- the oracle

# GB 32100: 31 characters, I O S V Z left out; a character's value is its index.
CODE_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
# 3^(i-1) mod 31 for positions 1..17, as printed in the standard.
WEIGHTS_18 = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
# GB 11714: digits are themselves, A=10 … Z=35 (the full Latin alphabet).
ORG_VALUES = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
WEIGHTS_17 = (3, 7, 9, 10, 5, 8, 4, 2)
FORBIDDEN = "IOSVZ"


def oracle_17(org8: str) -> str:
    total = sum(ORG_VALUES.index(ch) * w for ch, w in zip(org8, WEIGHTS_17, strict=True))
    r = 11 - total % 11
    return {10: "X", 11: "0"}.get(r, str(r))


def oracle_18(first17: str) -> str:
    total = sum(CODE_ALPHABET.index(ch) * w for ch, w in zip(first17, WEIGHTS_18, strict=True))
    return CODE_ALPHABET[(31 - total % 31) % 31]


def oracle_valid(code: str) -> bool:
    """Validity of an already normalised code, rule by rule."""
    return (
        len(code) == 18
        and all(ch in CODE_ALPHABET for ch in code)
        and all(ch in "0123456789" for ch in code[2:8])
        and code[16] == oracle_17(code[8:16])
        and code[17] == oracle_18(code[:17])
    )


def build(head: str, area: str, org8: str) -> str:
    first17 = head + area + org8 + oracle_17(org8)
    return first17 + oracle_18(first17)


def full_width(text: str) -> str:
    """ASCII letters and digits to their full-width forms (U+FF01 block), by code point."""
    return "".join(chr(ord(ch) + 0xFEE0) if ch.isalnum() else ch for ch in text)


heads = st.text(alphabet=CODE_ALPHABET, min_size=2, max_size=2)
areas = st.text(alphabet="0123456789", min_size=6, max_size=6)
org_bodies = st.text(alphabet=CODE_ALPHABET, min_size=8, max_size=8)


@st.composite
def valid_codes(draw: st.DrawFn) -> str:
    return build(draw(heads), draw(areas), draw(org_bodies))


# ---------------------------------------------------------------- the oracle itself


@pytest.mark.parametrize("code", VALID)
def test_oracle_accepts_the_hand_checked_examples(code: str) -> None:
    assert oracle_valid(code)
    assert build(code[:2], code[2:8], code[8:16]) == code


def test_oracle_weights_are_powers_of_three_mod_31() -> None:
    assert tuple(3**i % 31 for i in range(17)) == WEIGHTS_18


# ---------------------------------------------------------------- the module against it


@pytest.mark.parametrize("code", VALID)
def test_valid_codes_from_the_domain_brief_pass(code: str) -> None:
    assert uscc.validate(code) == code


@pytest.mark.parametrize(
    ("org8", "check"),
    [
        ("17167228", "2"),  # 91410324171672282Q
        ("MA44XK7R", "8"),  # 91410324MA44XK7R85
        ("80210043", "3"),  # 91110000802100433B
        ("M000100Y", "4"),  # 22·3 + 1·5 + 34·2 = 139 ≡ 7 (mod 11), r = 4
        ("00000000", "0"),  # S = 0, r = 11 gives 0
        ("00000006", "X"),  # S = 12 ≡ 1 (mod 11), r = 10 gives X
    ],
)
def test_position_17_check_digit_examples(org8: str, check: str) -> None:
    assert oracle_17(org8) == check
    assert uscc.check_char_17(org8) == check


@given(valid_codes())
def test_codes_built_by_the_oracle_validate(code: str) -> None:
    assert uscc.validate(code) == code
    assert uscc.check_char_18(code[:17]) == code[17]


@given(st.text(alphabet=CODE_ALPHABET, min_size=18, max_size=18))
def test_any_18_characters_are_judged_as_the_oracle_judges_them(code: str) -> None:
    assert uscc.is_valid(code) == oracle_valid(code)


@given(heads, areas, org_bodies, st.sampled_from(list(CODE_ALPHABET)))
def test_a_wrong_position_17_is_rejected_even_with_a_matching_position_18(
    head: str, area: str, org8: str, wrong: str
) -> None:
    assume(wrong != oracle_17(org8))
    first17 = head + area + org8 + wrong
    code = first17 + oracle_18(first17)
    with pytest.raises(uscc.USCCError, match="第17位"):
        uscc.validate(code)


@given(heads, st.integers(0, 5), st.sampled_from(list(CODE_ALPHABET[10:])), org_bodies)
def test_a_letter_in_positions_3_to_8_is_rejected_even_with_both_checks_right(
    head: str, at: int, letter: str, org8: str
) -> None:
    area = "410324"[:at] + letter + "410324"[at + 1 :]
    code = build(head, area, org8)
    assert not oracle_valid(code)
    with pytest.raises(uscc.USCCError, match="第3—8位"):
        uscc.validate(code)


SUBSTITUTES = CODE_ALPHABET + FORBIDDEN + "#-*."


@pytest.mark.parametrize("code", VALID)
def test_every_single_character_substitution_of_a_valid_code_is_rejected(code: str) -> None:
    tried = 0
    for pos in range(18):
        for ch in SUBSTITUTES:
            if ch == code[pos]:
                continue
            changed = code[:pos] + ch + code[pos + 1 :]
            assert not oracle_valid(changed), changed
            assert not uscc.is_valid(changed), changed
            tried += 1
    assert tried == 18 * (len(SUBSTITUTES) - 1)  # each code's characters are all in SUBSTITUTES


@given(valid_codes(), st.integers(0, 17), st.sampled_from(list(SUBSTITUTES)))
def test_any_single_character_change_of_a_generated_code_is_rejected(
    code: str, pos: int, ch: str
) -> None:
    assume(ch != code[pos])
    assert not uscc.is_valid(code[:pos] + ch + code[pos + 1 :])


@given(valid_codes(), st.integers(0, 17), st.integers(1, 17))
def test_swapping_two_different_characters_is_rejected(code: str, i: int, step: int) -> None:
    j = (i + step) % 18
    assume(code[i] != code[j])
    chars = list(code)
    chars[i], chars[j] = chars[j], chars[i]
    swapped = "".join(chars)
    assert uscc.is_valid(swapped) == oracle_valid(swapped)


@pytest.mark.parametrize("letter", FORBIDDEN)
@pytest.mark.parametrize("pos", [0, 1, 8, 12, 15, 16, 17])
def test_letters_i_o_s_v_z_are_rejected_by_name(letter: str, pos: int) -> None:
    code = VALID[3][:pos] + letter + VALID[3][pos + 1 :]
    with pytest.raises(uscc.USCCError, match=f"不允许的字母 {letter}"):
        uscc.validate(code)
    with pytest.raises(uscc.USCCError, match=f"不允许的字母 {letter}"):
        uscc.validate(code.lower())  # still named after upper-casing


def test_full_width_lower_case_code_with_spaces_is_normalised() -> None:
    assert uscc.validate(" ９１４１０３２４ｍａ４４ ｘｋ７ｒ８５ ") == "91410324MA44XK7R85"


@given(
    valid_codes(),
    st.lists(st.booleans(), min_size=18, max_size=18),
    st.lists(st.booleans(), min_size=18, max_size=18),
    st.lists(st.sampled_from(["", " ", "\u3000", "\t"]), min_size=19, max_size=19),
)
def test_full_width_lower_case_and_spaces_normalise_to_the_code(
    code: str, wide: list[bool], lower: list[bool], gaps: list[str]
) -> None:
    chars = [
        full_width(ch.lower() if low else ch) if w else (ch.lower() if low else ch)
        for ch, w, low in zip(code, wide, lower, strict=True)
    ]
    messy = "".join(gap + ch for gap, ch in zip(gaps, [*chars, ""], strict=True))
    assert uscc.validate(messy) == code
    assert uscc.normalize(messy) == code


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("", "不能为空"),
        ("   ", "不能为空"),
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
    assert not uscc.is_valid(code)
