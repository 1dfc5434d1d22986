"""抽查任务: what is to be inspected, by whom, when. Issue 4 adds the annual plan around it."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from shuangsuiji.directory.models import Department, InspectionItem


class TaskKind(models.TextChoices):
    UNDIRECTED = "undirected", "不定向抽查"
    DIRECTED = "directed", "定向抽查"


class TaskState(models.TextChoices):
    DRAFT = "draft", "草稿"
    PUBLISHED = "published", "已发布"
    FROZEN = "frozen", "名单已冻结"
    DRAWN = "drawn", "已抽取"
    IN_PROGRESS = "in_progress", "检查中"
    COMPLETED = "completed", "已完成"
    PUBLICIZED = "publicized", "已公示"
    TERMINATED = "terminated", "已终止"


# Keys of Task.conditions (定向抽查): each narrows the population; an empty list is no condition.
CONDITION_KEYS = ("tag_ids", "area_ids", "industry_prefixes", "entity_types", "credit_classes")


class Task(models.Model):
    """One 抽查任务 (seed 二(三)): items of one or more departments, drawn and inspected together.

    ``conditions`` (定向 only) is a dict with the keys of CONDITION_KEYS, each a list; the
    population takes entities that satisfy every non-empty key (any value within a key).
    """

    code = models.CharField("任务编号", max_length=40, unique=True)
    name = models.CharField("任务名称", max_length=200)
    year = models.PositiveSmallIntegerField("年度")
    lead_department = models.ForeignKey(
        Department, verbose_name="发起部门", on_delete=models.PROTECT, related_name="led_tasks"
    )
    partner_departments = models.ManyToManyField(
        Department, verbose_name="配合部门", blank=True, related_name="partner_tasks"
    )
    items = models.ManyToManyField(InspectionItem, verbose_name="抽查事项", related_name="tasks")
    kind = models.CharField(
        "抽查类型", max_length=12, choices=TaskKind.choices, default=TaskKind.UNDIRECTED
    )
    conditions = models.JSONField("定向条件", default=dict, blank=True)
    window_start = models.DateField("检查开始日期")
    window_end = models.DateField("检查结束日期")
    state = models.CharField(
        "状态", max_length=12, choices=TaskState.choices, default=TaskState.DRAFT
    )
    note = models.TextField("备注", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="创建人",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "抽查任务"
        verbose_name_plural = "抽查任务"
        ordering = ["-year", "code"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(window_end__gte=models.F("window_start")),
                name="task_window_ordered",
                violation_error_message="检查结束日期不能早于开始日期",
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=TaskKind.values),
                name="task_kind_valid",
                violation_error_message="抽查类型只能是定向或不定向",
            ),
            models.CheckConstraint(
                condition=models.Q(state__in=TaskState.values),
                name="task_state_valid",
                violation_error_message="未知的任务状态",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def is_joint(self) -> bool:
        return self.partner_departments.exists()

    def department_ids(self) -> list[int]:
        """The lead department first, then the partners by their order."""
        partners = self.partner_departments.order_by("sort_order", "id").values_list(
            "id", flat=True
        )
        return [self.lead_department_id, *partners]
