"""The result and follow-up pages: A's sub-codes, the 涉嫌犯罪 hint and its answers, a 抄告
listed by 市场监管 and removed with its reason; refusals shown in Chinese, never a 500."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from shuangsuiji.directory.models import Entity, User
from shuangsuiji.inspections import services
from shuangsuiji.inspections.models import AbnormalListing, FollowUp, Result

from ..sampling import builders as b
from .builders import DAY, Drawn, drawn_task

pytestmark = pytest.mark.django_db


def page(drawn: Drawn) -> str:
    return reverse("inspections:assignment", args=[drawn.draw.pk, drawn.entity.pk])


def test_a_with_sub_codes_and_a_crime_hint_through_the_pages(client: Client, drawn: Drawn) -> None:
    item = drawn.task.items.get()
    client.force_login(drawn.users[0])
    url = reverse("inspections:result_save", args=[drawn.draw.pk, drawn.entity.pk, item.pk])
    data = {f"i{item.pk}-method": "onsite", f"i{item.pk}-inspected_on": "2025-06-10"}
    refused = client.post(url, {**data, f"i{item.pk}-category": "A"}, follow=True)
    assert "须同时选择具体问题类别" in refused.content.decode()
    client.post(
        url,
        {
            **data,
            f"i{item.pk}-category": "A",
            f"i{item.pk}-sub_categories": ["2"],
            f"i{item.pk}-findings": "现场发现当事人存在犯罪嫌疑",
        },
    )
    result = Result.objects.get()
    assert result.sub_categories == "2"
    body = client.get(page(drawn)).content.decode()
    assert "A（2）" in body and "<strong>涉嫌犯罪提示</strong>" in body
    client.post(
        reverse("inspections:crime_dismiss", args=[result.pk]),
        {"crime_hint_dismissal": "系当事人自述，经核实不成立"},
    )
    assert "<strong>涉嫌犯罪提示</strong>" not in client.get(page(drawn)).content.decode()


def test_market_lists_a_health_referral_and_removes_it_on_the_follow_up_page(
    client: Client, market_admin: User, health_admin: User
) -> None:
    drawn = drawn_task(code="LC2025-WJW-111", department=b.health())
    first, second = drawn.users[:2]
    result = services.result_save(
        actor=first,
        draw_id=drawn.draw.pk,
        entity_id=drawn.entity.pk,
        item=drawn.task.items.get(),
        method="onsite",
        inspected_on=DAY,
        category="6",
    )
    for user in (first, second):
        services.result_confirm(actor=user, result=result)
    client.force_login(first)
    prefix = f"f{result.item_id}"
    refused = client.post(
        reverse("inspections:follow_up_create", args=[result.pk]),
        {f"{prefix}-action": "abnormal_list", f"{prefix}-due_on": "2025-06-20"},
        follow=True,
    )
    assert refused.status_code == 200 and "抄告" in refused.content.decode()
    client.post(
        reverse("inspections:follow_up_create", args=[result.pk]),
        {f"{prefix}-action": "refer_listing", f"{prefix}-due_on": "2025-06-30"},
    )
    referral = FollowUp.objects.get(action="refer_listing")
    enter = reverse("inspections:listing_enter", args=[referral.pk])
    client.force_login(health_admin)
    assert (
        "列入经营异常名录（登记机关办理抄告）"
        not in client.get(reverse("inspections:follow_up", args=[referral.pk])).content.decode()
    )
    client.post(enter, {"listed_on": "2025-06-20"})
    assert not AbnormalListing.objects.exists()

    client.force_login(market_admin)
    detail = client.get(reverse("inspections:follow_up", args=[referral.pk]))
    assert "列入经营异常名录（登记机关办理抄告）" in detail.content.decode()
    done = client.post(enter, {"listed_on": "2025-06-20", "decision_no": "栾市监异列〔2025〕9号"})
    listing = AbnormalListing.objects.get()
    assert done["Location"] == reverse("inspections:follow_up", args=[listing.follow_up_id])
    assert Entity.objects.get(pk=drawn.entity.pk).abnormal_list is True
    remove = reverse("inspections:listing_remove", args=[listing.pk])
    wrong = client.post(
        remove, {"removal_reason": "disclosed", "removed_on": "2025-08-01"}, follow=True
    )
    assert "移出原因应为" in wrong.content.decode()
    client.post(remove, {"removal_reason": "reachable", "removed_on": "2025-08-01"})
    listing.refresh_from_db()
    assert listing.removed_on == dt.date(2025, 8, 1)
    shown = client.get(reverse("inspections:follow_up", args=[listing.follow_up_id]))
    assert "已办理住所（经营场所）变更登记或可重新取得联系" in shown.content.decode()
