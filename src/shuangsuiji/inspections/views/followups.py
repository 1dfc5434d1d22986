"""后续处置 pages: the list of follow-ups, opening one for a result, closing one."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from shuangsuiji.common.errors import ServiceError

from .. import selectors, services
from ..forms import FollowUpCloseForm, FollowUpForm, first_error
from ..models import FollowUp, Result


@login_required
def follow_up_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "open")
    qs = selectors.follow_up_list(actor=request.user)
    if status in FollowUp.Status.values:
        qs = qs.filter(status=status)
    return render(
        request,
        "inspections/follow_up_list.html",
        {"follow_ups": qs.order_by("status", "due_on", "id"), "status": status},
    )


@login_required
def follow_up_detail(request: HttpRequest, pk: int) -> HttpResponse:
    follow_up = get_object_or_404(selectors.follow_up_list(actor=request.user), pk=pk)
    context = {
        "f": follow_up,
        "can_close": follow_up.status == FollowUp.Status.OPEN
        and services.can_handle_follow_up(request.user, follow_up),
        "form": FollowUpCloseForm(),
        "evidence": follow_up.evidence.all(),
    }
    return render(request, "inspections/follow_up_detail.html", context)


@login_required
@require_POST
def follow_up_create(request: HttpRequest, result_id: int) -> HttpResponse:
    result = get_object_or_404(Result, pk=result_id)
    if (
        selectors.assignment_get(
            actor=request.user, draw_id=result.draw_id, entity_id=result.entity_id
        )
        is None
    ):
        raise Http404("没有该检查任务")
    form = FollowUpForm(request.POST, prefix=f"f{result.item_id}")
    back = reverse("inspections:assignment", args=[result.draw_id, result.entity_id])
    back += f"#item-{result.item_id}"
    if not form.is_valid():
        messages.error(request, first_error(form))
        return redirect(back)
    data = form.cleaned_data
    try:
        made = services.follow_up_create(
            actor=request.user,
            result=result,
            action=data["action"],
            owner_department=data["owner_department"],
            due_on=data["due_on"],
            correction_deadline=data["correction_deadline"],
            recipient_department=data["recipient_department"],
            notified_on=data["notified_on"],
            note=data["note"],
        )
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"已登记后续处置：{made.get_action_display()}")
    return redirect(back)


@login_required
@require_POST
def follow_up_close(request: HttpRequest, pk: int) -> HttpResponse:
    follow_up = get_object_or_404(selectors.follow_up_list(actor=request.user), pk=pk)
    form = FollowUpCloseForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, first_error(form))
        return redirect("inspections:follow_up", pk=pk)
    data = form.cleaned_data
    try:
        services.follow_up_close(
            actor=request.user,
            follow_up=follow_up,
            closure_note=data["closure_note"],
            recheck_on=data["recheck_on"],
            recheck_note=data["recheck_note"],
            files=data["evidence"] or [],
        )
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "后续处置已办结")
    return redirect("inspections:follow_up", pk=pk)
