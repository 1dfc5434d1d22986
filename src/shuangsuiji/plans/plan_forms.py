"""Forms of the plan, joint-request and lifecycle pages; the rules live in the services."""

from __future__ import annotations

from typing import Any

from django import forms

from shuangsuiji.directory.models import Department, InspectionItem, ItemState

from .models import Task, TaskKind

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _members() -> Any:
    return Department.objects.filter(is_office=False).order_by("sort_order", "id")


def _items(year: int | None) -> Any:
    qs = InspectionItem.objects.filter(state=ItemState.PUBLISHED).select_related("department")
    if year:
        qs = qs.filter(year=year)
    return qs.order_by("department__sort_order", "name")


class ItemChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.department.short_name or obj.department.name}｜{obj.name}"


class PlanCreateForm(forms.Form):
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    title = forms.CharField(
        label="计划名称", required=False, max_length=200, help_text="留空则按年度自动命名"
    )


class PlanTaskForm(forms.Form):
    """A task added to a plan; its draw configuration starts at the items' defaults (抽取)."""

    code = forms.CharField(label="任务编号", max_length=40)
    name = forms.CharField(label="任务名称", max_length=200)
    lead_department = forms.ModelChoiceField(label="发起部门", queryset=Department.objects.none())
    partner_departments = forms.ModelMultipleChoiceField(
        label="配合部门",
        queryset=Department.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    items = ItemChoice(
        label="抽查事项",
        queryset=InspectionItem.objects.none(),
        widget=forms.SelectMultiple(attrs={"size": 10}),
    )
    kind = forms.ChoiceField(label="抽查类型", choices=TaskKind.choices)
    window_start = forms.DateField(label="检查开始日期", widget=DATE)
    window_end = forms.DateField(label="检查结束日期", widget=DATE)
    note = forms.CharField(label="备注", required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, year: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("lead_department", "partner_departments"):
            field = self.fields[name]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = _members()
        items = self.fields["items"]
        assert isinstance(items, forms.ModelMultipleChoiceField)
        items.queryset = _items(year)


class PlanAmendForm(forms.Form):
    reason = forms.CharField(label="修订原因", widget=forms.Textarea(attrs={"rows": 2}))


class JointRequestForm(forms.Form):
    items = ItemChoice(
        label="需联合检查的抽查事项",
        queryset=InspectionItem.objects.none(),
        widget=forms.SelectMultiple(attrs={"size": 10}),
    )
    partner_departments = forms.ModelMultipleChoiceField(
        label="建议配合部门",
        queryset=Department.objects.none(),
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    window_start = forms.DateField(label="建议开始日期", widget=DATE)
    window_end = forms.DateField(label="建议结束日期", widget=DATE)
    note = forms.CharField(label="说明", required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, department_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        partners = self.fields["partner_departments"]
        assert isinstance(partners, forms.ModelMultipleChoiceField)
        partners.queryset = _members().exclude(pk=department_id)
        items = self.fields["items"]
        assert isinstance(items, forms.ModelMultipleChoiceField)
        items.queryset = _items(None)


class JointApproveForm(forms.Form):
    """Approve into a new joint task (编号 and 名称) or by extending an existing one."""

    task = forms.ModelChoiceField(
        label="并入已有任务", queryset=Task.objects.none(), required=False
    )
    code = forms.CharField(label="新任务编号", max_length=40, required=False)
    name = forms.CharField(label="新任务名称", max_length=200, required=False)
    reason = forms.CharField(label="意见", required=False, max_length=500)

    def __init__(self, *args: Any, year: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["task"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Task.objects.filter(year=year).order_by("code")


class ReasonForm(forms.Form):
    reason = forms.CharField(label="原因", widget=forms.Textarea(attrs={"rows": 2}))
