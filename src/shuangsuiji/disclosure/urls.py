"""Staff pages of 一公开: 不予公开 requests, the results export and the 联合惩戒 lookup."""

from __future__ import annotations

from django.urls import path

from .views import staff

app_name = "disclosure"

urlpatterns = [
    path("tasks/<int:task_id>/exemptions/", staff.exemption_request, name="exemption_request"),
    path("publication/exemptions/", staff.exemption_list_page, name="exemption_list"),
    path(
        "publication/exemptions/<int:pk>/decide/", staff.exemption_decide, name="exemption_decide"
    ),
    path("publication/export/", staff.result_export, name="result_export"),
    path("sanctions/", staff.sanction_lookup, name="sanction_lookup"),
]
