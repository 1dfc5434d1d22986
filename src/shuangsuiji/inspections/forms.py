"""Forms of the workbench: they parse input; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms

from shuangsuiji.directory.models import Department, Method

from .models import FollowUpAction, ReferenceKind, ResultCategory

DATE = forms.DateInput(attrs={"type": "date"})


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/*,application/pdf"}))
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(d, initial) for d in data]
        return [super().clean(data, initial)] if data else []


class ResultForm(forms.Form):
    method = forms.ChoiceField(label="检查方式", choices=Method.choices)
    agency = forms.CharField(label="受委托专业机构", required=False, max_length=200)
    inspected_on = forms.DateField(label="检查日期", widget=DATE)
    category = forms.ChoiceField(
        label="检查结果",
        choices=[("", "请选择")] + [(c.value, f"{c.value} {c.label}") for c in ResultCategory],
    )
    findings = forms.CharField(
        label="检查情况", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    reference_kind = forms.ChoiceField(
        label="采用的结论", choices=ReferenceKind.choices, required=False
    )
    reference = forms.CharField(label="结论文号或出具单位", required=False, max_length=300)
    evidence = MultipleFileField(label="证据材料（图片或PDF，每个不超过20MB）", required=False)


class FollowUpForm(forms.Form):
    action = forms.ChoiceField(label="处置方式", choices=FollowUpAction.choices)
    owner_department = forms.ModelChoiceField(
        label="负责部门（谁管辖、谁负责）",
        queryset=Department.objects.filter(is_office=False),
        required=False,
        empty_label="检查事项的检查主体",
    )
    due_on = forms.DateField(label="办理期限", widget=DATE)
    correction_deadline = forms.DateField(label="改正期限（责令改正）", required=False, widget=DATE)
    recipient_department = forms.ModelChoiceField(
        label="抄告/推送部门",
        queryset=Department.objects.filter(is_office=False),
        required=False,
    )
    notified_on = forms.DateField(label="抄告/推送日期", required=False, widget=DATE)
    note = forms.CharField(label="说明", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class FollowUpCloseForm(forms.Form):
    recheck_on = forms.DateField(label="复查日期（责令改正）", required=False, widget=DATE)
    recheck_note = forms.CharField(
        label="复查情况", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    closure_note = forms.CharField(label="办结说明", widget=forms.Textarea(attrs={"rows": 2}))
    evidence = MultipleFileField(label="证据材料（图片或PDF）", required=False)


def first_error(form: forms.Form) -> str:
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        return f"{label}：{errors[0]}" if label else str(errors[0])
    return "输入有误"
