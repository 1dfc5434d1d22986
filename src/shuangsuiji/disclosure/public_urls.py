"""The public portal (一公开) at /public/: no login."""

from __future__ import annotations

from django.urls import URLPattern

app_name = "public"

urlpatterns: list[URLPattern] = []
