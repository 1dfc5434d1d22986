from django.urls import path

from . import views

app_name = "sampling"

urlpatterns = [
    path("tasks/<int:pk>/draw/config/", views.config_save, name="config_save"),
    path("tasks/<int:pk>/draw/freeze/", views.freeze, name="freeze"),
    path("tasks/<int:pk>/draw/run/", views.run, name="run"),
    path("tasks/<int:pk>/draw/redraw/", views.redraw, name="redraw"),
    path("draws/<int:pk>/", views.draw_detail, name="draw_detail"),
    path("draws/<int:pk>/assign/", views.assign, name="assign"),
    path("draws/<int:pk>/record.json", views.record_download, name="record"),
    path("draws/<int:pk>/auditor.json", views.auditor_download, name="auditor_record"),
]
