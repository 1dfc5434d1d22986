"""Forms of the task pages and the admin; rules live in services.py."""

from __future__ import annotations

from typing import Any

from django import forms

from shuangsuiji.directory.forms import ANY, LIST_SPLIT, FilterForm
from shuangsuiji.directory.models import Area, CreditRisk, EntityTag

from . import selectors
from .models import Task, TaskKind, TaskState


class TaskFilterForm(FilterForm):
    q = forms.CharField(label="任务编号或名称", max_length=100)
    year = forms.TypedChoiceField(label="年度", coerce=int, empty_value=None)
    kind = forms.ChoiceField(label="抽查类型", choices=ANY + TaskKind.choices)
    state = forms.ChoiceField(label="状态", choices=ANY + TaskState.choices)

    def __init__(self, data: Any = None, *, years: list[int], **kwargs: Any) -> None:
        super().__init__(data, **kwargs)
        field = self.fields["year"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = ANY + [(y, f"{y}年") for y in years]

    def filters(self) -> selectors.TaskFilters:
        v = self.values()
        return selectors.TaskFilters(
            q=(v.get("q") or "").strip(),
            year=v.get("year"),
            state=v.get("state") or "",
            kind=v.get("kind") or "",
        )


def _split(text: str) -> list[str]:
    return [part.strip() for part in LIST_SPLIT.split(text or "") if part.strip()]


class TaskAdminForm(forms.ModelForm):
    """The admin's task form: 定向条件 as separate fields instead of raw JSON."""

    cond_tags = forms.ModelMultipleChoiceField(
        label="定向条件：部门标签", queryset=EntityTag.objects.all(), required=False
    )
    cond_areas = forms.ModelMultipleChoiceField(
        label="定向条件：乡镇", queryset=Area.objects.all(), required=False
    )
    cond_industries = forms.CharField(
        label="定向条件：行业代码前缀",
        required=False,
        help_text="如 H62、F5212，多个用顿号或逗号分隔",
    )
    cond_types = forms.CharField(
        label="定向条件：主体类型", required=False, help_text="如 企业、个体工商户"
    )
    cond_credit = forms.MultipleChoiceField(
        label="定向条件：信用风险分类",
        choices=CreditRisk.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Task
        fields = [
            "code",
            "name",
            "year",
            "lead_department",
            "partner_departments",
            "items",
            "kind",
            "window_start",
            "window_end",
            "note",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        c = self.instance.conditions or {}
        self.initial.setdefault("cond_tags", c.get("tag_ids", []))
        self.initial.setdefault("cond_areas", c.get("area_ids", []))
        self.initial.setdefault("cond_industries", "、".join(c.get("industry_prefixes", [])))
        self.initial.setdefault("cond_types", "、".join(c.get("entity_types", [])))
        self.initial.setdefault("cond_credit", c.get("credit_classes", []))

    def conditions(self) -> dict[str, Any]:
        d = self.cleaned_data
        return {
            "tag_ids": [t.pk for t in d.get("cond_tags") or []],
            "area_ids": [a.pk for a in d.get("cond_areas") or []],
            "industry_prefixes": _split(d.get("cond_industries", "")),
            "entity_types": _split(d.get("cond_types", "")),
            "credit_classes": list(d.get("cond_credit") or []),
        }
