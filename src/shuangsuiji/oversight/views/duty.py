"""履职记录 pages and PDFs for a department or an inspector (oversight.duty).

Who may open which record is duty.can_view_department / can_view_inspector; anyone else gets
404, so a record's existence is not disclosed across departments.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header, urlencode

from shuangsuiji.directory.models import Department, Inspector, Role

from .. import duty
from ..duty_pdf import duty_record_pdf


def _date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def period_of(request: HttpRequest) -> duty.Period:
    """?year=2025 (default: this year), optional ?start= / ?end= (YYYY-MM-DD)."""
    raw = request.GET.get("year", "")
    year = int(raw) if raw.isdigit() and 2000 <= int(raw) <= 2100 else timezone.localdate().year
    return duty.Period(year, _date(request.GET.get("start")), _date(request.GET.get("end")))


def _query(period: duty.Period) -> str:
    params = {"year": period.year}
    if period.start:
        params["start"] = period.start.isoformat()  # type: ignore[assignment]
    if period.end:
        params["end"] = period.end.isoformat()  # type: ignore[assignment]
    return urlencode(params)


@login_required
def duty_index(request: HttpRequest) -> HttpResponse:
    """The office picks a department; a department admin and an inspector go to their own."""
    user = request.user
    query = request.GET.urlencode()
    if not user.is_office_admin:  # type: ignore[union-attr]
        if user.role == Role.DEPT_ADMIN and user.department_id:  # type: ignore[union-attr]
            url = reverse("duty:department", args=[user.department_id])  # type: ignore[union-attr]
        elif getattr(user, "inspector_id", None):
            url = reverse("duty:inspector", args=[user.inspector_id])  # type: ignore[union-attr]
        else:
            raise PermissionDenied("您没有可查看的履职记录")
        return redirect(f"{url}?{query}" if query else url)
    period = period_of(request)
    departments = Department.objects.filter(is_office=False).order_by("sort_order", "id")
    return render(
        request,
        "oversight/duty_index.html",
        {"departments": departments, "period": period, "query": _query(period)},
    )


def _department_record(request: HttpRequest, pk: int) -> duty.DutyRecord:
    department = get_object_or_404(Department, pk=pk)
    if not duty.can_view_department(request.user, department):
        raise Http404("没有该履职记录")
    return duty.department_record(department=department, period=period_of(request))


def _inspector_record(request: HttpRequest, pk: int) -> duty.DutyRecord:
    inspector = get_object_or_404(Inspector.objects.select_related("department"), pk=pk)
    if not duty.can_view_inspector(request.user, inspector):
        raise Http404("没有该履职记录")
    return duty.inspector_record(inspector=inspector, period=period_of(request))


def _page(request: HttpRequest, record: duty.DutyRecord, pdf_url: str) -> HttpResponse:
    inspectors = []
    if record.subject == "department":
        inspectors = list(Inspector.objects.filter(department=record.department).order_by("name"))
    context = {
        "record": record,
        "summary": record.summary(),
        "pdf_url": f"{pdf_url}?{_query(record.period)}",
        "query": _query(record.period),
        "inspectors": inspectors,
        "years": range(timezone.localdate().year + 1, timezone.localdate().year - 5, -1),
    }
    return render(request, "oversight/duty_record.html", context)


def _pdf(request: HttpRequest, record: duty.DutyRecord) -> HttpResponse:
    name = request.user.display_name  # type: ignore[union-attr]
    data = duty_record_pdf(record, generated_by=name)
    response = HttpResponse(data, content_type="application/pdf")
    filename = f"履职记录-{record.name}-{record.period.year}.pdf"
    response["Content-Disposition"] = content_disposition_header(False, filename) or ""
    return response


@login_required
def department_record(request: HttpRequest, pk: int) -> HttpResponse:
    record = _department_record(request, pk)
    return _page(request, record, reverse("duty:department_pdf", args=[pk]))


@login_required
def department_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    return _pdf(request, _department_record(request, pk))


@login_required
def inspector_record(request: HttpRequest, pk: int) -> HttpResponse:
    record = _inspector_record(request, pk)
    return _page(request, record, reverse("duty:inspector_pdf", args=[pk]))


@login_required
def inspector_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    return _pdf(request, _inspector_record(request, pk))
