"""The NinjaAPI at /api/v1/: public routers at the root, authenticated ones under /staff/,
and the one error format for every failure (common.Error)."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.renderers import JSONRenderer

from shuangsuiji.common.errors import PermissionDenied, ServiceError

from . import directory, public, results, sanctions, tasks

DESCRIPTION = """
栾川县“双随机、一公开”监管平台的数据接口。

- **公开数据**（无需登录）：抽查事项清单、年度抽查计划、抽查任务、抽取记录（可核验）、
  抽查结果公告、检查对象的抽查记录。只含依法公开的内容：不含联系电话、身份证号、
  投诉举报人、证据材料、回避登记、检查情况和内部说明，也不含草稿。
- **成员单位**（`/staff/`）：一单两库、抽查任务、检查结果和联合惩戒查询，范围与网页相同。
  认证：请求头 `Authorization: Bearer <令牌>`（联席办为各部门系统发放，可随时吊销），
  或已登录本站的浏览器会话。
- **分页**：所有列表都接受 `page`（从 1 开始）和 `page_size`（默认 50，最多 200），
  返回 `{count, page, page_size, items}`。
- **错误**：所有错误都返回 `{"detail": "中文说明", "code": "错误代码"}`，
  参数校验错误（422）另含 `errors` 明细。
"""


class Utf8JSON(JSONRenderer):
    """Chinese as itself, not as \\u escapes."""

    json_dumps_params = {"ensure_ascii": False}


api = NinjaAPI(
    renderer=Utf8JSON(),
    title="双随机监管平台 数据接口",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api",
    docs_url="/docs",
    openapi_url="/openapi.json",
)

api.add_router("/", public.router)
api.add_router("/staff/", directory.router)
api.add_router("/staff/", tasks.router)
api.add_router("/staff/", results.router)
api.add_router("/staff/", sanctions.router)


def _error(request: HttpRequest, status: int, code: str, detail: str, **extra: Any) -> HttpResponse:
    return api.create_response(request, {"detail": detail, "code": code, **extra}, status=status)


@api.exception_handler(PermissionDenied)
def permission_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return _error(request, 403, "forbidden", exc.message)


@api.exception_handler(ServiceError)
def service_error(request: HttpRequest, exc: ServiceError) -> HttpResponse:
    if isinstance(exc, PermissionDenied):
        return permission_denied(request, exc)
    return _error(request, 400, "bad_request", exc.message)


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    detail = str(exc) if exc.args else "未找到"
    return _error(request, 404, "not_found", detail)


@api.exception_handler(AuthenticationError)
def unauthorized(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    response = _error(
        request, 401, "unauthorized", "需要有效的接口令牌（Authorization: Bearer …）或登录"
    )
    response["WWW-Authenticate"] = "Bearer"
    return response


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    codes = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found"}
    detail = {403: "无权访问", 401: "需要登录或接口令牌"}.get(exc.status_code, str(exc))
    return _error(request, exc.status_code, codes.get(exc.status_code, "error"), detail)


def _loc(loc: Any) -> list[str | int]:
    return [p if isinstance(p, int) else str(p) for p in (loc or [])]


@api.exception_handler(ValidationError)
def validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    errors = [
        {"loc": _loc(e.get("loc")), "msg": str(e.get("msg", "")), "type": str(e.get("type", ""))}
        for e in exc.errors
    ]
    fields = "、".join(sorted({str(e["loc"][-1]) for e in errors if e["loc"]}))
    detail = f"请求参数不符合要求：{fields}" if fields else "请求参数不符合要求"
    return _error(request, 422, "validation_error", detail, errors=errors)
