"""The REST API at /api/v1/ (django-ninja): OpenAPI at openapi.json, interactive docs at docs."""

from __future__ import annotations

from .main import api

app_name = "api"  # the NinjaAPI's urls_namespace, so its docs page finds its schema

urlpatterns = api.urls[0]
