"""Downloads: a directory as csv/xlsx/json (scoped like its page) and the import templates."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.http import content_disposition_header

from shuangsuiji.directory import selectors
from shuangsuiji.directory.exporters import EXPORTS, export_filename, export_table, template_bytes
from shuangsuiji.directory.forms import EntityFilterForm, InspectorFilterForm, ItemFilterForm
from shuangsuiji.directory.importers import KINDS
from shuangsuiji.directory.tabular import FORMATS

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json; charset=utf-8",
}


def download_response(data: bytes, filename: str, fmt: str) -> HttpResponse:
    """A csv/xlsx/json file as an attachment (RFC 6266 name, so Chinese names survive)."""
    response = HttpResponse(data, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


def _filters(request: HttpRequest, kind: str) -> Any:
    """The list page's filters, read from the same query string, so the export matches it."""
    data = request.GET or None
    if kind == "items":
        visible = selectors.item_list(actor=request.user)
        years = list(visible.order_by("-year").values_list("year", flat=True).distinct())
        return ItemFilterForm(data, years=years).filters()
    if kind == "entities":
        return EntityFilterForm(data).filters()
    if kind == "inspectors":
        office = bool(getattr(request.user, "is_office_admin", False))
        return InspectorFilterForm(data, show_department=office).filters()
    return None


@login_required
def export(request: HttpRequest, kind: str, fmt: str) -> HttpResponse:
    if kind not in EXPORTS or fmt not in FORMATS:
        raise Http404("没有这种导出")
    data = export_table(kind=kind, fmt=fmt, actor=request.user, filters=_filters(request, kind))
    return download_response(data, export_filename(kind, fmt), fmt)


@login_required
def import_template(request: HttpRequest, kind: str) -> HttpResponse:
    if kind not in KINDS:
        raise Http404("没有这种导入模板")
    return download_response(template_bytes(kind), f"{KINDS[kind].title}导入模板.xlsx", "xlsx")
