"""Forms of the 一公开 staff pages: they parse input; the services decide."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms

from shuangsuiji.directory.tabular import FORMATS
from shuangsuiji.inspections.models import Result


class ExemptionRequestForm(forms.Form):
    result = forms.TypedChoiceField(label="检查结果", coerce=int)
    reason = forms.CharField(
        label="不公开理由及法律依据",
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
    )

    def __init__(self, *args: Any, results: Sequence[Result], **kwargs: Any) -> None:
        """``results`` are the ones the actor may ask about (staff_selectors)."""
        super().__init__(*args, **kwargs)
        field = self.fields["result"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [
            (r.pk, f"{r.entity.name} · {r.item.name} · {r.category} {r.get_category_display()}")
            for r in results
        ]


class ResultExportForm(forms.Form):
    task = forms.CharField(label="任务编号", required=False, max_length=40)
    since = forms.DateField(
        label="完成日期自", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    format = forms.ChoiceField(label="格式", choices=[(f, f.upper()) for f in FORMATS])


class SanctionSearchForm(forms.Form):
    q = forms.CharField(label="统一社会信用代码或名称", max_length=200)
