from __future__ import annotations

from django.urls import path

from .views import dashboard

app_name = "dashboard"

urlpatterns = [
    path("dashboard/", dashboard.dashboard_page, name="dashboard"),
    path("dashboard/export.xlsx", dashboard.dashboard_xlsx, name="export"),
]
