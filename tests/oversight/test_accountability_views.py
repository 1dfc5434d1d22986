"""问责/免责审查 pages: opening through the form, the page, the claim, the decision, the list's
server-side filters, the frozen PDF and the 履职记录 section."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from shuangsuiji.directory.models import User
from shuangsuiji.oversight.models import AccountabilityReview

from .accountability_builders import SURFACED, inspected, open_review

pytestmark = pytest.mark.django_db


def login(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_office_opens_a_review_through_the_form_and_decides_it(office_admin: User) -> None:
    f = inspected()
    office = login(office_admin)
    firm = f.done.entity
    page = office.get(reverse("reviews:new"), {"uscc": firm.uscc.lower()})
    assert page.status_code == 200
    text = page.content.decode()
    assert firm.name in text and "LC2025-SCJG-801" in text
    response = office.post(
        reverse("reviews:new"),
        {
            "uscc": firm.uscc,
            "department": f.drawn.task.lead_department_id,
            "source": "upper",
            "source_reference": "洛市监督〔2026〕5号",
            "surfaced_on": SURFACED.isoformat(),
            "problem": "市局抽检发现不合格产品",
            "selections": [f.done.pk],
            "claimed_exemption": "technical_limit",
            "claim_note": "现场检查无法检测成分",
        },
    )
    review = AccountabilityReview.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "reviews:detail", args=[review.pk]
    )
    assert list(review.selections.all()) == [f.done]
    detail = office.get(response["Location"]).content.decode()
    assert "因现有专业技术手段限制不能发现所存在问题的" in detail and "作出审查决定" in detail
    office.post(
        reverse("reviews:decide", args=[review.pk]),
        {
            "decision": "exempt",
            "exemption_case": "technical_limit",
            "reason": "成分须实验室检测，现场检查无法发现",
        },
    )
    review.refresh_from_db()
    assert (review.decision, review.exemption_case) == ("exempt", "technical_limit")
    assert (
        "审查决定：免责" in office.get(reverse("reviews:detail", args=[review.pk])).content.decode()
    )


def test_a_refused_opening_says_why_and_writes_nothing(office_admin: User) -> None:
    f = inspected()
    response = login(office_admin).post(
        reverse("reviews:new"),
        {
            "uscc": f.done.entity.uscc,
            "department": f.drawn.task.lead_department_id,
            "source": "complaint",
            "surfaced_on": SURFACED.isoformat(),
            "problem": "投诉",
            "adverse": "on",
            "selections": [f.done.pk],
        },
        follow=True,
    )
    assert response.status_code == 200
    assert "不良后果情况：造成不良后果的，请写明不良后果情况" in response.content.decode()
    assert not AccountabilityReview.objects.exists()


def test_the_department_claims_but_does_not_decide(office_admin: User) -> None:
    f = inspected()
    review = open_review(office_admin, f.done)
    dept = login(f.admin)
    page = dept.get(reverse("reviews:detail", args=[review.pk])).content.decode()
    assert "登记免责申请" in page and "作出审查决定" not in page
    dept.post(
        reverse("reviews:claim", args=[review.pk]),
        {"claimed_exemption": "duty_performed", "claim_note": "按计划检查"},
    )
    review.refresh_from_db()
    assert review.claimed_exemption == "duty_performed"
    refused = dept.post(
        reverse("reviews:decide", args=[review.pk]),
        {"decision": "exempt", "exemption_case": "duty_performed", "reason": "自定"},
    )
    assert refused.status_code == 403
    assert login(f.admin).get(reverse("reviews:new")).status_code == 403


def test_the_list_filters_in_the_database_and_the_pdf_is_the_frozen_one(
    office_admin: User,
) -> None:
    f = inspected()
    first = open_review(office_admin, f.done)
    second = open_review(office_admin, f.half, source="accident")
    office = login(office_admin)
    url = reverse("reviews:list")
    both = office.get(url).content.decode()
    assert first.code in both and second.code in both
    only = office.get(url, {"state": "open", "q": f.half.entity.name}).content.decode()
    assert second.code in only and first.code not in only
    pdf = office.get(reverse("reviews:duty_pdf", args=[first.pk]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content == bytes(first.duty_pdf)
    record = office.get(
        reverse("duty:department", args=[f.drawn.task.lead_department_id]), {"year": 2025}
    )
    assert first.code in record.content.decode()
    printed = office.get(
        reverse("duty:department_pdf", args=[f.drawn.task.lead_department_id]), {"year": 2025}
    )
    assert printed.status_code == 200 and printed.content.startswith(b"%PDF")
