"""执法检查人员名录库: list and detail, scoped to the user's department."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from shuangsuiji.directory import selectors
from shuangsuiji.directory.forms import InspectorFilterForm

from .base import paginate, table_context


@login_required
def inspector_list(request: HttpRequest) -> HttpResponse:
    office = bool(getattr(request.user, "is_office_admin", False))
    form = InspectorFilterForm(request.GET or None, show_department=office)
    qs = selectors.inspector_list(actor=request.user, filters=form.filters())
    context = {
        "form": form,
        "show_phone": selectors.may_see_phone(request.user),
        "show_department": office,
        **paginate(request, qs),
        **table_context(request, "inspectors"),
    }
    return render(request, "directory/inspector_list.html", context)


@login_required
def inspector_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(selectors.inspector_list(actor=request.user), pk=pk)
    conflicts = (
        selectors.conflict_list(actor=request.user)
        .filter(inspector=person)
        .select_related("recorded_by")
        .order_by("-created_at")
    )
    context = {
        "person": person,
        "conflicts": conflicts,
        "show_phone": selectors.may_see_phone(request.user),
    }
    return render(request, "directory/inspector_detail.html", context)
