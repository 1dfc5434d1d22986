"""What a result's category allows and requires of its follow-ups (后续处置), from the law.

- 企业经营异常名录管理暂行办法 第四条 names the only grounds for 经营异常名录: (一) the annual
  report not published in time, (二) information not published within the period the
  registration authority ordered (责令的期限), (三) published information that hides the truth
  or is false, (四) a firm that cannot be reached at its registered address. 企业信息公示暂行条例
  says the same. So:
  - B (未按规定公示应当公示的信息) requires 责令改正 with a deadline, and may be listed only
    once that deadline has passed without correction;
  - C (隐瞒真实情况、弄虚作假) and 6 (通过登记的住所无法联系) require a listing and cannot be
    settled with 无需处置;
  - 8 (不配合检查情节严重) is published (企业信息公示暂行条例), never listed; no other category is
    a ground either.
- The registration authority (市场监管) manages the list of the firms it registered (暂行办法
  第三条), whoever found the problem: another department's finding reaches it as a 抄告
  (REFER_LISTING), and 市场监管 lists.
- A (发现问题待后续处理) is read through its sub-codes: A with B follows B's rule.

This module is pure (codes in, Chinese reasons out); services apply it with the dates.
"""

from __future__ import annotations

from dataclasses import dataclass

from shuangsuiji.common.errors import ServiceError

from .models import FollowUpAction, ResultCategory

LISTING_LAW = "企业经营异常名录管理暂行办法 第四条"
PUBLICITY_LAW = "企业信息公示暂行条例"
# Grounds listed once found (第四条第（三）（四）项) and after an ordered deadline (第（二）项).
LISTED_AT_ONCE = frozenset({ResultCategory.FALSE_INFO.value, ResultCategory.UNREACHABLE.value})
LISTED_AFTER_DEADLINE = frozenset({ResultCategory.NOT_PUBLICIZED.value})
LISTING_GROUNDS = LISTED_AT_ONCE | LISTED_AFTER_DEADLINE
UNCOOPERATIVE = ResultCategory.UNCOOPERATIVE.value
# The problems A may pair with: every problem category but A itself and E (已改正 is not
# pending).
SUB_CODES = (
    "B",
    "C",
    "6",
    "2",
    "D",
    "3",
    "4",
    "5",
    "G",
    "8",
)
LISTING_ACTIONS = (FollowUpAction.ABNORMAL_LIST, FollowUpAction.REFER_LISTING)


def label(code: str) -> str:
    return f"{code}（{ResultCategory(code).label}）"


def parse_sub_codes(category: str, raw: str | list[str] | tuple[str, ...]) -> str:
    """A's sub-codes as stored ("B,6"), in SUB_CODES order; refused when A has none or a code is
    unknown. Other categories carry none."""
    if category != ResultCategory.PENDING:
        return ""
    parts = raw if isinstance(raw, list | tuple) else raw.replace("，", ",").split(",")
    codes = {p.strip().upper() for p in parts if p.strip()}
    unknown = sorted(codes - set(SUB_CODES))
    if unknown:
        raise ServiceError(
            f"具体问题类别“{'、'.join(unknown)}”不能与 A 搭配，可选：{'、'.join(SUB_CODES)}",
            field="sub_categories",
        )
    if not codes:
        raise ServiceError(
            "结果为 A（发现问题待后续处理）的，须同时选择具体问题类别（如 B、C、6、2）",
            field="sub_categories",
        )
    return ",".join(c for c in SUB_CODES if c in codes)


def listing_refusal(codes: frozenset[str]) -> str | None:
    """Why no category among ``codes`` is a ground for 经营异常名录, or None when one is."""
    if codes & LISTING_GROUNDS:
        return None
    if UNCOOPERATIVE in codes:
        return (
            f"检查结果为{label(UNCOOPERATIVE)}的，依{PUBLICITY_LAW}予以公示，不列入经营异常名录"
            f"（{LISTING_LAW}规定的列入情形为 B 逾期未改正、C、6）"
        )
    shown = "、".join(sorted(codes)) or "—"
    return (
        f"检查结果 {shown} 不属于列入经营异常名录的情形（{LISTING_LAW}：B 经责令限期改正"
        "逾期未改正、C 公示信息隐瞒真实情况弄虚作假、6 通过登记的住所无法联系）"
    )


def none_refusal(codes: frozenset[str]) -> str | None:
    """Why 无需处置 is not allowed for ``codes``, or None."""
    if codes & LISTED_AT_ONCE:
        found = "、".join(label(c) for c in sorted(codes & LISTED_AT_ONCE))
        return f"检查结果为{found}的，应当列入经营异常名录（{LISTING_LAW}），不能以“无需处置”办理"
    if codes & LISTED_AFTER_DEADLINE:
        return (
            f"检查结果为{label('B')}的，应当责令限期改正（{PUBLICITY_LAW}、{LISTING_LAW}），"
            "不能以“无需处置”办理"
        )
    return None


@dataclass(frozen=True)
class Requirement:
    """A follow-up the category requires before the task may complete."""

    actions: tuple[str, ...]
    text: str


def requirements(codes: frozenset[str]) -> list[Requirement]:
    """The follow-ups ``codes`` require: B a 责令改正 with a deadline, C and 6 a listing (by
    市场监管, or a 抄告 to it from another department)."""
    out = []
    if codes & LISTED_AFTER_DEADLINE:
        out.append(
            Requirement(
                (FollowUpAction.CORRECTION,),
                f"{label('B')}须责令限期改正（{LISTING_LAW}第（二）项）",
            )
        )
    if codes & LISTED_AT_ONCE:
        found = "、".join(sorted(codes & LISTED_AT_ONCE))
        out.append(
            Requirement(
                LISTING_ACTIONS,
                f"{found} 须列入经营异常名录，或抄告登记机关列入（{LISTING_LAW}）",
            )
        )
    return out
