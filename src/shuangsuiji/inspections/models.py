"""检查结果, 确认, 证据, 后续处置, 合并检查 (进一次门、查多项事) and 检查码.

Assignments themselves are not stored: they are the current draw's teams (sampling's ledger),
superseded by a direct assignment or by a confirmed visit's team (selectors.py).
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models

from shuangsuiji.directory.models import Department, Entity, InspectionItem, Inspector, Method
from shuangsuiji.sampling.models import Draw, Selection


class ResultCategory(models.TextChoices):
    """Result codes as the provincial publicity systems use them (domain.md); exports keep them."""

    NO_PROBLEM = "1", "未发现问题"
    PENDING = "A", "发现问题待后续处理"
    NOT_PUBLICIZED = "B", "未按规定公示应当公示的信息"
    FALSE_INFO = "C", "公示信息隐瞒真实情况、弄虚作假"
    UNREACHABLE = "6", "通过登记的住所（经营场所）无法联系"
    MARKET_RULES = "2", "违反市场监管相关规定"
    OTHER_MARKET_RULES = "D", "违反其他市场监管规定的行为"
    FOOD_DRUG = "3", "违反食品药品相关规定"
    QUALITY = "4", "违反质量技术监督相关规定"
    OTHER_DEPARTMENT = "5", "违反其他部门相关规定"
    POLICE = "G", "违反公安部门相关规定"
    CORRECTED = "E", "发现问题经责令已改正"
    NO_ACTIVITY = "F", "未发现开展本次抽查涉及的经营活动"
    CLOSED = "7", "已关闭停业或正在组织清算"
    UNCOOPERATIVE = "8", "不配合检查情节严重"
    DEREGISTERED = "9", "已注销"
    REVOKED = "10", "已被吊销"
    WITHDRAWN = "11", "已被撤销"
    MOVED_OUT = "12", "已迁出"


# Categories that record no problem of the entity: no follow-up is needed. Every other code
# (a problem, or 8 不配合检查) needs at least one 后续处置.
NO_PROBLEM_CATEGORIES = frozenset({"1", "F", "7", "9", "10", "11", "12"})
# 行政处罚法 第四十二条: at least two law-enforcement officers; both confirm before it counts.
REQUIRED_CONFIRMATIONS = 2


class ReferenceKind(models.TextChoices):
    NONE = "", "—"
    DEPARTMENT = "department", "其他政府部门检查结论"
    COURT = "court", "司法机关生效文书"
    PROFESSIONAL = "professional", "专业机构专业结论"


def new_token() -> str:
    return secrets.token_urlsafe(12)


class Visit(models.Model):
    """One visit for the selections of several tasks on the same entity (seed 三(三)).

    Proposed by the system, confirmed by the office or the lead task's department; a confirmed
    visit counts once against the entity's yearly cap and its team replaces the drawn teams.
    """

    class State(models.TextChoices):
        PROPOSED = "proposed", "待确认"
        CONFIRMED = "confirmed", "已确认"
        CANCELLED = "cancelled", "已取消"

    entity = models.ForeignKey(
        Entity, verbose_name="检查对象", on_delete=models.PROTECT, related_name="visits"
    )
    year = models.PositiveSmallIntegerField("年度")
    window_start = models.DateField("共同检查期间自")
    window_end = models.DateField("共同检查期间至")
    state = models.CharField("状态", max_length=10, choices=State.choices, default="proposed")
    token = models.CharField("检查码", max_length=32, unique=True, default=new_token)
    members = models.ManyToManyField(Inspector, verbose_name="检查组", related_name="visits")
    rule = models.TextField("组队规则说明", blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="确认人",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    confirmed_at = models.DateTimeField("确认时间", null=True, blank=True)
    created_at = models.DateTimeField("提出时间", auto_now_add=True)

    class Meta:
        verbose_name = "合并检查"
        verbose_name_plural = "合并检查"
        ordering = ["-year", "window_start", "id"]

    def __str__(self) -> str:
        return f"{self.entity.name} 合并检查（{self.get_state_display()}）"


class VisitSelection(models.Model):
    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="parts")
    selection = models.ForeignKey(Selection, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "合并检查的抽中对象"
        verbose_name_plural = "合并检查的抽中对象"
        constraints = [
            models.UniqueConstraint(
                fields=["visit", "selection"],
                name="visit_selection_once",
                violation_error_message="同一抽中对象在一次合并检查中只能出现一次",
            )
        ]

    def __str__(self) -> str:
        return f"{self.visit} · {self.selection}"


class CheckCode(models.Model):
    """检查码 (国办发〔2024〕54号 扫码入企): a public token for one assignment."""

    draw = models.ForeignKey(Draw, on_delete=models.PROTECT, related_name="+")
    entity = models.ForeignKey(Entity, on_delete=models.PROTECT, related_name="+")
    token = models.CharField("检查码", max_length=32, unique=True, default=new_token)
    created_at = models.DateTimeField("生成时间", auto_now_add=True)

    class Meta:
        verbose_name = "检查码"
        verbose_name_plural = "检查码"
        constraints = [
            models.UniqueConstraint(fields=["draw", "entity"], name="check_code_per_assignment")
        ]

    def __str__(self) -> str:
        return f"检查码 {self.token}"


class Result(models.Model):
    """The result of one item at one drawn entity, recorded by the team (seed 三(三))."""

    # No index of its own: the unique (draw, entity, item) and (draw, item, category) start with it.
    draw = models.ForeignKey(
        Draw, verbose_name="抽取", on_delete=models.PROTECT, related_name="+", db_index=False
    )
    entity = models.ForeignKey(
        Entity, verbose_name="检查对象", on_delete=models.PROTECT, related_name="results"
    )
    item = models.ForeignKey(
        InspectionItem, verbose_name="抽查事项", on_delete=models.PROTECT, related_name="results"
    )
    method = models.CharField("检查方式", max_length=12, choices=Method.choices)
    agency = models.CharField("受委托专业机构", max_length=200, blank=True)
    inspected_on = models.DateField("检查日期")
    category = models.CharField("检查结果", max_length=2, choices=ResultCategory.choices)
    # A (发现问题待后续处理) is stored with the categories it pairs with, comma-separated
    # ("B" or "C,6"), so exports keep both codes and the listing rules read the problem itself.
    sub_categories = models.CharField("具体问题类别", max_length=40, blank=True)
    findings = models.TextField("检查情况", blank=True)
    suspected_crime = models.BooleanField("涉嫌犯罪", default=False)
    suspected_offence = models.CharField("涉嫌罪名", max_length=100, blank=True)
    suspected_on = models.DateField("认定涉嫌犯罪日期", null=True, blank=True)
    # The handler's answer to a text hint that the record may describe a crime (see crime.py).
    crime_hint_dismissed_at = models.DateTimeField("排除涉嫌犯罪提示时间", null=True, blank=True)
    crime_hint_dismissal = models.CharField("排除理由", max_length=300, blank=True)
    reference_kind = models.CharField(
        "采用的结论", max_length=14, choices=ReferenceKind.choices, blank=True, default=""
    )
    reference = models.CharField("结论文号或出具单位", max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        Inspector, verbose_name="录入人", on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField("录入时间", auto_now=True)

    class Meta:
        verbose_name = "检查结果"
        verbose_name_plural = "检查结果"
        ordering = ["draw", "entity", "item"]
        # The dashboard counts a draw's results by item and category without reading the rows.
        indexes = [
            models.Index(fields=["draw", "item", "category"], name="result_draw_item_category")
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["draw", "entity", "item"],
                name="result_once_per_item",
                violation_error_message="该事项已有检查结果",
            ),
            models.CheckConstraint(
                condition=~models.Q(method="delegated") | ~models.Q(agency=""),
                name="result_delegated_names_agency",
                violation_error_message="委托专业机构检查必须填写受委托机构",
            ),
            models.CheckConstraint(
                condition=models.Q(reference_kind="") | ~models.Q(reference=""),
                name="result_reference_given",
                violation_error_message="采用其他部门、司法机关或专业机构结论的，须填写文号或出具单位",
            ),
            models.CheckConstraint(
                condition=models.Q(category__in=ResultCategory.values),
                name="result_category_valid",
                violation_error_message="未知的检查结果类别",
            ),
            models.CheckConstraint(
                condition=models.Q(suspected_crime=False) | ~models.Q(suspected_offence=""),
                name="result_suspected_crime_names_offence",
                violation_error_message="勾选涉嫌犯罪的，须填写涉嫌罪名",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.entity.name} · {self.item.name} · {self.category}"

    @property
    def has_problem(self) -> bool:
        return self.category not in NO_PROBLEM_CATEGORIES

    @property
    def sub_codes(self) -> list[str]:
        return [c for c in self.sub_categories.split(",") if c]

    @property
    def codes(self) -> frozenset[str]:
        """The problem codes the rules read: A's sub-codes, or the category itself."""
        if self.category == ResultCategory.PENDING:
            return frozenset(self.sub_codes)
        return frozenset({self.category})

    @property
    def category_text(self) -> str:
        """ "A（B、6）" for A with its sub-codes, else the code."""
        if self.category == ResultCategory.PENDING and self.sub_codes:
            return f"A（{'、'.join(self.sub_codes)}）"
        return self.category


class ResultConfirmation(models.Model):
    """One law-enforcement officer of the team confirms a result as recorded."""

    result = models.ForeignKey(Result, on_delete=models.CASCADE, related_name="confirmations")
    inspector = models.ForeignKey(Inspector, on_delete=models.PROTECT, related_name="+")
    confirmed_at = models.DateTimeField("确认时间", auto_now_add=True)

    class Meta:
        verbose_name = "结果确认"
        verbose_name_plural = "结果确认"
        constraints = [
            models.UniqueConstraint(
                fields=["result", "inspector"],
                name="result_confirmed_once",
                violation_error_message="您已确认过该结果",
            )
        ]

    def __str__(self) -> str:
        return f"{self.inspector.name} 确认 {self.result}"


class FollowUpAction(models.TextChoices):
    NONE = "none", "无需处置"
    ROUTINE = "routine", "移交日常监管"
    CORRECTION = "correction", "责令改正"
    ABNORMAL_LIST = "abnormal_list", "列入经营异常名录"
    CASE = "case", "立案查处"
    TRANSFER = "transfer", "移送公安/司法机关"
    NOTIFY = "notify", "抄告/推送联合惩戒"
    REFER_LISTING = "refer_listing", "抄告登记机关列入经营异常名录"


class TransferTo(models.TextChoices):
    """Where a suspected crime goes (seed 三(四), 四(二): 移送公安机关/司法机关)."""

    NONE = "", "—"
    POLICE = "police", "公安机关"
    PROCURATORATE = "procuratorate", "人民检察院"


class FollowUp(models.Model):
    """后续处置 of a problem, owned by the department with jurisdiction (谁管辖、谁负责)."""

    class Status(models.TextChoices):
        OPEN = "open", "办理中"
        CLOSED = "closed", "已办结"

    result = models.ForeignKey(
        Result, verbose_name="检查结果", on_delete=models.PROTECT, related_name="follow_ups"
    )
    action = models.CharField("处置方式", max_length=14, choices=FollowUpAction.choices)
    owner_department = models.ForeignKey(
        Department, verbose_name="负责部门", on_delete=models.PROTECT, related_name="+"
    )
    due_on = models.DateField("办理期限")
    correction_deadline = models.DateField("改正期限", null=True, blank=True)
    recheck_on = models.DateField("复查日期", null=True, blank=True)
    recheck_note = models.TextField("复查情况", blank=True)
    recipient_department = models.ForeignKey(
        Department,
        verbose_name="抄告/推送部门",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    notified_on = models.DateField("抄告/推送日期", null=True, blank=True)
    transfer_to = models.CharField(
        "移送机关", max_length=14, choices=TransferTo.choices, blank=True, default=""
    )
    suspected_crime = models.BooleanField("涉嫌犯罪", default=False)
    suspected_offence = models.CharField("涉嫌罪名", max_length=100, blank=True)
    suspected_on = models.DateField("认定涉嫌犯罪日期", null=True, blank=True)
    note = models.TextField("说明", blank=True)
    status = models.CharField("状态", max_length=6, choices=Status.choices, default="open")
    # The re-check of a 责令改正: whether the firm corrected within the deadline. For a B result
    # it decides the listing (企业经营异常名录管理暂行办法 第四条第（二）项).
    corrected = models.BooleanField("复查结论：已改正", null=True, blank=True)
    closure_note = models.TextField("办结说明", blank=True)
    closed_on = models.DateField("办结日期", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = "后续处置"
        verbose_name_plural = "后续处置"
        ordering = ["status", "due_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(action="correction")
                | models.Q(correction_deadline__isnull=False),
                name="followup_correction_deadline",
                violation_error_message="责令改正必须填写改正期限",
            ),
            models.CheckConstraint(
                condition=~models.Q(action="notify") | models.Q(recipient_department__isnull=False),
                name="followup_notify_recipient",
                violation_error_message="抄告/推送联合惩戒必须填写接收部门",
            ),
            models.CheckConstraint(
                condition=models.Q(status="open") | ~models.Q(closure_note=""),
                name="followup_closed_has_note",
                violation_error_message="办结必须填写办结说明",
            ),
            models.CheckConstraint(
                condition=models.Q(suspected_crime=False) | ~models.Q(suspected_offence=""),
                name="followup_suspected_crime_names_offence",
                violation_error_message="勾选涉嫌犯罪的，须填写涉嫌罪名",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.result.entity.name} · {self.get_action_display()}"


class Evidence(models.Model):
    """An evidence file (image or PDF) of a result or a follow-up; never public."""

    result = models.ForeignKey(
        Result, on_delete=models.PROTECT, null=True, blank=True, related_name="evidence"
    )
    follow_up = models.ForeignKey(
        FollowUp, on_delete=models.PROTECT, null=True, blank=True, related_name="evidence"
    )
    file = models.FileField("文件", max_length=300)
    original_name = models.CharField("原文件名", max_length=200)
    content_type = models.CharField("类型", max_length=40)
    size = models.PositiveIntegerField("大小（字节）")
    sha256 = models.CharField("SHA-256", max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        verbose_name = "证据材料"
        verbose_name_plural = "证据材料"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(result__isnull=False, follow_up__isnull=True)
                | models.Q(result__isnull=True, follow_up__isnull=False),
                name="evidence_belongs_to_one",
                violation_error_message="证据材料应属于一条检查结果或一项后续处置",
            )
        ]

    def __str__(self) -> str:
        return self.original_name


class RemovalReason(models.TextChoices):
    """Why a firm leaves 经营异常名录 (企业经营异常名录管理暂行办法, 移出 by ground)."""

    DISCLOSED = "disclosed", "已履行公示义务（补报、补正公示信息）"
    CORRECTED = "corrected", "已更正其公示的信息"
    REACHABLE = "reachable", "已办理住所（经营场所）变更登记或可重新取得联系"
    WRONGLY_LISTED = "wrongly_listed", "列入有误，予以更正"
    OTHER = "other", "其他"


class AbnormalListing(models.Model):
    """One entry of a firm in 经营异常名录, decided by the registration authority (市场监管).

    企业经营异常名录管理暂行办法 第四条 names the grounds (B after an ordered deadline, C, 6);
    the registration authority decides the listing and its removal whoever found the problem, so
    ``department`` is always 市场监管 and another department's finding arrives as a 抄告
    (``referral``). The entity's 经营异常名录 flag and date follow the active listings.
    """

    entity = models.ForeignKey(
        Entity, verbose_name="检查对象", on_delete=models.PROTECT, related_name="listings"
    )
    result = models.ForeignKey(
        Result, verbose_name="检查结果", on_delete=models.PROTECT, related_name="listings"
    )
    follow_up = models.OneToOneField(
        FollowUp, verbose_name="后续处置", on_delete=models.PROTECT, related_name="listing"
    )
    referral = models.ForeignKey(
        FollowUp,
        verbose_name="抄告",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referred_listings",
    )
    department = models.ForeignKey(
        Department, verbose_name="列入机关", on_delete=models.PROTECT, related_name="+"
    )
    ground = models.CharField("列入情形", max_length=2, choices=ResultCategory.choices)
    listed_on = models.DateField("列入日期")
    decision_no = models.CharField("列入决定书文号", max_length=60, blank=True)
    # The firm's listing date from the register before this entry, kept so that removing this
    # entry leaves a listing the register already had.
    prior_listed_on = models.DateField("此前已在名录的列入日期", null=True, blank=True)
    listed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    removed_on = models.DateField("移出日期", null=True, blank=True)
    removal_reason = models.CharField(
        "移出原因", max_length=16, choices=RemovalReason.choices, blank=True
    )
    removal_note = models.CharField("移出说明", max_length=300, blank=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = "经营异常名录列入记录"
        verbose_name_plural = "经营异常名录列入记录"
        ordering = ["-listed_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ground__in=["B", "C", "6"]),
                name="listing_ground_is_legal",
                violation_error_message="列入经营异常名录的情形只能是 B、C、6",
            ),
            models.CheckConstraint(
                condition=models.Q(removed_on__isnull=True, removal_reason="")
                | models.Q(removed_on__isnull=False) & ~models.Q(removal_reason=""),
                name="listing_removal_has_reason",
                violation_error_message="移出经营异常名录须填写移出原因",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.entity.name} 列入经营异常名录（{self.listed_on:%Y-%m-%d}）"

    @property
    def active(self) -> bool:
        return self.removed_on is None
