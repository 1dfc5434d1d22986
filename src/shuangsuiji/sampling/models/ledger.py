"""The draw ledger: freezes, draws and their per-row tables. Append-only.

Nothing here is ever edited or deleted (issue 3: a redraw leaves the earlier draw visible).
``save`` refuses an update and ``delete`` refuses always; the one flag that changes,
``Draw.is_current``, is switched by ``sampling.services.draw_redraw`` with a queryset update
and an audit entry. Foreign keys into the directory are PROTECT, so a selected entity or a
drawn inspector cannot be deleted from under the ledger.
"""

from __future__ import annotations

import json
import zlib
from functools import cached_property
from typing import Any

from django.conf import settings
from django.db import models

from shuangsuiji.common.errors import ServiceError
from shuangsuiji.directory.models import Entity, Inspector
from shuangsuiji.plans.models import Task
from shuangsuiji.sampling import engine, record


class AppendOnly(models.Model):
    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise ServiceError(f"{self._meta.verbose_name}只能新增，不能修改")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise ServiceError(f"{self._meta.verbose_name}只能新增，不能删除")


def encode_population(rows: list[tuple[str, str]]) -> bytes:
    """The frozen population as zlib-compressed lines “uscc,stratum\\n” sorted by uscc.

    Level 1: a million rows compress in a fifth of the time for a slightly larger blob.
    """
    text = "".join(f"{uscc},{stratum}\n" for uscc, stratum in sorted(rows))
    return zlib.compress(text.encode("utf-8"), 1)


def encode_json(value: Any) -> bytes:
    """Canonical JSON (engine.canonical_json), zlib-compressed: large frozen inputs."""
    return zlib.compress(engine.canonical_json(value), 1)


def decode_json(data: bytes | memoryview) -> Any:
    return json.loads(zlib.decompress(bytes(data)))


def decode_population(data: bytes | memoryview) -> list[tuple[str, str]]:
    text = zlib.decompress(bytes(data)).decode("utf-8")
    rows = []
    for line in text.splitlines():
        uscc, _, stratum = line.partition(",")
        rows.append((uscc, stratum))
    return rows


class Freeze(AppendOnly):
    """A frozen population and its published commitment (issue 3 §3: commit, then reveal).

    ``secret`` is the server secret whose hash is in the commitment; it is never shown before
    the draw and is revealed in the draw record. A newer freeze of the same task supersedes an
    older one that has not been drawn.
    """

    task = models.ForeignKey(
        Task, verbose_name="抽查任务", on_delete=models.PROTECT, related_name="freezes"
    )
    number = models.PositiveIntegerField("冻结序号")
    frozen = models.JSONField("冻结内容")
    commitment = models.CharField("承诺值（SHA-256）", max_length=64, unique=True)
    population = models.BinaryField("冻结名单（压缩）")
    population_size = models.PositiveIntegerField("名单户数")
    # The inspector-matching inputs (record.py), compressed: with a large population they hold
    # every entity's township. Read them through ``matching_inputs``.
    matching = models.BinaryField("人员匹配输入（压缩）")
    secret = models.CharField("服务器密钥", max_length=64, editable=False)
    frozen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="冻结人",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    frozen_by_name = models.CharField("冻结人姓名", max_length=150)
    frozen_at = models.DateTimeField("冻结时间")
    redraw_of = models.ForeignKey(
        "Draw",
        verbose_name="重新抽取的原抽取",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    redraw_reason = models.TextField("重新抽取原因", blank=True)

    class Meta:
        verbose_name = "名单冻结"
        verbose_name_plural = "名单冻结"
        ordering = ["task", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["task", "number"],
                name="freeze_number_unique",
                violation_error_message="冻结序号重复",
            ),
            models.CheckConstraint(
                condition=models.Q(redraw_of__isnull=True) | ~models.Q(redraw_reason=""),
                name="freeze_redraw_needs_reason",
                violation_error_message="重新抽取必须填写原因",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.task.code} 第{self.number}次冻结"

    def population_rows(self) -> list[tuple[str, str]]:
        return decode_population(self.population)

    @cached_property
    def matching_inputs(self) -> dict[str, Any]:
        return dict(decode_json(self.matching))


class Draw(AppendOnly):
    """One draw: the witness's entropy, the seed, the outcome and the public record."""

    task = models.ForeignKey(
        Task, verbose_name="抽查任务", on_delete=models.PROTECT, related_name="draws"
    )
    freeze = models.OneToOneField(
        Freeze, verbose_name="名单冻结", on_delete=models.PROTECT, related_name="draw"
    )
    number = models.PositiveIntegerField("抽取序号")
    witness_entropy = models.TextField("见证随机数")
    witness_source = models.CharField("随机数来源", max_length=200)
    witness_name = models.CharField("见证人", max_length=100)
    seed = models.CharField("随机种子", max_length=64)
    outcome = models.JSONField("抽取结果")
    drawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="抽取人",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    drawn_by_name = models.CharField("抽取人姓名", max_length=150)
    drawn_at = models.DateTimeField("抽取时间", db_index=True)
    redraw_of = models.ForeignKey(
        "self",
        verbose_name="重新抽取的原抽取",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="redraws",
    )
    redraw_reason = models.TextField("重新抽取原因", blank=True)
    is_current = models.BooleanField("当前有效", default=True)

    class Meta:
        verbose_name = "抽取记录"
        verbose_name_plural = "抽取记录（台账）"
        ordering = ["task", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["task", "number"],
                name="draw_number_unique",
                violation_error_message="抽取序号重复",
            ),
            models.UniqueConstraint(
                fields=["task"],
                condition=models.Q(is_current=True),
                name="draw_one_current_per_task",
                violation_error_message="一个任务只能有一次当前有效的抽取",
            ),
            models.CheckConstraint(
                condition=models.Q(redraw_of__isnull=True) | ~models.Q(redraw_reason=""),
                name="draw_redraw_needs_reason",
                violation_error_message="重新抽取必须填写原因",
            ),
            models.CheckConstraint(
                condition=~models.Q(witness_entropy=""),
                name="draw_witness_entropy_present",
                violation_error_message="必须填写见证随机数",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.task.code} 第{self.number}次抽取"

    @property
    def public_id(self) -> str:
        """The draw's name in its records: task code and sequence number."""
        return f"{self.task.code}#{self.number}"

    def witness(self) -> dict[str, str]:
        return {
            "entropy": self.witness_entropy,
            "source": self.witness_source,
            "witness": self.witness_name,
        }

    def ledger_facts(self) -> dict[str, Any]:
        redraw_of = self.redraw_of if self.redraw_of_id else None
        return {
            "draw_id": self.public_id,
            "drawn_at": self.drawn_at.isoformat(),
            "drawn_by": self.drawn_by_name,
            "redraw_of": redraw_of.public_id if redraw_of else None,
            "redraw_reason": self.redraw_reason,
        }

    def build_record(self, kind: str = record.PUBLIC) -> dict[str, Any]:
        """The record of this draw, assembled from its freeze and outcome (both immutable)."""
        freeze = self.freeze
        return record.make_record(
            kind=kind,
            frozen=freeze.frozen,
            commitment=freeze.commitment,
            population=freeze.population_rows(),
            secret_hex=freeze.secret,
            witness=self.witness(),
            matching_inputs=freeze.matching_inputs,
            outcome=self.outcome,
            extra=self.ledger_facts(),
        )

    @property
    def record(self) -> dict[str, Any]:
        """The public record as made at draw time (without later direct assignments)."""
        return self.build_record(record.PUBLIC)


class Role(models.TextChoices):
    MEMBER = "member", "执法人员"
    EXPERT = "expert", "专家"


class Fallback(models.TextChoices):
    NONE = "", "—"
    ADJACENT = "adjacent_area", "相邻乡镇人员匹配"
    DIRECT = "direct_assignment_required", "需直接委派"


class Selection(AppendOnly):
    """One drawn entity of a draw, with its stratum, batch and place in the batch order.

    Indexes: (draw, entity) is the unique constraint and (entity, draw) serves an entity's
    history and the coverage statistics; the foreign keys' own single-column indexes would
    only duplicate their prefixes and slow the draw's bulk insert.
    """

    draw = models.ForeignKey(
        Draw,
        verbose_name="抽取",
        on_delete=models.PROTECT,
        related_name="selections",
        db_index=False,
    )
    entity = models.ForeignKey(
        Entity,
        verbose_name="检查对象",
        on_delete=models.PROTECT,
        related_name="selections",
        db_index=False,
    )
    stratum = models.CharField("分层", max_length=30)
    batch_no = models.PositiveIntegerField("批次")
    position = models.PositiveIntegerField("检查顺序")
    fallback = models.CharField(
        "匹配方式", max_length=30, choices=Fallback.choices, blank=True, default=""
    )
    rotation_relaxed = models.BooleanField(
        "轮换已放宽（人员不足，由上一轮检查人员参加）", default=False
    )

    class Meta:
        verbose_name = "抽中对象"
        verbose_name_plural = "抽中对象"
        ordering = ["draw", "position"]
        indexes = [models.Index(fields=["entity", "draw"], name="selection_entity_draw")]
        constraints = [
            models.UniqueConstraint(
                fields=["draw", "entity"],
                name="selection_entity_once",
                violation_error_message="同一检查对象在一次抽取中只能出现一次",
            ),
            models.UniqueConstraint(
                fields=["draw", "position"],
                name="selection_position_unique",
                violation_error_message="检查顺序重复",
            ),
            models.CheckConstraint(
                condition=models.Q(batch_no__gte=1, position__gte=1),
                name="selection_positive_order",
                violation_error_message="批次和顺序从1开始",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.draw} · {self.entity.uscc}"


class TeamMember(AppendOnly):
    """One person of the team the draw matched to a selected entity."""

    # No index of its own: the unique (draw, entity, inspector) and the statistics index
    # (draw, role, inspector) both start with it.
    draw = models.ForeignKey(
        Draw,
        verbose_name="抽取",
        on_delete=models.PROTECT,
        related_name="team_members",
        db_index=False,
    )
    entity = models.ForeignKey(
        Entity, verbose_name="检查对象", on_delete=models.PROTECT, related_name="+"
    )
    inspector = models.ForeignKey(
        Inspector, verbose_name="人员", on_delete=models.PROTECT, related_name="team_places"
    )
    role = models.CharField("角色", max_length=10, choices=Role.choices)

    class Meta:
        verbose_name = "检查组成员"
        verbose_name_plural = "检查组成员"
        # Workload statistics group a draw's places by role and inspector in index order.
        indexes = [
            models.Index(fields=["draw", "role", "inspector"], name="team_member_draw_role_insp")
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["draw", "entity", "inspector"],
                name="team_member_once",
                violation_error_message="同一人在同一检查组中只能出现一次",
            ),
            models.CheckConstraint(
                condition=models.Q(role__in=Role.values),
                name="team_member_role_valid",
                violation_error_message="角色只能是执法人员或专家",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.entity.uscc} · {self.inspector.name}"


class DirectAssignment(AppendOnly):
    """直接委派 (seed 三(二)): an admin names the team the pool could not supply, with a reason.

    Append-only like the rest of the ledger: a later assignment for the same entity of the same
    draw supersedes an earlier one, which stays visible.
    """

    draw = models.ForeignKey(
        Draw, verbose_name="抽取", on_delete=models.PROTECT, related_name="direct_assignments"
    )
    entity = models.ForeignKey(
        Entity, verbose_name="检查对象", on_delete=models.PROTECT, related_name="+"
    )
    inspectors = models.ManyToManyField(Inspector, verbose_name="委派人员", related_name="+")
    # The people as they stood when assigned (public facts only), so records stay verifiable.
    officers = models.JSONField("委派时人员情况", default=list)
    reason = models.TextField("委派原因")
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="委派人",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    assigned_by_name = models.CharField("委派人姓名", max_length=150)
    assigned_at = models.DateTimeField("委派时间")

    class Meta:
        verbose_name = "直接委派"
        verbose_name_plural = "直接委派"
        ordering = ["draw", "entity", "-assigned_at"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(reason=""),
                name="direct_assignment_needs_reason",
                violation_error_message="直接委派必须填写原因",
            )
        ]

    def __str__(self) -> str:
        return f"{self.draw} · {self.entity.uscc} 直接委派"
