"""Pages of the annual plan and of joint-check requests; thin over planning.py and joint.py."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from shuangsuiji.common.errors import ServiceError
from shuangsuiji.directory.models import Role

from . import joint, planning, selectors
from .models import JointRequestState, Plan, PlanState
from .plan_forms import (
    JointApproveForm,
    JointRequestForm,
    PlanAmendForm,
    PlanCreateForm,
    PlanTaskForm,
    ReasonForm,
)


def _office(request: HttpRequest) -> None:
    if not getattr(request.user, "is_office_admin", False):
        raise PermissionDenied


def _attempt(request: HttpRequest, form: Any, call: Callable[[], Any], done: str) -> bool:
    """Run a service; its refusal becomes a form error (or a message without a form)."""
    try:
        call()
    except ServiceError as exc:
        if form is not None:
            form.add_error(None, exc.message)
        else:
            messages.error(request, exc.message)
        return False
    messages.success(request, done)
    return True


@login_required
def plan_list(request: HttpRequest) -> HttpResponse:
    form = PlanCreateForm(request.POST or None)
    if request.method == "POST":
        _office(request)
        if form.is_valid() and _attempt(
            request,
            form,
            lambda: planning.plan_create(actor=request.user, **form.cleaned_data),
            "已建立抽查计划草稿",
        ):
            return redirect(
                "plans:plan_detail", pk=Plan.objects.get(year=form.cleaned_data["year"]).pk
            )
    plans = Plan.objects.order_by("-year")
    return render(
        request, "plans/plan_list.html", {"plans": plans, "form": form, "current": "plan_list"}
    )


@login_required
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_object_or_404(Plan, pk=pk)
    office = getattr(request.user, "is_office_admin", False)
    tasks = plan.tasks.select_related("lead_department").prefetch_related("partner_departments")
    context = {
        "plan": plan,
        "tasks": tasks.order_by("code"),
        "versions": plan.versions.all(),
        "can_edit": office and plan.state == PlanState.DRAFT,
        "can_approve": office and plan.state == PlanState.DRAFT,
        "can_publish": office and plan.state == PlanState.APPROVED,
        "can_amend": office and plan.state == PlanState.PUBLISHED,
        "amend_form": PlanAmendForm(),
        "current": "plan_list",
    }
    return render(request, "plans/plan_detail.html", context)


@login_required
def plan_task_add(request: HttpRequest, pk: int) -> HttpResponse:
    _office(request)
    plan = get_object_or_404(Plan, pk=pk)
    form = PlanTaskForm(request.POST or None, year=plan.year)
    if (
        request.method == "POST"
        and form.is_valid()
        and _attempt(
            request,
            form,
            lambda: planning.plan_task_add(actor=request.user, plan=plan, **form.cleaned_data),
            f"已向计划添加任务：{form.cleaned_data['name']}",
        )
    ):
        return redirect("plans:plan_detail", pk=plan.pk)
    return render(
        request, "plans/plan_task_add.html", {"plan": plan, "form": form, "current": "plan_list"}
    )


@login_required
@require_POST
def plan_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    _office(request)
    plan = get_object_or_404(Plan, pk=pk)
    if action == "approve":
        _attempt(
            request,
            None,
            lambda: planning.plan_approve(actor=request.user, plan=plan),
            "计划已审批",
        )
    elif action == "publish":
        _attempt(
            request,
            None,
            lambda: planning.plan_publish(actor=request.user, plan=plan),
            "计划已发布",
        )
    elif action == "amend":
        reason = request.POST.get("reason", "")
        _attempt(
            request,
            None,
            lambda: planning.plan_amend(actor=request.user, plan=plan, reason=reason),
            "已开始修订，计划回到草稿（新版本）",
        )
    else:
        raise PermissionDenied
    return redirect("plans:plan_detail", pk=plan.pk)


@login_required
def joint_list(request: HttpRequest) -> HttpResponse:
    rows = selectors.joint_request_list(actor=request.user).prefetch_related(
        "items", "partner_departments"
    )
    can_submit = getattr(request.user, "role", None) == Role.DEPT_ADMIN
    return render(
        request,
        "plans/joint_list.html",
        {"rows": rows, "can_submit": can_submit, "current": "joint_list"},
    )


@login_required
def joint_new(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    if user.role != Role.DEPT_ADMIN or not user.department_id:
        raise PermissionDenied
    form = JointRequestForm(request.POST or None, department_id=user.department_id)
    if (
        request.method == "POST"
        and form.is_valid()
        and _attempt(
            request,
            form,
            lambda: joint.joint_request_submit(actor=user, **form.cleaned_data),
            "已报送联合检查申请",
        )
    ):
        return redirect("plans:joint_list")
    return render(request, "plans/joint_new.html", {"form": form, "current": "joint_list"})


@login_required
def joint_detail(request: HttpRequest, pk: int) -> HttpResponse:
    req = get_object_or_404(selectors.joint_request_list(actor=request.user), pk=pk)
    office = getattr(request.user, "is_office_admin", False)
    approve = JointApproveForm(year=req.year)
    give_back = ReasonForm()
    if request.method == "POST":
        _office(request)
        if request.POST.get("decision") == "approve":
            approve = JointApproveForm(request.POST, year=req.year)
            if approve.is_valid():
                d = approve.cleaned_data
                if _attempt(
                    request,
                    approve,
                    lambda: joint.joint_request_approve(
                        actor=request.user,
                        request=req,
                        task=d["task"],
                        code=d["code"],
                        name=d["name"],
                        reason=d["reason"],
                    ),
                    "已同意并安排联合任务",
                ):
                    return redirect("plans:joint_detail", pk=req.pk)
        else:
            give_back = ReasonForm(request.POST)
            if give_back.is_valid():
                reason = give_back.cleaned_data["reason"]
                if _attempt(
                    request,
                    give_back,
                    lambda: joint.joint_request_return(
                        actor=request.user, request=req, reason=reason
                    ),
                    "已退回申请",
                ):
                    return redirect("plans:joint_detail", pk=req.pk)
    context = {
        "req": req,
        "items": req.items.select_related("department"),
        "partners": req.partner_departments.all(),
        "can_decide": office and req.state == JointRequestState.SUBMITTED,
        "approve_form": approve,
        "return_form": give_back,
        "current": "joint_list",
    }
    return render(request, "plans/joint_detail.html", context)
