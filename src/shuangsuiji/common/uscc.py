"""统一社会信用代码 (GB 32100-2015): normalisation and both check characters.

Position 18 is checked over positions 1-17 (base 31, weights 3^(i-1) mod 31); position 17 is
the organization-code (GB 11714) check digit over positions 9-16. See docs in domain.md.
"""

from __future__ import annotations

import unicodedata

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_VALUE = {ch: i for i, ch in enumerate(ALPHABET)}
_WEIGHTS_18 = [pow(3, i, 31) for i in range(17)]
_WEIGHTS_ORG = [3, 7, 9, 10, 5, 8, 4, 2]
_FORBIDDEN = set("IOSVZ")


class USCCError(ValueError):
    """Why a code is not a valid 统一社会信用代码; the message is Chinese, for users."""


def normalize(raw: str) -> str:
    """Trim, fold full-width to half-width (NFKC), drop inner spaces, upper-case."""
    folded = unicodedata.normalize("NFKC", raw or "")
    return "".join(folded.split()).upper()


def check_char_18(first17: str) -> str:
    total = sum(_VALUE[ch] * w for ch, w in zip(first17, _WEIGHTS_18, strict=True))
    return ALPHABET[(31 - total % 31) % 31]


def _org_value(ch: str) -> int:
    if ch.isdigit():
        return int(ch)
    return ord(ch) - ord("A") + 10


def check_char_17(org8: str) -> str:
    total = sum(_org_value(ch) * w for ch, w in zip(org8, _WEIGHTS_ORG, strict=True))
    r = 11 - total % 11
    if r == 10:
        return "X"
    if r == 11:
        return "0"
    return str(r)


def validate(code: str) -> str:
    """Return the normalised code, or raise USCCError naming the first rule it breaks."""
    value = normalize(code)
    if not value:
        raise USCCError("不能为空")
    if len(value) != 18:
        raise USCCError(f"应为18位，实际{len(value)}位")
    bad = sorted({ch for ch in value if ch in _FORBIDDEN})
    if bad:
        raise USCCError(f"含有不允许的字母 {'、'.join(bad)}（代码中不使用 I、O、S、V、Z）")
    unknown = sorted({ch for ch in value if ch not in _VALUE})
    if unknown:
        raise USCCError(f"含有非法字符 {'、'.join(unknown)}")
    if not value[2:8].isdigit():
        raise USCCError("第3—8位（登记管理机关行政区划码）应为数字")
    expected_17 = check_char_17(value[8:16])
    if value[16] != expected_17:
        raise USCCError(f"第17位（组织机构代码校验码）应为 {expected_17}，实际为 {value[16]}")
    expected_18 = check_char_18(value[:17])
    if value[17] != expected_18:
        raise USCCError(f"第18位校验码应为 {expected_18}，实际为 {value[17]}")
    return value


def is_valid(code: str) -> bool:
    try:
        validate(code)
    except USCCError:
        return False
    return True


def complete(prefix17: str) -> str:
    """Append the check character to 17 characters (used by demo data and tests)."""
    return prefix17 + check_char_18(prefix17)
