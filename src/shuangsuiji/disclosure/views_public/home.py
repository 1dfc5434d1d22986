"""Portal home, the item lists (抽查事项清单) and the annual plans (抽查计划公告)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from shuangsuiji.sampling.models import Draw

from .. import selectors
from .common import departments, int_param, paginate, public_page

LATEST_TASKS = 8


@public_page
def index(request: HttpRequest) -> HttpResponse:
    """Portal home: firm search, latest public tasks and counts (seed 三(四): 一公开)."""
    tasks = selectors.public_tasks()
    context = {
        "latest": list(tasks.order_by("-window_start", "-code")[:LATEST_TASKS]),
        "counts": {
            "items": selectors.public_items().count(),
            "tasks": tasks.count(),
            "draws": Draw.objects.filter(task__in=tasks).count(),
            "results": selectors.public_results().count(),
        },
    }
    return render(request, "public/index.html", context)


@public_page
def items(request: HttpRequest) -> HttpResponse:
    """The published item lists by department and year: the newest published version of each
    item (seed 二(一); selectors.public_items)."""
    filters = selectors.ItemFilters(
        department_code=request.GET.get("department", "").strip(),
        year=int_param(request, "year"),
        q=request.GET.get("q", "")[:100],
    )
    qs = selectors.public_items(filters)
    years = sorted(set(selectors.public_items().values_list("year", flat=True)), reverse=True)
    context = {
        "filters": filters,
        "departments": departments(),
        "years": years,
        "total": qs.count(),
        **paginate(request, qs),
    }
    return render(request, "public/items.html", context)


@public_page
def plans(request: HttpRequest) -> HttpResponse:
    """Every published version of each annual plan with its task snapshot (抽查计划公告);
    drafts never appear (selectors.public_plans)."""
    return render(request, "public/plans.html", {"versions": list(selectors.public_plans())})
