"""Where a change came from: the web request id or the CLI command line.

Set once per request by AuditContextMiddleware and once per process by the CLI; read by
``audit_record`` so that services need not thread it through every call.
"""

from __future__ import annotations

import contextvars
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass


@dataclass(frozen=True)
class Origin:
    request_id: str = ""
    command: str = ""


_NO_ORIGIN = Origin()
_origin: contextvars.ContextVar[Origin | None] = contextvars.ContextVar("ssj_origin", default=None)


def current_origin() -> Origin:
    return _origin.get() or _NO_ORIGIN


@contextmanager
def origin(*, request_id: str = "", command: str = "") -> Iterator[None]:
    token = _origin.set(Origin(request_id=request_id, command=command))
    try:
        yield
    finally:
        _origin.reset(token)


def set_command(command: str) -> None:
    """For the CLI: the whole process acts under one command line."""
    _origin.set(Origin(command=command))
