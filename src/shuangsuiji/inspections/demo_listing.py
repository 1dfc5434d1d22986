"""Demo step after the results: 经营异常名录 as the law runs it, and a 涉嫌犯罪 hint.

So that the demo shows each state (企业经营异常名录管理暂行办法 第四条): a B result listed only
after its 责令改正 deadline passed uncorrected, another B whose deadline passed with the listing
still due, a 卫健 result 6 sent to 市场监管 as a 抄告 and listed by 市场监管 (the firm's flag set),
a listing removed (移出) with its reason, and a note whose words suggest a crime while nobody
ticked 涉嫌犯罪 (the hint). Written through the services; idempotent.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from shuangsuiji.directory.models import Role, User
from shuangsuiji.sampling.models import Selection

from . import crime, listings, rules, services
from .demo import HEALTH_TASK, MARKET_TASK, Officer, reserved_for_listings
from .models import (
    AbnormalListing,
    FollowUp,
    FollowUpAction,
    RemovalReason,
    Result,
    ResultCategory,
)
from .selectors import build_assignments

Say = Callable[[str], None]
YEAR = 2025
HINT_NOTE = "经初步调查，当事人存在犯罪嫌疑，待进一步核实案值"


@dataclass
class DemoListings:
    listed: int = 0
    referred: int = 0
    removed: int = 0
    due: int = 0
    hints: int = 0

    @property
    def wrote_anything(self) -> bool:
        return bool(self.listed or self.referred or self.removed or self.hints)


def _before_today(day: dt.date) -> dt.date:
    return min(day, timezone.localdate())


def _record(a: Any, category: str, findings: str, day: dt.date) -> list[Result]:
    """The assignment's results in ``category``, confirmed by both officers."""
    first, second = Officer(a.officers[0]), Officer(a.officers[1])
    out = []
    for item in a.items():
        result = services.result_save(
            actor=first,
            draw_id=a.draw.pk,
            entity_id=a.entity.pk,
            item=item,
            method="onsite",
            inspected_on=day,
            category=category,
            findings=findings,
        )
        services.result_confirm(actor=first, result=result)
        services.result_confirm(actor=second, result=result)
        out.append(result)
    return out


def _b_after_deadline(admin: User, market: list[Any], out: DemoListings) -> None:
    """Two 市场监管 firms found B and ordered to correct: the first re-checked uncorrected after
    the deadline and then listed; the second still open past its deadline, its listing due."""
    for n, a in enumerate(market):
        day = a.task.window_start + dt.timedelta(days=10 + n)
        deadline = day + dt.timedelta(days=15)
        for result in _record(a, ResultCategory.NOT_PUBLICIZED, "2024年度报告未按期公示。", day):
            f = services.follow_up_create(
                actor=Officer(a.officers[0]),
                result=result,
                action=FollowUpAction.CORRECTION,
                due_on=deadline + dt.timedelta(days=15),
                correction_deadline=deadline,
                note="责令于期限内通过国家企业信用信息公示系统补报并公示年度报告",
            )
            if n == 1:
                out.due += 1
                continue
            recheck = _before_today(deadline + dt.timedelta(days=1))
            services.follow_up_close(
                actor=admin,
                follow_up=f,
                closure_note="改正期限届满，复查时仍未公示",
                closed_on=recheck,
                recheck_on=recheck,
                recheck_note="登录公示系统查验，仍未补报",
                corrected=False,
            )
            listings.abnormal_list_enter(
                actor=admin,
                result=result,
                listed_on=_before_today(deadline + dt.timedelta(days=5)),
                decision_no="栾市监异列〔2025〕101号",
            )
            out.listed += 1


def _health_referral(admin: User, health: list[Any], out: DemoListings) -> None:
    """A 卫健 team finds the firm unreachable (6), refers it, and 市场监管 lists it."""
    for a in health:
        day = a.task.window_start + dt.timedelta(days=12)
        findings = "按登记住所两次上门均无法联系，电话停机。"
        for result in _record(a, ResultCategory.UNREACHABLE, findings, day):
            referral = services.follow_up_create(
                actor=Officer(a.officers[0]),
                result=result,
                action=FollowUpAction.REFER_LISTING,
                due_on=day + dt.timedelta(days=20),
                notified_on=day + dt.timedelta(days=1),
                note="通过登记的住所无法联系，抄告县市场监督管理局依法列入经营异常名录",
            )
            out.referred += 1
            listings.abnormal_list_enter(
                actor=admin,
                result=result,
                referral=referral,
                listed_on=_before_today(day + dt.timedelta(days=8)),
                decision_no="栾市监异列〔2025〕102号",
            )
            out.listed += 1


def _removal(admin: User, out: DemoListings) -> None:
    """The earliest listing on 6 or C: the firm came back into contact (or corrected)."""
    listing = (
        AbnormalListing.objects.filter(
            removed_on__isnull=True, ground__in=["6", "C"], referral__isnull=True
        )
        .order_by("listed_on", "pk")
        .first()
    )
    if listing is None:
        return
    reason = RemovalReason.REACHABLE if listing.ground == "6" else RemovalReason.CORRECTED
    listings.abnormal_list_remove(
        actor=admin,
        listing=listing,
        reason=reason,
        removed_on=_before_today(listing.listed_on + dt.timedelta(days=30)),
        note="企业申请移出，经核实可通过登记的住所取得联系"
        if listing.ground == "6"
        else "企业已更正其公示的信息",
    )
    out.removed += 1


def _hint(out: DemoListings) -> None:
    """A 立案查处 whose note suggests a crime while nobody ticked 涉嫌犯罪: the hint."""
    results = Result.objects.filter(
        draw__task__year=YEAR,
        category__in=[ResultCategory.MARKET_RULES, ResultCategory.FOOD_DRUG],
        suspected_crime=False,
    ).order_by("pk")
    for result in results:
        a = build_assignments({(result.draw_id, result.entity_id)})
        if not a or len(a[0].officers) < 2 or crime.is_suspected(result):
            continue
        services.follow_up_create(
            actor=Officer(a[0].officers[0]),
            result=result,
            action=FollowUpAction.CASE,
            due_on=result.inspected_on + dt.timedelta(days=60),
            note=HINT_NOTE,
        )
        out.hints += 1
        return


@transaction.atomic
def load_listings(say: Say | None = None) -> Any:
    say = say or (lambda _message: None)
    out = DemoListings()
    done = (
        AbnormalListing.objects.filter(referral__isnull=False).exists()
        or AbnormalListing.objects.filter(removed_on__isnull=False).exists()
        or FollowUp.objects.filter(note=HINT_NOTE).exists()
    )
    if done:
        say("演示经营异常名录已存在，未新增")
        return out
    ra = listings.registration_authority()
    admins = User.objects.filter(department=ra, role=Role.DEPT_ADMIN, is_active=True)
    admin = admins.order_by("pk").first()
    if admin is None:
        say("没有市场监管管理员账号，未演示经营异常名录")
        return out
    pairs = set(
        Selection.objects.filter(draw__is_current=True, draw__task__year=YEAR).values_list(
            "draw_id", "entity_id"
        )
    )
    recorded = set(Result.objects.values_list("draw_id", "entity_id"))
    free = [a for a in build_assignments(pairs - recorded) if len(a.officers) >= 2]
    reserved = reserved_for_listings(free)
    _b_after_deadline(admin, [a for a in reserved if a.task.code == MARKET_TASK], out)
    _health_referral(admin, [a for a in reserved if a.task.code == HEALTH_TASK], out)
    _removal(admin, out)
    _hint(out)
    say(
        f"经营异常名录：列入 {out.listed} 户（{rules.LISTING_LAW}），其中抄告后列入 "
        f"{out.referred} 户，移出 {out.removed} 户，逾期未改正待列入 {out.due} 户；"
        f"涉嫌犯罪提示 {out.hints} 条"
    )
    return out
