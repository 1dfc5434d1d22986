"""The admin for the draw ledger: view only (append-only, never changed or deleted here);
相邻乡镇 are approved and revoked by the office through the services.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from shuangsuiji.directory.admin import ServiceAdmin
from shuangsuiji.plans.access import scope_tasks
from shuangsuiji.plans.models import Task

from . import services
from .models import AreaAdjacency, DirectAssignment, Draw, DrawConfig, Freeze
from .selectors import draw_list


def _tasks(request: HttpRequest) -> QuerySet[Task]:
    return scope_tasks(Task.objects.all(), request.user)


class LedgerAdmin(ServiceAdmin):
    """No add, change or delete for anyone, the office included (ServiceAdmin's defaults)."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Freeze)
class FreezeAdmin(LedgerAdmin):
    list_display = [
        "task",
        "number",
        "population_size",
        "commitment",
        "frozen_by_name",
        "frozen_at",
    ]
    list_select_related = ["task"]
    search_fields = ["task__code", "task__name", "commitment"]
    # The secret is editable=False and never displayed; the population is stored compressed.
    fields = [
        "task",
        "number",
        "commitment",
        "population_size",
        "frozen_by_name",
        "frozen_at",
        "redraw_of",
        "redraw_reason",
    ]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Freeze]:
        qs = super().get_queryset(request).filter(task__in=_tasks(request).values("id"))
        return qs.defer("population", "matching", "frozen")


@admin.register(Draw)
class DrawAdmin(LedgerAdmin):
    list_display = ["task", "number", "is_current", "witness_entropy", "drawn_by_name", "drawn_at"]
    list_filter = ["is_current"]
    list_select_related = ["task"]
    search_fields = ["task__code", "task__name", "seed"]
    fields = [
        "task",
        "number",
        "is_current",
        "witness_entropy",
        "witness_source",
        "witness_name",
        "seed",
        "drawn_by_name",
        "drawn_at",
        "redraw_of",
        "redraw_reason",
    ]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Draw]:
        ids = draw_list(actor=request.user).values("id")
        return super().get_queryset(request).filter(id__in=ids).defer("outcome")


@admin.register(DirectAssignment)
class DirectAssignmentAdmin(LedgerAdmin):
    list_display = ["draw", "entity", "reason", "assigned_by_name", "assigned_at"]
    list_select_related = ["draw__task", "entity"]
    fields = ["draw", "entity", "inspectors", "reason", "assigned_by_name", "assigned_at"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[DirectAssignment]:
        ids = draw_list(actor=request.user).values("id")
        return super().get_queryset(request).filter(draw_id__in=ids)


@admin.register(DrawConfig)
class DrawConfigAdmin(LedgerAdmin):
    """Configured on the task page (抽取配置); shown here for reference."""

    list_display = ["task", "team_size", "experts", "cross_area", "local_only", "updated_at"]
    list_select_related = ["task"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[DrawConfig]:
        return super().get_queryset(request).filter(task__in=_tasks(request).values("id"))


class AreaAdjacencyForm(forms.ModelForm):
    class Meta:
        model = AreaAdjacency
        fields = ["area_a", "area_b", "note"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        a, b = data.get("area_a"), data.get("area_b")
        if a and b and a.pk > b.pk:  # stored once per pair, the smaller id first
            data["area_a"], data["area_b"] = b, a
        return data


@admin.register(AreaAdjacency)
class AreaAdjacencyAdmin(ServiceAdmin):
    form = AreaAdjacencyForm
    list_display = ["area_a", "area_b", "note", "approved_by_name", "approved_at"]
    fields = ["area_a", "area_b", "note"]

    def _office(self, request: HttpRequest) -> bool:
        return bool(getattr(request.user, "is_office_admin", False))

    def has_add_permission(self, request: HttpRequest) -> bool:
        return self._office(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._office(request)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return ["area_a", "area_b", "note"] if obj is not None else []

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        saved = services.area_adjacency_approve(
            area_a=obj.area_a, area_b=obj.area_b, actor=request.user, note=obj.note
        )
        obj.pk = saved.pk

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        services.area_adjacency_revoke(adjacency=obj, actor=request.user, reason="后台撤销")
