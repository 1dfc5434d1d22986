from __future__ import annotations

from django.urls import URLPattern, path

from .views import duty, flags

app_name = "duty"

urlpatterns: list[URLPattern] = [
    path("duty/", duty.duty_index, name="index"),
    path("duty/department/<int:pk>/", duty.department_record, name="department"),
    path("duty/department/<int:pk>.pdf", duty.department_pdf, name="department_pdf"),
    path("duty/inspector/<int:pk>/", duty.inspector_record, name="inspector"),
    path("duty/inspector/<int:pk>.pdf", duty.inspector_pdf, name="inspector_pdf"),
    path("flags/", flags.flag_list, name="flags"),
    path("flags.xlsx", flags.flag_export, name="flags_xlsx"),
]
