"""The Django admin for 一单两库, scoped by role and writing only through the services.

Rows come from the same scoping functions as the pages (access.py, selectors.py); permissions
follow the role, not Django's per-model permissions; every save and delete calls a service so
the audit trail is written in the same transaction. A service's refusal (ServiceError) rolls
the admin's transaction back and shows the form again with the message on it.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import UserCreationForm
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from shuangsuiji.common.audit import audit_record
from shuangsuiji.common.errors import ServiceError

from . import selectors, services
from .access import can_edit_department_rows, can_write_directory, scope_inspectors, scope_items
from .forms import EntityAdminForm, InspectionItemAdminForm, InspectorAdminForm
from .models import (
    AcceptedLegacyCode,
    Area,
    Conflict,
    Department,
    Entity,
    EntityTag,
    InspectionItem,
    Inspector,
    ItemState,
    Role,
    User,
)

DELETE_REASON = "后台删除"


def _is_office(request: HttpRequest) -> bool:
    return bool(getattr(request.user, "is_office_admin", False))


def _department_id(request: HttpRequest) -> Any:
    return getattr(request.user, "department_id", None)


def _is_staff(request: HttpRequest) -> bool:
    return bool(request.user.is_active and request.user.is_staff)


class RefusalMixin(admin.ModelAdmin):
    """Turn a service's refusal into a form error (change form) or a message (delete)."""

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> type[forms.ModelForm]:
        form = super().get_form(request, obj, change=change, **kwargs)
        found: ServiceError | None = getattr(request, "_ssj_refused", None)
        if found is None:
            return form
        refused = found

        class RefusedForm(form):  # type: ignore[valid-type,misc]
            def clean(self) -> dict[str, Any]:
                data = super().clean()
                field = refused.field if refused.field in self.fields else None
                self.add_error(field, refused.message)
                return data

        return RefusedForm

    def changeform_view(
        self,
        request: HttpRequest,
        object_id: str | None = None,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except ServiceError as exc:
            # The admin's atomic block has rolled back; show the same input with the reason.
            request._ssj_refused = exc  # type: ignore[attr-defined]
            return super().changeform_view(request, object_id, form_url, extra_context)

    def delete_view(
        self, request: HttpRequest, object_id: str, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        try:
            return super().delete_view(request, object_id, extra_context)
        except ServiceError as exc:
            self.message_user(request, exc.message, messages.ERROR)
            opts = self.model._meta
            url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
            return HttpResponseRedirect(url)


class ServiceAdmin(RefusalMixin):
    """Role-based permissions; a refused service call re-renders the form with its message."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return _is_staff(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _is_staff(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def get_actions(self, request: HttpRequest) -> dict[str, Any]:
        # Bulk delete would bypass the per-row services and their reasons.
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        """Many-to-many fields are written by the services, never by the form."""


# ---------------------------------------------------------------- reference data


@admin.register(Department)
class DepartmentAdmin(ServiceAdmin):
    list_display = ["name", "short_name", "code", "is_office", "sort_order"]
    search_fields = ["name", "short_name", "code"]
    readonly_fields = ["is_office"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return _is_office(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _is_office(request)

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        services.reference_save(actor=request.user, row=obj, reason="后台管理")


@admin.register(Area)
class AreaAdmin(ServiceAdmin):
    list_display = ["name", "code", "sort_order"]
    search_fields = ["name", "code"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return _is_office(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _is_office(request)

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        services.reference_save(actor=request.user, row=obj, reason="后台管理")


# ---------------------------------------------------------------- accounts


class StaffUserCreationForm(UserCreationForm):
    class Meta:
        model = User
        fields = ("username",)


@admin.register(User)
class UserAdmin(RefusalMixin, DjangoUserAdmin):
    """Accounts: the office manages all, a department admin the accounts of its department."""

    add_form = StaffUserCreationForm
    list_display = ["username", "full_name", "department", "role", "is_active", "last_login"]
    list_filter = ["role", "is_active"]
    search_fields = ["username", "full_name"]
    ordering = ["department__sort_order", "username"]
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        ("个人信息", {"fields": ("full_name", "email")}),
        ("所属部门与角色", {"fields": ("department", "role", "inspector")}),
        ("状态", {"fields": ("is_active", "last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": (
                    "username",
                    "password1",
                    "password2",
                    "full_name",
                    "department",
                    "role",
                    "inspector",
                ),
            },
        ),
    )
    readonly_fields = ["last_login", "date_joined"]
    autocomplete_fields = ["inspector"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        fields = list(super().get_readonly_fields(request, obj))
        if not _is_office(request) and obj is not None:
            fields.append("department")
        return fields

    def get_queryset(self, request: HttpRequest) -> QuerySet[User]:
        qs = super().get_queryset(request).select_related("department")
        if _is_office(request):
            return qs
        if getattr(request.user, "is_dept_admin", False):
            return qs.filter(department_id=_department_id(request))
        return qs.none()

    def has_module_permission(self, request: HttpRequest) -> bool:
        return _is_staff(request) and can_write_directory(request.user)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.has_module_permission(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return self.has_module_permission(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if not self.has_module_permission(request):
            return False
        if obj is None or _is_office(request):
            return True
        return bool(obj.department_id == _department_id(request) and not obj.is_superuser)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # accounts are deactivated, never deleted: the audit trail names them

    def get_actions(self, request: HttpRequest) -> dict[str, Any]:
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "department" and not _is_office(request):
            kwargs["queryset"] = Department.objects.filter(pk=_department_id(request))
        if db_field.name == "inspector":
            kwargs["queryset"] = scope_inspectors(Inspector.objects.all(), request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_choice_field(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "role" and not _is_office(request):
            kwargs["choices"] = [c for c in Role.choices if c[0] != Role.OFFICE_ADMIN]
        return super().formfield_for_choice_field(db_field, request, **kwargs)

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        if not change:
            created = services.user_create(
                actor=request.user,
                username=obj.username,
                password=form.cleaned_data["password1"],
                department=form.cleaned_data["department"],
                role=form.cleaned_data["role"],
                full_name=form.cleaned_data.get("full_name") or "",
                inspector=form.cleaned_data.get("inspector"),
            )
            obj.pk = created.pk
            obj._state.adding = False
            return
        services.user_update(actor=request.user, user=obj, reason="后台管理")

    def user_change_password(
        self, request: HttpRequest, id: str, form_url: str = ""
    ) -> HttpResponse:
        with transaction.atomic():
            response = super().user_change_password(request, id, form_url)
            if request.method == "POST" and isinstance(response, HttpResponseRedirect):
                user = self.get_object(request, id)
                audit_record(
                    actor=request.user,
                    action="user.password",
                    object_type="user",
                    object_id=id,
                    object_repr=str(user),
                    reason="后台管理：重设密码",
                )
        return response


# ---------------------------------------------------------------- 抽查事项清单


@admin.register(InspectionItem)
class InspectionItemAdmin(ServiceAdmin):
    form = InspectionItemAdminForm
    list_display = [
        "name",
        "year",
        "department",
        "category",
        "methods_display",
        "ratio_cap",
        "in_joint_list",
        "version",
        "state",
    ]
    list_filter = ["year", "category", "state", "in_joint_list"]
    search_fields = ["name", "check_category"]
    list_select_related = ["department"]
    readonly_fields = ["state", "version", "published_at"]
    autocomplete_fields = ["lead_department", "partner_departments"]
    actions = ["publish"]

    @admin.display(description="检查方式")
    def methods_display(self, obj: InspectionItem) -> str:
        return "、".join(obj.method_labels)

    @admin.display(description="检查对象")
    def targets_display(self, obj: InspectionItem) -> str:
        return "、".join(obj.targets)

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        fields = list(super().get_fields(request, obj))
        if obj is not None and not self.has_change_permission(request, obj):
            # View only (published, or another department's): labels instead of raw JSON.
            swap = {"targets": "targets_display", "methods": "methods_display"}
            fields = [swap.get(f, f) if isinstance(f, str) else f for f in fields]
        return fields

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and not self.has_change_permission(request, obj):
            fields += ["targets_display", "methods_display"]
        return fields

    def get_queryset(self, request: HttpRequest) -> QuerySet[InspectionItem]:
        return scope_items(super().get_queryset(request), request.user)

    def get_list_filter(self, request: HttpRequest) -> Any:
        extra = ["department"] if _is_office(request) else []
        return [*self.list_filter, *extra]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return _is_staff(request) and can_write_directory(request.user)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is None:
            return self.has_add_permission(request)
        # A published version is the record of what was public: view only.
        return (
            _is_staff(request)
            and obj.state == ItemState.DRAFT
            and can_edit_department_rows(request.user, obj.department_id)
        )

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.has_change_permission(request, obj)

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "department" and not _is_office(request):
            kwargs["queryset"] = Department.objects.filter(pk=_department_id(request))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        partners = form.cleaned_data.get("partner_departments") or []
        services.item_save(
            actor=request.user, item=obj, partner_ids=[d.pk for d in partners], reason="后台管理"
        )

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        services.item_delete(actor=request.user, item=obj)

    @admin.action(description="发布所选草稿")
    def publish(self, request: HttpRequest, queryset: QuerySet[InspectionItem]) -> None:
        done = 0
        for item in queryset:
            try:
                services.item_publish(actor=request.user, item=item)
                done += 1
            except ServiceError as exc:
                self.message_user(request, f"{item.name}：{exc.message}", messages.ERROR)
        if done:
            self.message_user(request, f"已发布 {done} 项", messages.SUCCESS)


# ---------------------------------------------------------------- 检查对象名录库


@admin.register(Entity)
class EntityAdmin(ServiceAdmin):
    form = EntityAdminForm
    list_display = [
        "uscc",
        "name",
        "entity_type",
        "area",
        "registration_status",
        "credit_risk",
        "abnormal_list",
        "serious_dishonesty_list",
    ]
    list_filter = ["area", "credit_risk", "registration_status", "abnormal_list", "key_supervision"]
    search_fields = ["name"]
    search_help_text = "名称片段，或统一社会信用代码（可只输前几位）"
    list_select_related = ["area"]
    show_full_result_count = False
    readonly_fields = ["all_tags"]

    @admin.display(description="全部部门标签")
    def all_tags(self, obj: Entity) -> str:
        if not obj.pk:
            return "—"
        return "；".join(str(t) for t in obj.tags.select_related("department")) or "—"

    def get_queryset(self, request: HttpRequest) -> QuerySet[Entity]:
        return selectors.entity_list(actor=request.user)

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[Entity], search_term: str
    ) -> tuple[QuerySet[Entity], bool]:
        if not search_term.strip():
            return queryset, False
        return queryset.filter(selectors.entity_search_q(search_term)), False

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> type[forms.ModelForm]:
        form = super().get_form(request, obj, change=change, **kwargs)
        department = getattr(request.user, "department", None)
        own = (
            [t.name for t in obj.tags.filter(department=department)]
            if obj is not None and department is not None
            else []
        )

        class EntityForm(form):  # type: ignore[valid-type,misc]
            def __init__(self, *args: Any, **kw: Any) -> None:
                super().__init__(*args, **kw)
                if department is None:
                    self.fields.pop("own_tags", None)
                elif "own_tags" in self.fields:
                    self.fields["own_tags"].label = f"本部门标签（{department.name}）"
                    self.fields["own_tags"].initial = own

        return EntityForm

    def has_add_permission(self, request: HttpRequest) -> bool:
        return _is_staff(request) and can_write_directory(request.user)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.has_add_permission(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _is_staff(request) and _is_office(request)

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        services.entity_save(actor=request.user, entity=obj, reason="后台管理")
        department = getattr(request.user, "department", None)
        if department is not None and "own_tags" in form.changed_data:
            services.entity_tags_set(
                actor=request.user,
                entity=obj,
                department=department,
                names=form.cleaned_data.get("own_tags") or [],
            )

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        services.entity_delete(actor=request.user, entity=obj, reason=DELETE_REASON)


@admin.register(EntityTag)
class EntityTagAdmin(ServiceAdmin):
    """Tags are created when set on an entity (page, admin or import); listed here to browse."""

    list_display = ["name", "department"]
    list_filter = ["department"]
    search_fields = ["name"]


@admin.register(AcceptedLegacyCode)
class AcceptedLegacyCodeAdmin(ServiceAdmin):
    fields = ["uscc", "reason"]
    list_display = ["uscc", "reason", "accepted_by", "accepted_at"]
    search_fields = ["uscc"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return _is_staff(request) and _is_office(request)

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        accepted = services.legacy_code_accept(actor=request.user, uscc=obj.uscc, reason=obj.reason)
        obj.pk = accepted.pk
        obj._state.adding = False


# ---------------------------------------------------------------- 执法检查人员名录库


@admin.register(Inspector)
class InspectorAdmin(ServiceAdmin):
    form = InspectorAdminForm
    list_display = [
        "name",
        "department",
        "organization",
        "kind",
        "certificate_no",
        "certificate_valid_until",
        "status",
    ]
    list_filter = ["status", "kind"]
    search_fields = ["name", "certificate_no"]
    list_select_related = ["department"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Inspector]:
        return scope_inspectors(super().get_queryset(request), request.user)

    def get_list_filter(self, request: HttpRequest) -> Any:
        extra = ["department"] if _is_office(request) else []
        return [*self.list_filter, *extra]

    def get_exclude(self, request: HttpRequest, obj: Any = None) -> Any:
        return [] if selectors.may_see_phone(request.user) else ["phone"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return _is_staff(request) and can_write_directory(request.user)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is None:
            return self.has_add_permission(request)
        return _is_staff(request) and can_edit_department_rows(request.user, obj.department_id)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.has_change_permission(request, obj)

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "department" and not _is_office(request):
            kwargs["queryset"] = Department.objects.filter(pk=_department_id(request))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        services.inspector_save(actor=request.user, inspector=obj, reason="后台管理")

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        services.inspector_delete(actor=request.user, inspector=obj, reason=DELETE_REASON)


@admin.register(Conflict)
class ConflictAdmin(ServiceAdmin):
    """回避登记: added and lifted through the services; an entry is never edited in place."""

    fields = ["inspector", "entity", "reason"]
    list_display = ["inspector", "entity", "reason", "recorded_by", "created_at"]
    search_fields = ["inspector__name", "entity__name", "entity__uscc"]
    autocomplete_fields = ["entity"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Conflict]:
        return selectors.conflict_list(actor=request.user).select_related("recorded_by")

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "inspector":
            kwargs["queryset"] = scope_inspectors(
                Inspector.objects.select_related("department"), request.user
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return _is_staff(request) and can_write_directory(request.user)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is None:
            return self.has_add_permission(request)
        return _is_staff(request) and can_edit_department_rows(
            request.user, obj.inspector.department_id
        )

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        conflict = services.conflict_add(
            actor=request.user, inspector=obj.inspector, entity=obj.entity, reason=obj.reason
        )
        obj.pk = conflict.pk
        obj._state.adding = False

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        services.conflict_remove(actor=request.user, conflict=obj, reason=DELETE_REASON)
