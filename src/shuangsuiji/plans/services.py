"""Writes to tasks. Each service is atomic and writes its audit entry in the same transaction."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone

from shuangsuiji.common.audit import audit_record
from shuangsuiji.common.errors import PermissionDenied, ServiceError
from shuangsuiji.directory.models import (
    Area,
    CreditRisk,
    Department,
    EntityTag,
    InspectionItem,
    ItemState,
)
from shuangsuiji.directory.services import _full_clean, snapshot

from .access import can_manage_task
from .hooks import completion_blockers, publication_blockers
from .models import CONDITION_KEYS, Plan, PlanState, Task, TaskKind, TaskState

# Tasks may be edited only before their population is frozen.
EDITABLE_STATES = {TaskState.DRAFT, TaskState.PUBLISHED}
# State changes made by later stages (sampling's freeze, draw and redraw; issue 4 adds more).
TRANSITIONS: dict[str, set[str]] = {
    TaskState.DRAFT: {TaskState.PUBLISHED, TaskState.TERMINATED},
    TaskState.PUBLISHED: {TaskState.FROZEN, TaskState.TERMINATED},
    TaskState.FROZEN: {TaskState.FROZEN, TaskState.DRAWN, TaskState.TERMINATED},
    TaskState.DRAWN: {TaskState.FROZEN, TaskState.IN_PROGRESS, TaskState.TERMINATED},
    TaskState.IN_PROGRESS: {TaskState.COMPLETED, TaskState.TERMINATED},
    TaskState.COMPLETED: {TaskState.PUBLICIZED, TaskState.TERMINATED},
}
FIELDS = (
    "code",
    "name",
    "year",
    "lead_department",
    "partner_departments",
    "items",
    "kind",
    "conditions",
    "window_start",
    "window_end",
    "note",
)
INDUSTRY_PREFIX = re.compile(r"^[A-Z][0-9]{0,4}$")


def normalize_conditions(kind: str, conditions: Mapping[str, Any] | None) -> dict[str, Any]:
    """Conditions of a 定向 task with known keys only, values checked and sorted; {} otherwise."""
    if kind != TaskKind.DIRECTED:
        return {}
    given = dict(conditions or {})
    unknown = set(given) - set(CONDITION_KEYS)
    if unknown:
        raise ServiceError(f"未知的定向条件：{'、'.join(sorted(unknown))}", field="conditions")
    result: dict[str, Any] = {}
    for key in CONDITION_KEYS:
        values = list(given.get(key) or [])
        if not values:
            continue
        if key in {"tag_ids", "area_ids"}:
            ids = sorted({int(v) for v in values})
            model = EntityTag if key == "tag_ids" else Area
            if model.objects.filter(pk__in=ids).count() != len(ids):
                label = "部门标签" if key == "tag_ids" else "乡镇"
                raise ServiceError(f"定向条件中有不存在的{label}", field="conditions")
            result[key] = ids
        elif key == "credit_classes":
            classes = sorted({str(v).strip().upper() for v in values})
            if not set(classes) <= set(CreditRisk.values):
                raise ServiceError("信用风险分类只能是 A、B、C、D", field="conditions")
            result[key] = classes
        elif key == "industry_prefixes":
            prefixes = sorted({str(v).strip().upper() for v in values if str(v).strip()})
            bad = [p for p in prefixes if not INDUSTRY_PREFIX.match(p)]
            if bad:
                raise ServiceError(
                    f"行业代码前缀应为门类字母加0至4位数字（如 H、H62、F5212）：{'、'.join(bad)}",
                    field="conditions",
                )
            result[key] = prefixes
        else:
            result[key] = sorted({str(v).strip() for v in values if str(v).strip()})
    if not result:
        raise ServiceError("定向抽查至少要设置一项条件（行业、乡镇、主体类型、标签或信用分类）")
    return result


def _check(task: Task, partners: list[Department], items: list[InspectionItem], actor: Any) -> None:
    if not can_manage_task(actor, task.lead_department_id):
        raise PermissionDenied("只有联席办管理员或发起部门的管理员可以维护该抽查任务")
    if task.lead_department.is_office:
        raise ServiceError("发起部门应为成员单位", field="lead_department")
    if any(p.pk == task.lead_department_id for p in partners):
        raise ServiceError("发起部门不能同时是配合部门", field="partner_departments")
    if not items:
        raise ServiceError("至少选择一项抽查事项", field="items")
    departments = {task.lead_department_id, *(p.pk for p in partners)}
    for item in items:
        if item.state != ItemState.PUBLISHED:
            raise ServiceError(f"抽查事项“{item.name}”尚未发布", field="items")
        if item.year != task.year:
            raise ServiceError(
                f"抽查事项“{item.name}”属于{item.year}年度清单，与任务年度不符", field="items"
            )
        if item.department_id not in departments:
            raise ServiceError(
                f"抽查事项“{item.name}”的检查主体{item.department.name}不是本任务的发起或配合部门",
                field="items",
            )


def _check_plan(plan: Plan | None, year: int) -> None:
    """Tasks join or change in a plan only while it is a draft (a published plan is immutable)."""
    if plan is None:
        return
    if plan.state != PlanState.DRAFT:
        raise ServiceError(
            f"{plan.title}{plan.get_state_display()}，不能再增改任务；如需调整请先修订计划"
        )
    if plan.year != year:
        raise ServiceError(f"任务年度与{plan.year}年度计划不符", field="year")


def _task_snapshot(task: Task) -> dict[str, Any]:
    data = snapshot(task)
    data.pop("state", None)
    return data


def _apply(task: Task, values: Mapping[str, Any]) -> tuple[list[Department], list[InspectionItem]]:
    partners = list(
        values.get("partner_departments", task.partner_departments.all() if task.pk else [])
    )
    items = list(values.get("items", task.items.all() if task.pk else []))
    for name in FIELDS:
        if name in values and name not in {"partner_departments", "items", "conditions"}:
            setattr(task, name, values[name])
    task.conditions = normalize_conditions(task.kind, values.get("conditions", task.conditions))
    return partners, items


@transaction.atomic
def task_create(
    *,
    actor: Any,
    code: str,
    name: str,
    year: int,
    lead_department: Department,
    items: Iterable[InspectionItem],
    window_start: dt.date,
    window_end: dt.date,
    partner_departments: Iterable[Department] = (),
    kind: str = TaskKind.UNDIRECTED,
    conditions: Mapping[str, Any] | None = None,
    note: str = "",
    plan: Plan | None = None,
) -> Task:
    """Create a task in 草稿; its items must be published items of its year and departments."""
    _check_plan(plan, year)
    task = Task(created_by_id=getattr(actor, "pk", None), state=TaskState.DRAFT, plan=plan)
    values = {
        "code": code.strip(),
        "name": name.strip(),
        "year": year,
        "lead_department": lead_department,
        "partner_departments": list(partner_departments),
        "items": list(items),
        "kind": kind,
        "conditions": conditions or {},
        "window_start": window_start,
        "window_end": window_end,
        "note": note,
    }
    partners, chosen = _apply(task, values)
    _check(task, partners, chosen, actor)
    _full_clean(task)
    task.save()
    task.partner_departments.set(partners)
    task.items.set(chosen)
    audit_record(
        actor=actor,
        action="task.create",
        object_type="task",
        object_id=task.code,
        object_repr=task.name,
        after=_task_snapshot(task),
    )
    return task


@transaction.atomic
def task_update(*, actor: Any, task: Task, changes: Mapping[str, Any], reason: str = "") -> Task:
    """Change a task before its population is frozen; keys of ``changes`` are Task fields."""
    task = Task.objects.select_for_update().get(pk=task.pk)
    if not can_manage_task(actor, task.lead_department_id):
        raise PermissionDenied("只有联席办管理员或发起部门的管理员可以维护该抽查任务")
    if task.state not in EDITABLE_STATES:
        raise ServiceError(f"任务{task.get_state_display()}，不能再修改")
    if task.plan_id is not None:
        _check_plan(task.plan, int(changes.get("year", task.year)))
    unknown = set(changes) - set(FIELDS)
    if unknown:
        raise ServiceError(f"不能修改的字段：{'、'.join(sorted(unknown))}")
    before = _task_snapshot(task)
    partners, items = _apply(task, changes)
    _check(task, partners, items, actor)
    _full_clean(task)
    task.save()
    task.partner_departments.set(partners)
    task.items.set(items)
    audit_record(
        actor=actor,
        action="task.update",
        object_type="task",
        object_id=task.code,
        object_repr=task.name,
        before=before,
        after=_task_snapshot(task),
        reason=reason,
    )
    return task


@transaction.atomic
def task_publish(*, actor: Any, task: Task) -> Task:
    """草稿 → 已发布: the task is announced (抽查任务公告) and its draw can be prepared."""
    return task_transition(actor=actor, task=task, to=TaskState.PUBLISHED, action="task.publish")


@transaction.atomic
def task_transition(
    *, actor: Any, task: Task, to: str, action: str = "task.state", reason: str = ""
) -> Task:
    """Move a task along its lifecycle (TRANSITIONS); later stages call this in their services.

    已完成 needs no blocking reason from the registered completion checks (hooks.py) and records
    the completion date; 已公示 records the publication date; 已终止 needs a reason.
    """
    return _transition(actor=actor, task=task, to=to, action=action, reason=reason)


def _transition(
    *,
    actor: Any,
    task: Task,
    to: str,
    action: str,
    reason: str = "",
    on: dt.date | None = None,
) -> Task:
    locked = Task.objects.select_for_update().get(pk=task.pk)
    if not can_manage_task(actor, locked.lead_department_id):
        raise PermissionDenied("只有联席办管理员或发起部门的管理员可以操作该抽查任务")
    if to not in TRANSITIONS.get(locked.state, set()):
        raise ServiceError(
            f"任务当前为“{locked.get_state_display()}”，不能变为“{TaskState(to).label}”"
        )
    before: dict[str, Any] = {"state": locked.state}
    after: dict[str, Any] = {"state": to}
    fields = ["state", "updated_at"]
    day = on or timezone.localdate()
    if to == TaskState.COMPLETED:
        blockers = completion_blockers(locked)
        if blockers:
            raise ServiceError("任务尚不能完成：" + "；".join(blockers))
        if day < locked.window_start:
            raise ServiceError("完成日期不能早于检查开始日期")
        locked.completed_on = after["completed_on"] = day
        fields.append("completed_on")
    elif to == TaskState.PUBLICIZED:
        blockers = publication_blockers(locked)
        if blockers:
            raise ServiceError("任务结果尚不能公示：" + "；".join(blockers))
        if locked.completed_on and day < locked.completed_on:
            raise ServiceError("公示日期不能早于任务完成日期")
        locked.publicized_on = after["publicized_on"] = day
        fields.append("publicized_on")
    elif to == TaskState.TERMINATED:
        if not reason.strip():
            raise ServiceError("终止任务须说明原因", field="reason")
        locked.termination_reason = reason.strip()
        fields.append("termination_reason")
    locked.state = to
    locked.save(update_fields=fields)
    task.state = to
    task.completed_on, task.publicized_on = locked.completed_on, locked.publicized_on
    task.termination_reason = locked.termination_reason
    audit_record(
        actor=actor,
        action=action,
        object_type="task",
        object_id=locked.code,
        object_repr=locked.name,
        before=before,
        after=after,
        reason=reason,
    )
    return locked


@transaction.atomic
def task_start(*, actor: Any, task: Task) -> Task:
    """已抽取 → 检查中: the teams go out; the draw can no longer be redone."""
    return _transition(actor=actor, task=task, to=TaskState.IN_PROGRESS, action="task.start")


@transaction.atomic
def task_complete(*, actor: Any, task: Task, on: dt.date | None = None) -> Task:
    """检查中 → 已完成 on ``on`` (today by default): results have formed (seed 三(四)).

    Refused while a later stage's completion check reports a reason (e.g. a result missing).
    The 20 working days for publication count from this date.
    """
    return _transition(
        actor=actor, task=task, to=TaskState.COMPLETED, action="task.complete", on=on
    )


@transaction.atomic
def task_publicize(*, actor: Any, task: Task, on: dt.date | None = None) -> Task:
    """已完成 → 已公示: the results are public (within 20 working days of completion)."""
    return _transition(
        actor=actor, task=task, to=TaskState.PUBLICIZED, action="task.publicize", on=on
    )


@transaction.atomic
def task_terminate(*, actor: Any, task: Task, reason: str) -> Task:
    """Any state before 已公示 → 已终止, with a mandatory reason."""
    return _transition(
        actor=actor, task=task, to=TaskState.TERMINATED, action="task.terminate", reason=reason
    )
