from django.contrib.auth import views as auth_views
from django.urls import path

from . import calendar_views, views

urlpatterns = [
    path(
        "login/",
        auth_views.LoginView.as_view(
            template_name="registration/login.html", redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("audit/", views.audit_log, name="audit_log"),
    path("calendar/", calendar_views.calendar_years, name="calendar_years"),
]
