"""Read-only admin views for the office: results, follow-ups and visits change only through the
services and their pages; department users use the workbench and follow-up pages (scoped)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from shuangsuiji.directory.admin import ServiceAdmin

from .models import Evidence, FollowUp, Result, Visit


class ReadOnly(ServiceAdmin):
    def has_module_permission(self, request: HttpRequest) -> bool:
        return bool(getattr(request.user, "is_office_admin", False))

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return bool(getattr(request.user, "is_office_admin", False))

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Result)
class ResultAdmin(ReadOnly):
    list_display = ("entity", "item", "category", "method", "inspected_on", "recorded_by")
    list_filter = ("category", "method")
    search_fields = ("entity__name", "entity__uscc")


@admin.register(FollowUp)
class FollowUpAdmin(ReadOnly):
    list_display = ("result", "action", "owner_department", "due_on", "status")
    list_filter = ("action", "status")


@admin.register(Visit)
class VisitAdmin(ReadOnly):
    list_display = ("entity", "year", "window_start", "window_end", "state")
    list_filter = ("state", "year")


@admin.register(Evidence)
class EvidenceAdmin(ReadOnly):
    list_display = ("original_name", "content_type", "size", "uploaded_at")
