"""抽查事项清单: list, detail, publish and new version."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from shuangsuiji.common.errors import ServiceError
from shuangsuiji.directory import selectors, services
from shuangsuiji.directory.access import can_edit_department_rows
from shuangsuiji.directory.forms import ItemFilterForm
from shuangsuiji.directory.models import InspectionItem, ItemState

from .base import paginate, table_context


def _visible_item(request: HttpRequest, pk: int) -> InspectionItem:
    """An item in the user's scope, or 404: an out-of-scope id looks like a missing one."""
    return get_object_or_404(selectors.item_list(actor=request.user), pk=pk)


@login_required
def item_list(request: HttpRequest) -> HttpResponse:
    visible = selectors.item_list(actor=request.user)
    years = list(visible.order_by("-year").values_list("year", flat=True).distinct())
    form = ItemFilterForm(request.GET or None, years=years)
    qs = selectors.item_list(actor=request.user, filters=form.filters())
    qs = qs.select_related("department", "lead_department")
    context = {"form": form, **paginate(request, qs), **table_context(request, "items")}
    return render(request, "directory/item_list.html", context)


@login_required
def item_detail(request: HttpRequest, pk: int) -> HttpResponse:
    item = _visible_item(request, pk)
    versions = selectors.item_list(actor=request.user).filter(
        department_id=item.department_id, year=item.year, name=item.name
    )
    can_edit = can_edit_department_rows(request.user, item.department_id)
    has_draft = any(v.state == ItemState.DRAFT for v in versions)
    context = {
        "item": item,
        "partners": item.partner_departments.all(),
        "versions": versions,
        "can_publish": can_edit and item.state == ItemState.DRAFT,
        "can_new_version": can_edit and item.state == ItemState.PUBLISHED and not has_draft,
    }
    return render(request, "directory/item_detail.html", context)


@login_required
@require_POST
def item_publish(request: HttpRequest, pk: int) -> HttpResponse:
    item = _visible_item(request, pk)
    try:
        item = services.item_publish(actor=request.user, item=item)
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"已发布：{item.name}（第{item.version}版）")
    return redirect("directory:item_detail", pk=item.pk)


@login_required
@require_POST
def item_new_version(request: HttpRequest, pk: int) -> HttpResponse:
    item = _visible_item(request, pk)
    try:
        draft = services.item_new_version(
            actor=request.user, item=item, reason=request.POST.get("reason", "").strip()
        )
    except ServiceError as exc:
        messages.error(request, exc.message)
        return redirect("directory:item_detail", pk=item.pk)
    messages.success(request, f"已生成第{draft.version}版草稿，可在后台管理中修改后发布")
    return redirect("directory:item_detail", pk=draft.pk)
