"""一公开: what keeps a result off the public record (依法依规不适合公开)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from shuangsuiji.inspections.models import Result


class ExemptionState(models.TextChoices):
    REQUESTED = "requested", "待审批"
    APPROVED = "approved", "已批准不公开"
    REJECTED = "rejected", "不予批准"


class ResultExemption(models.Model):
    """A request that one result stay internal, decided by the office (seed 三(四)).

    Only an approved exemption hides the result; a pending one blocks the task's publication,
    so a result is never published while its exemption is still being decided.
    """

    result = models.OneToOneField(
        Result, verbose_name="检查结果", on_delete=models.PROTECT, related_name="exemption"
    )
    reason = models.TextField("不公开理由（法律依据）")
    state = models.CharField(
        "状态", max_length=10, choices=ExemptionState.choices, default=ExemptionState.REQUESTED
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="申请人",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    requested_by_name = models.CharField("申请人姓名", max_length=150)
    requested_at = models.DateTimeField("申请时间")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="审批人",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_by_name = models.CharField("审批人姓名", max_length=150, blank=True)
    decided_at = models.DateTimeField("审批时间", null=True, blank=True)
    decision_note = models.TextField("审批意见", blank=True)

    class Meta:
        verbose_name = "不予公开申请"
        verbose_name_plural = "不予公开申请"
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(state__in=ExemptionState.values),
                name="exemption_state_valid",
                violation_error_message="未知的审批状态",
            ),
            models.CheckConstraint(
                condition=~models.Q(reason=""),
                name="exemption_has_reason",
                violation_error_message="申请不予公开必须说明理由和依据",
            ),
            models.CheckConstraint(
                condition=models.Q(state="requested") | models.Q(decided_at__isnull=False),
                name="exemption_decision_dated",
                violation_error_message="审批结果必须记录审批时间",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.result} · {self.get_state_display()}"
