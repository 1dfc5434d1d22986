from __future__ import annotations

import json

import pytest
from django.test import Client
from django.urls import reverse

from shuangsuiji.common.audit import AuditEntry
from shuangsuiji.directory.models import User
from shuangsuiji.disclosure import services
from shuangsuiji.disclosure.models import ExemptionState, ResultExemption
from shuangsuiji.inspections.models import FollowUp

from .builders import Publicized, completed_task

pytestmark = pytest.mark.django_db


def login(user: User) -> Client:
    c = Client()
    c.force_login(user)
    return c


def test_lead_admin_requests_and_office_approves_an_exemption_through_the_pages(
    office_admin: User,
) -> None:
    p = completed_task()
    admin = login(p.admin)
    page = admin.get(reverse("plans:task_detail", args=[p.task.pk]))
    html = page.content.decode()
    assert "不予公开申请" in html and "已逾期" in html  # completed 2025-10-31, not publicized
    url = reverse("disclosure:exemption_request", args=[p.task.pk])
    bad = admin.post(url, {"result": p.problem.pk, "reason": ""}, follow=True)
    assert "请选择检查结果并填写" in bad.content.decode()
    admin.post(url, {"result": p.problem.pk, "reason": "涉及个人隐私（个人信息保护法）"})
    e = ResultExemption.objects.get(result=p.problem)
    assert e.state == ExemptionState.REQUESTED
    assert AuditEntry.objects.filter(action="result_exemption.request").count() == 1
    # Only the office decides: the department admin's POST is refused with a message.
    admin.post(reverse("disclosure:exemption_decide", args=[e.pk]), {"decision": "approve"})
    e.refresh_from_db()
    assert e.state == ExemptionState.REQUESTED
    office = login(office_admin)
    listing = office.get(reverse("disclosure:exemption_list")).content.decode()
    assert p.problem.entity.name in listing and "批准不公开" in listing
    office.post(reverse("disclosure:exemption_decide", args=[e.pk]), {"decision": "approve"})
    e.refresh_from_db()
    assert e.state == ExemptionState.APPROVED and e.decided_by == office_admin


def test_other_departments_cannot_request_or_see_requests(health_admin: User) -> None:
    p = completed_task()
    c = login(health_admin)
    r = c.post(reverse("disclosure:exemption_request", args=[p.task.pk]), {"result": 1})
    assert r.status_code == 404
    assert not ResultExemption.objects.exists()
    services.exemption_request(actor=p.admin, result=p.problem, reason="涉及商业秘密")
    listing = c.get(reverse("disclosure:exemption_list")).content.decode()
    assert p.problem.entity.name not in listing and "没有符合条件的申请" in listing


def test_result_export_page_counts_and_downloads(publicized: Publicized) -> None:
    c = login(publicized.admin)
    url = reverse("disclosure:result_export")
    page = c.get(url, {"task": publicized.task.code, "format": "json"})
    assert f"共 <strong>{len(publicized.results)}</strong> 条" in page.content.decode()
    r = c.get(url, {"task": publicized.task.code, "format": "json", "download": "1"})
    assert r["Content-Disposition"].startswith("attachment; filename*=utf-8''")
    assert len(json.loads(r.content)) == len(publicized.results)
    missing = c.get(url, {"task": "NO-SUCH", "format": "csv", "download": "1"}, follow=True)
    assert "没有编号为 NO-SUCH 的抽查任务" in missing.content.decode()


def test_sanction_lookup_shows_listing_and_case_with_source_and_date(
    publicized: Publicized, health_admin: User, client: Client
) -> None:
    entity = publicized.problem.entity
    entity.abnormal_list = True
    entity.abnormal_listed_on = entity.established_on or publicized.task.completed_on
    entity.save()
    url = reverse("disclosure:sanction_lookup")
    assert client.get(url, {"q": entity.uscc}).status_code == 302  # login required
    c = login(health_admin)  # any member department may look a firm up
    page = c.get(url, {"q": entity.uscc.lower()}).content.decode()
    assert "存在失信记录或在办案件" in page and "列入经营异常名录" in page
    case = FollowUp.objects.get(result=publicized.problem)
    assert "立案查处" in page and case.owner_department.name in page
    assert "内部处置说明" not in page  # the follow-up's note stays internal
    clean = publicized.results[1].entity
    page = c.get(url, {"q": clean.uscc}).content.decode()
    assert "未发现列入经营异常名录" in page
    assert "没有找到" in c.get(url, {"q": "91410324MA00000000"}).content.decode()
