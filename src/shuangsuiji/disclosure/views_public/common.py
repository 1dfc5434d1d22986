"""Helpers shared by the portal pages: caching, pagination, query parameters, the 404 page."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

from django.core.paginator import Page, Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from shuangsuiji.directory.models import Department

from .. import selectors

PER_PAGE = 50

ViewFunc = Callable[..., HttpResponse]


def public_page(view: ViewFunc) -> ViewFunc:
    """GET/HEAD only, cacheable by anyone for a minute: every portal page is public data."""
    return cache_control(public=True, max_age=60)(require_safe(view))


def not_found(request: HttpRequest, message: str) -> HttpResponse:
    """The portal's own 404 page (the staff 404 page links into the login-only site)."""
    return render(request, "public/404.html", {"message": message}, status=404)


def int_param(request: HttpRequest, name: str) -> int | None:
    value = request.GET.get(name, "").strip()
    return int(value) if value.isdigit() and len(value) <= 6 else None


def date_param(request: HttpRequest, name: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(request.GET.get(name, "").strip())
    except ValueError:
        return None


def paginate(request: HttpRequest, items: Sequence[Any] | Any) -> dict[str, Any]:
    """Page context for includes/pagination.html, keeping the filters in the links."""
    paginator = Paginator(items, PER_PAGE)
    page: Page[Any] = paginator.get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return {
        "page_obj": page,
        "querystring": params.urlencode(),
        "page_range": paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
    }


def departments() -> list[Department]:
    """Member departments for the filter drop-downs."""
    return list(Department.objects.order_by("sort_order", "id").only("code", "name"))


Columns = tuple[tuple[str, str], ...]
# Within one task's page the task's own columns would repeat on every row.
TASK_COLUMNS = ("task_code", "task_name", "kind", "completed_on", "publicized_on")
PER_TASK_COLUMNS: Columns = tuple(
    c for c in selectors.ANNOUNCEMENT_COLUMNS if c[0] not in TASK_COLUMNS
)
# On a firm's history the results are grouped by task, and the firm is the page's subject.
PER_FIRM_COLUMNS: Columns = tuple(
    c for c in PER_TASK_COLUMNS if c[0] not in ("uscc", "entity_name")
)


def announcement_rows(
    announcements: Sequence[selectors.Announcement],
    columns: Columns = selectors.ANNOUNCEMENT_COLUMNS,
) -> list[list[tuple[str, str, Any]]]:
    """Announcement rows as (column key, label, value) cells in the order of ``columns``."""
    return [[(key, label, getattr(a, key)) for key, label in columns] for a in announcements]


def result_page(
    request: HttpRequest,
    filters: selectors.ResultFilters,
    columns: Columns = selectors.ANNOUNCEMENT_COLUMNS,
) -> dict[str, Any]:
    """One page of a 抽查结果公告 (exempted results never included: selectors.public_results)."""
    pages = paginate(request, selectors.public_results(filters))
    rows = [selectors.Announcement.of(r) for r in pages["page_obj"].object_list]
    return {**pages, "columns": columns, "rows": announcement_rows(rows, columns)}
