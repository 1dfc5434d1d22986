"""经营异常名录 from results, as 企业经营异常名录管理暂行办法 第四条 and 企业信息公示暂行条例 list:
B only after an ordered correction deadline passes uncorrected, C and 6 listed, 8 never; only
市场监管 lists, another department refers (抄告); removal with its reason; A with its sub-codes.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from shuangsuiji.common.errors import PermissionDenied, ServiceError
from shuangsuiji.common.models import AuditEntry
from shuangsuiji.directory.models import Department, Entity, User
from shuangsuiji.inspections import listings, services
from shuangsuiji.inspections.checks import completion_blockers, reminders_due
from shuangsuiji.inspections.models import AbnormalListing, FollowUp, Result
from shuangsuiji.inspections.selectors import follow_up_list

from ..sampling import builders as b
from .builders import DAY, Drawn, drawn_task

pytestmark = pytest.mark.django_db

DEADLINE = dt.date(2025, 7, 10)


def confirmed(drawn: Drawn, category: str, **kw: Any) -> Result:
    first, second = drawn.users[:2]
    result = services.result_save(
        actor=first,
        draw_id=drawn.draw.pk,
        entity_id=drawn.entity.pk,
        item=drawn.task.items.get(),
        method="onsite",
        inspected_on=DAY,
        category=category,
        **kw,
    )
    services.result_confirm(actor=first, result=result)
    services.result_confirm(actor=second, result=result)
    return result


def by_category(drawn: Drawn) -> list[str]:
    """The completion blockers the category rules give (the other firms lack results)."""
    return [r for r in completion_blockers(drawn.task) if r.startswith("按检查结果类别")]


def correction(drawn: Drawn, result: Result) -> FollowUp:
    return services.follow_up_create(
        actor=drawn.users[0],
        result=result,
        action="correction",
        due_on=dt.date(2025, 7, 31),
        correction_deadline=DEADLINE,
    )


def list_it(actor: Any, result: Result, on: dt.date, **kw: Any) -> FollowUp:
    return services.follow_up_create(
        actor=actor, result=result, action="abnormal_list", due_on=on, listed_on=on, **kw
    )


def test_b_is_listed_only_after_its_correction_deadline_passes_uncorrected(
    drawn: Drawn, market_admin: User, market_dept: Department
) -> None:
    """暂行办法 第四条第（二）项: listed when not published within the ordered period."""
    result = confirmed(drawn, "B", findings="2024年度报告未公示")
    with pytest.raises(ServiceError, match="须先责令限期改正") as no_order:
        list_it(market_admin, result, dt.date(2025, 6, 20))
    assert no_order.value.field == "action" and "第四条" in no_order.value.message
    services.follow_up_create(
        actor=drawn.users[0], result=result, action="routine", due_on=dt.date(2025, 7, 1)
    )
    [reason] = by_category(drawn)
    assert "B（未按规定公示应当公示的信息）须责令限期改正" in reason
    f = correction(drawn, result)
    assert by_category(drawn) == []
    # On the deadline itself the firm may still correct.
    with pytest.raises(ServiceError, match="改正期限至2025-07-10"):
        list_it(market_admin, result, DEADLINE)
    assert not [r for r in reminders_due(DEADLINE) if r.kind == "listing_due"]
    assert not listings.listing_due(f, DEADLINE)
    # The day after: due, a reminder to 市场监管, and the listing is accepted.
    after = DEADLINE + dt.timedelta(days=1)
    assert listings.listing_due(f, after)
    [due] = [r for r in reminders_due(after) if r.kind == "listing_due"]
    assert due.department_id == market_dept.pk and "2025-07-10届满" in due.text
    listed = list_it(market_admin, result, after, decision_no="栾市监异列〔2025〕1号")
    listing = AbnormalListing.objects.get(follow_up=listed)
    assert (listing.ground, listing.listed_on, listing.department) == ("B", after, market_dept)
    assert listed.owner_department == market_dept and listed.status == FollowUp.Status.CLOSED
    entity = Entity.objects.get(pk=drawn.entity.pk)
    assert (entity.abnormal_list, entity.abnormal_listed_on) == (True, after)
    assert not [r for r in reminders_due(after) if r.kind == "listing_due"]
    entry = AuditEntry.objects.get(action="abnormal_list.enter")
    assert entry.before["entity"]["abnormal_list"] is False
    assert entry.after["entity"] == {"abnormal_list": True, "abnormal_listed_on": "2025-07-11"}


def test_b_corrected_at_the_recheck_is_never_listed(drawn: Drawn, market_admin: User) -> None:
    """暂行办法 第四条第（二）项 lists only what was not corrected within the period."""
    result = confirmed(drawn, "B")
    f = correction(drawn, result)
    with pytest.raises(ServiceError, match="是否已改正") as unsaid:
        services.follow_up_close(
            actor=market_admin, follow_up=f, closure_note="复查", recheck_on=dt.date(2025, 7, 9)
        )
    assert unsaid.value.field == "corrected"
    services.follow_up_close(
        actor=market_admin,
        follow_up=f,
        closure_note="已补报",
        recheck_on=dt.date(2025, 7, 9),
        corrected=True,
    )
    assert not listings.listing_due(FollowUp.objects.get(pk=f.pk), dt.date(2025, 8, 1))
    with pytest.raises(ServiceError, match="已改正，不得列入"):
        list_it(market_admin, result, dt.date(2025, 8, 1))


def test_8_is_published_and_cannot_be_listed(drawn: Drawn, market_admin: User) -> None:
    """企业信息公示暂行条例: 不配合检查情节严重 is published; 第四条 does not list it."""
    result = confirmed(drawn, "8", findings="拒绝提供台账")
    with pytest.raises(
        ServiceError, match="8（不配合检查情节严重）的，依企业信息公示暂行条例予以公示"
    ) as err:
        list_it(market_admin, result, dt.date(2025, 6, 20))
    assert err.value.field == "action"
    with pytest.raises(ServiceError, match="不列入"):
        services.follow_up_create(
            actor=drawn.users[0], result=result, action="refer_listing", due_on=dt.date(2025, 7, 1)
        )
    assert not AbnormalListing.objects.exists() and not FollowUp.objects.exists()
    services.follow_up_create(
        actor=market_admin, result=result, action="case", due_on=dt.date(2025, 7, 31)
    )
    assert Entity.objects.get(pk=drawn.entity.pk).abnormal_list is False


def test_other_categories_are_no_ground_for_a_listing(drawn: Drawn, market_admin: User) -> None:
    """第四条 names four grounds; 2 (违反市场监管相关规定) is none of them."""
    result = confirmed(drawn, "2")
    with pytest.raises(ServiceError, match="不属于列入经营异常名录的情形"):
        list_it(market_admin, result, dt.date(2025, 6, 20))


@pytest.mark.parametrize("category", ["6", "C"])
def test_6_and_c_require_a_listing_and_refuse_none(
    drawn: Drawn, market_admin: User, category: str
) -> None:
    """暂行办法 第四条第（三）（四）项: C and 6 are listed; 无需处置 cannot settle them."""
    result = confirmed(drawn, category)
    with pytest.raises(ServiceError, match="不能以“无需处置”办理") as err:
        services.follow_up_create(
            actor=drawn.users[0], result=result, action="none", due_on=dt.date(2025, 7, 1)
        )
    assert "第四条" in err.value.message and err.value.field == "action"
    services.follow_up_create(
        actor=drawn.users[0], result=result, action="routine", due_on=dt.date(2025, 7, 1)
    )
    [reason] = by_category(drawn)
    assert f"{category} 须列入经营异常名录" in reason
    # 市场监管's own officer on the team lists at once.
    list_it(drawn.users[0], result, dt.date(2025, 6, 12))
    assert by_category(drawn) == []
    assert AbnormalListing.objects.get().ground == category
    with pytest.raises(ServiceError, match="已列入"):
        list_it(market_admin, result, dt.date(2025, 6, 13))


def test_health_result_6_reaches_market_as_a_referral_and_ends_in_its_listing(
    market_admin: User, health_admin: User, market_dept: Department
) -> None:
    """暂行办法 第三条、第四条: only the registration authority lists, whoever found it; another
    department's finding reaches it by 抄告, and the firm's flag and date follow the listing."""
    drawn = drawn_task(code="LC2025-WJW-101", department=b.health())
    result = confirmed(drawn, "6", findings="两次上门无法联系")
    health = drawn.task.lead_department
    with pytest.raises(ServiceError, match="抄告") as refused:
        list_it(drawn.users[0], result, dt.date(2025, 6, 12))
    assert "县市场监督管理局" in refused.value.message and "第四条" in refused.value.message
    with pytest.raises(ServiceError, match="抄告"):
        list_it(health_admin, result, dt.date(2025, 6, 12))
    services.follow_up_create(
        actor=drawn.users[0], result=result, action="routine", due_on=dt.date(2025, 7, 1)
    )
    assert [r for r in by_category(drawn) if "6 须列入经营异常名录" in r]
    referral = services.follow_up_create(
        actor=drawn.users[0], result=result, action="refer_listing", due_on=dt.date(2025, 7, 1)
    )
    assert (referral.owner_department, referral.recipient_department) == (health, market_dept)
    assert by_category(drawn) == []
    # 市场监管 sees it in its list and is reminded.
    assert follow_up_list(actor=market_admin).filter(pk=referral.pk).exists()
    [sent] = [r for r in reminders_due(dt.date(2025, 6, 12)) if r.kind == "listing_referral"]
    assert sent.department_id == market_dept.pk and "县卫生健康委抄告" in sent.text
    with pytest.raises(ServiceError, match="抄告"):
        listings.abnormal_list_enter(actor=health_admin, result=result, referral=referral)

    listing = listings.abnormal_list_enter(
        actor=market_admin, result=result, referral=referral, listed_on=dt.date(2025, 6, 20)
    )
    assert listing.department == market_dept and listing.follow_up.owner_department == market_dept
    assert FollowUp.objects.get(pk=referral.pk).status == FollowUp.Status.CLOSED
    entity = Entity.objects.get(pk=drawn.entity.pk)
    assert (entity.abnormal_list, entity.abnormal_listed_on) == (True, dt.date(2025, 6, 20))
    assert not [r for r in reminders_due(dt.date(2025, 6, 21)) if r.kind == "listing_referral"]


def test_market_does_not_refer_to_itself(drawn: Drawn) -> None:
    result = confirmed(drawn, "6")
    with pytest.raises(ServiceError, match="即登记机关，无需抄告"):
        services.follow_up_create(
            actor=drawn.users[0], result=result, action="refer_listing", due_on=dt.date(2025, 7, 1)
        )


def test_removal_is_recorded_with_a_reason_that_fits_the_ground(
    drawn: Drawn, market_admin: User, health_admin: User
) -> None:
    """移出 (暂行办法): a 6 listing leaves when the firm can be reached again; the register's
    earlier listing of the firm stays."""
    Entity.objects.filter(pk=drawn.entity.pk).update(
        abnormal_list=True, abnormal_listed_on=dt.date(2024, 9, 15)
    )
    result = confirmed(drawn, "6")
    listed = list_it(market_admin, result, dt.date(2025, 6, 20))
    listing = AbnormalListing.objects.get(follow_up=listed)
    assert Entity.objects.get(pk=drawn.entity.pk).abnormal_listed_on == dt.date(2024, 9, 15)
    with pytest.raises(PermissionDenied):
        listings.abnormal_list_remove(actor=health_admin, listing=listing, reason="reachable")
    with pytest.raises(ServiceError, match="移出原因应为") as wrong:
        listings.abnormal_list_remove(actor=market_admin, listing=listing, reason="disclosed")
    assert wrong.value.field == "removal_reason"
    with pytest.raises(ServiceError, match="须填写移出说明"):
        listings.abnormal_list_remove(actor=market_admin, listing=listing, reason="other")
    listings.abnormal_list_remove(
        actor=market_admin,
        listing=listing,
        reason="reachable",
        removed_on=dt.date(2025, 8, 1),
        note="已办理住所变更登记",
    )
    listing.refresh_from_db()
    assert (listing.removed_on, listing.removal_reason) == (dt.date(2025, 8, 1), "reachable")
    entity = Entity.objects.get(pk=drawn.entity.pk)
    assert (entity.abnormal_list, entity.abnormal_listed_on) == (True, dt.date(2024, 9, 15))
    assert AuditEntry.objects.get(action="abnormal_list.remove").reason == "已办理住所变更登记"
    with pytest.raises(ServiceError, match="已移出"):
        listings.abnormal_list_remove(actor=market_admin, listing=listing, reason="reachable")


def test_removing_the_only_listing_clears_the_flag(drawn: Drawn, market_admin: User) -> None:
    result = confirmed(drawn, "C")
    listed = list_it(market_admin, result, dt.date(2025, 6, 20))
    listings.abnormal_list_remove(
        actor=market_admin,
        listing=AbnormalListing.objects.get(follow_up=listed),
        reason="corrected",
    )
    entity = Entity.objects.get(pk=drawn.entity.pk)
    assert (entity.abnormal_list, entity.abnormal_listed_on) == (False, None)


def test_a_carries_its_sub_codes_and_follows_their_rules(drawn: Drawn, market_admin: User) -> None:
    """A (发现问题待后续处理) is stored "with one of the following" categories (domain brief)."""
    kw: dict[str, Any] = {"method": "onsite", "inspected_on": DAY, "category": "A"}
    where: dict[str, Any] = {
        "draw_id": drawn.draw.pk,
        "entity_id": drawn.entity.pk,
        "item": drawn.task.items.get(),
    }
    with pytest.raises(ServiceError, match="须同时选择具体问题类别") as none_given:
        services.result_save(actor=drawn.users[0], **where, **kw)
    assert none_given.value.field == "sub_categories"
    with pytest.raises(ServiceError, match="“1”不能与 A 搭配"):
        services.result_save(actor=drawn.users[0], **where, **kw, sub_categories="1")
    result = confirmed(drawn, "A", sub_categories="6，b")
    assert (result.sub_categories, result.category_text) == ("B,6", "A（B、6）")
    services.follow_up_create(
        actor=drawn.users[0], result=result, action="routine", due_on=dt.date(2025, 7, 1)
    )
    [reason] = by_category(drawn)
    assert "须责令限期改正" in reason and "6 须列入经营异常名录" in reason
    with pytest.raises(ServiceError, match="无需处置"):
        services.follow_up_create(
            actor=drawn.users[0], result=result, action="none", due_on=dt.date(2025, 7, 1)
        )
    # With 6 among its codes the listing need not wait for the B deadline.
    listing = AbnormalListing.objects.get(follow_up=list_it(market_admin, result, DAY))
    assert listing.ground == "6"
