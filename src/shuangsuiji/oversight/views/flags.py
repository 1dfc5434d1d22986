"""追责 flags page and its xlsx export (oversight.flags): office and department admins only."""

from __future__ import annotations

import io

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import content_disposition_header
from openpyxl import Workbook

from shuangsuiji.directory.models import Department, Role

from .. import flags

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _flags(request: HttpRequest) -> tuple[list[flags.Flag], str, int | None]:
    user = request.user
    if not (user.is_office_admin or user.role == Role.DEPT_ADMIN):  # type: ignore[union-attr]
        raise PermissionDenied("只有联席办和部门管理员可以查看追责提示")
    kind = request.GET.get("kind", "")
    kind = kind if kind in flags.KINDS else ""
    raw = request.GET.get("department", "")
    department_id = int(raw) if raw.isdigit() else None
    found = flags.flag_list(actor=user, kind=kind, department_id=department_id)
    return found, kind, department_id


@login_required
def flag_list(request: HttpRequest) -> HttpResponse:
    found, kind, department_id = _flags(request)
    context = {
        "flags": found,
        "kinds": flags.KINDS.items(),
        "kind": kind,
        "department_id": department_id,
        "departments": Department.objects.filter(is_office=False).order_by("sort_order", "id")
        if request.user.is_office_admin  # type: ignore[union-attr]
        else [],
        "query": request.GET.urlencode(),
    }
    return render(request, "oversight/flags.html", context)


@login_required
def flag_export(request: HttpRequest) -> HttpResponse:
    found, _, _ = _flags(request)
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "追责提示"
    sheet.append(["类型", "对象", "负责部门", "起算日期", "时长", "说明", "链接"])
    for f in found:
        sheet.append(
            [
                f.kind_label,
                f.object_label,
                f.department.name,
                f.since,
                f.age_text,
                f.explanation,
                request.build_absolute_uri(f.link),
            ]
        )
    for column, width in zip("ABCDEFG", (16, 48, 24, 12, 14, 70, 40), strict=True):
        sheet.column_dimensions[column].width = width
    out = io.BytesIO()
    book.save(out)
    response = HttpResponse(out.getvalue(), content_type=XLSX)
    filename = f"追责提示-{timezone.localdate():%Y%m%d}.xlsx"
    response["Content-Disposition"] = content_disposition_header(True, filename) or ""
    return response
