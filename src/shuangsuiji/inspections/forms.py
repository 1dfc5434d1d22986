"""Forms of the workbench: they parse input; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms

from shuangsuiji.directory.models import Department, Method

from .models import FollowUpAction, ReferenceKind, RemovalReason, ResultCategory, TransferTo
from .rules import SUB_CODES

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
    sub_categories = forms.MultipleChoiceField(
        label="具体问题类别（结果为 A 时必选）",
        choices=[(c, f"{c} {ResultCategory(c).label}") for c in SUB_CODES],
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    findings = forms.CharField(
        label="检查情况", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    suspected_crime = forms.BooleanField(label="涉嫌犯罪（须移送公安/司法机关）", required=False)
    suspected_offence = forms.CharField(label="涉嫌罪名", required=False, max_length=100)
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
    listed_on = forms.DateField(label="列入日期（列入经营异常名录）", required=False, widget=DATE)
    decision_no = forms.CharField(label="列入决定书文号", required=False, max_length=60)
    transfer_to = forms.ChoiceField(
        label="移送机关（移送公安/司法机关）", choices=TransferTo.choices, required=False
    )
    suspected_crime = forms.BooleanField(label="涉嫌犯罪", required=False)
    suspected_offence = forms.CharField(label="涉嫌罪名", required=False, max_length=100)
    note = forms.CharField(
        label="说明", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class FollowUpCloseForm(forms.Form):
    recheck_on = forms.DateField(label="复查日期（责令改正）", required=False, widget=DATE)
    recheck_note = forms.CharField(
        label="复查情况", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    corrected = forms.TypedChoiceField(
        label="复查结论（责令改正）",
        choices=[("", "—"), ("1", "已改正"), ("0", "逾期未改正")],
        coerce=lambda v: v == "1",
        empty_value=None,
        required=False,
    )
    closure_note = forms.CharField(label="办结说明", widget=forms.Textarea(attrs={"rows": 2}))
    suspected_crime = forms.BooleanField(label="涉嫌犯罪", required=False)
    suspected_offence = forms.CharField(label="涉嫌罪名", required=False, max_length=100)
    evidence = MultipleFileField(label="证据材料（图片或PDF）", required=False)


class ListingForm(forms.Form):
    """市场监管 lists the firm on a 抄告 (企业经营异常名录管理暂行办法 第四条)."""

    listed_on = forms.DateField(label="列入日期", widget=DATE)
    decision_no = forms.CharField(label="列入决定书文号", required=False, max_length=60)


class RemovalForm(forms.Form):
    removal_reason = forms.ChoiceField(label="移出原因", choices=RemovalReason.choices)
    removed_on = forms.DateField(label="移出日期", widget=DATE)
    removal_note = forms.CharField(label="移出说明", required=False, max_length=300)


class CrimeMarkForm(forms.Form):
    suspected_offence = forms.CharField(label="涉嫌罪名", max_length=100)


class CrimeDismissForm(forms.Form):
    crime_hint_dismissal = forms.CharField(label="排除理由", max_length=300)


def first_error(form: forms.Form) -> str:
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        return f"{label}：{errors[0]}" if label else str(errors[0])
    return "输入有误"
