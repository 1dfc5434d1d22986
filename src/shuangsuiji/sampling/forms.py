"""Forms of the 抽取 pages. They only shape input; the rules are in services.py."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.db.models import QuerySet

from shuangsuiji.directory.forms import LIST_SPLIT
from shuangsuiji.directory.models import Inspector

from .models import CREDIT_CLASSES, DrawConfig, KeyItemRule
from .population import CREDIT_LABELS

RATIO, COUNT = "ratio", "count"
MODE_CHOICES = [(RATIO, "按比例（%）"), (COUNT, "按户数")]
WITNESS_SOURCES = [
    "中国体育彩票超级大乐透开奖号码",
    "中国福利彩票双色球开奖号码",
    "见证人现场报出的数字",
]


def _int(label: str, *, required: bool = True, min_value: int = 0, **kw: Any) -> forms.IntegerField:
    return forms.IntegerField(label=label, required=required, min_value=min_value, **kw)


# Config fields the form edits as they are (the credit rules and area rule are mapped).
PLAIN_FIELDS = (
    "full_serious_dishonesty",
    "full_abnormal",
    "full_complaints",
    "complaint_threshold",
    "full_key_supervision",
    "active_only",
    "exclude_recent_same_item",
    "recent_months",
    "key_item_rule",
    "yearly_cap",
    "cap_key_items",
    "cap_exempt_full_groups",
    "count_terminated",
    "min_established_days",
    "team_size",
    "experts",
    "per_inspector_cap",
    "batch_size",
    "rotation",
)


class DrawConfigForm(forms.Form):
    """The draw specification: one (mode, value) pair per credit class, then the rest."""

    full_serious_dishonesty = forms.BooleanField(label="严重违法失信名单", required=False)
    full_abnormal = forms.BooleanField(label="经营异常名录", required=False)
    full_complaints = forms.BooleanField(label="投诉举报较多", required=False)
    complaint_threshold = _int("投诉举报次数达到", min_value=1)
    full_key_supervision = forms.BooleanField(label="重点监管对象", required=False)
    active_only = forms.BooleanField(label="只抽取登记状态为“存续”的对象", required=False)
    exclude_recent_same_item = forms.BooleanField(
        label="排除近期已被抽中检查同一事项的对象", required=False
    )
    recent_months = _int("间隔（月）", min_value=1, max_value=36)
    key_item_rule = forms.ChoiceField(label="重点检查事项", choices=KeyItemRule.choices)
    yearly_cap = _int("每户每年随机抽查次数上限", required=False, min_value=1)
    cap_key_items = forms.BooleanField(label="重点检查事项也计入并适用年度上限", required=False)
    cap_exempt_full_groups = forms.BooleanField(
        label="全部纳入的对象不受年度上限限制", required=False
    )
    count_terminated = forms.BooleanField(
        label="已终止任务的抽中也计入（否则只计入已录入检查结果的）", required=False
    )
    min_established_days = _int("排除成立不满（天）", required=False, min_value=1)
    team_size = _int("每组执法人员人数", min_value=2, max_value=10)
    experts = _int("每组专家人数", min_value=0, max_value=5)
    area_rule = forms.ChoiceField(
        label="区域规则",
        choices=[
            ("", "不限"),
            ("cross_area", "所所交叉：不得检查本乡镇的对象"),
            ("local_only", "属地检查：只由本乡镇人员检查（不足时用相邻乡镇）"),
        ],
        required=False,
    )
    per_inspector_cap = _int("每人最多检查户数", required=False, min_value=1)
    rotation = forms.BooleanField(
        label="轮换检查：不由上一轮检查过该对象的人员再查（人员不足时自动放宽并记录）",
        required=False,
    )
    batch_size = _int("每批户数", min_value=1)
    wanted_specialties = forms.CharField(
        label="优先业务专长", required=False, help_text="多个用顿号分隔，如 食品安全、公共场所卫生"
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for cls in CREDIT_CLASSES:
            low = cls.lower()
            self.fields[f"mode_{low}"] = forms.ChoiceField(
                label=f"{CREDIT_LABELS[cls]}方式", choices=MODE_CHOICES
            )
            self.fields[f"value_{low}"] = forms.DecimalField(
                label=f"{CREDIT_LABELS[cls]}比例或户数",
                min_value=Decimal(0),
                max_digits=9,
                decimal_places=2,
            )

    @classmethod
    def for_config(cls, config: DrawConfig, data: Any = None) -> DrawConfigForm:
        initial: dict[str, Any] = {name: getattr(config, name) for name in PLAIN_FIELDS}
        initial["area_rule"] = (
            "cross_area" if config.cross_area else "local_only" if config.local_only else ""
        )
        initial["wanted_specialties"] = "、".join(config.wanted_specialties or [])
        for c in CREDIT_CLASSES:
            ratio, count = config.credit_rule(c)
            low = c.lower()
            if count is not None:
                initial[f"mode_{low}"], initial[f"value_{low}"] = COUNT, count
            else:
                initial[f"mode_{low}"] = RATIO
                initial[f"value_{low}"] = Decimal(ratio or 0) / 100
        return cls(data, initial=initial)

    def credit_rows(self) -> list[tuple[str, str, Any, Any]]:
        return [
            (c, CREDIT_LABELS[c], self[f"mode_{c.lower()}"], self[f"value_{c.lower()}"])
            for c in CREDIT_CLASSES
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for c in CREDIT_CLASSES:
            low = c.lower()
            mode, value = data.get(f"mode_{low}"), data.get(f"value_{low}")
            if value is None:
                continue
            if mode == RATIO and value > 100:
                self.add_error(f"value_{low}", "比例不能超过100%")
            if mode == COUNT and value != value.to_integral_value():
                self.add_error(f"value_{low}", "户数应为整数")
        return data

    def values(self) -> dict[str, Any]:
        """The cleaned form as DrawConfig field values (ratios in basis points)."""
        d = self.cleaned_data
        values: dict[str, Any] = {k: d[k] for k in PLAIN_FIELDS}
        values["cross_area"] = d.get("area_rule") == "cross_area"
        values["local_only"] = d.get("area_rule") == "local_only"
        values["wanted_specialties"] = [
            s.strip() for s in LIST_SPLIT.split(d.get("wanted_specialties") or "") if s.strip()
        ]
        for c in CREDIT_CLASSES:
            low = c.lower()
            value: Decimal = d[f"value_{low}"]
            if d[f"mode_{low}"] == COUNT:
                values[f"ratio_{low}_bp"], values[f"count_{low}"] = None, int(value)
            else:
                values[f"ratio_{low}_bp"] = int((value * 100).to_integral_value())
                values[f"count_{low}"] = None
        return values


class WitnessForm(forms.Form):
    witness_entropy = forms.CharField(
        label="见证随机数",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="冻结之后才能知道的公开数字，如当期彩票开奖号码，或见证人现场报出的数字；原样录入。",
    )
    witness_source = forms.CharField(
        label="随机数来源",
        max_length=200,
        widget=forms.TextInput(attrs={"list": "witness-sources"}),
    )
    witness_name = forms.CharField(label="见证人", max_length=100)


class RedrawForm(forms.Form):
    reason = forms.CharField(
        label="重新抽取原因", max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )


class InspectorChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        dept = obj.department.short_name or obj.department.name
        area = f"，{obj.area.name}" if obj.area else ""
        return f"{obj.name}（{dept}，{obj.certificate_no}{area}）"


class DirectAssignmentForm(forms.Form):
    inspectors = InspectorChoiceField(
        label="委派人员", queryset=Inspector.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    reason = forms.CharField(label="委派原因", max_length=1000)

    def __init__(self, *args: Any, queryset: QuerySet[Inspector], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["inspectors"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = queryset
