"""The fairness monitor page (oversight/fairness.py): the office sees all, a department its own."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from shuangsuiji.directory.models import Role
from shuangsuiji.plans.models import Task

from ..fairness import fairness_report


@login_required
def fairness_page(request: HttpRequest) -> HttpResponse:
    """One year's four sections; office and department admins (考核督查 is their work)."""
    user: Any = request.user
    if not (user.is_office_admin or user.role == Role.DEPT_ADMIN):
        raise PermissionDenied("只有联席办和部门管理员可以查看公平性监测")
    years = sorted(set(Task.objects.values_list("year", flat=True)), reverse=True)
    raw = request.GET.get("year", "")
    year = int(raw) if raw.isdigit() else (years[0] if years else timezone.localdate().year)
    report = fairness_report(actor=user, year=year)
    return render(
        request, "oversight/fairness.html", {"report": report, "years": years, "year": year}
    )
