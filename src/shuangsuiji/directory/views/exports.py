"""Downloads: a directory as csv/xlsx/json (scoped like its page) and the import templates."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.http import content_disposition_header

from shuangsuiji.directory.exporters import EXPORTS, export_filename, export_table, template_bytes
from shuangsuiji.directory.importers import KINDS
from shuangsuiji.directory.tabular import FORMATS

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json; charset=utf-8",
}


def _download(data: bytes, filename: str, fmt: str) -> HttpResponse:
    response = HttpResponse(data, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


@login_required
def export(request: HttpRequest, kind: str, fmt: str) -> HttpResponse:
    if kind not in EXPORTS or fmt not in FORMATS:
        raise Http404("没有这种导出")
    data = export_table(kind=kind, fmt=fmt, actor=request.user)
    return _download(data, export_filename(kind, fmt), fmt)


@login_required
def import_template(request: HttpRequest, kind: str) -> HttpResponse:
    if kind not in KINDS:
        raise Http404("没有这种导入模板")
    return _download(template_bytes(kind), f"{KINDS[kind].title}导入模板.xlsx", "xlsx")
