"""抽查任务: list and detail; later stages add their sections to the detail page (panels.py)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from shuangsuiji.common.errors import ServiceError
from shuangsuiji.directory.models import Area, EntityTag
from shuangsuiji.directory.views.base import paginate

from . import reminders, selectors, services
from .access import can_manage_task
from .forms import TaskFilterForm
from .models import Task, TaskState
from .panels import task_panels


def visible_task(request: HttpRequest, pk: int) -> Task:
    """A task in the user's scope, or 404: an out-of-scope id looks like a missing one."""
    return get_object_or_404(selectors.task_list(actor=request.user), pk=pk)


@login_required
def task_list(request: HttpRequest) -> HttpResponse:
    visible = selectors.task_list(actor=request.user)
    years = list(visible.order_by("-year").values_list("year", flat=True).distinct())
    form = TaskFilterForm(request.GET or None, years=years)
    qs = selectors.task_list(actor=request.user, filters=form.filters())
    qs = qs.prefetch_related("partner_departments")
    return render(request, "plans/task_list.html", {"form": form, **paginate(request, qs)})


@login_required
def task_detail(request: HttpRequest, pk: int) -> HttpResponse:
    task = visible_task(request, pk)
    can_manage = can_manage_task(request.user, task.lead_department_id)
    context = {
        "task": task,
        "partners": task.partner_departments.all(),
        "items": task.items.select_related("department").order_by("department__sort_order"),
        "conditions": _conditions_display(task),
        "can_publish": can_manage and task.state == TaskState.DRAFT,
        "can_start": can_manage and task.state == TaskState.DRAWN,
        "can_complete": can_manage and task.state == TaskState.IN_PROGRESS,
        "can_publicize": can_manage and task.state == TaskState.COMPLETED,
        "can_terminate": can_manage
        and task.state not in {TaskState.PUBLICIZED, TaskState.TERMINATED},
        "due": selectors.task_publication_due(task),
        "can_edit": can_manage and task.state in services.EDITABLE_STATES,
        "panels": task_panels(request, task),
    }
    return render(request, "plans/task_detail.html", context)


@login_required
@require_POST
def task_publish(request: HttpRequest, pk: int) -> HttpResponse:
    task = visible_task(request, pk)
    try:
        services.task_publish(actor=request.user, task=task)
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"已发布抽查任务：{task.name}")
    return redirect("plans:task_detail", pk=task.pk)


LIFECYCLE = {
    "start": (services.task_start, "任务已进入检查中"),
    "complete": (services.task_complete, "任务已完成，请在20个工作日内公示结果"),
    "publicize": (services.task_publicize, "已登记结果公示"),
}


@login_required
@require_POST
def task_lifecycle(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """检查中, 已完成, 已公示 and 已终止: one POST per transition, refusals shown in Chinese."""
    task = visible_task(request, pk)
    try:
        if action == "terminate":
            services.task_terminate(
                actor=request.user, task=task, reason=request.POST.get("reason", "")
            )
            done = "任务已终止"
        elif action in LIFECYCLE:
            service, done = LIFECYCLE[action]
            service(actor=request.user, task=task)
        else:
            raise Http404
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, done)
    return redirect("plans:task_detail", pk=task.pk)


@login_required
def message_list(request: HttpRequest) -> HttpResponse:
    """The user's reminders (提醒), own and department-wide, newest first."""
    qs = reminders.message_list(user=request.user).select_related("user", "department")
    return render(
        request, "plans/message_list.html", {**paginate(request, qs), "current": "messages"}
    )


@login_required
@require_POST
def message_read(request: HttpRequest, pk: int) -> HttpResponse:
    message = get_object_or_404(reminders.message_list(user=request.user), pk=pk)
    reminders.message_mark_read(actor=request.user, message=message)
    if message.link and request.POST.get("follow"):
        return redirect(message.link)
    return redirect("plans:message_list")


def _conditions_display(task: Task) -> list[tuple[str, str]]:
    c = task.conditions or {}
    rows: list[tuple[str, str]] = []
    if c.get("tag_ids"):
        tags = EntityTag.objects.filter(pk__in=c["tag_ids"]).select_related("department")
        rows.append(("部门标签", "、".join(str(t) for t in tags)))
    if c.get("area_ids"):
        areas = Area.objects.filter(pk__in=c["area_ids"])
        rows.append(("乡镇", "、".join(a.name for a in areas)))
    if c.get("industry_prefixes"):
        rows.append(("行业代码", "、".join(f"{p}*" for p in c["industry_prefixes"])))
    if c.get("entity_types"):
        rows.append(("主体类型", "、".join(c["entity_types"])))
    if c.get("credit_classes"):
        rows.append(("信用风险分类", "、".join(f"{k}类" for k in c["credit_classes"])))
    return rows
