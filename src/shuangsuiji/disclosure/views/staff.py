"""Staff pages of 一公开: 不予公开 requests and decisions, the 公示系统 export, 联合惩戒 lookup."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from shuangsuiji.common.errors import ServiceError
from shuangsuiji.common.uscc import normalize
from shuangsuiji.directory.models import Entity
from shuangsuiji.directory.selectors import entity_search_q
from shuangsuiji.directory.views.exports import download_response
from shuangsuiji.plans.access import scope_tasks
from shuangsuiji.plans.models import Task

from .. import exports, services
from ..forms import ExemptionRequestForm, ResultExportForm, SanctionSearchForm
from ..models import ExemptionState
from ..sanctions import firm_sanctions
from ..selectors import ResultFilters
from ..staff_selectors import exemptible_results, exemption_list


@login_required
@require_POST
def exemption_request(request: HttpRequest, task_id: int) -> HttpResponse:
    task = get_object_or_404(scope_tasks(Task.objects.all(), request.user), pk=task_id)
    results = {r.pk: r for r in exemptible_results(actor=request.user, task=task)}
    form = ExemptionRequestForm(request.POST, results=list(results.values()))
    if not form.is_valid():
        messages.error(request, "请选择检查结果并填写不公开理由及法律依据")
    else:
        try:
            services.exemption_request(
                actor=request.user,
                result=results[form.cleaned_data["result"]],
                reason=form.cleaned_data["reason"],
            )
            messages.success(request, "已提交不予公开申请，待联席办审批；审批前该任务结果不能公示")
        except ServiceError as exc:
            messages.error(request, exc.message)
    return redirect(reverse("plans:task_detail", args=[task.pk]) + "#publication")


@login_required
def exemption_list_page(request: HttpRequest) -> HttpResponse:
    state = request.GET.get("state", ExemptionState.REQUESTED)
    qs = exemption_list(actor=request.user)
    if state in ExemptionState.values:
        qs = qs.filter(state=state)
    return render(
        request,
        "disclosure/exemption_list.html",
        {"exemptions": qs, "state": state, "states": ExemptionState.choices},
    )


@login_required
@require_POST
def exemption_decide(request: HttpRequest, pk: int) -> HttpResponse:
    exemption = get_object_or_404(exemption_list(actor=request.user), pk=pk)
    approve = request.POST.get("decision") == "approve"
    try:
        services.exemption_decide(
            actor=request.user,
            exemption=exemption,
            approve=approve,
            note=request.POST.get("note", ""),
        )
        messages.success(request, "已批准不予公开" if approve else "已不予批准，该结果将随任务公示")
    except ServiceError as exc:
        messages.error(request, exc.message)
    return redirect("disclosure:exemption_list")


@login_required
def result_export(request: HttpRequest) -> HttpResponse:
    """The 公示系统 归集 export (seed 三(四)): a task, or tasks completed since a date."""
    form = ResultExportForm(request.GET or None)
    count = None
    if form.is_valid():
        task, since = form.cleaned_data["task"].strip(), form.cleaned_data["since"]
        if "download" in request.GET:
            fmt = form.cleaned_data["format"]
            try:
                data = exports.export_results(
                    actor=request.user, fmt=fmt, task_code=task, since=since
                )
            except ServiceError as exc:
                messages.error(request, exc.message)
            else:
                name = f"{exports.TITLE}-{task or (since.isoformat() if since else '全部')}.{fmt}"
                return download_response(data, name, fmt)
        filters = ResultFilters(task_code=task, since=since)
        count = exports.exportable_results(actor=request.user, filters=filters).count()
    return render(request, "disclosure/result_export.html", {"form": form, "count": count})


@login_required
def sanction_lookup(request: HttpRequest) -> HttpResponse:
    """联合惩戒 lookup for member departments: a firm's listing and penalty status."""
    form = SanctionSearchForm(request.GET or None)
    status, matches, searched = None, [], False
    if form.is_valid():
        searched = True
        q = form.cleaned_data["q"].strip()
        code = normalize(q)
        status = firm_sanctions(actor=request.user, uscc=code) if len(code) == 18 else None
        if status is None:
            matches = list(
                Entity.objects.filter(entity_search_q(q)).order_by("uscc").only("uscc", "name")[:20]
            )
            if len(matches) == 1:
                status = firm_sanctions(actor=request.user, uscc=matches[0].uscc)
    return render(
        request,
        "disclosure/sanction_lookup.html",
        {"form": form, "status": status, "matches": matches, "searched": searched},
    )
