"""抽查事项清单: what each department may inspect, versioned once published."""

from __future__ import annotations

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
    frequency = models.CharField("抽查频次", max_length=50, blank=True)
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
