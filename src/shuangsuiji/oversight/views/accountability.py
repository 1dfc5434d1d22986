"""问责/免责审查 pages: the list, opening a review, its page, the claim and the decision.

Who sees a review is accountability.review_scope (anyone else gets 404, so a review's
existence is not disclosed across departments); only the office opens and decides (403 for
a department that sees the review); the writes go through oversight/accountability.py.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_POST

from shuangsuiji.common.errors import ServiceError
from shuangsuiji.common.uscc import normalize
from shuangsuiji.directory.models import Entity
from shuangsuiji.directory.views.base import paginate
from shuangsuiji.sampling.models import Selection

from .. import accountability as svc
from ..accountability_forms import ClaimForm, DecideForm, ReviewFilterForm, ReviewOpenForm
from ..models import AccountabilityReview, ReviewState


def _office(request: HttpRequest) -> Any:
    user: Any = request.user
    if not user.is_office_admin:
        raise PermissionDenied("问责/免责审查由联席办登记和决定")
    return user


def _visible(request: HttpRequest, pk: int) -> AccountabilityReview:
    qs = svc.review_scope(request.user).select_related("entity", "department")
    return get_object_or_404(qs, pk=pk)


def _errors(request: HttpRequest, form: Any) -> None:
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        for text in errors:
            messages.error(request, f"{label}：{text}" if label else text)


@login_required
def review_list(request: HttpRequest) -> HttpResponse:
    """The reviews the user may see, filtered and paged in the database."""
    visible = svc.review_scope(request.user)
    years = sorted({d.year for d in visible.dates("surfaced_on", "year")}, reverse=True)
    form = ReviewFilterForm(request.GET or None, years=years, actor=request.user)
    qs = form.apply(visible).select_related("entity", "department").defer("duty_pdf", "evidence")
    context = {"form": form, **paginate(request, qs.order_by("-surfaced_on", "-code"))}
    return render(request, "oversight/review_list.html", context)


def _entity(uscc: str) -> Entity | None:
    code = normalize(uscc or "")
    return Entity.objects.filter(uscc=code).first() if code else None


@login_required
def review_new(request: HttpRequest) -> HttpResponse:
    """GET ?uscc= finds the firm and its earlier inspections; POST opens the review."""
    user = _office(request)
    data = request.POST if request.method == "POST" else None
    uscc = (request.POST if data else request.GET).get("uscc", "")
    entity = _entity(uscc)
    candidates = svc.candidate_selections(entity=entity) if entity else Selection.objects.none()
    initial = {"uscc": entity.uscc if entity else uscc}
    form = ReviewOpenForm(data, candidates=candidates, initial=initial)
    if data is not None:
        if entity is None:
            messages.error(request, "检查对象统一社会信用代码：名录库中没有该代码的检查对象")
        elif not form.is_valid():
            _errors(request, form)
        else:
            v = form.cleaned_data
            try:
                review = svc.review_open(
                    actor=user,
                    entity=entity,
                    department=v["department"],
                    source=v["source"],
                    source_reference=v["source_reference"],
                    surfaced_on=v["surfaced_on"],
                    problem=v["problem"],
                    adverse=v["adverse"],
                    adverse_note=v["adverse_note"],
                    selections=list(v["selections"]),
                    claimed_exemption=v["claimed_exemption"],
                    claim_note=v["claim_note"],
                    agency_report=v["agency_report"],
                )
            except ServiceError as exc:
                label = form.fields[exc.field].label if exc.field in form.fields else ""
                messages.error(request, f"{label}：{exc.message}" if label else exc.message)
            else:
                messages.success(request, f"已登记问责/免责审查 {review.code}，履职证据已冻结")
                return redirect("reviews:detail", review.pk)
    context = {"form": form, "entity": entity, "uscc": uscc, "candidates": candidates}
    return render(request, "oversight/review_new.html", context)


@login_required
def review_detail(request: HttpRequest, pk: int) -> HttpResponse:
    review = _visible(request, pk)
    user: Any = request.user
    is_open = review.state == ReviewState.OPEN
    selections = review.selections.select_related("draw__task__lead_department").order_by(
        "draw__task__window_start"
    )
    claim = None
    if is_open and svc.can_claim(user, review):
        claim = ClaimForm(
            initial={
                "claimed_exemption": review.claimed_exemption,
                "claim_note": review.claim_note,
                "agency_report": review.agency_report,
            }
        )
    decide = None
    if is_open and user.is_office_admin:
        decide = DecideForm(
            initial={
                "exemption_case": review.claimed_exemption,
                "adverse": review.adverse,
                "adverse_note": review.adverse_note,
            }
        )
    context = {
        "review": review,
        "evidence": review.evidence,
        "selections": selections,
        "inspectors": review.inspectors.select_related("department").order_by("name"),
        "claim_form": claim,
        "decide_form": decide,
    }
    return render(request, "oversight/review_detail.html", context)


@login_required
@require_POST
def review_claim(request: HttpRequest, pk: int) -> HttpResponse:
    review = _visible(request, pk)
    if not svc.can_claim(request.user, review):
        raise PermissionDenied("只有联席办或被审查部门的管理员可以提出免责申请")
    form = ClaimForm(request.POST)
    if not form.is_valid():
        _errors(request, form)
        return redirect("reviews:detail", pk)
    try:
        svc.review_claim(actor=request.user, review=review, **form.cleaned_data)
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "已登记免责申请")
    return redirect("reviews:detail", pk)


@login_required
@require_POST
def review_decide(request: HttpRequest, pk: int) -> HttpResponse:
    review = _visible(request, pk)
    user = _office(request)
    form = DecideForm(request.POST)
    if not form.is_valid():
        _errors(request, form)
        return redirect("reviews:detail", pk)
    v = form.cleaned_data
    try:
        svc.review_decide(
            actor=user,
            review=review,
            decision=v["decision"],
            reason=v["reason"],
            exemption_case=v["exemption_case"],
            accountability_case=v["accountability_case"],
            misconduct=v["misconduct"],
            adverse=v["adverse"],
            adverse_note=v["adverse_note"],
        )
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"已作出审查决定：{review.code}")
    return redirect("reviews:detail", pk)


@login_required
def review_duty_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The 履职记录 PDF frozen when the review was opened, byte for byte."""
    review = _visible(request, pk)
    response = HttpResponse(bytes(review.duty_pdf), content_type="application/pdf")
    filename = f"履职记录-{review.code}.pdf"
    response["Content-Disposition"] = content_disposition_header(False, filename) or ""
    return response
