"""The one application error type and the row-error format used by every import and form."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


class ServiceError(Exception):
    """A refused operation, with a message in Chinese that can be shown to the user as is."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class PermissionDenied(ServiceError):
    """The acting user may not do this (scoping rule or role)."""


@dataclass(frozen=True, order=True)
class RowError:
    """One problem in one row of an uploaded file; line 1 is the header."""

    line: int
    field: str
    reason: str

    def __str__(self) -> str:
        return f"第{self.line}行 {self.field}: {self.reason}"


class RowsRejected(ServiceError):
    """A file with at least one invalid row: nothing of it was written."""

    def __init__(self, errors: Iterable[RowError], *, summary: str | None = None) -> None:
        self.errors = sorted(errors)
        super().__init__(summary or f"共 {len(self.errors)} 处错误，文件未导入任何数据。")
