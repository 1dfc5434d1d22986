"""Staff reads of 一公开: 不予公开 requests scoped like the tasks they belong to."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from shuangsuiji.inspections.models import Result
from shuangsuiji.plans.access import scope_tasks
from shuangsuiji.plans.models import Task

from .models import ExemptionState, ResultExemption
from .services import may_request_exemption


def exemption_list(*, actor: Any, task: Task | None = None) -> QuerySet[ResultExemption]:
    """Requests on the tasks the actor may see (all for the office), pending first."""
    tasks = scope_tasks(Task.objects.all(), actor)
    qs = ResultExemption.objects.filter(result__draw__task__in=tasks.values("id"))
    if task is not None:
        qs = qs.filter(result__draw__task=task)
    return qs.select_related("result__entity", "result__item", "result__draw__task").order_by(
        "state", "-requested_at"
    )


def exemptible_results(*, actor: Any, task: Task) -> list[Result]:
    """Results of the task's current draw the actor may ask to keep internal: those without a
    request, or whose request the office rejected."""
    held = ResultExemption.objects.exclude(state=ExemptionState.REJECTED)
    results = (
        Result.objects.filter(draw__task=task, draw__is_current=True)
        .exclude(pk__in=held.values("result_id"))
        .select_related("entity", "item")
        .order_by("entity__uscc", "item__name")
    )
    lead = task.lead_department_id  # one task: no lookup per result
    return [r for r in results if may_request_exemption(actor, r, lead)]
