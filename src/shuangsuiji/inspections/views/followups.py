"""后续处置 pages: the list of follow-ups, opening one for a result, closing one."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from shuangsuiji.common.errors import ServiceError
from shuangsuiji.directory.models import Role

from .. import listings, selectors, services
from ..forms import FollowUpCloseForm, FollowUpForm, ListingForm, RemovalForm, first_error
from ..models import AbnormalListing, FollowUp, FollowUpAction, Result


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
    user: Any = request.user
    listing = AbnormalListing.objects.filter(follow_up=follow_up).first()
    authority = listings.is_registration_authority(user.department_id)
    is_admin = user.role == Role.DEPT_ADMIN
    context = {
        "f": follow_up,
        "can_close": follow_up.status == FollowUp.Status.OPEN
        and services.can_handle_follow_up(user, follow_up),
        "form": FollowUpCloseForm(),
        "evidence": follow_up.evidence.all(),
        "listing": listing,
        "listing_due": listings.listing_due(follow_up, timezone.localdate()),
        "can_list": follow_up.action == FollowUpAction.REFER_LISTING
        and follow_up.status == FollowUp.Status.OPEN
        and authority
        and is_admin,
        "listing_form": ListingForm(initial={"listed_on": timezone.localdate()}),
        "can_remove": listing is not None and listing.active and authority and is_admin,
        "removal_form": RemovalForm(initial={"removed_on": timezone.localdate()}),
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
            transfer_to=data["transfer_to"] or "",
            suspected_crime=data["suspected_crime"],
            suspected_offence=data["suspected_offence"],
            listed_on=data["listed_on"],
            decision_no=data["decision_no"],
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
            corrected=data["corrected"],
            suspected_crime=data["suspected_crime"],
            suspected_offence=data["suspected_offence"],
            files=data["evidence"] or [],
        )
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "后续处置已办结")
    return redirect("inspections:follow_up", pk=pk)


@login_required
@require_POST
def listing_from_referral(request: HttpRequest, pk: int) -> HttpResponse:
    """市场监管 lists the firm a 抄告 names (企业经营异常名录管理暂行办法 第四条)."""
    referral = get_object_or_404(selectors.follow_up_list(actor=request.user), pk=pk)
    form = ListingForm(request.POST)
    if not form.is_valid():
        messages.error(request, first_error(form))
        return redirect("inspections:follow_up", pk=pk)
    try:
        listing = listings.abnormal_list_enter(
            actor=request.user,
            result=referral.result,
            referral=referral,
            listed_on=form.cleaned_data["listed_on"],
            decision_no=form.cleaned_data["decision_no"],
        )
    except ServiceError as exc:
        messages.error(request, exc.message)
        return redirect("inspections:follow_up", pk=pk)
    messages.success(request, "已列入经营异常名录")
    return redirect("inspections:follow_up", pk=listing.follow_up_id)


@login_required
@require_POST
def listing_remove(request: HttpRequest, pk: int) -> HttpResponse:
    """移出经营异常名录 with its reason."""
    visible = selectors.follow_up_list(actor=request.user).values("pk")
    listing = get_object_or_404(AbnormalListing, pk=pk, follow_up__in=visible)
    form = RemovalForm(request.POST)
    if not form.is_valid():
        messages.error(request, first_error(form))
    else:
        try:
            listings.abnormal_list_remove(
                actor=request.user,
                listing=listing,
                reason=form.cleaned_data["removal_reason"],
                removed_on=form.cleaned_data["removed_on"],
                note=form.cleaned_data["removal_note"],
            )
        except ServiceError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, "已移出经营异常名录")
    return redirect("inspections:follow_up", pk=listing.follow_up_id)
