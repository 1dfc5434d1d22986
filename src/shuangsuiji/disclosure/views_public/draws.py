"""A draw's public page, its JSON record, and how anyone can verify it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import content_disposition_header

import shuangsuiji
from shuangsuiji.sampling.records import public_record, record_bytes
from shuangsuiji.sampling.selectors import draw_selections, draw_teams

from .. import selectors
from .common import not_found, paginate, public_page


def spec_path() -> Path:
    """docs/draw-algorithm.md of the source tree the package runs from."""
    return Path(shuangsuiji.__file__).resolve().parents[2] / "docs" / "draw-algorithm.md"


def strata_rows(frozen: dict[str, Any]) -> list[dict[str, Any]]:
    """The committed strata with each one's inclusion probability (quota / size)."""
    return [
        {**s, "probability": s["quota"] / s["size"] if s["size"] else None}
        for s in frozen.get("strata", [])
    ]


@public_page
def draw(request: HttpRequest, task_code: str, number: int) -> HttpResponse:
    """One draw as its public record states it: commitment, revealed secret, witness entropy,
    seed, strata and quotas, the selected firms by name and their teams (姓名 and 执法证号 only,
    never phones); superseded draws stay visible, marked (selectors.public_draw)."""
    found = selectors.public_draw(task_code, number)
    if found is None:
        return not_found(request, f"没有任务 {task_code} 的第 {number} 次抽取")
    frozen = found.freeze.frozen
    pages = paginate(request, draw_selections(found))
    context = {
        "draw": found,
        "task": found.task,
        "freeze": found.freeze,
        "frozen": frozen,
        "strata": strata_rows(frozen),
        "exclusions": frozen.get("exclusions", []),
        "selected_count": len(found.outcome["selected"]),
        "batch_count": len(found.outcome["batches"]),
        "redraws": list(found.redraws.order_by("number")),
        "rows": draw_teams(found, list(pages["page_obj"].object_list)),
        **pages,
    }
    return render(request, "public/draw.html", context)


@public_page
def draw_record(request: HttpRequest, task_code: str, number: int) -> HttpResponse:
    """The draw's public JSON record (the file `shuangsuiji verify-draw` accepts); the
    auditor's record with the 回避 register is never served here."""
    found = selectors.public_draw(task_code, number)
    if found is None:
        return not_found(request, f"没有任务 {task_code} 的第 {number} 次抽取")
    response = HttpResponse(
        record_bytes(public_record(found)), content_type="application/json; charset=utf-8"
    )
    filename = f"抽取记录-{found.task.code}-{found.number}.json"
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


@public_page
def verify(request: HttpRequest) -> HttpResponse:
    """How anyone can check a draw from its record (docs/draw-algorithm.md, in plain words)."""
    return render(request, "public/verify.html")


@public_page
def verify_spec(request: HttpRequest) -> HttpResponse:
    """The published specification of the draw algorithm, as Markdown text."""
    path = spec_path()
    if not path.is_file():
        return not_found(request, "抽取算法说明文件不存在")
    return HttpResponse(path.read_bytes(), content_type="text/markdown; charset=utf-8")
