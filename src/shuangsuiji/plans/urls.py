from django.urls import path

from . import plan_views, views

app_name = "plans"

urlpatterns = [
    path("tasks/", views.task_list, name="task_list"),
    path("tasks/<int:pk>/", views.task_detail, name="task_detail"),
    path("tasks/<int:pk>/publish/", views.task_publish, name="task_publish"),
    *[
        path(f"tasks/<int:pk>/{a}/", views.task_lifecycle, {"action": a}, name=f"task_{a}")
        for a in ("start", "complete", "publicize", "terminate")
    ],
    path("plans/", plan_views.plan_list, name="plan_list"),
    path("plans/<int:pk>/", plan_views.plan_detail, name="plan_detail"),
    path("plans/<int:pk>/tasks/add/", plan_views.plan_task_add, name="plan_task_add"),
    *[
        path(f"plans/<int:pk>/{a}/", plan_views.plan_action, {"action": a}, name=f"plan_{a}")
        for a in ("approve", "publish", "amend")
    ],
    path("joint-requests/", plan_views.joint_list, name="joint_list"),
    path("joint-requests/new/", plan_views.joint_new, name="joint_new"),
    path("joint-requests/<int:pk>/", plan_views.joint_detail, name="joint_detail"),
    path("messages/", views.message_list, name="message_list"),
    path("messages/<int:pk>/read/", views.message_read, name="message_read"),
]
