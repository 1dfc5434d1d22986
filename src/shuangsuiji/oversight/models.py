"""考核督查 state: 抽样复查 rounds (seed 五(四)) and the inspections they drew, and the
问责/免责审查 of problems that surface later at inspected firms (seed 四).

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
from shuangsuiji.sampling.models import Draw, Selection, decode_population
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


# --- 问责/免责审查 (seed 四): writes only through oversight/accountability.py -----------------


class ReviewSource(models.TextChoices):
    """How the problem at an inspected firm came to light."""

    ACCIDENT = "accident", "检查对象发生事故"
    COMPLAINT = "complaint", "投诉举报"
    UPPER = "upper", "上级部门检查发现"
    OTHER = "other", "其他途径发现"


class ExemptionCase(models.TextChoices):
    """The five 免责情形 of seed 四(三), in the seed's order and words."""

    DUTY_PERFORMED = (
        "duty_performed",
        "按照法律法规规章规定和抽查工作计划安排，已履行抽查检查职责的",
    )
    TECHNICAL_LIMIT = "technical_limit", "因现有专业技术手段限制不能发现所存在问题的"
    NO_CAUSATION = (
        "no_causation",
        "检查对象发生事故，性质上与执法检查人员的抽查检查不存在因果关系的",
    )
    AGENCY_FALSE_REPORT = (
        "agency_false_report",
        "因被委托进行检查的专业机构出具虚假报告等，导致错误判定或者处理的",
    )
    OTHER = "other", "其他依法依规不应当追究责任的"


class AccountabilityCase(models.TextChoices):
    """The five 追责情形 of seed 四(二), in the seed's order and words."""

    NOT_INSPECTED = "not_inspected", "未按要求进行抽查检查，造成不良后果的"
    NOT_PUBLICIZED = (
        "not_publicized",
        "无特殊情况，未经批准未依法及时公示抽查检查结果，造成不良后果的",
    )
    CRIME_NOT_TRANSFERRED = (
        "crime_not_transferred",
        "对抽查检查中发现的涉嫌犯罪案件，未依法移送公安机关处理的",
    )
    NOT_EXECUTED = "not_executed", "不执行或者拖延执行抽查任务的"
    OTHER = "other", "其他依法依规应当追究责任的"


# The 追责情形 that apply only when the failure 造成不良后果 (seed 四(二)).
NEEDS_ADVERSE = (AccountabilityCase.NOT_INSPECTED, AccountabilityCase.NOT_PUBLICIZED)


class ReviewState(models.TextChoices):
    OPEN = "open", "审查中"
    DECIDED = "decided", "已决定"


class ReviewDecision(models.TextChoices):
    EXEMPT = "exempt", "免责"
    ACCOUNTABLE = "accountable", "追责"
    PARTIAL = "partial", "部分免责、部分追责"


PROBLEM_MAX = 2000
REASON_MAX = 2000
NOTE_MAX = 1000


class AccountabilityReview(models.Model):
    """One 问责/免责审查: a problem surfaced later at an inspected firm, the earlier inspections
    of it, the evidence frozen when the review was opened, the claimed 免责情形 and the office's
    decision (尽职照单免责、失职照单问责, seed 四(一)–(三))."""

    code = models.CharField("审查编号", max_length=20, unique=True)
    entity = models.ForeignKey(
        Entity, verbose_name="检查对象", on_delete=models.PROTECT, related_name="+"
    )
    department = models.ForeignKey(
        Department, verbose_name="被审查部门", on_delete=models.PROTECT, related_name="+"
    )
    source = models.CharField("问题来源", max_length=10, choices=ReviewSource.choices)
    source_reference = models.CharField("来源文号或编号", max_length=200, blank=True)
    surfaced_on = models.DateField("问题发现日期")
    problem = models.TextField("问题情况", max_length=PROBLEM_MAX)
    adverse = models.BooleanField("造成不良后果", default=False)
    adverse_note = models.TextField("不良后果情况", max_length=NOTE_MAX, blank=True)
    selections = models.ManyToManyField(
        Selection, verbose_name="关联的检查", related_name="+", blank=True
    )
    inspectors = models.ManyToManyField(
        Inspector, verbose_name="涉及的执法检查人员", related_name="+", blank=True
    )
    claimed_exemption = models.CharField(
        "申请的免责情形", max_length=20, choices=ExemptionCase.choices, blank=True
    )
    claim_note = models.TextField("免责申请说明", max_length=NOTE_MAX, blank=True)
    agency_report = models.CharField("专业机构报告（文号及出具机构）", max_length=300, blank=True)
    evidence = models.JSONField("证据（立案时冻结）")
    duty_pdf = models.BinaryField("履职记录（PDF，立案时生成）")
    duty_pdf_sha256 = models.CharField("履职记录 SHA-256", max_length=64)
    state = models.CharField(
        "状态", max_length=10, choices=ReviewState.choices, default=ReviewState.OPEN
    )
    decision = models.CharField(
        "审查决定", max_length=12, choices=ReviewDecision.choices, blank=True
    )
    exemption_case = models.CharField(
        "认定的免责情形", max_length=20, choices=ExemptionCase.choices, blank=True
    )
    accountability_case = models.CharField(
        "认定的追责情形", max_length=24, choices=AccountabilityCase.choices, blank=True
    )
    misconduct = models.BooleanField("存在滥用职权、徇私舞弊等情形", default=False)
    decision_reason = models.TextField("决定理由", max_length=REASON_MAX, blank=True)
    decided_by_name = models.CharField("决定人", max_length=150, blank=True)
    decided_at = models.DateTimeField("决定时间", null=True, blank=True)
    created_by_name = models.CharField("登记人", max_length=150)
    created_at = models.DateTimeField("登记时间")

    class Meta:
        verbose_name = "问责/免责审查"
        verbose_name_plural = "问责/免责审查"
        ordering = ["-surfaced_on", "-code"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(state="open", decision="")
                | (
                    models.Q(state="decided")
                    & ~models.Q(decision="")
                    & ~models.Q(decision_reason="")
                ),
                name="review_decided_has_decision_and_reason",
                violation_error_message="已决定的审查必须有审查决定和决定理由",
            ),
            models.CheckConstraint(
                condition=~models.Q(decision__in=["exempt", "partial"])
                | ~models.Q(exemption_case=""),
                name="review_exempt_names_case",
                violation_error_message="免责决定必须认定免责情形",
            ),
            models.CheckConstraint(
                condition=~models.Q(decision__in=["accountable", "partial"])
                | ~models.Q(accountability_case=""),
                name="review_accountable_names_case",
                violation_error_message="追责决定必须认定追责情形",
            ),
            models.CheckConstraint(
                condition=~models.Q(decision="exempt") | models.Q(misconduct=False),
                name="review_no_exemption_with_misconduct",
                violation_error_message="存在滥用职权、徇私舞弊等情形的，不得免责",
            ),
            models.CheckConstraint(
                condition=models.Q(adverse=False) | ~models.Q(adverse_note=""),
                name="review_adverse_described",
                violation_error_message="造成不良后果的，须写明不良后果情况",
            ),
            models.CheckConstraint(
                condition=~models.Q(accountability_case__in=[c.value for c in NEEDS_ADVERSE])
                | models.Q(adverse=True),
                name="review_case_needs_adverse",
                violation_error_message="该追责情形以造成不良后果为前提",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.entity.name}"
