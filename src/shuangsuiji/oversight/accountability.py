"""问责/免责审查: when a problem surfaces later at an inspected firm, the office reviews whether
the department and its officers answer for it (尽职照单免责、失职照单问责, seed 四).

- **Open** (office): the firm, the department under review, how the problem came to light (an
  accident, a complaint, an upper-level finding), whether it 造成不良后果, and the earlier
  inspections of the firm: its selections in current draws of tasks under way or done whose
  window began before the problem surfaced, each a task the department leads or joins. No
  linked inspection means the firm was not drawn (seed 四(一)). The officers of the linked
  inspections' effective teams are named, and the evidence is frozen (accountability_evidence).
- **Claim** (the office, or the reviewed department's admin, while open): which of the five
  免责情形 of seed 四(三) is claimed, why, and the agency report it rests on.
- **Decide** (office only): 免责, 追责 or 部分免责、部分追责, with the 免责情形 and/or the 追责情形
  of seed 四(二) found, and the reason. The rules of the seed:
  - 免责 never where 滥用职权、徇私舞弊等情形 are found (seed 四(一));
  - "未按要求进行抽查检查" and "未依法及时公示" are 追责情形 only when they 造成不良后果
    (seed 四(二));
  - "检查对象发生事故…不存在因果关系" needs an accident (seed 四(三));
  - "专业机构出具虚假报告" needs a linked result done by 委托专业机构检查 and the report
    (seed 四(三), 三(三) 谁委托、谁负责);
  - "已履行抽查检查职责" needs the frozen duty record to show it: every item recorded, confirmed
    by two officers, inspected within the window — or no inspection at all (not drawn).

Every service is atomic and audited in the same transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from shuangsuiji.common.audit import audit_record
from shuangsuiji.common.errors import PermissionDenied, ServiceError
from shuangsuiji.directory.models import Department, Entity, Role
from shuangsuiji.plans.models import TaskState
from shuangsuiji.sampling.models import Selection
from shuangsuiji.sampling.permissions import actor_name

from .accountability_evidence import duty_gaps, freeze_evidence, sha256
from .ledger import effective_teams
from .models import (
    NEEDS_ADVERSE,
    NOTE_MAX,
    PROBLEM_MAX,
    REASON_MAX,
    AccountabilityCase,
    AccountabilityReview,
    ExemptionCase,
    ReviewDecision,
    ReviewSource,
    ReviewState,
)

# Tasks whose inspections can be reviewed: announced and drawn, not terminated before any.
LINKABLE_STATES = (
    TaskState.DRAWN,
    TaskState.IN_PROGRESS,
    TaskState.COMPLETED,
    TaskState.PUBLICIZED,
)


def require_office(actor: Any) -> None:
    if not getattr(actor, "is_office_admin", False):
        raise PermissionDenied("问责/免责审查由联席办组织，只有联席办管理员可以登记和决定")


def can_claim(actor: Any, review: AccountabilityReview) -> bool:
    """The office, or an admin of the department under review."""
    if getattr(actor, "is_office_admin", False):
        return True
    return getattr(actor, "role", None) == Role.DEPT_ADMIN and (
        getattr(actor, "department_id", None) == review.department_id
    )


def review_scope(actor: Any) -> QuerySet[AccountabilityReview]:
    """The reviews the actor may see: the office all; a department admin those of its
    department; an inspector those naming them; anyone else none."""
    qs = AccountabilityReview.objects.all()
    if getattr(actor, "is_office_admin", False):
        return qs
    if getattr(actor, "role", None) == Role.DEPT_ADMIN and getattr(actor, "department_id", None):
        return qs.filter(department_id=actor.department_id)
    inspector_id = getattr(actor, "inspector_id", None)
    if inspector_id:
        return qs.filter(inspectors__id=inspector_id).distinct()
    return qs.none()


def candidate_selections(*, entity: Entity, before: dt.date | None = None) -> QuerySet[Selection]:
    """The firm's earlier inspections a review may link (module docstring)."""
    qs = Selection.objects.filter(
        entity=entity, draw__is_current=True, draw__task__state__in=LINKABLE_STATES
    )
    if before is not None:
        qs = qs.filter(draw__task__window_start__lte=before)
    return qs.select_related("draw__task__lead_department").order_by(
        "draw__task__window_start", "draw__task__code"
    )


def _text(value: str, *, field: str, label: str, limit: int, required: bool = False) -> str:
    text = (value or "").strip()
    if required and not text:
        raise ServiceError(f"请填写{label}", field=field)
    if len(text) > limit:
        raise ServiceError(f"{label}不能超过 {limit} 个字（现有 {len(text)} 个）", field=field)
    return text


def _next_code(year: int) -> str:
    prefix = f"ZR{year}-"
    count = AccountabilityReview.objects.filter(code__startswith=prefix).count()
    return f"{prefix}{count + 1:03d}"


def _check_selections(
    selections: Sequence[Selection], entity: Entity, department: Department, surfaced_on: dt.date
) -> list[Selection]:
    chosen = list({s.pk: s for s in selections}.values())
    allowed = set(candidate_selections(entity=entity).values_list("pk", flat=True))
    for s in chosen:
        task = s.draw.task
        if s.entity_id != entity.pk or s.pk not in allowed:
            raise ServiceError(
                f"{task.code} 不是该检查对象在有效抽取中的检查，不能关联", field="selections"
            )
        if task.window_start > surfaced_on:
            raise ServiceError(
                f"{task.code} 的检查期间始于问题发现之后，只能关联此前的检查", field="selections"
            )
        partners = set(task.partner_departments.values_list("pk", flat=True))
        if department.pk != task.lead_department_id and department.pk not in partners:
            raise ServiceError(
                f"{department.name} 不是 {task.code} 的发起或配合部门，不对该检查负责",
                field="selections",
            )
    return chosen


@transaction.atomic
def review_open(
    *,
    actor: Any,
    entity: Entity,
    department: Department,
    source: str,
    surfaced_on: dt.date,
    problem: str,
    selections: Sequence[Selection],
    source_reference: str = "",
    adverse: bool = False,
    adverse_note: str = "",
    claimed_exemption: str = "",
    claim_note: str = "",
    agency_report: str = "",
) -> AccountabilityReview:
    """Open a review, link the earlier inspections, name their officers, freeze the evidence."""
    require_office(actor)
    if source not in ReviewSource.values:
        raise ServiceError(
            "请选择问题来源（事故、投诉举报、上级部门检查发现或其他）", field="source"
        )
    if surfaced_on > timezone.localdate():
        raise ServiceError("问题发现日期不能晚于今天", field="surfaced_on")
    if department.is_office:
        raise ServiceError("被审查部门应为成员单位", field="department")
    problem = _text(problem, field="problem", label="问题情况", limit=PROBLEM_MAX, required=True)
    reference = _text(source_reference, field="source_reference", label="来源文号", limit=200)
    adverse_note = _text(adverse_note, field="adverse_note", label="不良后果情况", limit=NOTE_MAX)
    if adverse and not adverse_note:
        raise ServiceError("造成不良后果的，请写明不良后果情况", field="adverse_note")
    claimed, claim_note, agency_report = _claim_fields(claimed_exemption, claim_note, agency_report)
    chosen = _check_selections(selections, entity, department, surfaced_on)
    name = actor_name(actor)
    evidence, pdf = freeze_evidence(
        department=department,
        selections=chosen,
        agency_report=agency_report,
        generated_by=name,
        surfaced_on=surfaced_on,
    )
    review = AccountabilityReview(
        code=_next_code(surfaced_on.year),
        entity=entity,
        department=department,
        source=source,
        source_reference=reference,
        surfaced_on=surfaced_on,
        problem=problem,
        adverse=adverse,
        adverse_note=adverse_note if adverse else "",
        claimed_exemption=claimed,
        claim_note=claim_note,
        agency_report=agency_report,
        evidence=evidence,
        duty_pdf=pdf,
        duty_pdf_sha256=sha256(pdf),
        created_by_name=name,
        created_at=timezone.now(),
    )
    review.full_clean(exclude=["duty_pdf", "selections", "inspectors"])
    review.save()
    review.selections.set(chosen)
    teams = effective_teams(Q(id__in={s.draw_id for s in chosen})) if chosen else {}
    people = sorted({pk for s in chosen for pk in teams.get((s.draw_id, s.entity_id), set())})
    review.inspectors.set(people)
    audit_record(
        actor=actor,
        action="accountability_review.open",
        object_type="accountability_review",
        object_id=review.code,
        object_repr=f"{entity.name}（{department.name}）",
        after={
            "entity": entity.uscc,
            "department": department.code,
            "source": source,
            "surfaced_on": surfaced_on,
            "adverse": adverse,
            "selections": sorted(f"{s.draw.public_id}/{entity.uscc}" for s in chosen),
            "inspectors": len(people),
            "claimed_exemption": claimed,
            "duty_pdf_sha256": review.duty_pdf_sha256,
        },
    )
    return review


def _claim_fields(claimed: str, note: str, agency_report: str) -> tuple[str, str, str]:
    if claimed and claimed not in ExemptionCase.values:
        raise ServiceError("请选择实施方案四(三)所列的免责情形之一", field="claimed_exemption")
    note = _text(note, field="claim_note", label="免责申请说明", limit=NOTE_MAX)
    report = _text(agency_report, field="agency_report", label="专业机构报告", limit=300)
    if claimed == ExemptionCase.AGENCY_FALSE_REPORT and not report:
        raise ServiceError(
            "申请“专业机构出具虚假报告”免责的，请填写该报告的文号及出具机构", field="agency_report"
        )
    return claimed, note, report


def _locked(review: AccountabilityReview) -> AccountabilityReview:
    locked = AccountabilityReview.objects.select_for_update().get(pk=review.pk)
    if locked.state != ReviewState.OPEN:
        raise ServiceError(f"审查 {locked.code} 已作出决定，不能再修改")
    return locked


@transaction.atomic
def review_claim(
    *,
    actor: Any,
    review: AccountabilityReview,
    claimed_exemption: str,
    claim_note: str,
    agency_report: str = "",
) -> AccountabilityReview:
    """Record (or change) the claimed 免责情形 while the review is open: the office or the
    reviewed department's admin."""
    if not can_claim(actor, review):
        raise PermissionDenied("只有联席办或被审查部门的管理员可以提出免责申请")
    if not claimed_exemption:
        raise ServiceError("请选择申请的免责情形", field="claimed_exemption")
    claimed, note, report = _claim_fields(claimed_exemption, claim_note, agency_report)
    review = _locked(review)
    before = {
        "claimed_exemption": review.claimed_exemption,
        "claim_note": review.claim_note,
        "agency_report": review.agency_report,
    }
    review.claimed_exemption, review.claim_note, review.agency_report = claimed, note, report
    review.save(update_fields=["claimed_exemption", "claim_note", "agency_report"])
    audit_record(
        actor=actor,
        action="accountability_review.claim",
        object_type="accountability_review",
        object_id=review.code,
        object_repr=review.entity.name,
        before=before,
        after={"claimed_exemption": claimed, "claim_note": note, "agency_report": report},
    )
    return review


def _check_exemption(review: AccountabilityReview, case: str) -> None:
    """The seed's conditions on the 免责情形 found (module docstring)."""
    if case not in ExemptionCase.values:
        raise ServiceError("请认定实施方案四(三)所列的免责情形之一", field="exemption_case")
    if case == ExemptionCase.NO_CAUSATION and review.source != ReviewSource.ACCIDENT:
        raise ServiceError(
            "“与抽查检查不存在因果关系”的免责情形适用于检查对象发生事故（实施方案四(三)），"
            "本审查的问题来源不是事故",
            field="exemption_case",
        )
    if case == ExemptionCase.AGENCY_FALSE_REPORT:
        if not review.evidence.get("agency"):
            raise ServiceError(
                "关联的检查中没有委托专业机构检查的结果，不能认定“专业机构出具虚假报告”"
                "（实施方案三(三)、四(三)）",
                field="exemption_case",
            )
        if not review.agency_report:
            raise ServiceError(
                "认定“专业机构出具虚假报告”须先登记该报告的文号及出具机构", field="agency_report"
            )
    if case == ExemptionCase.DUTY_PERFORMED:
        gaps = duty_gaps(review.evidence)
        if gaps:
            raise ServiceError(
                "履职记录显示未完全履行抽查检查职责，不能认定“已履行抽查检查职责”："
                + "；".join(gaps[:5])
                + ("等" if len(gaps) > 5 else ""),
                field="exemption_case",
            )


@transaction.atomic
def review_decide(
    *,
    actor: Any,
    review: AccountabilityReview,
    decision: str,
    reason: str,
    exemption_case: str = "",
    accountability_case: str = "",
    misconduct: bool = False,
    adverse: bool | None = None,
    adverse_note: str = "",
) -> AccountabilityReview:
    """The office's decision with its reason; ``adverse`` (when given) is the office's own
    finding on 造成不良后果, replacing what was recorded at opening."""
    require_office(actor)
    if decision not in ReviewDecision.values:
        raise ServiceError("请选择审查决定：免责、追责或部分免责、部分追责", field="decision")
    reason = _text(reason, field="reason", label="决定理由", limit=REASON_MAX, required=True)
    review = _locked(review)
    if adverse is not None:
        note = _text(adverse_note, field="adverse_note", label="不良后果情况", limit=NOTE_MAX)
        if adverse and not (note or review.adverse_note):
            raise ServiceError("造成不良后果的，请写明不良后果情况", field="adverse_note")
        review.adverse = adverse
        review.adverse_note = (note or review.adverse_note) if adverse else ""
    exempts = decision in (ReviewDecision.EXEMPT, ReviewDecision.PARTIAL)
    blames = decision in (ReviewDecision.ACCOUNTABLE, ReviewDecision.PARTIAL)
    if exempts:
        if misconduct and decision == ReviewDecision.EXEMPT:
            raise ServiceError(
                "存在滥用职权、徇私舞弊等情形的，不能免予追究责任（实施方案四(一)）",
                field="misconduct",
            )
        _check_exemption(review, exemption_case)
    if blames:
        if accountability_case not in AccountabilityCase.values:
            raise ServiceError(
                "请认定实施方案四(二)所列的追责情形之一", field="accountability_case"
            )
        if accountability_case in NEEDS_ADVERSE and not review.adverse:
            label = AccountabilityCase(accountability_case).label
            raise ServiceError(
                f"“{label}”以造成不良后果为前提（实施方案四(二)），本审查未认定造成不良后果",
                field="accountability_case",
            )
    before = {"state": review.state, "adverse": review.adverse}
    review.state = ReviewState.DECIDED
    review.decision = decision
    review.exemption_case = exemption_case if exempts else ""
    review.accountability_case = accountability_case if blames else ""
    review.misconduct = misconduct
    review.decision_reason = reason
    review.decided_by_name, review.decided_at = actor_name(actor), timezone.now()
    review.full_clean(exclude=["duty_pdf", "selections", "inspectors"])
    review.save()
    audit_record(
        actor=actor,
        action="accountability_review.decide",
        object_type="accountability_review",
        object_id=review.code,
        object_repr=review.entity.name,
        before=before,
        after={
            "state": review.state,
            "decision": decision,
            "exemption_case": review.exemption_case,
            "accountability_case": review.accountability_case,
            "misconduct": misconduct,
            "adverse": review.adverse,
        },
        reason=reason,
    )
    return review
