"""How a task's draw is configured, and which townships count as adjacent for matching."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from shuangsuiji.directory.models import Area
from shuangsuiji.plans.models import Task

CREDIT_CLASSES = ("A", "B", "C", "D")
# Henan 2021 (豫市监办〔2022〕100号 context, domain.md): A 1 %, B 2 %, C 10 %, D 30 %.
DEFAULT_RATIOS_BP = {"A": 100, "B": 200, "C": 1000, "D": 3000}
DEFAULT_COMPLAINT_THRESHOLD = 5
DEFAULT_YEARLY_CAP = 2
DEFAULT_RECENT_MONTHS = 12
DEFAULT_BATCH_SIZE = 20


class KeyItemRule(models.TextChoices):
    """How a 重点 item's earlier draws keep a firm out of the next one (seed 二(一): 重点检查事项
    抽查比例不设上限, so the 12-month rule of 一般 items would leave a monthly item nobody)."""

    FREQUENCY = "frequency", "按抽查频次：同一周期（月、季、半年、年）内已抽中的不再抽取"
    MONTHS = "months", "与一般检查事项相同：近N个月内已抽中的不再抽取"
    NONE = "none", "不排除"


def _credit_constraints() -> list[models.BaseConstraint]:
    constraints: list[models.BaseConstraint] = []
    for cls in CREDIT_CLASSES:
        low = cls.lower()
        ratio, count = f"ratio_{low}_bp", f"count_{low}"
        constraints += [
            models.CheckConstraint(
                condition=models.Q(**{f"{ratio}__isnull": False, f"{count}__isnull": True})
                | models.Q(**{f"{ratio}__isnull": True, f"{count}__isnull": False}),
                name=f"draw_config_{low}_ratio_or_count",
                violation_error_message=f"{cls}类应设置抽取比例或抽取户数（二选一）",
            ),
            models.CheckConstraint(
                condition=models.Q(**{f"{ratio}__isnull": True})
                | models.Q(**{f"{ratio}__lte": 10_000}),
                name=f"draw_config_{low}_ratio_range",
                violation_error_message=f"{cls}类抽取比例不能超过100%",
            ),
        ]
    return constraints


class DrawConfig(models.Model):
    """The draw specification of one task: strata, 100 % groups, exclusions, matching rules.

    Strata by 信用风险分类 take a ratio (basis points, 1 % = 100) or a count each. The 100 %
    inclusion groups (seed 三(一): 加大检查频次) are strata of their own; an entity in several
    goes to the first of 严重违法失信名单 → 经营异常名录 → 投诉举报 ≥ N → 重点监管, and only
    entities in none of them are stratified by credit class.
    """

    task = models.OneToOneField(
        Task, verbose_name="抽查任务", on_delete=models.CASCADE, related_name="draw_config"
    )
    ratio_a_bp = models.PositiveIntegerField(
        "A类抽取比例（万分比）", null=True, blank=True, default=DEFAULT_RATIOS_BP["A"]
    )
    count_a = models.PositiveIntegerField("A类抽取户数", null=True, blank=True)
    ratio_b_bp = models.PositiveIntegerField(
        "B类抽取比例（万分比）", null=True, blank=True, default=DEFAULT_RATIOS_BP["B"]
    )
    count_b = models.PositiveIntegerField("B类抽取户数", null=True, blank=True)
    ratio_c_bp = models.PositiveIntegerField(
        "C类抽取比例（万分比）", null=True, blank=True, default=DEFAULT_RATIOS_BP["C"]
    )
    count_c = models.PositiveIntegerField("C类抽取户数", null=True, blank=True)
    ratio_d_bp = models.PositiveIntegerField(
        "D类抽取比例（万分比）", null=True, blank=True, default=DEFAULT_RATIOS_BP["D"]
    )
    count_d = models.PositiveIntegerField("D类抽取户数", null=True, blank=True)
    full_serious_dishonesty = models.BooleanField("严重违法失信名单全部纳入", default=True)
    full_abnormal = models.BooleanField("经营异常名录全部纳入", default=True)
    full_complaints = models.BooleanField("投诉举报较多的全部纳入", default=True)
    complaint_threshold = models.PositiveSmallIntegerField(
        "投诉举报次数达到", default=DEFAULT_COMPLAINT_THRESHOLD
    )
    full_key_supervision = models.BooleanField("重点监管对象全部纳入", default=True)
    active_only = models.BooleanField("只抽取登记状态为存续的对象", default=True)
    exclude_recent_same_item = models.BooleanField("排除近期已抽查同一事项的对象", default=True)
    recent_months = models.PositiveSmallIntegerField(
        "同一事项间隔（月）", default=DEFAULT_RECENT_MONTHS
    )
    key_item_rule = models.CharField(
        "重点检查事项的同一事项排除",
        max_length=10,
        choices=KeyItemRule.choices,
        default=KeyItemRule.FREQUENCY,
    )
    yearly_cap = models.PositiveSmallIntegerField(
        "每户每年随机抽查次数上限", null=True, blank=True, default=DEFAULT_YEARLY_CAP
    )
    # The cap limits 日常 random checks of 一般 items (domain.md "Limits on burden"); 重点 items
    # follow their own 抽查频次 unless the office chooses otherwise for a task.
    cap_key_items = models.BooleanField("重点检查事项也计入并适用年度上限", default=False)
    # Seed 三(一): 失信, 异常名录 and much-complained-about firms get more frequent checks.
    cap_exempt_full_groups = models.BooleanField("全部纳入的对象不受年度上限限制", default=True)
    # A terminated task's draw was not an inspection, except where a result was recorded.
    count_terminated = models.BooleanField(
        "已终止任务的抽中也计入（否则只计入已录入检查结果的）", default=False
    )
    min_established_days = models.PositiveIntegerField("排除成立不满（天）", null=True, blank=True)
    team_size = models.PositiveSmallIntegerField("每组执法人员人数", default=2)
    experts = models.PositiveSmallIntegerField("每组专家人数", default=0)
    cross_area = models.BooleanField("所所交叉（不检查本乡镇的对象）", default=False)
    local_only = models.BooleanField("属地检查（只由本乡镇人员检查）", default=False)
    # A local choice (domain brief), on by default: a preference that gives way, recorded per
    # team, when the pool cannot keep it; it never blocks 直接委派.
    rotation = models.BooleanField(
        "轮换检查（不由上一轮检查组再查同一对象，人员不足时放宽）", default=True
    )
    per_inspector_cap = models.PositiveSmallIntegerField("每人最多检查户数", null=True, blank=True)
    batch_size = models.PositiveIntegerField("每批户数", default=DEFAULT_BATCH_SIZE)
    wanted_specialties = models.JSONField("优先业务专长", default=list, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="修改人",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    class Meta:
        verbose_name = "抽取配置"
        verbose_name_plural = "抽取配置"
        constraints = [
            *_credit_constraints(),
            models.CheckConstraint(
                condition=models.Q(team_size__gte=2),
                name="draw_config_team_of_two",
                violation_error_message="每组执法人员不得少于2人",
            ),
            models.CheckConstraint(
                condition=~models.Q(cross_area=True, local_only=True),
                name="draw_config_cross_or_local",
                violation_error_message="“所所交叉”与“属地检查”不能同时选择",
            ),
            models.CheckConstraint(
                condition=models.Q(complaint_threshold__gte=1),
                name="draw_config_complaint_threshold",
                violation_error_message="投诉举报次数阈值至少为1",
            ),
            models.CheckConstraint(
                condition=models.Q(batch_size__gte=1),
                name="draw_config_batch_size",
                violation_error_message="每批户数至少为1",
            ),
            models.CheckConstraint(
                condition=models.Q(recent_months__gte=1, recent_months__lte=36),
                name="draw_config_recent_months",
                violation_error_message="同一事项间隔应为1至36个月",
            ),
            models.CheckConstraint(
                condition=models.Q(yearly_cap__isnull=True) | models.Q(yearly_cap__gte=1),
                name="draw_config_yearly_cap",
                violation_error_message="每年抽查次数上限至少为1（不限制请留空）",
            ),
            models.CheckConstraint(
                condition=models.Q(key_item_rule__in=KeyItemRule.values),
                name="draw_config_key_item_rule",
                violation_error_message="未知的重点检查事项排除方式",
            ),
            models.CheckConstraint(
                condition=models.Q(per_inspector_cap__isnull=True)
                | models.Q(per_inspector_cap__gte=1),
                name="draw_config_inspector_cap",
                violation_error_message="每人最多检查户数至少为1（不限制请留空）",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.task.code} 抽取配置"

    def credit_rule(self, cls: str) -> tuple[int | None, int | None]:
        """(ratio in basis points, count) of one credit class; exactly one is set."""
        low = cls.lower()
        return getattr(self, f"ratio_{low}_bp"), getattr(self, f"count_{low}")


class AreaAdjacency(models.Model):
    """Two townships whose inspectors may stand in for each other when a local pool is too
    small (seed 三(二): 与相邻区域执法检查人员进行随机匹配). Approved by the office.

    Stored once per pair, the smaller id first.
    """

    area_a = models.ForeignKey(
        Area, verbose_name="乡镇", on_delete=models.PROTECT, related_name="+"
    )
    area_b = models.ForeignKey(
        Area, verbose_name="相邻乡镇", on_delete=models.PROTECT, related_name="+"
    )
    note = models.CharField("说明", max_length=200, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="批准人",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    approved_by_name = models.CharField("批准人姓名", max_length=150)
    approved_at = models.DateTimeField("批准时间")

    class Meta:
        verbose_name = "相邻乡镇"
        verbose_name_plural = "相邻乡镇（跨区域匹配）"
        ordering = ["area_a__sort_order", "area_b__sort_order"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(area_a__lt=models.F("area_b")),
                name="adjacency_ordered_pair",
                violation_error_message="相邻乡镇应为两个不同的乡镇",
            ),
            models.UniqueConstraint(
                fields=["area_a", "area_b"],
                name="adjacency_unique",
                violation_error_message="这两个乡镇的相邻关系已批准",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.area_a.name} — {self.area_b.name}"
