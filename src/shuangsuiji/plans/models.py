"""抽查计划 and 抽查任务: the year's plan, its tasks, joint-check requests and in-app messages."""

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


class PlanState(models.TextChoices):
    DRAFT = "draft", "草稿"
    APPROVED = "approved", "已审批"
    PUBLISHED = "published", "已发布"


class Plan(models.Model):
    """The year's 抽查计划 (seed 二(三)), drawn up by the office from the joint item list.

    A published plan is immutable: an amendment (plan_amend) reopens it as version N+1 with a
    reason; every published version keeps its snapshot in PlanVersion.
    """

    year = models.PositiveSmallIntegerField("年度", unique=True)
    title = models.CharField("计划名称", max_length=200)
    state = models.CharField(
        "状态", max_length=12, choices=PlanState.choices, default=PlanState.DRAFT
    )
    version = models.PositiveIntegerField("版本", default=1)
    amendment_reason = models.TextField("修订原因", blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "抽查计划"
        verbose_name_plural = "抽查计划"
        ordering = ["-year"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(state__in=PlanState.values),
                name="plan_state_valid",
                violation_error_message="未知的计划状态",
            ),
            models.CheckConstraint(
                condition=models.Q(version=1) | ~models.Q(amendment_reason=""),
                name="plan_amendment_has_reason",
                violation_error_message="修订计划须说明原因",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title}（第{self.version}版）"


class PlanVersion(models.Model):
    """One published version of a plan, kept as it was announced."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="versions")
    version = models.PositiveIntegerField("版本")
    title = models.CharField("计划名称", max_length=200)
    reason = models.TextField("修订原因", blank=True)
    tasks = models.JSONField("任务清单", default=list)
    published_at = models.DateTimeField("发布时间", auto_now_add=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="发布人",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = "计划版本"
        verbose_name_plural = "计划版本"
        ordering = ["plan", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "version"], name="plan_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.title}（第{self.version}版）"


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
    plan = models.ForeignKey(
        Plan,
        verbose_name="抽查计划",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tasks",
    )
    completed_on = models.DateField("完成日期", null=True, blank=True)
    publicized_on = models.DateField("公示日期", null=True, blank=True)
    termination_reason = models.TextField("终止原因", blank=True)
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


class JointRequestState(models.TextChoices):
    SUBMITTED = "submitted", "已报送"
    APPROVED = "approved", "已同意"
    RETURNED = "returned", "已退回"


class JointRequest(models.Model):
    """A department's written list of items to check jointly (seed 三(三)).

    The office approves it (creating a joint task in the year's plan, or extending one) or
    returns it with a reason.
    """

    department = models.ForeignKey(
        Department, verbose_name="报送部门", on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField("年度")
    items = models.ManyToManyField(InspectionItem, verbose_name="抽查事项", related_name="+")
    partner_departments = models.ManyToManyField(
        Department, verbose_name="建议配合部门", related_name="+"
    )
    window_start = models.DateField("建议开始日期")
    window_end = models.DateField("建议结束日期")
    note = models.TextField("说明", blank=True)
    state = models.CharField(
        "状态",
        max_length=12,
        choices=JointRequestState.choices,
        default=JointRequestState.SUBMITTED,
    )
    decision_reason = models.TextField("处理意见", blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="处理人",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField("处理时间", null=True, blank=True)
    task = models.ForeignKey(
        Task,
        verbose_name="联合任务",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="joint_requests",
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="报送人",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    submitted_at = models.DateTimeField("报送时间", auto_now_add=True)

    class Meta:
        verbose_name = "联合检查申请"
        verbose_name_plural = "联合检查申请"
        ordering = ["-submitted_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(window_end__gte=models.F("window_start")),
                name="joint_request_window_ordered",
                violation_error_message="建议结束日期不能早于开始日期",
            ),
            models.CheckConstraint(
                condition=~models.Q(state="returned") | ~models.Q(decision_reason=""),
                name="joint_request_return_has_reason",
                violation_error_message="退回须说明原因",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.department.name} {self.year}年联合检查申请"


class Message(models.Model):
    """An in-app message (提醒) to one user or to everyone of a department.

    ``subject`` names what it is about (e.g. ``task:12:window``); with ``sent_on`` it makes
    ``shuangsuiji remind`` idempotent per day.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="接收人",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="messages",
    )
    department = models.ForeignKey(
        Department,
        verbose_name="接收部门",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="messages",
    )
    kind = models.CharField("类型", max_length=40)
    subject = models.CharField("事由", max_length=120)
    text = models.TextField("内容")
    link = models.CharField("链接", max_length=300, blank=True)
    sent_on = models.DateField("日期")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    read_at = models.DateTimeField("已读时间", null=True, blank=True)

    class Meta:
        verbose_name = "提醒消息"
        verbose_name_plural = "提醒消息"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(user__isnull=False) | models.Q(department__isnull=False),
                name="message_has_recipient",
                violation_error_message="消息须有接收人或接收部门",
            ),
        ]

    def __str__(self) -> str:
        return self.text[:40]
