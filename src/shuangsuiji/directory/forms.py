"""Forms of the staff pages and the admin: filters, the import upload, and edit forms.

Filter forms only turn query strings into the selectors' filter dataclasses; edit forms only
shape input. Rules live in the services, which the views and the admin call.
"""

from __future__ import annotations

import functools
import re
from typing import Any

from django import forms
from django.conf import settings
from django.utils import timezone

from . import selectors
from .importers import ENTITY_TYPES, KINDS
from .models import (
    Area,
    CreditRisk,
    Entity,
    InspectionItem,
    Inspector,
    InspectorKind,
    InspectorStatus,
    ItemCategory,
    ItemState,
    Method,
    RegistrationStatus,
)

ANY = [("", "全部")]
YES_NO = [("", "全部"), ("1", "是"), ("0", "否")]
LIST_SPLIT = re.compile(r"[、,，;；\n]+")


def _yes_no(value: str) -> bool | None:
    return {"1": True, "0": False}.get(value)


class FilterForm(forms.Form):
    """A GET form that never fails: an invalid value is dropped, the page still shows."""

    def __init__(self, data: Any = None, **kwargs: Any) -> None:
        super().__init__(data, **kwargs)
        for field in self.fields.values():
            field.required = False

    def values(self) -> dict[str, Any]:
        if not self.is_bound:
            return {}
        self.is_valid()
        return {k: v for k, v in self.cleaned_data.items() if k not in self.errors}


class ItemFilterForm(FilterForm):
    q = forms.CharField(label="搜索", max_length=100)
    year = forms.TypedChoiceField(label="年度", coerce=int, empty_value=None)
    department = forms.ModelChoiceField(
        label="检查主体", queryset=selectors.department_list(actor=None), empty_label="全部"
    )
    category = forms.ChoiceField(label="事项类别", choices=ANY + ItemCategory.choices)
    state = forms.ChoiceField(label="状态", choices=ANY + ItemState.choices)
    joint = forms.ChoiceField(label="联合抽查", choices=YES_NO)

    def __init__(self, data: Any = None, *, years: list[int], **kwargs: Any) -> None:
        super().__init__(data, **kwargs)
        field = self.fields["year"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = ANY + [(y, f"{y}年") for y in years]

    def filters(self) -> selectors.ItemFilters:
        v = self.values()
        department = v.get("department")
        return selectors.ItemFilters(
            q=(v.get("q") or "").strip(),
            department_id=department.pk if department else None,
            year=v.get("year"),
            category=v.get("category") or "",
            state=v.get("state") or "",
            in_joint_list=_yes_no(v.get("joint") or ""),
        )


class EntityFilterForm(FilterForm):
    q = forms.CharField(
        label="名称或统一社会信用代码",
        max_length=200,
        widget=forms.TextInput(attrs={"placeholder": "名称片段，或代码（可只输前几位）"}),
    )
    area = forms.ModelChoiceField(label="所属区域", queryset=Area.objects.all(), empty_label="全部")
    credit_risk = forms.ChoiceField(label="信用风险分类", choices=ANY + CreditRisk.choices)
    registration_status = forms.ChoiceField(
        label="登记状态", choices=ANY + RegistrationStatus.choices
    )
    entity_type = forms.ChoiceField(label="主体类型", choices=ANY + [(t, t) for t in ENTITY_TYPES])
    abnormal_list = forms.ChoiceField(label="经营异常名录", choices=YES_NO)
    serious_dishonesty_list = forms.ChoiceField(label="严重违法失信名单", choices=YES_NO)

    def filters(self) -> selectors.EntityFilters:
        v = self.values()
        area = v.get("area")
        return selectors.EntityFilters(
            q=(v.get("q") or "").strip(),
            area_id=area.pk if area else None,
            credit_risk=v.get("credit_risk") or "",
            registration_status=v.get("registration_status") or "",
            entity_type=v.get("entity_type") or "",
            abnormal_list=_yes_no(v.get("abnormal_list") or ""),
            serious_dishonesty_list=_yes_no(v.get("serious_dishonesty_list") or ""),
        )


class InspectorFilterForm(FilterForm):
    q = forms.CharField(label="姓名或执法证号", max_length=50)
    department = forms.ModelChoiceField(
        label="所属部门", queryset=selectors.department_list(actor=None), empty_label="全部"
    )
    status = forms.ChoiceField(label="状态", choices=ANY + InspectorStatus.choices)
    kind = forms.ChoiceField(label="人员类型", choices=ANY + InspectorKind.choices)
    specialty = forms.CharField(label="业务专长", max_length=50)

    def __init__(self, data: Any = None, *, show_department: bool, **kwargs: Any) -> None:
        super().__init__(data, **kwargs)
        if not show_department:
            del self.fields["department"]

    def filters(self) -> selectors.InspectorFilters:
        v = self.values()
        department = v.get("department")
        return selectors.InspectorFilters(
            q=(v.get("q") or "").strip(),
            department_id=department.pk if department else None,
            status=v.get("status") or "",
            kind=v.get("kind") or "",
            specialty=(v.get("specialty") or "").strip(),
        )


KIND_CHOICES = [(kind, importer.title) for kind, importer in KINDS.items()]
TOKEN = re.compile(r"^[0-9a-f]{32}$")


class ImportForm(forms.Form):
    kind = forms.ChoiceField(label="导入内容", choices=KIND_CHOICES, widget=forms.RadioSelect)
    file = forms.FileField(
        label="文件（.xlsx 或 .csv）",
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )
    dry_run = forms.BooleanField(
        label="试导入：只校验并统计，不写入数据", required=False, initial=False
    )
    token = forms.CharField(required=False, widget=forms.HiddenInput)

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        name = (upload.name or "").lower()
        if not name.endswith((".xlsx", ".csv", ".xls")):
            raise forms.ValidationError("请上传 .xlsx 或 .csv 文件")
        if upload.size > settings.IMPORT_MAX_BYTES:
            limit = settings.IMPORT_MAX_BYTES // (1024 * 1024)
            raise forms.ValidationError(f"文件超过 {limit} MB，请拆分后分批导入")
        return upload

    def clean_token(self) -> str:
        token = self.cleaned_data.get("token") or ""
        return token if TOKEN.match(token) else ""


# ---------------------------------------------------------------- admin edit forms


def split_list(value: str) -> list[str]:
    seen: list[str] = []
    for part in LIST_SPLIT.split(value or ""):
        part = part.strip()
        if part and part not in seen:
            seen.append(part)
    return seen


class ListField(forms.CharField):
    """A JSON list of strings edited as one line separated by “、”."""

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, list):
            return "、".join(str(v) for v in value)
        return value

    def to_python(self, value: Any) -> list[str]:  # type: ignore[override]
        if isinstance(value, list):
            return value
        return split_list(str(value or ""))


class InspectionItemAdminForm(forms.ModelForm):
    """Cross-field rules are left to item_save, whose messages say the rule in words.

    Django's model-form check of the CheckConstraints would only say “约束 … 是无效的”.
    """

    targets = ListField(label="检查对象", help_text="多个用“、”分隔")
    methods = forms.MultipleChoiceField(
        label="检查方式", choices=Method.choices, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = InspectionItem
        fields = [
            "year",
            "department",
            "check_category",
            "name",
            "targets",
            "category",
            "methods",
            "legal_basis",
            "ratio_cap",
            "frequency",
            "in_joint_list",
            "lead_department",
            "partner_departments",
            "note",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.instance.pk and "year" in self.fields:
            self.fields["year"].initial = timezone.localdate().year

    def _post_clean(self) -> None:
        full_clean = self.instance.full_clean
        self.instance.full_clean = functools.partial(full_clean, validate_constraints=False)
        try:
            super()._post_clean()  # type: ignore[misc]
        finally:
            del self.instance.full_clean


class EntityAdminForm(forms.ModelForm):
    entity_type = forms.ChoiceField(label="主体类型", choices=[(t, t) for t in ENTITY_TYPES])
    own_tags = ListField(
        label="本部门标签",
        required=False,
        help_text="本部门给该检查对象加的标签，多个用“、”分隔；其他部门的标签不受影响。",
    )

    class Meta:
        model = Entity
        fields = [
            "uscc",
            "name",
            "entity_type",
            "industry_code",
            "area",
            "address",
            "legal_representative",
            "established_on",
            "registration_status",
            "credit_risk",
            "abnormal_list",
            "abnormal_listed_on",
            "serious_dishonesty_list",
            "serious_dishonesty_listed_on",
            "complaint_count",
            "key_supervision",
        ]


class InspectorAdminForm(forms.ModelForm):
    specialties = ListField(label="业务专长", required=False, help_text="多个用“、”分隔")
    qualifications = ListField(label="执法资质", required=False, help_text="多个用“、”分隔")

    class Meta:
        model = Inspector
        fields = [
            "name",
            "department",
            "organization",
            "title",
            "specialties",
            "certificate_no",
            "certificate_valid_until",
            "qualifications",
            "area",
            "status",
            "kind",
            "expert_source",
            "phone",
        ]
