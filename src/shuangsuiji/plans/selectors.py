"""Reads of tasks, always through access.scope_tasks."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet

from shuangsuiji.common.calendar import CalendarNotCovered, publication_due

from .access import scope_tasks
from .models import JointRequest, Task


@dataclass(frozen=True)
class TaskFilters:
    q: str = ""
    year: int | None = None
    state: str = ""
    kind: str = ""


def task_list(*, actor: Any, filters: TaskFilters | None = None) -> QuerySet[Task]:
    """Tasks the actor may see (lead or partner department; all for the office), newest first."""
    qs = scope_tasks(Task.objects.select_related("lead_department"), actor)
    f = filters or TaskFilters()
    if f.q.strip():
        q = f.q.strip()
        qs = qs.filter(Q(name__icontains=q) | Q(code__icontains=q))
    if f.year:
        qs = qs.filter(year=f.year)
    if f.state:
        qs = qs.filter(state=f.state)
    if f.kind:
        qs = qs.filter(kind=f.kind)
    return qs.order_by("-year", "code")


def task_publication_due(task: Task) -> tuple[dt.date | None, str]:
    """(due date, "") for a completed task: 20 working days after completion (seed 三(四));
    (None, "无法计算：YYYY年节假日未录入") when a year on the way is not entered yet."""
    if task.completed_on is None:
        return None, ""
    try:
        return publication_due(task.completed_on), ""
    except CalendarNotCovered as exc:
        return None, exc.status_label


def joint_request_list(*, actor: Any) -> QuerySet[JointRequest]:
    """The office sees every joint-check request; a department sees those it submitted."""
    qs = JointRequest.objects.select_related("department", "task", "decided_by")
    if actor.is_office_admin:
        return qs
    dept = getattr(actor, "department_id", None)
    return qs.filter(department_id=dept) if dept else qs.none()
