"""检查对象名录库: the register of market entities that may be drawn for inspection."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from .org import Area, CreditRisk, Department


class RegistrationStatus(models.TextChoices):
    ACTIVE = "active", "存续"
    CANCELLED = "cancelled", "注销"
    REVOKED = "revoked", "吊销"
    MOVED_OUT = "moved_out", "迁出"


class EntityTag(models.Model):
    """A department's own sub-directory label, e.g. 县市场监督管理局 · 食品经营者."""

    department = models.ForeignKey(
        Department, verbose_name="部门", on_delete=models.PROTECT, related_name="entity_tags"
    )
    name = models.CharField("标签", max_length=50)

    class Meta:
        verbose_name = "部门标签"
        verbose_name_plural = "部门标签"
        ordering = ["department__sort_order", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["department", "name"],
                name="entity_tag_unique",
                violation_error_message="该部门已有同名标签",
            )
        ]

    def __str__(self) -> str:
        return f"{self.department.name}/{self.name}"


class Entity(models.Model):
    """One market entity (检查对象), keyed by its 统一社会信用代码."""

    uscc = models.CharField("统一社会信用代码", max_length=18, unique=True)
    name = models.CharField("名称", max_length=200, db_index=True)
    entity_type = models.CharField("主体类型", max_length=30)
    industry_code = models.CharField("行业代码", max_length=5, blank=True)
    area = models.ForeignKey(
        Area, verbose_name="所属区域", on_delete=models.PROTECT, related_name="entities"
    )
    address = models.CharField("住所", max_length=255, blank=True)
    legal_representative = models.CharField("法定代表人", max_length=50, blank=True)
    established_on = models.DateField("成立日期", null=True, blank=True)
    registration_status = models.CharField(
        "登记状态", max_length=10, choices=RegistrationStatus.choices, default="active"
    )
    credit_risk = models.CharField("信用风险分类", max_length=1, choices=CreditRisk.choices)
    abnormal_list = models.BooleanField("经营异常名录", default=False)
    abnormal_listed_on = models.DateField("列入经营异常名录日期", null=True, blank=True)
    serious_dishonesty_list = models.BooleanField("严重违法失信名单", default=False)
    serious_dishonesty_listed_on = models.DateField(
        "列入严重违法失信名单日期", null=True, blank=True
    )
    complaint_count = models.PositiveIntegerField("投诉举报次数", default=0)
    key_supervision = models.BooleanField("重点监管", default=False)
    tags = models.ManyToManyField(EntityTag, verbose_name="部门标签", blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "检查对象"
        verbose_name_plural = "检查对象名录库"
        ordering = ["uscc"]
        indexes = [models.Index(fields=["area", "credit_risk"], name="entity_area_credit")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(credit_risk__in=["A", "B", "C", "D"]),
                name="entity_credit_risk_valid",
                violation_error_message="信用风险分类只能是 A、B、C、D",
            ),
            models.CheckConstraint(
                condition=models.Q(abnormal_list=True) | models.Q(abnormal_listed_on__isnull=True),
                name="entity_abnormal_date_needs_flag",
                violation_error_message="填写了列入经营异常名录日期，但未标记“经营异常名录”",
            ),
            models.CheckConstraint(
                condition=models.Q(serious_dishonesty_list=True)
                | models.Q(serious_dishonesty_listed_on__isnull=True),
                name="entity_dishonesty_date_needs_flag",
                violation_error_message="填写了列入严重违法失信名单日期，但未标记“严重违法失信名单”",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.uscc}）"


class AcceptedLegacyCode(models.Model):
    """A legacy code that fails a check but which the office accepted, with its reason."""

    uscc = models.CharField("统一社会信用代码", max_length=18, unique=True)
    reason = models.TextField("接受理由")
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="接受人", on_delete=models.PROTECT
    )
    accepted_at = models.DateTimeField("接受时间", auto_now_add=True)

    class Meta:
        verbose_name = "已接受的历史代码"
        verbose_name_plural = "已接受的历史代码"

    def __str__(self) -> str:
        return self.uscc
