from django.urls import path

from . import views

app_name = "plans"

urlpatterns = [
    path("tasks/", views.task_list, name="task_list"),
    path("tasks/<int:pk>/", views.task_detail, name="task_detail"),
    path("tasks/<int:pk>/publish/", views.task_publish, name="task_publish"),
]
