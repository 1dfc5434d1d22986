"""抽样复查 pages: rounds, freeze and draw, the record downloads, teams and outcomes.

Office admins only (the office organises 考核督查, seed 五(四)); the writes go through
oversight/recheck.py.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_POST

from shuangsuiji.common.errors import ServiceError
from shuangsuiji.sampling import record
from shuangsuiji.sampling.records import record_bytes
from shuangsuiji.sampling.views import frozen_strata

from .. import recheck as svc
from .. import recheck_inputs
from ..models import Outcome, Recheck, RecheckItem, RecheckState
from ..recheck_forms import AssignForm, OutcomeForm, RecheckForm, WitnessForm


def _office(request: HttpRequest) -> Any:
    user: Any = request.user
    if not user.is_office_admin:
        raise PermissionDenied("抽样复查由联席办组织，只有联席办管理员可以查看")
    return user


def _errors(request: HttpRequest, form: Any) -> None:
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        for text in errors:
            messages.error(request, f"{label}：{text}" if label else text)


@login_required
def recheck_list(request: HttpRequest) -> HttpResponse:
    """Every round, newest first, and the form that freezes a new one."""
    _office(request)
    rounds = Recheck.objects.select_related("team_department", "scope_department", "scope_task")
    rounds = rounds.defer("population", "matching", "record", "frozen")
    return render(request, "oversight/recheck_list.html", {"rounds": rounds, "form": RecheckForm()})


@login_required
@require_POST
def recheck_freeze(request: HttpRequest) -> HttpResponse:
    user = _office(request)
    form = RecheckForm(request.POST)
    if not form.is_valid():
        _errors(request, form)
        return redirect("recheck:list")
    data = form.cleaned_data
    try:
        made = svc.recheck_freeze(
            actor=user,
            year=data["year"],
            share_bp=form.share_bp,
            team_department=data["team_department"],
            due_on=data["due_on"],
            scope_department=data["scope_department"],
            scope_task=data["scope_task"],
        )
    except ServiceError as exc:
        messages.error(request, exc.message)
        return redirect("recheck:list")
    messages.success(request, f"已冻结复查名单 {made.population_size} 户，承诺值已公布")
    return redirect("recheck:detail", made.pk)


@login_required
def recheck_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A round: its commitment and strata; after the draw, the drawn inspections."""
    _office(request)
    r = get_object_or_404(Recheck.objects.select_related("team_department"), pk=pk)
    items = (
        RecheckItem.objects.filter(recheck=r)
        .select_related("task", "entity__area")
        .prefetch_related("team__department")
        .order_by("position", "task__code")
    )
    rows = [
        {
            "item": i,
            "outcome_form": OutcomeForm(prefix=f"o{i.pk}"),
            "assign_form": AssignForm(prefix=f"a{i.pk}", department=r.team_department),
        }
        for i in items
    ]
    counts = {o.value: sum(1 for i in items if i.outcome == o.value) for o in Outcome}
    context = {
        "recheck": r,
        "strata": frozen_strata(r),  # type: ignore[arg-type]
        "exclusions": r.frozen["exclusions"],
        "rows": rows,
        "counts": counts,
        "witness_form": WitnessForm() if r.state == RecheckState.FROZEN else None,
        "tasks": sorted({row["task"] for row in r.frozen["items"]}),
    }
    return render(request, "oversight/recheck_detail.html", context)


@login_required
@require_POST
def recheck_draw(request: HttpRequest, pk: int) -> HttpResponse:
    user = _office(request)
    r = get_object_or_404(Recheck, pk=pk)
    form = WitnessForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请填写见证随机数、来源和见证人")
        return redirect("recheck:detail", pk)
    try:
        r = svc.recheck_draw(recheck=r, actor=user, **form.cleaned_data)
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"抽取完成：抽中 {len(r.record['selected'])} 户")  # type: ignore[index]
    return redirect("recheck:detail", pk)


@login_required
def recheck_record(request: HttpRequest, pk: int, kind: str = record.PUBLIC) -> HttpResponse:
    """The round's record as JSON: `shuangsuiji verify-draw` accepts it unchanged."""
    _office(request)
    r = get_object_or_404(Recheck, pk=pk, state=RecheckState.DRAWN)
    data = recheck_inputs.recheck_record(r, kind=kind)
    suffix = "-审计版" if kind == record.AUDITOR else ""
    response = HttpResponse(record_bytes(data), content_type="application/json; charset=utf-8")
    name = f"抽样复查记录{suffix}-{r.code}.json"
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response


@login_required
def recheck_auditor_record(request: HttpRequest, pk: int) -> HttpResponse:
    return recheck_record(request, pk, kind=record.AUDITOR)


def _item(pk: int) -> RecheckItem:
    return get_object_or_404(RecheckItem.objects.select_related("recheck", "entity"), pk=pk)


@login_required
@require_POST
def item_outcome(request: HttpRequest, pk: int) -> HttpResponse:
    user = _office(request)
    item = _item(pk)
    form = OutcomeForm(request.POST, prefix=f"o{pk}")
    if not form.is_valid():
        _errors(request, form)
        return redirect("recheck:detail", item.recheck_id)
    try:
        svc.recheck_record_outcome(item=item, actor=user, **form.cleaned_data)
    except ServiceError as exc:
        messages.error(request, f"{item.entity.name}：{exc.message}")
    else:
        messages.success(request, f"已登记 {item.entity.name} 的复查结论")
    return redirect("recheck:detail", item.recheck_id)


@login_required
@require_POST
def item_assign(request: HttpRequest, pk: int) -> HttpResponse:
    user = _office(request)
    item = _item(pk)
    form = AssignForm(request.POST, prefix=f"a{pk}", department=item.recheck.team_department)
    if not form.is_valid():
        messages.error(request, f"{item.entity.name}：请选择复查组成员并填写原因")
        return redirect("recheck:detail", item.recheck_id)
    try:
        svc.recheck_assign_team(
            item=item,
            inspectors=list(form.cleaned_data["inspectors"]),
            reason=form.cleaned_data["reason"],
            actor=user,
        )
    except ServiceError as exc:
        messages.error(request, f"{item.entity.name}：{exc.message}")
    else:
        messages.success(request, f"已指定 {item.entity.name} 的复查组")
    return redirect("recheck:detail", item.recheck_id)
