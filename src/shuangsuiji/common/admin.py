"""The audit trail in the admin: read-only, for the office only."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import AuditDailyRoot, AuditEntry, CalendarDay, CalendarYear


class OfficeReadOnlyAdmin(admin.ModelAdmin):
    """Rows only the office may look at and nobody changes here (services write them)."""

    def _office(self, request: HttpRequest) -> bool:
        user = request.user
        return bool(user.is_active and user.is_staff and getattr(user, "is_office_admin", False))

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self._office(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._office(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def get_actions(self, request: HttpRequest) -> dict[str, Any]:
        return {}


@admin.register(AuditEntry)
class AuditEntryAdmin(OfficeReadOnlyAdmin):
    """Entries are appended by the services only; nobody adds, edits or deletes them here."""

    list_display = ["id", "created_at", "actor_name", "department_name", "action", "object_repr"]
    list_filter = ["action", "object_type"]
    search_fields = ["object_repr", "object_id", "actor_name"]
    date_hierarchy = "created_at"
    show_full_result_count = False

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return [f.name for f in AuditEntry._meta.fields]


class _ReadOnly(admin.ModelAdmin):
    """Calendar rows change only through calendar_year_set (the 节假日与调休 page), audited."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(CalendarYear)
class CalendarYearAdmin(_ReadOnly):
    list_display = ["year", "source", "notice", "entered_by", "entered_at"]


@admin.register(CalendarDay)
class CalendarDayAdmin(_ReadOnly):
    list_display = ["date", "is_workday", "name"]
    list_filter = ["is_workday"]
    date_hierarchy = "date"


@admin.register(AuditDailyRoot)
class AuditDailyRootAdmin(OfficeReadOnlyAdmin):
    """Published by `audit-publish` only; shown on the portal's 审计链公示 page."""

    list_display = ["day", "length", "last_entry_id", "root_hash", "published_at"]
    date_hierarchy = "day"
