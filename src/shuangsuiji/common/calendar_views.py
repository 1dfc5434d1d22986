"""The office's calendar page: covered years, and entering a year's holidays and 调休 days."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from .calendar import calendar_year_set
from .errors import ServiceError
from .models import CalendarDay, CalendarYear


def parse_days(text: str, label: str) -> list[tuple[dt.date, str]]:
    """Lines of "YYYY-MM-DD 名称" (the name may be left out); blank lines are skipped."""
    days: list[tuple[dt.date, str]] = []
    for n, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        head, _, name = line.partition(" ")
        try:
            day = dt.date.fromisoformat(head.strip())
        except ValueError:
            raise forms.ValidationError(
                f"{label}第{n}行：日期应写作 YYYY-MM-DD，如 2027-02-08 春节"
            ) from None
        days.append((day, name.strip()))
    return days


class CalendarYearForm(forms.Form):
    year = forms.IntegerField(label="年份", min_value=2000, max_value=2100)
    notice = forms.CharField(label="依据（通知文号）", max_length=200)
    rest_days = forms.CharField(
        label="休息的工作日（每行一天）",
        required=False,
        widget=forms.Textarea(attrs={"rows": 10, "placeholder": "2027-02-08 春节"}),
    )
    work_days = forms.CharField(
        label="调休上班的周末（每行一天）",
        required=False,
        widget=forms.Textarea(attrs={"rows": 6, "placeholder": "2027-02-06 春节调休"}),
    )
    reason = forms.CharField(label="修改原因", required=False, max_length=200)

    def clean_rest_days(self) -> list[tuple[dt.date, str]]:
        return parse_days(self.cleaned_data["rest_days"], "休息日")

    def clean_work_days(self) -> list[tuple[dt.date, str]]:
        return parse_days(self.cleaned_data["work_days"], "调休上班日")


def _office(request: HttpRequest) -> None:
    if not getattr(request.user, "is_office_admin", False):
        raise PermissionDenied


@login_required
def calendar_years(request: HttpRequest) -> HttpResponse:
    """Years the working-day calendar covers, and the form to enter or correct one."""
    _office(request)
    form = CalendarYearForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data: dict[str, Any] = form.cleaned_data
        try:
            calendar_year_set(
                actor=request.user,
                year=data["year"],
                rest_days=data["rest_days"],
                work_days=data["work_days"],
                notice=data["notice"],
                reason=data["reason"],
            )
        except ServiceError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, f"已保存{data['year']}年节假日安排")
            return redirect("calendar_years")
    rows = []
    for entry in CalendarYear.objects.order_by("-year"):
        days = CalendarDay.objects.filter(date__year=entry.year)
        rows.append(
            (
                entry,
                days.filter(is_workday=False).count(),
                days.filter(is_workday=True).count(),
            )
        )
    return render(
        request,
        "common/calendar_years.html",
        {"rows": rows, "form": form, "current": "calendar_years"},
    )
