"""Staff pages of 一公开: 不予公开 requests, the results export and the 联合惩戒 lookup."""

from __future__ import annotations

from django.urls import URLPattern

app_name = "disclosure"

urlpatterns: list[URLPattern] = []
