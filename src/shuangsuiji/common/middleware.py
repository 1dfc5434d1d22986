from __future__ import annotations

import uuid
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from .context import origin


class AuditContextMiddleware:
    """Gives each request an id (or keeps the proxy's X-Request-ID) for the audit trail."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming[:64] if incoming.isascii() and incoming else uuid.uuid4().hex
        with origin(request_id=request_id):
            response = self.get_response(request)
        response["X-Request-ID"] = request_id
        return response
