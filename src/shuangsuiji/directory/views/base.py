"""Helpers shared by the directory pages."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest

from shuangsuiji.directory.access import can_write_directory

PER_PAGE = 50


def paginate(request: HttpRequest, qs: QuerySet[Any]) -> dict[str, Any]:
    """Page ``qs`` 50 rows at a time; the query string minus ``page`` keeps the filters."""
    paginator = Paginator(qs, PER_PAGE)
    page: Page[Any] = paginator.get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return {
        "page_obj": page,
        "rows": page.object_list,
        "querystring": params.urlencode(),
        "page_range": paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
    }


def table_context(request: HttpRequest, kind: str) -> dict[str, Any]:
    """What the export / template / import buttons above a list need."""
    return {"export_kind": kind, "can_import": can_write_directory(request.user)}
