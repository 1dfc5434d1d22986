"""统计分析 page: the dashboard's figures, charts (vendored ECharts) and the .xlsx download."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import content_disposition_header

from shuangsuiji.common.errors import PermissionDenied
from shuangsuiji.directory.access import scope_items
from shuangsuiji.directory.forms import FilterForm
from shuangsuiji.directory.models import Department, InspectionItem

from .. import dashboard_export
from ..statistics import Dashboard, Figure, compare, dashboard, years_with_tasks

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class DashboardFilterForm(FilterForm):
    year = forms.TypedChoiceField(label="年度", coerce=int, empty_value=None)
    department = forms.TypedChoiceField(label="部门", coerce=int, empty_value=None)
    item = forms.TypedChoiceField(label="抽查事项", coerce=int, empty_value=None)

    def __init__(self, data: Any, *, actor: Any, **kwargs: Any) -> None:
        super().__init__(data, **kwargs)
        this_year = timezone.localdate().year
        years = sorted({this_year, *years_with_tasks()}, reverse=True)
        self._set("year", [(y, f"{y}年") for y in years])
        departments = Department.objects.filter(is_office=False).order_by("sort_order", "id")
        if actor.is_office_admin:
            self._set("department", [("", "全部部门")] + [(d.pk, d.name) for d in departments])
        else:
            own = departments.filter(pk=actor.department_id)
            self._set("department", [(d.pk, d.name) for d in own])
        items = scope_items(InspectionItem.objects.all(), actor).order_by(
            "department__sort_order", "name", "-year"
        )
        seen: set[tuple[int, str]] = set()
        choices: list[tuple[Any, str]] = [("", "全部事项")]
        # One entry per item (department, name): statistics count every year's version of it.
        for item in items.values("id", "name", "department_id", "department__short_name"):
            key = (item["department_id"], item["name"])
            if key not in seen:
                seen.add(key)
                choices.append((item["id"], f"{item['department__short_name']}·{item['name']}"))
        self._set("item", choices)

    def _set(self, name: str, choices: list[tuple[Any, str]]) -> None:
        field = self.fields[name]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = choices

    def chosen(self, actor: Any) -> tuple[int, int | None, int | None]:
        v = self.values()
        year = v.get("year") or timezone.localdate().year
        department = v.get("department")
        if not actor.is_office_admin:
            department = actor.department_id
        return year, department, v.get("item")


def _both(request: HttpRequest) -> tuple[DashboardFilterForm, Dashboard, Dashboard]:
    actor = request.user
    form = DashboardFilterForm(request.GET or None, actor=actor)
    year, department, item = form.chosen(actor)
    try:
        current = dashboard(actor=actor, year=year, department_id=department, item_id=item)
        previous = dashboard(actor=actor, year=year - 1, department_id=department, item_id=item)
    except PermissionDenied as exc:
        raise Http404(exc.message) from exc
    return form, current, previous


def show(value: Any, kind: str) -> str:
    """A figure's value as the page shows it: rates in percent, a dash for no value."""
    if value is None:
        return "—"
    if kind == "rate":
        return f"{value * 100:.1f}%"
    if isinstance(value, float) and not value.is_integer():
        return f"{value:.2f}".rstrip("0")
    return str(int(value))


def _chart_value(value: Any, kind: str) -> Any:
    if value is None:
        return None
    if kind == "rate":
        return round(value * 100, 1)
    return value


def _chart(figure: Figure, previous: Figure, year: int) -> dict[str, Any]:
    """What dashboard.js plots: categories, then this year's and last year's series."""
    rows = figure.rows[: figure.limit] if figure.limit else figure.rows
    prev = {r.key: r.values for r in previous.rows}
    series = []
    for key in figure.plot:
        measure = figure.measure(key)
        for y, values_of in (
            (year, lambda r: r.values),
            (year - 1, lambda r: prev.get(r.key, {})),
        ):
            series.append(
                {
                    "name": f"{measure.label}（{y}年）" if len(figure.plot) > 1 else f"{y}年",
                    "measure": key,
                    "year": y,
                    "current": y == year,
                    "data": [_chart_value(values_of(r).get(key), measure.kind) for r in rows],
                }
            )
    percent = all(figure.measure(k).kind == "rate" for k in figure.plot)
    return {
        "key": figure.key,
        "chart": figure.chart,
        "categories": [r.label for r in rows],
        "series": series,
        "percent": percent,
    }


def _panels(current: Dashboard, previous: Dashboard) -> list[dict[str, Any]]:
    panels = []
    for figure in current.figures:
        rows = compare(figure, previous.figure(figure.key))
        if figure.limit:
            rows = rows[: figure.limit]
        panels.append(
            {
                "figure": figure,
                "colspan": 1 + 2 * len(figure.measures),
                # Tables of five measures or more (eleven columns) take the page's full width.
                "wide": len(figure.measures) >= 5,
                "rows": [
                    {
                        "label": r.label,
                        "total": r.key == "total",
                        "cells": [
                            (
                                show(r.current.get(m.key), m.kind),
                                show(r.previous.get(m.key), m.kind),
                            )
                            for m in figure.measures
                        ],
                    }
                    for r in rows
                ],
            }
        )
    return panels


def _cards(current: Dashboard, previous: Dashboard) -> list[dict[str, Any]]:
    def pick(figure: str, measure: str) -> dict[str, Any]:
        f, p = current.figure(figure), previous.figure(figure)
        m = f.measure(measure)
        assert f.total is not None and p.total is not None
        return {
            "label": m.label,
            "value": show(f.total.values[measure], m.kind),
            "previous": show(p.total.values[measure], m.kind),
        }

    return [
        pick("tasks", "total") | {"label": "抽查任务"},
        pick("entities", "drawn"),
        pick("entities", "inspected"),
        pick("problems", "problem_rate"),
        pick("publication", "on_time_rate"),
        pick("follow_ups", "on_time_rate"),
    ]


@login_required
def dashboard_page(request: HttpRequest) -> HttpResponse:
    form, current, previous = _both(request)
    charts = [
        _chart(f, previous.figure(f.key), current.year)
        for f in current.figures
        if f.chart != "none"
    ]
    context = {
        "form": form,
        "current": current,
        "previous": previous,
        "cards": _cards(current, previous),
        "panels": _panels(current, previous),
        "charts": charts,
        "query": request.GET.urlencode(),
    }
    return render(request, "oversight/dashboard.html", context)


@login_required
def dashboard_xlsx(request: HttpRequest) -> HttpResponse:
    """The workbook of the page's current filters; ``figure=<key>`` for one figure only."""
    _form, current, previous = _both(request)
    only = request.GET.get("figure") or None
    if only is not None and only not in {f.key for f in current.figures}:
        raise Http404("没有这项统计")
    data = dashboard_export.workbook(current, previous, only=only)
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(
        True, dashboard_export.filename(current, only)
    )
    return response
