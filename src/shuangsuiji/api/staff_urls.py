"""Staff pages of the API: the office's token management."""

from __future__ import annotations

from django.urls import path

from . import views

urlpatterns = [
    path("api-tokens/", views.token_list, name="api_tokens"),
    path("api-tokens/<int:pk>/revoke/", views.token_revoke_view, name="api_token_revoke"),
]
