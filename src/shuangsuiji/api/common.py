"""What every endpoint shares: the error format, the pagination envelope, parameter types.

- Errors: one body `{"detail": "…", "code": "…"}` (validation errors add `errors`) for 400,
  401, 403, 404 and 422, declared on every operation so the OpenAPI document is truthful.
- Lists: `page` and `page_size` (at most 200) in, `{count, page, page_size, items}` out.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Annotated, Any, Generic, TypeVar

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Schema
from ninja.pagination import PaginationBase

MAX_PAGE_SIZE = 200
DEFAULT_PAGE_SIZE = 50
MAX_PAGE = 100_000

# Free text in a query: no NUL (PostgreSQL refuses it), bounded length.
NO_NUL = r"^[^\x00]*$"
Text = Annotated[str, Field(max_length=100, pattern=NO_NUL)]
Code = Annotated[str, Field(max_length=40, pattern=r"^[A-Za-z0-9_-]*$")]
Year = Annotated[int | None, Field(ge=2000, le=2100)]
USCC_PATTERN = r"^[0-9A-Z]{18}$"
TASK_CODE_PATTERN = r"^[A-Za-z0-9_-]{1,40}$"
USCC_RE = re.compile(USCC_PATTERN)


class ErrorItem(Schema):
    loc: list[str | int] = Field(description="出错的参数位置")
    msg: str = Field(description="原因")
    type: str = Field(description="错误类型")


class Error(Schema):
    """The one error body of this API."""

    detail: str = Field(description="中文说明，可直接展示给用户")
    code: str = Field(
        description="错误代码：bad_request、unauthorized、forbidden、not_found、validation_error"
    )
    errors: list[ErrorItem] | None = Field(None, description="参数校验错误的明细（仅 422）")


PUBLIC_ERRORS: dict[int, Any] = {404: Error, 422: Error}
STAFF_ERRORS: dict[int, Any] = {400: Error, 401: Error, 403: Error, 404: Error, 422: Error}


def responses(ok: Any, errors: dict[int, Any]) -> dict[int, Any]:
    return {200: ok, **errors}


T = TypeVar("T")
R = TypeVar("R")


@dataclass(frozen=True)
class Mapped(Generic[T, R]):
    """A queryset (or list) whose page is turned into response objects only when sliced."""

    rows: QuerySet[Any] | Sequence[T]
    to_out: Callable[[T], R]

    def count(self) -> int:
        if isinstance(self.rows, QuerySet):
            return self.rows.count()
        return len(self.rows)

    def page(self, start: int, stop: int) -> list[R]:
        return [self.to_out(row) for row in self.rows[start:stop]]


class PageNumber(PaginationBase):
    """The one pagination of this API: page numbers from 1, at most 200 rows a page."""

    class Input(Schema):
        page: int = Field(1, ge=1, le=MAX_PAGE, description="页码，从 1 开始")
        page_size: int = Field(
            DEFAULT_PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE, description="每页条数，最多 200"
        )

    class Output(Schema):
        count: int = Field(description="符合条件的总条数")
        page: int = Field(description="当前页码")
        page_size: int = Field(description="每页条数")
        items: list[Any]

    items_attribute = "items"

    def paginate_queryset(
        self,
        queryset: Any,
        pagination: Any,
        request: HttpRequest,
        **params: Any,
    ) -> dict[str, Any]:
        size = pagination.page_size
        start = (pagination.page - 1) * size
        if isinstance(queryset, Mapped):
            count, items = queryset.count(), queryset.page(start, start + size)
        else:
            count, items = self._items_count(queryset), list(queryset[start : start + size])
        return {"count": count, "page": pagination.page, "page_size": size, "items": items}
