"""抽查事项清单: what each department may inspect, versioned once published."""

from __future__ import annotations

import re
import unicodedata

from django.db import models

from .org import Department


class ItemCategory(models.TextChoices):
    KEY = "key", "重点"
    GENERAL = "general", "一般"


class Method(models.TextChoices):
    ONSITE = "onsite", "现场"
    DOCUMENT = "document", "书面"
    ONLINE = "online", "网络"
    DELEGATED = "delegated", "委托专业机构"


class Frequency(models.TextChoices):
    """抽查频次 of an item: once in each calendar month, quarter, half-year or year."""

    MONTHLY = "monthly", "每月"
    QUARTERLY = "quarterly", "每季"
    HALF_YEARLY = "half_yearly", "每半年"
    YEARLY = "yearly", "每年"


# Calendar months in one period of each frequency; periods start in January.
FREQUENCY_MONTHS = {
    Frequency.MONTHLY: 1,
    Frequency.QUARTERLY: 3,
    Frequency.HALF_YEARLY: 6,
    Frequency.YEARLY: 12,
}
# The words item lists use for each frequency, after folding (NFKC, lower case, no spaces, a
# trailing “1次/一次” dropped). “每年2次” is twice a year, i.e. once each half-year.
FREQUENCY_WORDS = {
    Frequency.MONTHLY: {"每月", "月", "按月", "月度", "每个月", "monthly", "month"},
    Frequency.QUARTERLY: {
        "每季",
        "每季度",
        "季",
        "季度",
        "按季",
        "按季度",
        "每个季度",
        "quarterly",
    },
    Frequency.HALF_YEARLY: {
        "每半年",
        "半年",
        "按半年",
        "半年度",
        "每年2次",
        "每年两次",
        "每年二次",
        "half_yearly",
        "half-yearly",
        "semiannual",
        "semi-annual",
    },
    Frequency.YEARLY: {"每年", "年", "按年", "年度", "每年度", "yearly", "annual", "annually"},
}
_ONCE = re.compile(r"(1|一)次$")


def frequency_from_text(text: str) -> str | None:
    """The Frequency value a written 抽查频次 means: "" when blank, None when not understood.

    Accepts the stored values, the labels and the usual ways lists write them (每月1次, 每季度,
    每年2次, monthly …).
    """
    raw = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text or "")).lower()
    if not raw:
        return ""
    for candidate in (raw, _ONCE.sub("", raw)):
        for value, words in FREQUENCY_WORDS.items():
            if candidate == value or candidate in words:
                return str(value)
    return None


class ItemState(models.TextChoices):
    DRAFT = "draft", "草稿"
    PUBLISHED = "published", "已发布"


class InspectionItem(models.Model):
    """One row of a department's item list for a year (seed 二(一)).

    The natural key is (抽查事项, 检查主体, 年度); each key has versions 1, 2, …, of which at most
    one is a draft. A published version is immutable: a change makes the next version.
    """

    check_category = models.CharField("抽查类别", max_length=100)
    name = models.CharField("抽查事项", max_length=200)
    targets = models.JSONField("检查对象", default=list)
    category = models.CharField("事项类别", max_length=10, choices=ItemCategory.choices)
    methods = models.JSONField("检查方式", default=list)
    department = models.ForeignKey(
        Department, verbose_name="检查主体", on_delete=models.PROTECT, related_name="items"
    )
    legal_basis = models.TextField("检查依据")
    ratio_cap = models.DecimalField(
        "抽查比例上限(%)", max_digits=5, decimal_places=2, null=True, blank=True
    )
    # For a 重点 item the frequency is its same-item window in the draw (sampling.population).
    frequency = models.CharField(
        "抽查频次", max_length=12, choices=Frequency.choices, blank=True, default=""
    )
    year = models.PositiveSmallIntegerField("年度")
    in_joint_list = models.BooleanField("触发式部门联合抽查事项", default=False)
    lead_department = models.ForeignKey(
        Department,
        verbose_name="发起部门",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="led_items",
    )
    partner_departments = models.ManyToManyField(
        Department, verbose_name="配合部门", blank=True, related_name="partner_items"
    )
    note = models.TextField("备注", blank=True)
    state = models.CharField("状态", max_length=10, choices=ItemState.choices, default="draft")
    version = models.PositiveIntegerField("版本", default=1)
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "抽查事项"
        verbose_name_plural = "抽查事项清单"
        ordering = ["year", "department__sort_order", "name", "version"]
        constraints = [
            models.UniqueConstraint(
                fields=["department", "year", "name", "version"], name="item_key_version_unique"
            ),
            models.UniqueConstraint(
                fields=["department", "year", "name"],
                condition=models.Q(state="draft"),
                name="item_one_draft_per_key",
                violation_error_message="该抽查事项已有未发布的草稿版本",
            ),
            models.CheckConstraint(
                condition=models.Q(category="key", ratio_cap__isnull=True)
                | models.Q(category="general", ratio_cap__isnull=False),
                name="item_ratio_cap_only_for_general",
                violation_error_message="一般检查事项必须设置抽查比例上限，重点检查事项不设上限",
            ),
            models.CheckConstraint(
                condition=models.Q(ratio_cap__isnull=True)
                | models.Q(ratio_cap__gt=0, ratio_cap__lte=100),
                name="item_ratio_cap_range",
                violation_error_message="抽查比例上限应大于0且不超过100（%）",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.department.short_name or self.department.name} {self.name}"

    @property
    def method_labels(self) -> list[str]:
        return [Method(m).label for m in self.methods]
