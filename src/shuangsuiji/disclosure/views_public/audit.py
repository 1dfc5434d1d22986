"""审计链公示: the audit chain's daily head hashes, so outsiders can detect later tampering."""

from __future__ import annotations

import json

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from shuangsuiji.common.audit_roots import published_roots
from shuangsuiji.common.models import AuditChainHead, AuditDailyRoot

from .common import paginate, public_page


@public_page
def audit_roots(request: HttpRequest) -> HttpResponse:
    """The published daily roots, newest first, and the live head (not yet a daily root)."""
    head = AuditChainHead.objects.filter(pk=1).first()
    context = {
        "head": head,
        **paginate(request, AuditDailyRoot.objects.order_by("-day")),
    }
    return render(request, "public/audit.html", context)


@public_page
def audit_roots_download(request: HttpRequest) -> HttpResponse:
    """Every published root as JSON: the file `shuangsuiji audit-verify --published` reads."""
    data = {
        "kind": "ssj-audit-roots/1",
        "issuer": "栾川县“双随机、一公开”联席会议办公室",
        "roots": published_roots(),
    }
    body = json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8")
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="audit-roots.json"'
    return response
