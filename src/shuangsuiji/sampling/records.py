"""Draw records from the database: the facts about a task and its items, the public record
(stored with the draw) and the auditor's record (rebuilt on request, office only), and the
JSON export of all of them.
"""

from __future__ import annotations

import json
from typing import Any

from shuangsuiji.common.errors import PermissionDenied
from shuangsuiji.directory.models import Department, InspectionItem
from shuangsuiji.plans.models import Task

from . import record
from .models import Draw
from .selectors import draw_list


def _department(d: Department) -> dict[str, str]:
    return {"code": d.code, "name": d.name}


def task_facts(task: Task) -> dict[str, Any]:
    """What the record says about the task: public facts only."""
    partners = task.partner_departments.order_by("sort_order", "id")
    return {
        "code": task.code,
        "name": task.name,
        "year": task.year,
        "kind": task.kind,
        "kind_label": task.get_kind_display(),
        "lead_department": _department(task.lead_department),
        "partner_departments": [_department(d) for d in partners],
        "conditions": task.conditions or {},
        "window_start": task.window_start.isoformat(),
        "window_end": task.window_end.isoformat(),
    }


def item_facts(items: list[InspectionItem]) -> list[dict[str, Any]]:
    return [
        {
            "id": item.pk,
            "name": item.name,
            "department": item.department.code,
            "category": item.category,
            "ratio_cap": None if item.ratio_cap is None else f"{item.ratio_cap.normalize():f}",
            "targets": list(item.targets),
            "year": item.year,
            "version": item.version,
        }
        for item in sorted(items, key=lambda i: i.pk)
    ]


def direct_assignments(draw: Draw) -> list[dict[str, Any]]:
    """The draw's 直接委派 (made after it, so outside the commitment), oldest first."""
    rows = draw.direct_assignments.select_related("entity").order_by("assigned_at", "pk")
    return [
        {
            "uscc": a.entity.uscc,
            "members": [o["ref"] for o in a.officers],
            "officers": a.officers,
            "reason": a.reason,
            "assigned_by": a.assigned_by_name,
            "assigned_at": a.assigned_at.isoformat(),
        }
        for a in rows
    ]


def public_record(draw: Draw) -> dict[str, Any]:
    """The record stored at draw time, with the direct assignments made since."""
    return {**draw.record, "direct_assignments": direct_assignments(draw)}


def auditor_record(draw: Draw, *, actor: Any) -> dict[str, Any]:
    """The auditor's record (with the conflict register and previous teams): office only."""
    if not actor.is_office_admin:
        raise PermissionDenied("审计版抽取记录含回避等非公开数据，只有联席办管理员可以查看")
    return {**draw.build_record(record.AUDITOR), "direct_assignments": direct_assignments(draw)}


def record_bytes(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8")


def export_draws(*, actor: Any, auditor: bool = False) -> bytes:
    """Every draw record the actor may see, as a JSON list (the public records by default)."""
    if auditor and not actor.is_office_admin:
        raise PermissionDenied("导出审计版抽取记录需要联席办权限")
    draws = draw_list(actor=actor).select_related("task", "freeze", "redraw_of__task")
    draws = draws.order_by("task__year", "task__code", "number")
    records = [auditor_record(d, actor=actor) if auditor else public_record(d) for d in draws]
    return record_bytes(records)
