"""The admin for tasks: scoped like the pages, writing only through the services."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from shuangsuiji.directory.admin import ServiceAdmin
from shuangsuiji.directory.models import Department, InspectionItem, ItemState, Role

from . import services
from .access import can_manage_task, scope_tasks
from .forms import TaskAdminForm
from .models import JointRequest, Message, Plan, PlanVersion, Task

ADMIN_REASON = "后台管理"


def _user(request: HttpRequest) -> Any:
    return request.user


@admin.register(Task)
class TaskAdmin(ServiceAdmin):
    form = TaskAdminForm
    list_display = ["code", "name", "year", "lead_department", "kind", "state", "window_end"]
    list_filter = ["year", "kind", "state"]
    search_fields = ["code", "name"]
    list_select_related = ["lead_department"]
    readonly_fields = [
        "state",
        "plan",
        "completed_on",
        "publicized_on",
        "termination_reason",
        "created_by",
        "created_at",
        "updated_at",
    ]
    filter_horizontal = ["partner_departments", "items"]
    fieldsets = (
        (None, {"fields": ("code", "name", "year", "lead_department", "partner_departments")}),
        ("抽查事项与对象", {"fields": ("items", "kind")}),
        (
            "定向条件（仅定向抽查）",
            {"fields": ("cond_tags", "cond_areas", "cond_industries", "cond_types", "cond_credit")},
        ),
        ("检查期限", {"fields": ("window_start", "window_end", "note")}),
        (
            "状态",
            {
                "fields": (
                    "state",
                    "plan",
                    "completed_on",
                    "publicized_on",
                    "termination_reason",
                    "created_by",
                    "created_at",
                    "updated_at",
                )
            },
        ),
    )

    def get_queryset(self, request: HttpRequest) -> QuerySet[Task]:
        return scope_tasks(super().get_queryset(request), request.user)

    def has_add_permission(self, request: HttpRequest) -> bool:
        user = _user(request)
        return bool(
            user.is_active
            and user.is_staff
            and (user.is_office_admin or user.role == Role.DEPT_ADMIN)
        )

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is None:
            return self.has_add_permission(request)
        return (
            self.has_add_permission(request)
            and obj.state in services.EDITABLE_STATES
            and can_manage_task(request.user, obj.lead_department_id)
        )

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        user = _user(request)
        if db_field.name == "lead_department":
            qs = Department.objects.filter(is_office=False)
            if not user.is_office_admin:
                qs = qs.filter(pk=user.department_id)
            kwargs["queryset"] = qs
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "items":
            kwargs["queryset"] = InspectionItem.objects.filter(
                state=ItemState.PUBLISHED
            ).select_related("department")
        if db_field.name == "partner_departments":
            kwargs["queryset"] = Department.objects.filter(is_office=False)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        data = form.cleaned_data
        values = {
            "code": data["code"],
            "name": data["name"],
            "year": data["year"],
            "lead_department": data["lead_department"],
            "partner_departments": list(data.get("partner_departments") or []),
            "items": list(data.get("items") or []),
            "kind": data["kind"],
            "conditions": form.conditions(),
            "window_start": data["window_start"],
            "window_end": data["window_end"],
            "note": data.get("note", ""),
        }
        if change:
            services.task_update(actor=request.user, task=obj, changes=values, reason=ADMIN_REASON)
            return
        task = services.task_create(actor=request.user, **values)
        obj.pk = task.pk
        obj.state = task.state


class ReadOnlyAdmin(admin.ModelAdmin):
    """Plans, requests and messages change only through their pages (services, audited)."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_module_permission(self, request: HttpRequest) -> bool:
        return bool(getattr(request.user, "is_office_admin", False))

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return bool(getattr(request.user, "is_office_admin", False))


@admin.register(Plan)
class PlanAdmin(ReadOnlyAdmin):
    list_display = ["year", "title", "version", "state"]


@admin.register(PlanVersion)
class PlanVersionAdmin(ReadOnlyAdmin):
    list_display = ["plan", "version", "published_at", "published_by"]


@admin.register(JointRequest)
class JointRequestAdmin(ReadOnlyAdmin):
    list_display = ["id", "department", "year", "state", "task", "submitted_at"]
    list_filter = ["state", "year"]


@admin.register(Message)
class MessageAdmin(ReadOnlyAdmin):
    list_display = ["sent_on", "kind", "user", "department", "text", "read_at"]
    list_filter = ["kind", "sent_on"]
