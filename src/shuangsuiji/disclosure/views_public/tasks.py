"""抽查任务公告: the list of public tasks and one task's page (draws, commitment, results)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from shuangsuiji.plans.models import TaskState

from .. import selectors
from .common import (
    PER_TASK_COLUMNS,
    departments,
    int_param,
    not_found,
    paginate,
    public_page,
    result_page,
)


@public_page
def tasks(request: HttpRequest) -> HttpResponse:
    """Tasks past 草稿 with window, state and the 20-working-day publication status
    (seed 三(四); selectors.public_tasks, selectors.publication_status)."""
    state = request.GET.get("state", "").strip()
    if state not in selectors.PUBLIC_TASK_STATES:
        state = ""
    filters = selectors.TaskFilters(
        year=int_param(request, "year"),
        department_code=request.GET.get("department", "").strip(),
        state=state,
        q=request.GET.get("q", "")[:100],
    )
    qs = selectors.public_tasks(filters)
    pages = paginate(request, qs)
    rows = [(t, selectors.publication_status(t)) for t in pages["page_obj"].object_list]
    years = sorted(set(selectors.public_tasks().values_list("year", flat=True)), reverse=True)
    states = [(s.value, s.label) for s in TaskState if s.value in selectors.PUBLIC_TASK_STATES]
    context = {
        "filters": filters,
        "departments": departments(),
        "years": years,
        "states": states,
        "rows": rows,
        "total": qs.count(),
        **pages,
    }
    return render(request, "public/tasks.html", context)


@public_page
def task(request: HttpRequest, code: str) -> HttpResponse:
    """One public task: items, departments, window, state, publication status; its draws newest
    first (superseded ones marked), a pending freeze's commitment, and once 已公示 its result
    announcement without exempted results (selectors: public_task, public_draws,
    open_commitment, announcements)."""
    found = selectors.public_task(code)
    if found is None:
        return not_found(request, f"没有编号为 {code} 的公开抽查任务")
    context: dict[str, Any] = {
        "task": found,
        "items": list(found.items.select_related("department").order_by("name")),
        "partners": list(found.partner_departments.order_by("sort_order", "id")),
        "status": selectors.publication_status(found),
        "draws": list(selectors.public_draws(found)),
        "pending": selectors.open_commitment(found),
    }
    if found.state == TaskState.PUBLICIZED:
        filters = selectors.ResultFilters(task_code=found.code)
        context.update(result_page(request, filters, PER_TASK_COLUMNS))
    return render(request, "public/task.html", context)
