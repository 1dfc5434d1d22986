"""数据导入: upload a file, watch its progress, read every row error or the summary.

The page works as a plain form POST. With JavaScript the same POST goes through
XMLHttpRequest (upload progress from the browser) while the page polls ``import_progress``,
which reads what the importer's ``progress`` callback wrote to the shared cache.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from shuangsuiji.common.errors import RowsRejected, ServiceError
from shuangsuiji.directory.access import can_write_directory
from shuangsuiji.directory.forms import TOKEN, ImportForm
from shuangsuiji.directory.importers import KINDS, import_file

PROGRESS_TTL = 60 * 60
IDLE = {"stage": "", "done": 0, "total": 0}


def _progress_key(user_pk: Any, token: str) -> str:
    # The user id in the key keeps one user from reading another's progress.
    return f"ssj:import-progress:{user_pk}:{token}"


def _set_progress(key: str, stage: str, done: int = 0, total: int = 0) -> None:
    cache.set(key, {"stage": stage, "done": done, "total": total}, PROGRESS_TTL)


def _require_importer(request: HttpRequest) -> None:
    if not can_write_directory(request.user):
        raise PermissionDenied("只有联席办管理员和部门管理员可以导入数据")


def run_import(request: HttpRequest, form: ImportForm) -> dict[str, Any]:
    """Run one import and describe its outcome for the result template."""
    kind = form.cleaned_data["kind"]
    upload = form.cleaned_data["file"]
    dry_run = form.cleaned_data["dry_run"]
    token = form.cleaned_data["token"] or uuid.uuid4().hex
    key = _progress_key(request.user.pk, token)
    result: dict[str, Any] = {
        "kind_title": KINDS[kind].title,
        "filename": upload.name,
        "dry_run": dry_run,
    }

    def progress(stage: str, done: int, total: int) -> None:
        _set_progress(key, stage, done, total)

    _set_progress(key, "读取文件")
    try:
        report = import_file(
            kind=kind,
            filename=upload.name or "",
            data=upload.read(),
            actor=request.user,
            dry_run=dry_run,
            progress=progress,
        )
    except RowsRejected as exc:
        _set_progress(key, "已拒绝", len(exc.errors), len(exc.errors))
        result.update(row_errors=exc.errors, error=exc.message)
    except ServiceError as exc:
        _set_progress(key, "已拒绝")
        result.update(error=exc.message)
    else:
        _set_progress(key, "完成", report.total, report.total)
        result.update(report=report)
    return result


@login_required
def import_page(request: HttpRequest) -> HttpResponse:
    _require_importer(request)
    result: dict[str, Any] | None = None
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            result = run_import(request, form)
    else:
        kind = request.GET.get("kind", "")
        form = ImportForm(initial={"kind": kind if kind in KINDS else "entities"})
    next_token = uuid.uuid4().hex
    context = {
        "form": form,
        "result": result,
        "next_token": next_token,
        "kinds": [(k, importer.title) for k, importer in KINDS.items()],
    }
    if request.headers.get("X-Requested-With") == "XMLHttpRequest":
        return render(request, "directory/_import_result.html", context)
    return render(request, "directory/import.html", context)


@login_required
@require_GET
def import_progress(request: HttpRequest, token: str) -> JsonResponse:
    _require_importer(request)
    if not TOKEN.match(token):
        raise Http404("无效的导入编号")
    return JsonResponse(cache.get(_progress_key(request.user.pk, token)) or IDLE)
