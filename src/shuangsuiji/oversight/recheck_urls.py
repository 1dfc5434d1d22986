from __future__ import annotations

from django.urls import URLPattern, path

from .views import fairness, recheck

app_name = "recheck"

urlpatterns: list[URLPattern] = [
    path("recheck/", recheck.recheck_list, name="list"),
    path("recheck/freeze/", recheck.recheck_freeze, name="freeze"),
    path("recheck/<int:pk>/", recheck.recheck_detail, name="detail"),
    path("recheck/<int:pk>/draw/", recheck.recheck_draw, name="draw"),
    path("recheck/<int:pk>/record.json", recheck.recheck_record, name="record"),
    path("recheck/<int:pk>/auditor.json", recheck.recheck_auditor_record, name="auditor_record"),
    path("recheck/item/<int:pk>/outcome/", recheck.item_outcome, name="outcome"),
    path("recheck/item/<int:pk>/assign/", recheck.item_assign, name="assign"),
    path("fairness/", fairness.fairness_page, name="fairness"),
]
