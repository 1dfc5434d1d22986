"""抽查结果公告 across tasks, and the firm search with each firm's inspection history."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from shuangsuiji.plans.models import TaskState

from .. import selectors
from .common import (
    PER_FIRM_COLUMNS,
    announcement_rows,
    date_param,
    departments,
    not_found,
    public_page,
    result_page,
)

SEARCH_LIMIT = 50


@public_page
def results(request: HttpRequest) -> HttpResponse:
    """Result announcements of 已公示 tasks, by task, 检查主体 and completion date; a result the
    office approved to stay internal (依法依规不适合公开) never appears
    (selectors.public_results)."""
    filters = selectors.ResultFilters(
        task_code=request.GET.get("task", "").strip()[:40],
        since=date_param(request, "since"),
        department_code=request.GET.get("department", "").strip()[:20],
    )
    tasks = selectors.public_tasks(selectors.TaskFilters(state=TaskState.PUBLICIZED))
    context = {
        "filters": filters,
        "departments": departments(),
        "tasks": list(tasks.values_list("code", "name")),
        "total": selectors.public_results(filters).count(),
        **result_page(request, filters),
    }
    return render(request, "public/results.html", context)


@public_page
def firms(request: HttpRequest) -> HttpResponse:
    """Firm search by name fragment or (partial) 统一社会信用代码 (selectors.entity_search)."""
    q = request.GET.get("q", "").strip()[:100]
    found = selectors.entity_search(q, limit=SEARCH_LIMIT + 1)
    context = {
        "q": q,
        "firms": found[:SEARCH_LIMIT],
        "more": len(found) > SEARCH_LIMIT,
        "limit": SEARCH_LIMIT,
    }
    return render(request, "public/firms.html", context)


@public_page
def firm(request: HttpRequest, uscc: str) -> HttpResponse:
    """A firm's inspection history: every public draw that selected it and the published results
    (selectors.entity_history); no contact, credit or complaint data."""
    entity = selectors.public_entity(uscc)
    if entity is None:
        return not_found(request, f"没有统一社会信用代码为 {uscc} 的检查对象")
    history = selectors.entity_history(entity)
    context = {
        "entity": entity,
        "history": [(row, announcement_rows(row.results, PER_FIRM_COLUMNS)) for row in history],
        "columns": PER_FIRM_COLUMNS,
    }
    return render(request, "public/firm.html", context)
