"""Who may operate a task's draw, and how an actor is named in the ledger."""

from __future__ import annotations

from typing import Any

from shuangsuiji.common.errors import PermissionDenied
from shuangsuiji.plans.access import can_manage_task, scope_tasks
from shuangsuiji.plans.models import Task


def actor_name(actor: Any) -> str:
    return getattr(actor, "display_name", "") or str(actor)


def actor_pk(actor: Any) -> Any:
    return getattr(actor, "pk", None)


def require_manager(actor: Any, task: Task) -> None:
    if not can_manage_task(actor, task.lead_department_id):
        raise PermissionDenied("只有联席办管理员或发起部门的管理员可以进行抽取操作")


def require_visible(actor: Any, task: Task) -> None:
    if not scope_tasks(Task.objects.filter(pk=task.pk), actor).exists():
        raise PermissionDenied("无权查看该抽查任务")
