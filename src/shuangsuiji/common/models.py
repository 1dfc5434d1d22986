"""The tamper-evident audit trail: an append-only hash chain of every state change."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class AuditEntry(models.Model):
    """One state change. ``entry_hash`` covers every field and the previous entry's hash."""

    created_at = models.DateTimeField("时间", db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_constraint=False,
    )
    actor_name = models.CharField("操作人姓名", max_length=150, blank=True)
    department_name = models.CharField("所属部门", max_length=100, blank=True)
    action = models.CharField("操作", max_length=64, db_index=True)
    object_type = models.CharField("对象类型", max_length=64, db_index=True)
    object_id = models.CharField("对象标识", max_length=64, blank=True, db_index=True)
    object_repr = models.CharField("对象", max_length=255, blank=True)
    before = models.JSONField("变更前", null=True, blank=True)
    after = models.JSONField("变更后", null=True, blank=True)
    request_id = models.CharField("请求号", max_length=64, blank=True)
    command = models.TextField("命令行", blank=True)
    reason = models.TextField("原因", blank=True)
    prev_hash = models.CharField("前一条哈希", max_length=64)
    entry_hash = models.CharField("本条哈希", max_length=64, unique=True)

    class Meta:
        verbose_name = "审计日志"
        verbose_name_plural = "审计日志"
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"#{self.pk} {self.action} {self.object_repr}"


class AuditChainHead(models.Model):
    """A single row holding the newest hash and count; locked while appending.

    It serialises appends on PostgreSQL (SELECT ... FOR UPDATE) and lets audit-verify detect
    entries deleted from the end of the chain.
    """

    last_id = models.BigIntegerField(default=0)
    last_hash = models.CharField(max_length=64)
    length = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = "审计链头"
        verbose_name_plural = "审计链头"

    def __str__(self) -> str:
        return f"{self.length} 条，最新 {self.last_hash[:12]}"


class CalendarYear(models.Model):
    """A year whose holidays and make-up working days are known (国务院办公厅 yearly notice)."""

    year = models.PositiveSmallIntegerField("年份", unique=True)
    source = models.CharField("来源", max_length=100)
    notice = models.CharField("依据（通知文号）", max_length=200, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="录入人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    entered_at = models.DateTimeField("录入时间", auto_now=True)

    class Meta:
        verbose_name = "节假日年度"
        verbose_name_plural = "节假日年度"
        ordering = ["year"]

    def __str__(self) -> str:
        return f"{self.year}年（{self.source}）"


class CalendarDay(models.Model):
    """A day that breaks the weekday rule: a holiday on a weekday, or a 调休 working weekend."""

    date = models.DateField("日期", unique=True)
    is_workday = models.BooleanField("上班")
    name = models.CharField("名称", max_length=100)

    class Meta:
        verbose_name = "节假日与调休"
        verbose_name_plural = "节假日与调休"
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date} {'上班' if self.is_workday else '休息'}（{self.name}）"


class AuditDailyRoot(models.Model):
    """The chain's head at the end of a day, published on the portal (一公开).

    Each entry's hash covers the one before it, so the head hash of a day commits to every
    entry up to then. Once outsiders hold a copy, an old entry cannot be altered, even with
    every later hash recomputed, without the published value ceasing to match.
    """

    day = models.DateField("日期", unique=True)
    last_entry_id = models.BigIntegerField("当日最后一条记录")
    length = models.BigIntegerField("截至当日的记录数")
    root_hash = models.CharField("当日链头哈希", max_length=64)
    published_at = models.DateTimeField("公布时间")

    class Meta:
        verbose_name = "审计链每日哈希"
        verbose_name_plural = "审计链每日哈希"
        ordering = ["-day"]

    def __str__(self) -> str:
        return f"{self.day} {self.root_hash[:12]}…"
