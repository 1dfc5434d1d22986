"""Downloads of the printable 检查通知书 and 检查表."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.http import content_disposition_header

from .. import selectors
from ..documents import content_for
from .public import check_url
from .workbench import _assignment

NAMES = {"notice": "检查通知书", "checklist": "检查表"}


@login_required
def document(request: HttpRequest, draw_id: int, entity_id: int, kind: str) -> HttpResponse:
    if kind not in NAMES:
        raise Http404
    a = _assignment(request, draw_id, entity_id)
    url = check_url(request, selectors.check_code(a))
    data = content_for(kind, a, selectors.results_of(a), url)
    response = HttpResponse(data, content_type="application/pdf")
    filename = f"{NAMES[kind]}-{a.task.code}-{a.entity.uscc}.pdf"
    response["Content-Disposition"] = content_disposition_header(False, filename) or ""
    return response
