"""The REST API at /api/v1/ (django-ninja)."""

from __future__ import annotations

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
