"""合并检查 pages: proposals, confirmation and cancellation."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from shuangsuiji.common.errors import ServiceError
from shuangsuiji.plans.access import scope_tasks
from shuangsuiji.plans.models import Task

from .. import visits
from ..models import Visit


def _visible_visits(request: HttpRequest) -> QuerySet[Visit]:
    qs = Visit.objects.select_related("entity").prefetch_related(
        "parts__selection__draw__task__lead_department", "members__department"
    )
    if request.user.is_office_admin:  # type: ignore[union-attr]
        return qs
    tasks = scope_tasks(Task.objects.all(), request.user).values("id")
    return qs.filter(parts__selection__draw__task__in=tasks).distinct()


@login_required
def visit_list(request: HttpRequest) -> HttpResponse:
    qs = _visible_visits(request)
    rows = [(v, visits.can_confirm_visit(request.user, v)) for v in qs]
    year = int(request.GET.get("year") or timezone.localdate().year)
    return render(request, "inspections/visit_list.html", {"rows": rows, "year": year})


@login_required
@require_POST
def visit_propose(request: HttpRequest) -> HttpResponse:
    try:
        year = int(request.POST.get("year", ""))
        made = visits.visit_propose_all(actor=request.user, year=year)
    except ValueError:
        messages.error(request, "请填写年度")
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"新生成合并检查建议 {len(made)} 条")
    return redirect("inspections:visit_list")


@login_required
@require_POST
def visit_decide(request: HttpRequest, pk: int) -> HttpResponse:
    visit = get_object_or_404(_visible_visits(request), pk=pk)
    try:
        if request.POST.get("decision") == "confirm":
            visits.visit_confirm(actor=request.user, visit=visit)
            messages.success(request, "已确认合并检查")
        else:
            visits.visit_cancel(
                actor=request.user, visit=visit, reason=request.POST.get("reason", "")
            )
            messages.success(request, "已取消合并检查")
    except ServiceError as exc:
        messages.error(request, exc.message)
    return redirect("inspections:visit_list")
