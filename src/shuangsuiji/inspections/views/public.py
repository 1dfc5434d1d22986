"""检查码 (国办发〔2024〕54号 扫码入企): the public page a firm opens by scanning the code.

It shows only what the firm needs to check the inspection is registered: entity name, task,
dates, and the inspectors' names with their 执法证号 — never phones or anything internal.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date

import segno
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from shuangsuiji.directory.models import Inspector
from shuangsuiji.sampling.models import Selection

from ..models import CheckCode, Result, Visit
from ..selectors import build_assignments


@dataclass
class PublicCheck:
    entity_name: str
    tasks: list[tuple[str, str, str]] = field(default_factory=list)  # code, name, department
    window: tuple[date, date] | None = None
    dates: list[date] = field(default_factory=list)
    inspectors: list[Inspector] = field(default_factory=list)


def public_check(token: str) -> PublicCheck | None:
    """What the public page shows for a token; None for an unknown or withdrawn one."""
    pairs: set[tuple[int, int]] = set()
    code = CheckCode.objects.filter(token=token, draw__is_current=True).first()
    if code is not None:
        pairs = {(code.draw_id, code.entity_id)}
    else:
        visit = Visit.objects.filter(token=token, state=Visit.State.CONFIRMED).first()
        if visit is None:
            return None
        selections = Selection.objects.filter(
            pk__in=visit.parts.values("selection_id"), draw__is_current=True
        )
        pairs = set(selections.values_list("draw_id", "entity_id"))
    assignments = build_assignments(pairs)
    if not assignments:
        return None
    check = PublicCheck(entity_name=assignments[0].entity.name)
    seen: set[int] = set()
    for a in assignments:
        t = a.task
        check.tasks.append((t.code, t.name, t.lead_department.name))
        start, end = t.window_start, t.window_end
        if check.window is not None:
            start, end = max(start, check.window[0]), min(end, check.window[1])
        check.window = (start, end)
        for person in a.members:
            if person.pk not in seen:
                seen.add(person.pk)
                check.inspectors.append(person)
    dates = Result.objects.filter(
        draw_id__in={d for d, _ in pairs}, entity_id__in={e for _, e in pairs}
    ).values_list("inspected_on", flat=True)
    check.dates = sorted(set(dates))
    return check


def check_url(request: HttpRequest, token: str) -> str:
    return request.build_absolute_uri(reverse("inspections:public_check", args=[token]))


def check_page(request: HttpRequest, token: str) -> HttpResponse:
    check = public_check(token)
    if check is None:
        raise Http404("检查码无效或已失效")
    return render(request, "inspections/public_check.html", {"check": check, "token": token})


def qr_svg(data: str) -> str:
    out = io.BytesIO()
    segno.make(data, error="m").save(out, kind="svg", scale=4, border=2, xmldecl=False)
    return out.getvalue().decode("utf-8")


def check_qr(request: HttpRequest, token: str) -> HttpResponse:
    if public_check(token) is None:
        raise Http404("检查码无效或已失效")
    return HttpResponse(qr_svg(check_url(request, token)), content_type="image/svg+xml")
