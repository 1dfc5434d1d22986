"""问责/免责审查 through the services (oversight.accountability), on the hand-made task of
accountability_builders: the seed's 免责情形 (四(三)), 追责情形 (四(二)) and 四(一)."""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

import pytest

from shuangsuiji.common.audit import audit_verify
from shuangsuiji.common.errors import PermissionDenied, ServiceError
from shuangsuiji.common.models import AuditEntry
from shuangsuiji.directory.models import User
from shuangsuiji.oversight import accountability as svc
from shuangsuiji.oversight import duty
from shuangsuiji.oversight.models import AccountabilityReview
from shuangsuiji.oversight.statistics import dashboard

from ..conftest import make_user, pinned_today
from ..inspections.builders import account, drawn_task
from ..sampling import builders as b
from .accountability_builders import AGENCY, CODE, SURFACED, inspected, open_review

pytestmark = pytest.mark.django_db


def test_a_mianze_review_is_decided(office_admin: User) -> None:
    """Seed 四(三) 免责情形 1 (已履行抽查检查职责) and 四(一): a complaint about a firm that was
    inspected on site in the window, both officers confirming, is decided 免责; the review keeps
    the duty record, the item list in force and names the team."""
    f = inspected()
    review = open_review(office_admin, f.done, source_reference="12315-2026-0457")
    assert review.code == "ZR2026-001"
    assert review.state == "open"
    team = f.team(f.done)
    assert sorted(review.inspectors.values_list("name", flat=True)) == sorted(o.name for o in team)
    (line,) = review.evidence["duty"]
    assert line["task"] == CODE and line["window"] == ["2025-04-01", "2025-10-31"]
    (result,) = line["results"]
    assert (result["method"], result["inspected_on"], result["category"]) == (
        "现场",
        "2025-06-10",
        "1",
    )
    assert result["confirmed"] and result["in_window"] and len(result["confirmations"]) == 2
    (item,) = review.evidence["items"][CODE]
    assert (item["name"], item["version"], item["category"]) == (f"{CODE}事项", 1, "重点")
    pdf = bytes(review.duty_pdf)
    assert pdf.startswith(b"%PDF") and hashlib.sha256(pdf).hexdigest() == review.duty_pdf_sha256
    assert review.evidence["agency"] == [] and review.evidence["not_drawn"] is False

    svc.review_claim(
        actor=f.admin,
        review=review,
        claimed_exemption="duty_performed",
        claim_note="已按计划检查，未发现问题",
    )
    decided = svc.review_decide(
        actor=office_admin,
        review=review,
        decision="exempt",
        exemption_case="duty_performed",
        reason="履职记录显示已按清单和计划检查，过期食品系检查后购进",
    )
    decided.refresh_from_db()
    assert (decided.state, decided.decision, decided.exemption_case) == (
        "decided",
        "exempt",
        "duty_performed",
    )
    assert decided.accountability_case == "" and decided.decided_at is not None
    actions = list(
        AuditEntry.objects.filter(object_id="ZR2026-001")
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == [
        "accountability_review.open",
        "accountability_review.claim",
        "accountability_review.decide",
    ]
    assert audit_verify().ok


def test_duty_not_fully_done_cannot_be_found_performed(office_admin: User) -> None:
    """Seed 四(三) 免责情形 1 needs the duty done: a result confirmed by one officer only
    (行政处罚法 第四十二条: two) is a gap the refusal names."""
    f = inspected()
    review = open_review(office_admin, f.half)
    with pytest.raises(ServiceError, match="未经两名执法人员确认") as exc:
        svc.review_decide(
            actor=office_admin,
            review=review,
            decision="exempt",
            exemption_case="duty_performed",
            reason="已检查",
        )
    assert exc.value.field == "exemption_case"
    review.refresh_from_db()
    assert review.state == "open" and review.decision == ""


def test_a_firm_never_drawn_is_exempt_as_not_drawn(office_admin: User) -> None:
    """Seed 四(一): 检查对象未被抽到 … 免予追究相关责任; no inspection linked, nobody named."""
    (firm,) = b.entities(1, area=b.area("城关镇"))
    review = open_review(office_admin, None, entity=firm, source="upper")
    assert review.evidence["not_drawn"] is True and review.evidence["duty"] == []
    assert not review.inspectors.exists()
    svc.review_decide(
        actor=office_admin,
        review=review,
        decision="exempt",
        exemption_case="duty_performed",
        reason="该企业未被抽中，部门已按抽查计划实施",
    )
    assert AccountabilityReview.objects.get(pk=review.pk).decision == "exempt"


def test_misconduct_rules_out_exemption(office_admin: User) -> None:
    """Seed 四(一): 免责 only where 不存在滥用职权、徇私舞弊等情形."""
    f = inspected()
    review = open_review(office_admin, f.done)
    with pytest.raises(ServiceError, match="滥用职权、徇私舞弊") as exc:
        svc.review_decide(
            actor=office_admin,
            review=review,
            decision="exempt",
            exemption_case="duty_performed",
            misconduct=True,
            reason="检查人员收受企业财物",
        )
    assert exc.value.field == "misconduct"
    assert not AuditEntry.objects.filter(action="accountability_review.decide").exists()


def test_not_inspecting_is_blamed_only_with_an_adverse_consequence(office_admin: User) -> None:
    """Seed 四(二) 追责情形 1: 未按要求进行抽查检查，造成不良后果的. Without 造成不良后果 it is
    refused; with the office's finding of one, 追责 is decided and the finding kept."""
    f = inspected()
    review = open_review(office_admin, f.half, source="accident")
    with pytest.raises(ServiceError, match="以造成不良后果为前提"):
        svc.review_decide(
            actor=office_admin,
            review=review,
            decision="accountable",
            accountability_case="not_inspected",
            reason="只有一人确认，检查未按要求进行",
        )
    decided = svc.review_decide(
        actor=office_admin,
        review=review,
        decision="accountable",
        accountability_case="not_inspected",
        adverse=True,
        adverse_note="企业发生火灾，造成两人受伤",
        reason="只有一人确认，检查未按要求进行",
    )
    decided.refresh_from_db()
    assert (decided.decision, decided.accountability_case, decided.adverse) == (
        "accountable",
        "not_inspected",
        True,
    )
    assert decided.adverse_note == "企业发生火灾，造成两人受伤"
    assert decided.exemption_case == ""


def test_no_causation_is_a_case_for_accidents_only(office_admin: User) -> None:
    """Seed 四(三) 免责情形 3: 检查对象发生事故 … 不存在因果关系 — not for a complaint."""
    f = inspected()
    complaint = open_review(office_admin, f.done)
    with pytest.raises(ServiceError, match="事故"):
        svc.review_decide(
            actor=office_admin,
            review=complaint,
            decision="exempt",
            exemption_case="no_causation",
            reason="与检查无关",
        )
    accident = open_review(
        office_admin, f.done, source="accident", adverse=True, adverse_note="员工操作失误致伤"
    )
    svc.review_decide(
        actor=office_admin,
        review=accident,
        decision="exempt",
        exemption_case="no_causation",
        reason="事故由员工违规操作引起，与抽查事项无关",
    )
    accident.refresh_from_db()
    assert (accident.code, accident.decision) == ("ZR2026-002", "exempt")


def test_a_false_agency_report_needs_a_delegated_check_and_the_report(
    office_admin: User,
) -> None:
    """Seed 四(三) 免责情形 4 and 三(三) 谁委托、谁负责: the case applies to a result done by
    委托专业机构检查, once the report is on record; 部分 also finds the 追责情形."""
    f = inspected()
    onsite = open_review(office_admin, f.done, agency_report="检测报告 LY-2025-118")
    with pytest.raises(ServiceError, match="没有委托专业机构检查"):
        svc.review_decide(
            actor=office_admin,
            review=onsite,
            decision="exempt",
            exemption_case="agency_false_report",
            reason="机构报告虚假",
        )
    review = open_review(office_admin, f.delegated)
    assert review.evidence["agency"][0]["agency"] == AGENCY
    with pytest.raises(ServiceError, match="文号及出具机构") as exc:
        svc.review_decide(
            actor=office_admin,
            review=review,
            decision="partial",
            exemption_case="agency_false_report",
            accountability_case="other",
            reason="机构报告虚假，部门未加强监督",
        )
    assert exc.value.field == "agency_report"
    svc.review_claim(
        actor=f.admin,
        review=review,
        claimed_exemption="agency_false_report",
        claim_note="检测机构伪造检测数据",
        agency_report="洛阳市某安全检测有限公司 检测报告 LY-2025-118",
    )
    svc.review_decide(
        actor=office_admin,
        review=review,
        decision="partial",
        exemption_case="agency_false_report",
        accountability_case="other",
        reason="检查人员免责；委托部门未按“谁委托、谁负责”加强监督，追究部门责任",
    )
    review.refresh_from_db()
    assert (review.decision, review.exemption_case, review.accountability_case) == (
        "partial",
        "agency_false_report",
        "other",
    )


def test_opening_refuses_bad_links_and_input_and_writes_nothing(office_admin: User) -> None:
    """Only the firm's own, earlier inspections, of a task the department answers for."""
    f = inspected()
    firm = f.done.entity
    cases: list[tuple[dict[str, Any], str, str]] = [
        (dict(surfaced_on=pinned_today() + dt.timedelta(days=1)), "surfaced_on", "不能晚于今天"),
        (dict(selections=[f.half]), "selections", "不是该检查对象"),
        (dict(department=b.health()), "selections", "不是 LC2025-SCJG-801 的发起或配合部门"),
        (dict(surfaced_on=dt.date(2025, 3, 31)), "selections", "始于问题发现之后"),
        (dict(problem="问" * 2001), "problem", "不能超过 2000 个字"),
        (dict(problem="  "), "problem", "请填写问题情况"),
        (dict(adverse=True), "adverse_note", "请写明不良后果情况"),
        (dict(source="rumour"), "source", "问题来源"),
        (dict(claimed_exemption="agency_false_report"), "agency_report", "文号及出具机构"),
    ]
    for change, field, words in cases:
        kw: dict[str, Any] = dict(
            actor=office_admin,
            entity=firm,
            department=b.market(),
            source="complaint",
            surfaced_on=SURFACED,
            problem="投诉",
            selections=[f.done],
        )
        kw.update(change)
        with pytest.raises(ServiceError, match=words) as exc:
            svc.review_open(**kw)
        assert exc.value.field == field, change
    assert not AccountabilityReview.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="accountability_review").exists()


def test_only_the_office_opens_and_decides_and_the_department_claims(
    office_admin: User, health_admin: User
) -> None:
    """Seed 五(四): the office examines the members' work; the department may claim 免责."""
    f = inspected()
    with pytest.raises(PermissionDenied):
        open_review(f.admin, f.done)
    review = open_review(office_admin, f.done)
    with pytest.raises(PermissionDenied):
        svc.review_decide(actor=f.admin, review=review, decision="exempt", reason="自行认定")
    with pytest.raises(PermissionDenied):
        svc.review_claim(
            actor=health_admin, review=review, claimed_exemption="other", claim_note=""
        )
    svc.review_decide(
        actor=office_admin,
        review=review,
        decision="accountable",
        accountability_case="not_executed",
        reason="拖延执行",
    )
    with pytest.raises(ServiceError, match="已作出决定"):
        svc.review_claim(actor=f.admin, review=review, claimed_exemption="other", claim_note="")
    with pytest.raises(ServiceError, match="已作出决定"):
        svc.review_decide(actor=office_admin, review=review, decision="exempt", reason="改判")


def test_each_sees_the_reviews_of_its_own_inspections(
    office_admin: User, health_admin: User
) -> None:
    """The office all; the department under review its own; an officer the ones naming them."""
    f = inspected()
    review = open_review(office_admin, f.done)
    member = account(f.team(f.done)[0])
    outsiders = {o.pk for o in f.team(f.done)}
    other = next(o for o in f.team(f.half) if o.pk not in outsiders)
    seen = {
        "office": svc.review_scope(office_admin),
        "market": svc.review_scope(f.admin),
        "health": svc.review_scope(health_admin),
        "member": svc.review_scope(member),
        "other": svc.review_scope(account(other)),
        "nobody": svc.review_scope(make_user("x", b.health(), "inspector")),
    }
    assert {k: list(v.values_list("pk", flat=True)) for k, v in seen.items()} == {
        "office": [review.pk],
        "market": [review.pk],
        "health": [],
        "member": [review.pk],
        "other": [],
        "nobody": [],
    }


def test_the_duty_record_and_the_dashboard_count_the_reviews(office_admin: User) -> None:
    """Shown in the 履职记录 (seed 四(一)) and counted in 考核督查 (seed 五(四)): one review
    decided 免责, one open with 造成不良后果, both of 2026, of inspections of 2025 tasks."""
    f = inspected()
    drawn_task(code="LC2025-WJW-801", department=b.health(), n_entities=1)
    exempt = open_review(office_admin, f.done)
    svc.review_decide(
        actor=office_admin,
        review=exempt,
        decision="exempt",
        exemption_case="duty_performed",
        reason="已履职",
    )
    open_review(office_admin, f.half, adverse=True, adverse_note="多名消费者腹泻")
    record = duty.department_record(department=b.market(), period=duty.Period(2025))
    assert [r.code for r in record.reviews] == ["ZR2026-001", "ZR2026-002"]
    summary = dict(record.summary())
    assert (summary["问责/免责审查"], summary["审查决定免责"], summary["审查决定追责"]) == (2, 1, 0)
    member = f.team(f.done)[0]
    assert [
        r.code for r in duty.inspector_record(inspector=member, period=duty.Period(2025)).reviews
    ] == ["ZR2026-001"]
    health = duty.department_record(department=b.health(), period=duty.Period(2025))
    assert health.reviews == []
    figure = dashboard(actor=office_admin, year=2026).figure("accountability")
    assert figure.total is not None
    assert figure.total.values == {
        "reviews": 2,
        "open": 1,
        "exempt": 1,
        "accountable": 0,
        "partial": 0,
        "adverse": 1,
    }
    assert figure.row(b.market().pk).values["reviews"] == 2
    previous = dashboard(actor=office_admin, year=2025).figure("accountability")
    assert previous.total is not None and previous.total.values["reviews"] == 0
