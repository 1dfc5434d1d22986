"""抽取 pages: the section on the task page, the draw result page, and the record downloads."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_POST

from shuangsuiji.common.errors import ServiceError
from shuangsuiji.directory.models import Entity
from shuangsuiji.plans.access import can_manage_task
from shuangsuiji.plans.models import Task, TaskState
from shuangsuiji.plans.views import visible_task

from . import selectors, services
from .forms import WITNESS_SOURCES, DirectAssignmentForm, DrawConfigForm, RedrawForm, WitnessForm
from .models import DirectAssignment, Draw, Fallback, Freeze, Selection
from .population import FULL_GROUPS, config_of
from .records import auditor_record, public_record, record_bytes

PER_PAGE = 50


def _back(task: Task) -> HttpResponse:
    return redirect(reverse("plans:task_detail", args=[task.pk]) + "#draw")


def frozen_strata(freeze: Freeze) -> list[dict[str, Any]]:
    """The frozen strata with their inclusion probability, for display."""
    rows = []
    for s in freeze.frozen["strata"]:
        size, quota = s["size"], s["quota"]
        rows.append(
            {
                **s,
                "full": s["name"] in FULL_GROUPS,
                "probability": quota / size if size else None,
            }
        )
    return rows


def draw_panel(request: HttpRequest, task: Task) -> dict[str, Any] | None:
    """Context of the 抽取 section of the task page (registered in hooks.py)."""
    user: Any = request.user
    manage = can_manage_task(user, task.lead_department_id)
    config = config_of(task)
    context: dict[str, Any] = {
        "task": task,
        "config": config,
        "can_manage": manage,
        "can_configure": manage and task.state in services.CONFIGURABLE,
        "can_freeze": manage and task.state in services.FREEZABLE,
        "can_draw": manage and task.state == TaskState.FROZEN,
        "can_redraw": bool(user.is_office_admin) and task.state == TaskState.DRAWN,
        "ledger": list(selectors.task_draws(actor=user, task=task)),
        "witness_sources": WITNESS_SOURCES,
    }
    if context["can_configure"]:
        context["config_form"] = DrawConfigForm.for_config(config)
    freeze = selectors.latest_freeze(task)
    if freeze is not None:
        context["freeze"] = freeze
        context["freeze_pending"] = not Draw.objects.filter(freeze=freeze).exists()
        context["frozen_strata"] = frozen_strata(freeze)
        context["config_changed"] = bool(config.pk and config.updated_at > freeze.frozen_at)
    if context["can_draw"]:
        context["witness_form"] = WitnessForm()
    if context["can_redraw"]:
        context["redraw_form"] = RedrawForm()
    current = next((d for d in context["ledger"] if d.is_current), None)
    context["current"] = current
    if current is not None:
        flagged = Selection.objects.filter(draw=current, fallback=Fallback.DIRECT)
        assigned = DirectAssignment.objects.filter(draw=current).values("entity_id")
        context["pending_direct"] = flagged.exclude(entity_id__in=assigned).count()
    if request.GET.get("preview") and task.state in {TaskState.DRAFT, *services.FREEZABLE}:
        try:
            context["preview"] = services.population_preview(task=task, actor=user)
        except ServiceError as exc:
            context["preview_error"] = exc.message
    return context


@login_required
@require_POST
def config_save(request: HttpRequest, pk: int) -> HttpResponse:
    task = visible_task(request, pk)
    form = DrawConfigForm.for_config(config_of(task), request.POST)
    if not form.is_valid():
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            text = "；".join(str(e) for e in errors)
            messages.error(request, f"{label}：{text}" if label else text)
        return _back(task)
    try:
        services.draw_config_save(task=task, actor=request.user, values=form.values())
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "抽取配置已保存")
    return redirect(reverse("plans:task_detail", args=[task.pk]) + "?preview=1#draw")


@login_required
@require_POST
def freeze(request: HttpRequest, pk: int) -> HttpResponse:
    task = visible_task(request, pk)
    try:
        frozen = services.draw_freeze(task=task, actor=request.user)
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            f"名单已冻结：{frozen.population_size} 户，承诺值 {frozen.commitment}。"
            "请先公布承诺值，再由见证人给出随机数进行抽取。",
        )
    return _back(task)


@login_required
@require_POST
def run(request: HttpRequest, pk: int) -> HttpResponse:
    task = visible_task(request, pk)
    form = WitnessForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请填写见证随机数、来源和见证人")
        return _back(task)
    try:
        draw = services.draw_run(task=task, actor=request.user, **form.cleaned_data)
    except ServiceError as exc:
        messages.error(request, exc.message)
        return _back(task)
    messages.success(request, f"抽取完成：抽中 {len(draw.outcome['selected'])} 户")
    return redirect("sampling:draw_detail", pk=draw.pk)


@login_required
@require_POST
def redraw(request: HttpRequest, pk: int) -> HttpResponse:
    task = visible_task(request, pk)
    form = RedrawForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        services.draw_redraw(task=task, reason=reason, actor=request.user)
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request, "已重新冻结名单；原抽取结果保留在台账中。请由见证人给出新的随机数后抽取。"
        )
    return _back(task)


def _visible_draw(request: HttpRequest, pk: int) -> Draw:
    return get_object_or_404(
        selectors.draw_list(actor=request.user).select_related("task__lead_department", "freeze"),
        pk=pk,
    )


@login_required
def draw_detail(request: HttpRequest, pk: int) -> HttpResponse:
    draw = _visible_draw(request, pk)
    task = draw.task
    user: Any = request.user
    only_fallback = request.GET.get("fallback") == "1"
    selections = selectors.draw_selections(draw, only_fallback=only_fallback)
    page = Paginator(selections, PER_PAGE).get_page(request.GET.get("page"))
    rows = selectors.draw_teams(draw, list(page.object_list))
    can_assign = (
        can_manage_task(user, task.lead_department_id)
        and draw.is_current
        and task.state in {TaskState.DRAWN, TaskState.IN_PROGRESS}
    )
    if can_assign:
        pool = selectors.assignable_inspectors(task)
        for row in rows:
            if row.selection.fallback == Fallback.DIRECT:
                row.form = DirectAssignmentForm(queryset=pool, prefix=f"e{row.selection.entity_id}")  # type: ignore[attr-defined]
    params = request.GET.copy()
    params.pop("page", None)
    freeze_row = draw.freeze
    context = {
        "draw": draw,
        "task": task,
        "freeze": freeze_row,
        "strata": frozen_strata(freeze_row),
        "exclusions": freeze_row.frozen.get("exclusions", []),
        "rows": rows,
        "page_obj": page,
        "querystring": params.urlencode(),
        "page_range": page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
        "only_fallback": only_fallback,
        "fallback_count": draw.selections.exclude(fallback="").count(),
        "direct_count": draw.selections.filter(fallback=Fallback.DIRECT).count(),
        "relaxed_count": draw.selections.filter(rotation_relaxed=True).count(),
        "batch_count": len(draw.outcome["batches"]),
        "can_assign": can_assign,
        "redraws": list(draw.redraws.all()),
        "ledger": list(selectors.task_draws(actor=user, task=task)),
    }
    return render(request, "sampling/draw_detail.html", context)


@login_required
@require_POST
def assign(request: HttpRequest, pk: int) -> HttpResponse:
    draw = _visible_draw(request, pk)
    entity = get_object_or_404(Entity, pk=request.POST.get("entity"))
    pool = selectors.assignable_inspectors(draw.task)
    form = DirectAssignmentForm(request.POST, queryset=pool, prefix=f"e{entity.pk}")
    back = reverse("sampling:draw_detail", args=[draw.pk]) + "?fallback=1"
    if not form.is_valid():
        messages.error(request, f"{entity.name}：请选择委派人员并填写委派原因")
        return redirect(back)
    try:
        services.team_assign_directly(
            draw=draw,
            entity=entity,
            inspectors=form.cleaned_data["inspectors"],
            reason=form.cleaned_data["reason"],
            actor=request.user,
        )
    except ServiceError as exc:
        messages.error(request, f"{entity.name}：{exc.message}")
    else:
        messages.success(request, f"已直接委派 {entity.name} 的检查组")
    return redirect(back)


def _json_download(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


@login_required
def record_download(request: HttpRequest, pk: int) -> HttpResponse:
    """The public record of one draw: anyone can re-run it with `shuangsuiji verify-draw`."""
    draw = _visible_draw(request, pk)
    name = f"抽取记录-{draw.task.code}-{draw.number}.json"
    return _json_download(record_bytes(public_record(draw)), name)


@login_required
def auditor_download(request: HttpRequest, pk: int) -> HttpResponse:
    """The auditor's record (conflict register, previous teams): office admins only."""
    draw = _visible_draw(request, pk)
    try:
        data = auditor_record(draw, actor=request.user)
    except ServiceError as exc:
        raise Http404(exc.message) from exc
    name = f"抽取记录-审计版-{draw.task.code}-{draw.number}.json"
    return _json_download(record_bytes(data), name)
