"""The audit log page (联席办 only) and the Chinese error pages."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from .audit import action_label, audit_verify
from .audit_roots import audit_roots_check
from .models import AuditEntry

PER_PAGE = 50
SHORT = 80


class AuditFilterForm(forms.Form):
    action = forms.ChoiceField(label="操作", required=False)
    object_type = forms.ChoiceField(label="对象类型", required=False)
    actor = forms.CharField(label="操作人", required=False, max_length=150)
    department = forms.ChoiceField(label="所属部门", required=False)
    q = forms.CharField(label="对象或原因包含", required=False, max_length=100)
    object_id = forms.CharField(label="对象标识", required=False, max_length=64)
    date_from = forms.DateField(
        label="起始日期", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label="截止日期", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("action", "object_type", "department_name"):
            values = AuditEntry.objects.order_by(name).values_list(name, flat=True).distinct()
            field = self.fields["department" if name == "department_name" else name]
            assert isinstance(field, forms.ChoiceField)
            field.choices = [("", "全部"), *((v, v) for v in values if v)]

    def apply(self, qs: QuerySet[AuditEntry]) -> QuerySet[AuditEntry]:
        if not self.is_bound:
            return qs
        self.is_valid()
        v = {k: val for k, val in self.cleaned_data.items() if k not in self.errors and val}
        if "action" in v:
            qs = qs.filter(action=v["action"])
        if "object_type" in v:
            qs = qs.filter(object_type=v["object_type"])
        if "actor" in v:
            qs = qs.filter(Q(actor_name__icontains=v["actor"]) | Q(actor__username=v["actor"]))
        if "department" in v:
            qs = qs.filter(department_name=v["department"])
        if "q" in v:
            qs = qs.filter(Q(object_repr__icontains=v["q"]) | Q(reason__icontains=v["q"]))
        if "object_id" in v:
            qs = qs.filter(object_id=v["object_id"].strip())
        tz = timezone.get_current_timezone()
        if "date_from" in v:
            qs = qs.filter(created_at__gte=dt.datetime.combine(v["date_from"], dt.time(), tz))
        if "date_to" in v:
            end = dt.datetime.combine(v["date_to"] + dt.timedelta(days=1), dt.time(), tz)
            qs = qs.filter(created_at__lt=end)
        return qs


def _compact(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=str)


def changes(before: Any, after: Any) -> list[tuple[str, str, str]]:
    """(field, old, new) for what an entry changed; every key for a create or a delete."""
    if isinstance(before, dict) and isinstance(after, dict):
        keys = [k for k in {**before, **after} if before.get(k) != after.get(k)]
        return [
            (k, _compact(before.get(k)) if k in before else "", _compact(after.get(k)))
            for k in keys
        ]
    rows: list[tuple[str, str, str]] = []
    if isinstance(before, dict):
        rows += [(k, _compact(v), "") for k, v in before.items()]
    elif before is not None:
        rows.append(("", _compact(before), ""))
    if isinstance(after, dict):
        rows += [(k, "", _compact(v)) for k, v in after.items()]
    elif after is not None:
        rows.append(("", "", _compact(after)))
    return rows


@login_required
def audit_log(request: HttpRequest) -> HttpResponse:
    if not getattr(request.user, "is_office_admin", False):
        raise PermissionDenied("审计日志仅联席办管理员可以查看")
    params = request.GET.copy()
    verify = params.pop("verify", None) is not None
    form = AuditFilterForm(params or None)
    qs = form.apply(AuditEntry.objects.order_by("-id"))
    paginator = Paginator(qs, PER_PAGE)
    page = paginator.get_page(request.GET.get("page"))
    entries = []
    for entry in page.object_list:
        entry.action_label = action_label(entry.action)  # type: ignore[attr-defined]
        entries.append((entry, changes(entry.before, entry.after)))
    params.pop("page", None)
    context = {
        "form": form,
        "page_obj": page,
        "entries": entries,
        "querystring": params.urlencode(),
        "page_range": paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
        "chain": audit_verify() if verify else None,
        "roots": audit_roots_check() if verify else None,
        "short": SHORT,
    }
    return render(request, "common/audit_log.html", context)
