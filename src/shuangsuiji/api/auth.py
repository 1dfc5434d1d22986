"""Who calls the authenticated endpoints: a department system with its token
(`Authorization: Bearer <key>`), or a staff user logged in to the site (same session as the
pages, so the browser sees the same scoping). Unknown or revoked keys get 401."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.security import HttpBearer, SessionAuth

from .services import token_actor


class TokenAuth(HttpBearer):
    """A department system's token."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        return token_actor(token)


class StaffSession(SessionAuth):
    """A logged-in, active staff account."""

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = request.user
        if user.is_authenticated and user.is_active:
            return user
        return None


STAFF_AUTH = [TokenAuth(), StaffSession()]


def actor_of(request: HttpRequest) -> Any:
    """The acting user or department system, as the scoping selectors expect it."""
    return request.auth  # type: ignore[attr-defined]
