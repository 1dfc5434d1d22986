"""考核督查 state: 抽样复查 rounds (seed 五(四)) and the inspections they drew.

A round is drawn with the same engine and record as a task's draw (sampling/record.py): its
frozen facts and commitment are published first, the witness's entropy comes later, and the
stored public record is accepted unchanged by ``shuangsuiji verify-draw``. Writes only through
oversight/recheck.py.
"""

from __future__ import annotations

from functools import cached_property
from typing import Any

from django.conf import settings
from django.db import models

from shuangsuiji.directory.models import Department, Entity, Inspector
from shuangsuiji.plans.models import Task
from shuangsuiji.sampling.models import Draw, decode_population
from shuangsuiji.sampling.models.ledger import decode_json


class RecheckState(models.TextChoices):
    FROZEN = "frozen", "名单已冻结"
    DRAWN = "drawn", "已抽取"


class Outcome(models.TextChoices):
    PENDING = "pending", "待复查"
    AGREE = "agree", "复查结论一致"
    DISAGREE = "disagree", "复查结论不一致"


class TeamSource(models.TextChoices):
    DRAWN = "drawn", "随机匹配"
    ASSIGNED = "assigned", "联席办指定"


class Recheck(models.Model):
    """One 抽样复查 round: a share of the completed inspections in scope, drawn at random.

    ``frozen``/``commitment`` are published at freeze time; ``secret`` stays hidden until the
    draw, whose public record (``record``) reveals it.
    """

    code = models.CharField("复查编号", max_length=30, unique=True)
    year = models.PositiveSmallIntegerField("年度")
    scope_department = models.ForeignKey(
        Department,
        verbose_name="限定部门",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    scope_task = models.ForeignKey(
        Task, verbose_name="限定任务", on_delete=models.PROTECT, null=True, blank=True
    )
    share_bp = models.PositiveIntegerField("复查比例（万分比）")
    team_department = models.ForeignKey(
        Department, verbose_name="复查组所属部门", on_delete=models.PROTECT, related_name="+"
    )
    due_on = models.DateField("复查截止日期")
    state = models.CharField(
        "状态", max_length=10, choices=RecheckState.choices, default=RecheckState.FROZEN
    )
    frozen = models.JSONField("冻结内容")
    commitment = models.CharField("承诺值（SHA-256）", max_length=64, unique=True)
    population = models.BinaryField("冻结名单（压缩）")
    population_size = models.PositiveIntegerField("名单户数")
    matching = models.BinaryField("人员匹配输入（压缩）")
    secret = models.CharField("服务器密钥", max_length=64, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="冻结人",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_by_name = models.CharField("冻结人姓名", max_length=150)
    frozen_at = models.DateTimeField("冻结时间")
    witness_entropy = models.TextField("见证随机数", blank=True)
    witness_source = models.CharField("随机数来源", max_length=200, blank=True)
    witness_name = models.CharField("见证人", max_length=100, blank=True)
    seed = models.CharField("随机种子", max_length=64, blank=True)
    record = models.JSONField("抽取记录（公开版）", null=True, blank=True)
    drawn_by_name = models.CharField("抽取人姓名", max_length=150, blank=True)
    drawn_at = models.DateTimeField("抽取时间", null=True, blank=True)

    class Meta:
        verbose_name = "抽样复查"
        verbose_name_plural = "抽样复查"
        ordering = ["-year", "-frozen_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(share_bp__gte=1, share_bp__lte=10_000),
                name="recheck_share_range",
                violation_error_message="复查比例应在 0.01% 至 100% 之间",
            ),
            models.CheckConstraint(
                condition=models.Q(state="frozen") | models.Q(record__isnull=False),
                name="recheck_drawn_has_record",
                violation_error_message="已抽取的复查必须有抽取记录",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} 抽样复查"

    @property
    def share_percent(self) -> str:
        return f"{self.share_bp / 100:g}%"

    def population_rows(self) -> list[tuple[str, str]]:
        return decode_population(self.population)

    @cached_property
    def matching_inputs(self) -> dict[str, Any]:
        return dict(decode_json(self.matching))


class RecheckItem(models.Model):
    """One drawn inspection (a task's current draw × an entity) and its re-check."""

    recheck = models.ForeignKey(
        Recheck, verbose_name="抽样复查", on_delete=models.PROTECT, related_name="items"
    )
    draw = models.ForeignKey(
        Draw, verbose_name="原抽取", on_delete=models.PROTECT, related_name="+"
    )
    task = models.ForeignKey(
        Task, verbose_name="原任务", on_delete=models.PROTECT, related_name="+"
    )
    entity = models.ForeignKey(
        Entity, verbose_name="检查对象", on_delete=models.PROTECT, related_name="+"
    )
    position = models.PositiveIntegerField("复查顺序")
    team = models.ManyToManyField(Inspector, verbose_name="复查组", related_name="+", blank=True)
    team_source = models.CharField(
        "复查组来源", max_length=10, choices=TeamSource.choices, default=TeamSource.DRAWN
    )
    team_reason = models.TextField("指定复查组的原因", blank=True)
    outcome = models.CharField(
        "复查结论", max_length=10, choices=Outcome.choices, default=Outcome.PENDING
    )
    note = models.TextField("复查说明", blank=True)
    decided_by_name = models.CharField("登记人", max_length=150, blank=True)
    decided_at = models.DateTimeField("登记时间", null=True, blank=True)

    class Meta:
        verbose_name = "复查对象"
        verbose_name_plural = "复查对象"
        ordering = ["recheck", "position", "task__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["recheck", "draw", "entity"],
                name="recheck_item_once",
                violation_error_message="该检查已在本次复查中",
            ),
            models.CheckConstraint(
                condition=~models.Q(outcome="disagree") | ~models.Q(note=""),
                name="recheck_item_disagree_needs_note",
                violation_error_message="复查结论不一致时必须写明不一致之处",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.recheck.code} · {self.task.code} · {self.entity.name}"
