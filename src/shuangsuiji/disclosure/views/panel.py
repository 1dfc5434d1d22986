"""The 结果公示 section of the task page: 20-working-day status, export, 不予公开 requests."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from shuangsuiji.plans.models import Task, TaskState

from .. import selectors
from ..forms import ExemptionRequestForm
from ..staff_selectors import exemptible_results, exemption_list

SHOWN_FROM = (TaskState.IN_PROGRESS, TaskState.COMPLETED, TaskState.PUBLICIZED)


def publication_panel(request: HttpRequest, task: Task) -> dict[str, Any] | None:
    if task.state not in SHOWN_FROM:
        return None
    results = exemptible_results(actor=request.user, task=task)
    form = ExemptionRequestForm(results=results)
    return {
        "task": task,
        "status": selectors.publication_status(task),
        "exemptions": exemption_list(actor=request.user, task=task),
        "form": form if results else None,
        "can_export": task.state in (TaskState.COMPLETED, TaskState.PUBLICIZED),
    }
