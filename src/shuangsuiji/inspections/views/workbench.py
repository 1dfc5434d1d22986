"""The inspector's workbench: assignments, one entity's items and their results."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from shuangsuiji.common.errors import ServiceError

from .. import crime, listings, rules, selectors, services
from ..forms import CrimeDismissForm, CrimeMarkForm, FollowUpForm, ResultForm, first_error
from ..models import Evidence, FollowUpAction, Result
from ..selectors import Assignment


def _assignment(request: HttpRequest, draw_id: int, entity_id: int) -> Assignment:
    found = selectors.assignment_get(actor=request.user, draw_id=draw_id, entity_id=entity_id)
    if found is None:
        raise Http404("没有该检查任务")
    return found


@login_required
def assignment_list(request: HttpRequest) -> HttpResponse:
    assignments = selectors.assignment_list(actor=request.user)
    results = selectors.results_by_pair({a.draw.pk for a in assignments})
    rows = []
    for a in assignments:
        done = results.get((a.draw.pk, a.entity.pk), [])
        rows.append(
            {
                "a": a,
                "items": a.draw.task.items.count(),
                "recorded": len(done),
                "confirmed": sum(1 for r in done if selectors.is_confirmed(r)),
            }
        )
    return render(request, "inspections/assignment_list.html", {"rows": rows})


def _follow_up_initial(result: Result | None) -> dict[str, Any]:
    """The follow-up the category requires first (rules.py): 责令改正 for B; for C and 6 the
    listing by 市场监管, or the 抄告 to it from another department."""
    if result is None:
        return {}
    if result.codes & rules.LISTED_AFTER_DEADLINE:
        return {"action": FollowUpAction.CORRECTION}
    if result.codes & rules.LISTED_AT_ONCE:
        own = listings.is_registration_authority(result.item.department_id)
        return {"action": FollowUpAction.ABNORMAL_LIST if own else FollowUpAction.REFER_LISTING}
    return {}


def _item_rows(request: HttpRequest, a: Assignment) -> list[dict[str, Any]]:
    results = selectors.results_of(a)
    me = getattr(request.user, "inspector", None)
    rows = []
    for item in a.items():
        result = results.get(item.pk)
        initial: dict[str, Any] = {"method": (item.methods or ["onsite"])[0]}
        if result is not None:
            initial = {
                f: getattr(result, f)
                for f in (
                    "method",
                    "agency",
                    "inspected_on",
                    "category",
                    "findings",
                    "reference_kind",
                    "reference",
                    "suspected_crime",
                    "suspected_offence",
                )
            }
            initial["sub_categories"] = result.sub_codes
        confirmed_by = [c.inspector for c in result.confirmations.all()] if result else []
        rows.append(
            {
                "item": item,
                "result": result,
                "form": ResultForm(initial=initial, prefix=f"i{item.pk}"),
                "confirmed_by": confirmed_by,
                "confirmed": result is not None and selectors.is_confirmed(result),
                "i_confirmed": me is not None and any(p.pk == me.pk for p in confirmed_by),
                "follow_up_form": FollowUpForm(
                    prefix=f"f{item.pk}", initial=_follow_up_initial(result)
                ),
                "crime_hint": crime.hint_texts(result) if result else [],
                "suspected": result is not None and crime.is_suspected(result),
            }
        )
    return rows


@login_required
def assignment_detail(request: HttpRequest, draw_id: int, entity_id: int) -> HttpResponse:
    a = _assignment(request, draw_id, entity_id)
    me = getattr(request.user, "inspector", None)
    context = {
        "a": a,
        "rows": _item_rows(request, a),
        "is_officer": me is not None and any(o.pk == me.pk for o in a.officers),
        "can_follow_up": a.includes(me) or request.user.is_office_admin,  # type: ignore[union-attr]
        "token": selectors.check_code(a),
    }
    return render(request, "inspections/assignment_detail.html", context)


def _back(draw_id: int, entity_id: int, anchor: str = "") -> HttpResponse:
    url = reverse("inspections:assignment", args=[draw_id, entity_id])
    return redirect(url + (f"#{anchor}" if anchor else ""))


@login_required
@require_POST
def result_save(request: HttpRequest, draw_id: int, entity_id: int, item_id: int) -> HttpResponse:
    a = _assignment(request, draw_id, entity_id)
    item = next((i for i in a.items() if i.pk == item_id), None)
    if item is None:
        raise Http404("该事项不属于本任务")
    form = ResultForm(request.POST, request.FILES, prefix=f"i{item_id}")
    if not form.is_valid():
        messages.error(request, first_error(form))
        return _back(draw_id, entity_id, f"item-{item_id}")
    data = form.cleaned_data
    try:
        services.result_save(
            actor=request.user,
            draw_id=draw_id,
            entity_id=entity_id,
            item=item,
            method=data["method"],
            agency=data["agency"],
            inspected_on=data["inspected_on"],
            category=data["category"],
            findings=data["findings"],
            reference_kind=data["reference_kind"] or "",
            reference=data["reference"],
            sub_categories=data["sub_categories"],
            suspected_crime=data["suspected_crime"],
            suspected_offence=data["suspected_offence"],
            files=data["evidence"] or [],
        )
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"已保存“{item.name}”的检查结果，待两名执法人员确认")
    return _back(draw_id, entity_id, f"item-{item_id}")


@login_required
@require_POST
def result_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    result = get_object_or_404(Result, pk=pk)
    _assignment(request, result.draw_id, result.entity_id)
    try:
        services.result_confirm(actor=request.user, result=result)
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"已确认“{result.item.name}”的检查结果")
    return _back(result.draw_id, result.entity_id, f"item-{result.item_id}")


@login_required
@require_POST
def crime_mark(request: HttpRequest, pk: int) -> HttpResponse:
    """Tick 涉嫌犯罪 on a result, answering the hint."""
    result = get_object_or_404(Result, pk=pk)
    _assignment(request, result.draw_id, result.entity_id)
    form = CrimeMarkForm(request.POST)
    if not form.is_valid():
        messages.error(request, first_error(form))
    else:
        try:
            crime.crime_mark(
                actor=request.user, result=result, offence=form.cleaned_data["suspected_offence"]
            )
        except ServiceError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, "已标记涉嫌犯罪，请登记“移送公安/司法机关”")
    return _back(result.draw_id, result.entity_id, f"item-{result.item_id}")


@login_required
@require_POST
def crime_dismiss(request: HttpRequest, pk: int) -> HttpResponse:
    """Dismiss the hint with a reason: the words do not describe a suspected crime."""
    result = get_object_or_404(Result, pk=pk)
    _assignment(request, result.draw_id, result.entity_id)
    form = CrimeDismissForm(request.POST)
    if not form.is_valid():
        messages.error(request, first_error(form))
    else:
        try:
            crime.crime_hint_dismiss(
                actor=request.user,
                result=result,
                reason=form.cleaned_data["crime_hint_dismissal"],
            )
        except ServiceError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, "已排除涉嫌犯罪提示")
    return _back(result.draw_id, result.entity_id, f"item-{result.item_id}")


@login_required
def evidence_download(request: HttpRequest, pk: int) -> FileResponse:
    """Evidence is never public: only those who may see the assignment may open it."""
    evidence = get_object_or_404(
        Evidence.objects.select_related("result", "follow_up__result"), pk=pk
    )
    result = evidence.result or (evidence.follow_up.result if evidence.follow_up else None)
    if result is None:
        raise Http404
    _assignment(request, result.draw_id, result.entity_id)
    return FileResponse(
        evidence.file.open("rb"),
        content_type=evidence.content_type,
        filename=evidence.original_name,
    )
