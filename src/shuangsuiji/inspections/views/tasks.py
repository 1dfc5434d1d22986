"""The 检查 section of the task page (registered in hooks.py)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from shuangsuiji.plans.models import Task

from .. import selectors
from ..checks import completion_blockers


def inspection_panel(request: HttpRequest, task: Task) -> dict[str, Any] | None:
    assignments = selectors.assignment_list(actor=request.user, task=task)
    if not assignments:
        return None
    results = selectors.results_by_pair({a.draw.pk for a in assignments})
    items = task.items.count()
    rows = []
    for a in assignments:
        done = results.get((a.draw.pk, a.entity.pk), [])
        confirmed = sum(1 for r in done if selectors.is_confirmed(r))
        rows.append({"a": a, "recorded": len(done), "confirmed": confirmed, "items": items})
    return {"task": task, "rows": rows, "blockers": completion_blockers(task)}
