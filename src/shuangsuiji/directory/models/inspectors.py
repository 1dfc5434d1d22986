"""执法检查人员名录库, experts beside it, and the conflict register for 回避."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from .entities import Entity
from .org import Area, Department


class InspectorStatus(models.TextChoices):
    ON_DUTY = "on_duty", "在岗"
    TRANSFERRED = "transferred", "调出"
    RETIRED = "retired", "退休"
    SUSPENDED = "suspended", "停用"


class InspectorKind(models.TextChoices):
    LAW_ENFORCEMENT = "law_enforcement", "执法人员"
    EXPERT = "expert", "专家"


class ExpertSource(models.TextChoices):
    TESTING_BODY = "testing_body", "检测机构"
    RESEARCH = "research", "科研院所"
    INDUSTRY = "industry", "行业专家"


class Inspector(models.Model):
    """A person in a department's directory (seed 二(四)).

    Law-enforcement officers hold a 执法证 and count toward the two per team; experts assist and
    never count (行政处罚法 第四十二条). For experts ``certificate_no`` holds the expert number.
    """

    name = models.CharField("姓名", max_length=50)
    department = models.ForeignKey(
        Department, verbose_name="所属部门", on_delete=models.PROTECT, related_name="inspectors"
    )
    organization = models.CharField("单位", max_length=100)
    title = models.CharField("职务", max_length=50, blank=True)
    specialties = models.JSONField("业务专长", default=list, blank=True)
    certificate_no = models.CharField("执法证号", max_length=40, unique=True)
    certificate_valid_until = models.DateField("执法证有效期至", null=True, blank=True)
    qualifications = models.JSONField("执法资质", default=list, blank=True)
    area = models.ForeignKey(
        Area, verbose_name="所属区域", on_delete=models.PROTECT, null=True, blank=True
    )
    status = models.CharField(
        "状态", max_length=12, choices=InspectorStatus.choices, default="on_duty"
    )
    kind = models.CharField(
        "人员类型", max_length=16, choices=InspectorKind.choices, default="law_enforcement"
    )
    expert_source = models.CharField(
        "专家来源", max_length=16, choices=ExpertSource.choices, blank=True
    )
    phone = models.CharField("联系电话", max_length=30, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "执法检查人员"
        verbose_name_plural = "执法检查人员名录库"
        ordering = ["department__sort_order", "name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind="expert", expert_source__in=list(ExpertSource.values))
                | models.Q(kind="law_enforcement", expert_source=""),
                name="inspector_expert_source_only_for_experts",
                violation_error_message="专家必须填写专家来源；执法人员不填专家来源",
            ),
            models.CheckConstraint(
                condition=models.Q(kind="expert") | models.Q(certificate_valid_until__isnull=False),
                name="inspector_officer_needs_certificate_date",
                violation_error_message="执法人员必须填写执法证有效期",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.certificate_no}）"


class Conflict(models.Model):
    """回避: this inspector must not inspect this entity (行政处罚法 第四十三条)."""

    inspector = models.ForeignKey(
        Inspector, verbose_name="执法检查人员", on_delete=models.CASCADE, related_name="conflicts"
    )
    entity = models.ForeignKey(
        Entity, verbose_name="检查对象", on_delete=models.CASCADE, related_name="conflicts"
    )
    reason = models.CharField("回避原因", max_length=255)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="登记人",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = "回避登记"
        verbose_name_plural = "回避登记"
        constraints = [
            models.UniqueConstraint(
                fields=["inspector", "entity"],
                name="conflict_unique",
                violation_error_message="该人员与该检查对象的回避关系已登记",
            )
        ]

    def __str__(self) -> str:
        return f"{self.inspector.name} 回避 {self.entity.name}"
