"""API tokens in the admin: read-only, for the office; they change only through the services
(the 接口令牌 page or the `token` command), which write the audit trail."""

from __future__ import annotations

from django.contrib import admin

from shuangsuiji.common.admin import OfficeReadOnlyAdmin

from .models import ApiToken


@admin.register(ApiToken)
class ApiTokenAdmin(OfficeReadOnlyAdmin):
    list_display = ["name", "department", "prefix", "created_at", "last_used_at", "revoked_at"]
    list_filter = ["department"]
    search_fields = ["name", "prefix"]
    exclude = ["key_hash"]
