"""The public portal (一公开) at /public/: no login."""

from __future__ import annotations

from django.urls import URLPattern, path

from .views_public import audit, draws, home, results, tasks

app_name = "public"

urlpatterns: list[URLPattern] = [
    path("", home.index, name="index"),
    path("items/", home.items, name="items"),
    path("plans/", home.plans, name="plans"),
    path("tasks/", tasks.tasks, name="tasks"),
    path("tasks/<str:code>/", tasks.task, name="task"),
    path("draws/<str:task_code>/<int:number>/", draws.draw, name="draw"),
    path("draws/<str:task_code>/<int:number>/record.json", draws.draw_record, name="draw_record"),
    path("verify/", draws.verify, name="verify"),
    path("verify/draw-algorithm.md", draws.verify_spec, name="verify_spec"),
    path("results/", results.results, name="results"),
    path("firms/", results.firms, name="firms"),
    path("firms/<str:uscc>/", results.firm, name="firm"),
    path("audit/", audit.audit_roots, name="audit_roots"),
    path("audit/audit-roots.json", audit.audit_roots_download, name="audit_roots_download"),
]
