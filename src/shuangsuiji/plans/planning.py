"""Writes to the annual plan (抽查计划, seed 二(三)); each atomic and audited.

The office drafts the year's plan from published items, approves and publishes it. A published
plan is immutable: plan_amend reopens it as version N+1 with a mandatory reason, and every
published version keeps its snapshot (PlanVersion).
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from shuangsuiji.common.audit import audit_record
from shuangsuiji.common.errors import PermissionDenied, ServiceError

from .models import Plan, PlanState, PlanVersion, Task, TaskState
from .services import _check_plan, task_create, task_transition


def _office_only(actor: Any, what: str) -> None:
    if not actor.is_office_admin:
        raise PermissionDenied(f"只有联席办管理员可以{what}")


def _locked(plan: Plan) -> Plan:
    return Plan.objects.select_for_update().get(pk=plan.pk)


def _audit(actor: Any, plan: Plan, action: str, before: Any, reason: str = "") -> None:
    audit_record(
        actor=actor,
        action=action,
        object_type="plan",
        object_id=plan.year,
        object_repr=str(plan),
        before=before,
        after={"state": plan.state, "version": plan.version},
        reason=reason,
    )


def plan_snapshot(plan: Plan) -> list[dict[str, Any]]:
    """The plan's tasks as announced: code, name, departments, items, kind and window."""
    rows = []
    tasks = plan.tasks.select_related("lead_department").prefetch_related(
        "partner_departments", "items"
    )
    for task in tasks.order_by("code"):
        rows.append(
            {
                "code": task.code,
                "name": task.name,
                "lead_department": task.lead_department.name,
                "partner_departments": [d.name for d in task.partner_departments.all()],
                "items": [i.name for i in task.items.all()],
                "kind": task.get_kind_display(),
                "window": [task.window_start.isoformat(), task.window_end.isoformat()],
                "state": task.get_state_display(),
            }
        )
    return rows


@transaction.atomic
def plan_create(*, actor: Any, year: int, title: str = "") -> Plan:
    """The office opens the year's plan in 草稿 (one plan per year)."""
    _office_only(actor, "编制抽查计划")
    if Plan.objects.filter(year=year).exists():
        raise ServiceError(f"{year}年度抽查计划已存在", field="year")
    title = title.strip() or f"栾川县{year}年部门联合“双随机、一公开”抽查计划"
    plan = Plan.objects.create(year=year, title=title)
    _audit(actor, plan, "plan.create", None)
    return plan


@transaction.atomic
def plan_task_add(*, actor: Any, plan: Plan, **fields: Any) -> Task:
    """Add a new task to a draft plan; ``fields`` are those of services.task_create."""
    _office_only(actor, "向抽查计划添加任务")
    plan = _locked(plan)
    fields.setdefault("year", plan.year)
    return task_create(actor=actor, plan=plan, **fields)


@transaction.atomic
def plan_task_attach(*, actor: Any, plan: Plan, task: Task) -> Task:
    """Put an existing task of the plan's year (made before or outside the plan) into it."""
    _office_only(actor, "调整抽查计划")
    plan = _locked(plan)
    _check_plan(plan, task.year)
    if task.plan_id not in (None, plan.pk):
        raise ServiceError("该任务已属于另一份计划")
    Task.objects.filter(pk=task.pk).update(plan=plan)
    task.plan = plan
    audit_record(
        actor=actor,
        action="plan.task_attach",
        object_type="task",
        object_id=task.code,
        object_repr=task.name,
        after={"plan": plan.year, "version": plan.version},
    )
    return task


@transaction.atomic
def plan_approve(*, actor: Any, plan: Plan) -> Plan:
    """草稿 → 已审批: the office approves a plan that holds at least one task."""
    _office_only(actor, "审批抽查计划")
    plan = _locked(plan)
    if plan.state != PlanState.DRAFT:
        raise ServiceError(f"计划{plan.get_state_display()}，不能审批")
    if not plan.tasks.exists():
        raise ServiceError("计划中还没有任务，不能审批")
    before = {"state": plan.state}
    plan.state = PlanState.APPROVED
    plan.save(update_fields=["state", "updated_at"])
    _audit(actor, plan, "plan.approve", before)
    return plan


@transaction.atomic
def plan_publish(*, actor: Any, plan: Plan) -> Plan:
    """已审批 → 已发布: the plan is announced; its draft tasks are published with it.

    The version published is kept as a snapshot, so amendments never overwrite it.
    """
    _office_only(actor, "发布抽查计划")
    plan = _locked(plan)
    if plan.state != PlanState.APPROVED:
        raise ServiceError("计划须先审批后才能发布")
    for task in plan.tasks.filter(state=TaskState.DRAFT):
        task_transition(actor=actor, task=task, to=TaskState.PUBLISHED, action="task.publish")
    before = {"state": plan.state}
    plan.state = PlanState.PUBLISHED
    plan.save(update_fields=["state", "updated_at"])
    PlanVersion.objects.create(
        plan=plan,
        version=plan.version,
        title=plan.title,
        reason=plan.amendment_reason,
        tasks=plan_snapshot(plan),
        published_by_id=getattr(actor, "pk", None),
    )
    _audit(actor, plan, "plan.publish", before)
    return plan


@transaction.atomic
def plan_amend(*, actor: Any, plan: Plan, reason: str) -> Plan:
    """已发布 → 草稿 as version N+1, with a mandatory reason; version N stays as published."""
    _office_only(actor, "修订抽查计划")
    if not reason.strip():
        raise ServiceError("修订计划须说明原因", field="reason")
    plan = _locked(plan)
    if plan.state != PlanState.PUBLISHED:
        raise ServiceError("只有已发布的计划可以修订")
    before = {"state": plan.state, "version": plan.version}
    plan.state = PlanState.DRAFT
    plan.version += 1
    plan.amendment_reason = reason.strip()
    plan.save(update_fields=["state", "version", "amendment_reason", "updated_at"])
    _audit(actor, plan, "plan.amend", before, reason=reason.strip())
    return plan
