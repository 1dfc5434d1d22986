"""Forms of the 抽样复查 pages; the rules themselves live in recheck.py."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils import timezone

from shuangsuiji.directory.models import Department, Inspector
from shuangsuiji.plans.models import Task

from .ledger import DONE_STATES
from .models import Outcome


def _member_departments() -> Any:
    return Department.objects.filter(is_office=False).order_by("sort_order", "id")


class RecheckForm(forms.Form):
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    share = forms.DecimalField(
        label="复查比例（%）",
        min_value=Decimal("0.01"),
        max_value=Decimal("100"),
        decimal_places=2,
        initial=Decimal("5"),
        help_text="按户数向上取整：范围内有检查时至少抽 1 户",
    )
    team_department = forms.ModelChoiceField(
        label="复查组所属部门", queryset=Department.objects.none(), empty_label="请选择部门"
    )
    due_on = forms.DateField(
        label="复查截止日期",
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="复查组成员的执法证须在此日期前有效",
    )
    scope_department = forms.ModelChoiceField(
        label="限定发起部门（可选）",
        queryset=Department.objects.none(),
        required=False,
        empty_label="全部部门",
    )
    scope_task = forms.ModelChoiceField(
        label="限定任务（可选）",
        queryset=Task.objects.none(),
        required=False,
        empty_label="全部任务",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        departments = _member_departments()
        self.fields["team_department"].queryset = departments  # type: ignore[attr-defined]
        self.fields["scope_department"].queryset = departments  # type: ignore[attr-defined]
        tasks = Task.objects.filter(state__in=DONE_STATES).order_by("-year", "code")
        self.fields["scope_task"].queryset = tasks  # type: ignore[attr-defined]
        # The latest year with finished tasks: that is what a round re-checks.
        self.fields["year"].initial = tasks.values_list("year", flat=True).first() or (
            timezone.localdate().year
        )

    @property
    def share_bp(self) -> int:
        return int(self.cleaned_data["share"] * 100)


class WitnessForm(forms.Form):
    witness_entropy = forms.CharField(label="见证随机数", max_length=500)
    witness_source = forms.CharField(label="随机数来源", max_length=200)
    witness_name = forms.CharField(label="见证人", max_length=100)


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(
        label="复查结论", choices=[(Outcome.AGREE, "一致"), (Outcome.DISAGREE, "不一致")]
    )
    note = forms.CharField(label="说明", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class AssignForm(forms.Form):
    inspectors = forms.ModelMultipleChoiceField(
        label="复查组成员",
        queryset=Inspector.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    reason = forms.CharField(label="原因", max_length=500)

    def __init__(self, *args: Any, department: Department, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        people = Inspector.objects.filter(
            department=department, kind="law_enforcement", status="on_duty"
        ).order_by("name")
        self.fields["inspectors"].queryset = people  # type: ignore[attr-defined]
