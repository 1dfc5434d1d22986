"""Forms of the 问责/免责审查 pages; the rules themselves live in accountability.py."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q, QuerySet

from shuangsuiji.directory.forms import ANY, FilterForm
from shuangsuiji.directory.models import Department
from shuangsuiji.sampling.models import Selection

from .models import (
    NOTE_MAX,
    PROBLEM_MAX,
    REASON_MAX,
    AccountabilityCase,
    AccountabilityReview,
    ExemptionCase,
    ReviewDecision,
    ReviewSource,
    ReviewState,
)

DATE = forms.DateInput(attrs={"type": "date"})


def member_departments() -> QuerySet[Department]:
    return Department.objects.filter(is_office=False).order_by("sort_order", "id")


class ReviewFilterForm(FilterForm):
    q = forms.CharField(label="审查编号或检查对象", max_length=100)
    year = forms.TypedChoiceField(label="问题发现年度", coerce=int, empty_value=None)
    state = forms.ChoiceField(label="状态", choices=ANY + ReviewState.choices)
    decision = forms.ChoiceField(label="审查决定", choices=ANY + ReviewDecision.choices)
    department = forms.TypedChoiceField(label="被审查部门", coerce=int, empty_value=None)

    def __init__(self, data: Any = None, *, years: list[int], actor: Any, **kwargs: Any) -> None:
        super().__init__(data, **kwargs)
        year = self.fields["year"]
        assert isinstance(year, forms.TypedChoiceField)
        year.choices = ANY + [(y, f"{y}年") for y in years]
        if actor.is_office_admin:
            dept = self.fields["department"]
            assert isinstance(dept, forms.TypedChoiceField)
            dept.choices = ANY + [(d.pk, d.name) for d in member_departments()]
        else:
            del self.fields["department"]

    def apply(self, qs: QuerySet[AccountabilityReview]) -> QuerySet[AccountabilityReview]:
        """The filters, in the database (the list is paged server-side)."""
        v = self.values()
        q = (v.get("q") or "").strip()
        if q:
            qs = qs.filter(Q(code__icontains=q) | Q(entity__name__icontains=q) | Q(entity__uscc=q))
        if v.get("year"):
            qs = qs.filter(surfaced_on__year=v["year"])
        if v.get("state"):
            qs = qs.filter(state=v["state"])
        if v.get("decision"):
            qs = qs.filter(decision=v["decision"])
        if v.get("department"):
            qs = qs.filter(department_id=v["department"])
        return qs


class SelectionField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        task = obj.draw.task
        lead = task.lead_department.short_name or task.lead_department.name
        window = f"{task.window_start:%Y-%m-%d} 至 {task.window_end:%Y-%m-%d}"
        return f"{task.code} {task.name}（{lead}，{window}，{task.get_state_display()}）"


class ReviewOpenForm(forms.Form):
    uscc = forms.CharField(label="检查对象统一社会信用代码", max_length=18)
    department = forms.ModelChoiceField(
        label="被审查部门", queryset=Department.objects.none(), empty_label="请选择部门"
    )
    source = forms.ChoiceField(label="问题来源", choices=ReviewSource.choices)
    source_reference = forms.CharField(label="来源文号或编号", max_length=200, required=False)
    surfaced_on = forms.DateField(label="问题发现日期", widget=DATE)
    problem = forms.CharField(
        label="问题情况", max_length=PROBLEM_MAX, widget=forms.Textarea(attrs={"rows": 3})
    )
    adverse = forms.BooleanField(label="造成不良后果", required=False)
    adverse_note = forms.CharField(
        label="不良后果情况",
        max_length=NOTE_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    selections = SelectionField(
        label="关联的检查（该对象此前被抽中的检查）",
        queryset=Selection.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="不勾选表示该对象未被抽中检查",
    )
    claimed_exemption = forms.ChoiceField(
        label="申请的免责情形（可选）",
        choices=[("", "暂无"), *ExemptionCase.choices],
        required=False,
    )
    claim_note = forms.CharField(
        label="免责申请说明",
        max_length=NOTE_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    agency_report = forms.CharField(
        label="专业机构报告（文号及出具机构）", max_length=300, required=False
    )

    def __init__(self, *args: Any, candidates: QuerySet[Selection], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = member_departments()  # type: ignore[attr-defined]
        self.fields["selections"].queryset = candidates  # type: ignore[attr-defined]


class ClaimForm(forms.Form):
    claimed_exemption = forms.ChoiceField(label="申请的免责情形", choices=ExemptionCase.choices)
    claim_note = forms.CharField(
        label="免责申请说明",
        max_length=NOTE_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    agency_report = forms.CharField(
        label="专业机构报告（文号及出具机构）", max_length=300, required=False
    )


class DecideForm(forms.Form):
    decision = forms.ChoiceField(label="审查决定", choices=ReviewDecision.choices)
    exemption_case = forms.ChoiceField(
        label="认定的免责情形（四(三)）",
        choices=[("", "—"), *ExemptionCase.choices],
        required=False,
    )
    accountability_case = forms.ChoiceField(
        label="认定的追责情形（四(二)）",
        choices=[("", "—"), *AccountabilityCase.choices],
        required=False,
    )
    misconduct = forms.BooleanField(label="存在滥用职权、徇私舞弊等情形", required=False)
    adverse = forms.BooleanField(label="造成不良后果", required=False)
    adverse_note = forms.CharField(
        label="不良后果情况",
        max_length=NOTE_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    reason = forms.CharField(
        label="决定理由", max_length=REASON_MAX, widget=forms.Textarea(attrs={"rows": 3})
    )
