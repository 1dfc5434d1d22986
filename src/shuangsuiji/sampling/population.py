"""A task's population: who may be drawn, what was excluded and why, and in which stratum.

The rules, in the order they apply (docs/draw-algorithm.md gives the record's side):

1. **Targets.** An entity matches an item when its 主体类型 equals one of the item's 检查对象,
   or when it carries a tag of that name in the item's 检查主体's own sub-directory (the
   department's 名录 labels, e.g. 县卫生健康委 · 餐具饮具集中消毒服务单位). A task's population
   is the union over its items.
2. **Conditions (定向 only).** Every non-empty condition must hold: a tag among the chosen
   ones, a township among the chosen ones, an industry code starting with a chosen prefix, a
   chosen 主体类型, a chosen credit class.
3. **Exclusions**, each counted on what is left after the rules before it:
   - 登记状态 not 存续 (unless switched off);
   - **一般 items:** the same item (same 检查主体 and 抽查事项, any year or version) drawn in a
     current draw within the last ``recent_months``;
   - **重点 items** (seed 二(一): no ratio cap) follow their 抽查频次 instead: drawn for the
     same item in the current calendar month, quarter, half-year or year (periods start in
     January), so a monthly item draws the same firm again next month; no 抽查频次, no
     exclusion. ``key_item_rule`` may put them under the 一般 rule or under none;
   - the **yearly cap** of random inspections per entity across all departments (current draws
     of tasks of the same year, a confirmed joint visit once). It limits 日常 random checks of
     一般 items: it applies to a task with a 一般 item and counts only such tasks' draws, unless
     ``cap_key_items``. It never removes a member of an enabled 100 % group
     (``cap_exempt_full_groups``, seed 三(一): 加大检查频次); those are kept and counted as
     超出年度上限;
   - optionally, established fewer than N days ago.

   The same-item rules and the cap count current draws only: a superseded draw was never
   carried out. A terminated task's draw counts only for the entities with a recorded result
   in it (the inspection happened), unless ``count_terminated``.
4. **Strata.** The 100 % groups first, in this precedence: 严重违法失信名单, 经营异常名录,
   投诉举报 ≥ N, 重点监管 — an entity in several goes to the first enabled one; every other
   entity goes to the stratum of its 信用风险分类.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Protocol

from django.db import connections
from django.db.models import Case, CharField, Count, F, Q, QuerySet, Value, When
from django.utils import timezone

from shuangsuiji.common.errors import ServiceError
from shuangsuiji.directory.models import (
    FREQUENCY_MONTHS,
    Area,
    Entity,
    EntityTag,
    Frequency,
    InspectionItem,
    ItemCategory,
)
from shuangsuiji.plans.models import Task, TaskKind, TaskState

from . import engine
from .models import CREDIT_CLASSES, DrawConfig, KeyItemRule, Selection

CREDIT_LABELS = {
    "A": "A类（信用风险低）",
    "B": "B类（信用风险一般）",
    "C": "C类（信用风险较高）",
    "D": "D类（信用风险高）",
}
# The 100 % groups in order of precedence.
FULL_GROUPS = ("serious_dishonesty", "abnormal_list", "complaints", "key_supervision")
FULL_RATIO_BP = 10_000


@dataclass(frozen=True)
class StratumSpec:
    name: str
    label: str
    ratio_bp: int | None = None
    count: int | None = None
    full: bool = False

    def as_engine(self) -> dict[str, Any]:
        spec: dict[str, Any] = {"name": self.name, "label": self.label}
        if self.count is not None:
            spec["count"] = self.count
        else:
            spec["ratio_bp"] = self.ratio_bp
        return spec


@dataclass
class Population:
    """The frozen list (uscc, stratum) sorted by uscc, and what it took to get there."""

    rows: list[tuple[str, str]]
    townships: dict[str, list[str]]  # township → its codes, in code order
    matched: int
    exclusions: list[dict[str, Any]]
    strata: list[StratumSpec]
    sizes: Counter[str] = field(default_factory=Counter)
    # Members of 100 % groups at or over the yearly cap, kept (per group stratum).
    over_cap: Counter[str] = field(default_factory=Counter)
    # How the burden rules read for this task's items, for the preview.
    notes: list[str] = field(default_factory=list)


def config_of(task: Task) -> DrawConfig:
    """The task's saved draw configuration, or the defaults (unsaved) when there is none.

    The default ratios (Henan's A 1 %, B 2 %, C 10 %, D 30 %) are lowered to the strictest
    一般 item's 抽查比例上限, so an unconfigured task starts from a spec it may use. Always read
    afresh (and built with ``task_id``), so no stale copy is cached on the task.
    """
    saved = DrawConfig.objects.filter(task_id=task.pk).first()
    if saved is not None:
        return saved
    config = DrawConfig(task_id=task.pk)
    found = ratio_cap(task.items.all())
    if found is not None:
        for cls in CREDIT_CLASSES:
            name = f"ratio_{cls.lower()}_bp"
            current = getattr(config, name)
            if current is not None:
                setattr(config, name, min(current, found[0]))
    return config


def strata_specs(config: DrawConfig) -> list[StratumSpec]:
    """Credit strata A–D, then the enabled 100 % groups (display order; the engine sorts)."""
    specs = []
    for cls in CREDIT_CLASSES:
        ratio, count = config.credit_rule(cls)
        specs.append(StratumSpec(cls, CREDIT_LABELS[cls], ratio_bp=ratio, count=count))
    groups = {
        "serious_dishonesty": (config.full_serious_dishonesty, "严重违法失信名单"),
        "abnormal_list": (config.full_abnormal, "经营异常名录"),
        "complaints": (config.full_complaints, f"投诉举报 ≥ {config.complaint_threshold} 次"),
        "key_supervision": (config.full_key_supervision, "重点监管对象"),
    }
    for name in FULL_GROUPS:
        enabled, label = groups[name]
        if enabled:
            specs.append(StratumSpec(name, label, ratio_bp=FULL_RATIO_BP, full=True))
    return specs


def months_before(moment: dt.datetime, months: int) -> dt.datetime:
    """The same wall-clock moment ``months`` calendar months earlier (day clamped to month end)."""
    year, month = divmod(moment.year * 12 + moment.month - 1 - months, 12)
    month += 1
    for day in range(moment.day, 0, -1):
        try:
            return moment.replace(year=year, month=month, day=day)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def _item_key_q(items: Iterable[InspectionItem]) -> Q:
    q = Q(pk__in=[])
    for item in items:
        q |= Q(department_id=item.department_id, name=item.name)
    return q


def target_q(items: list[InspectionItem]) -> Q:
    """Entities matching any item's 检查对象: by 主体类型, or by a tag of the item's 检查主体."""
    q = Q(pk__in=[])
    through = Entity.tags.through.objects
    for item in items:
        names = [t for t in item.targets if t]
        tags = EntityTag.objects.filter(department_id=item.department_id, name__in=names)
        tagged = through.filter(entitytag_id__in=tags.values("id")).values("entity_id")
        q |= Q(entity_type__in=names) | Q(id__in=tagged)
    return q


def condition_q(task: Task) -> Q:
    """定向 conditions: all non-empty ones must hold (any value within one)."""
    if task.kind != TaskKind.DIRECTED:
        return Q()
    c = task.conditions or {}
    q = Q()
    if c.get("tag_ids"):
        tagged = Entity.tags.through.objects.filter(entitytag_id__in=c["tag_ids"])
        q &= Q(id__in=tagged.values("entity_id"))
    if c.get("area_ids"):
        q &= Q(area_id__in=c["area_ids"])
    if c.get("industry_prefixes"):
        industry = Q(pk__in=[])
        for prefix in c["industry_prefixes"]:
            industry |= Q(industry_code__startswith=prefix)
        q &= industry
    if c.get("entity_types"):
        q &= Q(entity_type__in=c["entity_types"])
    if c.get("credit_classes"):
        q &= Q(credit_risk__in=c["credit_classes"])
    return q


# Later stages say which selections were inspected (a result recorded), so that a terminated
# task's draw counts only for them: fn(selections, items) -> those of the selections with a
# recorded result, on one of ``items`` when given. No source means nobody was inspected.
Inspected = Callable[[QuerySet[Selection], QuerySet[InspectionItem] | None], QuerySet[Selection]]
INSPECTED: dict[str, Inspected] = {}


def register_inspected(name: str, fn: Inspected) -> None:
    INSPECTED[name] = fn


def _counted(
    selections: QuerySet[Selection],
    config: DrawConfig,
    items: QuerySet[InspectionItem] | None = None,
) -> QuerySet[Selection]:
    """The selections that were inspections: current draws only (a superseded draw was never
    carried out) and, of a terminated task, only the ones with a recorded result."""
    selections = selections.filter(draw__is_current=True)
    if config.count_terminated:
        return selections
    kept = ~Q(draw__task__state=TaskState.TERMINATED)
    for fn in INSPECTED.values():
        kept |= Q(pk__in=fn(selections, items).values("pk"))
    return selections.filter(kept)


def period_start(moment: dt.datetime, months: int) -> dt.datetime:
    """Local midnight on the first day of the calendar period of ``months`` months holding
    ``moment`` (1 a month, 3 a quarter, 6 a half-year, 12 a year; periods start in January)."""
    local = timezone.localtime(moment)
    first = (local.month - 1) // months * months + 1
    return local.replace(month=first, day=1, hour=0, minute=0, second=0, microsecond=0)


PERIOD_NAMES = {1: "本月", 3: "本季度", 6: "本半年", 12: "本年"}


def _drawn_since(
    task: Task, config: DrawConfig, items: list[InspectionItem], since: dt.datetime
) -> set[int]:
    """Entities drawn for one of the items (same 检查主体 and name) since the moment."""
    same = InspectionItem.objects.filter(_item_key_q(items))
    other_tasks = Task.objects.filter(items__in=same).exclude(pk=task.pk)
    drawn = Selection.objects.filter(
        draw__drawn_at__gte=since, draw__task__in=other_tasks.values("id")
    )
    counted = _counted(drawn, config, same)
    return set(counted.values_list("entity_id", flat=True))


Window = tuple[list[InspectionItem], dt.datetime]


def same_item_windows(
    items: list[InspectionItem], config: DrawConfig, now: dt.datetime
) -> tuple[Window | None, list[Window], list[str]]:
    """The same-item windows of the task's items and what they mean in words.

    Returns the 一般 rule's (items, since) — ``recent_months`` back, or None when off — then one
    (items, since) per 抽查频次 of the 重点 items — the start of the current period — and notes.
    """
    general = [i for i in items if i.category == ItemCategory.GENERAL]
    key = [i for i in items if i.category == ItemCategory.KEY]
    notes: list[str] = []
    if config.key_item_rule == KeyItemRule.MONTHS:
        general, key = general + key, []
    elif config.key_item_rule == KeyItemRule.NONE and key:
        notes.append(f"重点检查事项{_names(key)}：按抽取配置，不排除近期抽中过同一事项的对象")
        key = []
    months_rule = None
    if general and config.exclude_recent_same_item:
        months = config.recent_months
        months_rule = (general, months_before(now, months))
        notes.append(f"{_names(general)}：近{months}个月内抽中过同一事项的不再抽取")
    by_months: dict[int, list[InspectionItem]] = defaultdict(list)
    for item in key:
        if item.frequency:
            by_months[FREQUENCY_MONTHS[Frequency(item.frequency)]].append(item)
        else:
            notes.append(f"重点检查事项“{item.name}”未设抽查频次：不按同一事项排除")
    frequency_rule = []
    for months, group in sorted(by_months.items()):
        since = period_start(now, months)
        notes.append(
            f"重点检查事项{_names(group)}：抽查频次{Frequency(group[0].frequency).label}，"
            f"{PERIOD_NAMES[months]}（{since:%Y-%m-%d}起）已抽中的不再抽取"
        )
        frequency_rule.append((group, since))
    return months_rule, frequency_rule, notes


def _names(items: list[InspectionItem]) -> str:
    return "、".join(f"“{i.name}”" for i in items)


# Later stages may say that several selections of an entity are one visit (inspections:
# 进一次门、查多项事): fn(year, exclude_task_id, counted) -> {entity id: selections that do not
# count}, looking only at the ``counted`` selections when given.
class CapMerge(Protocol):
    def __call__(
        self,
        year: int,
        exclude_task_id: int | None,
        counted: QuerySet[Selection] | None = None,
        /,
    ) -> dict[int, int]: ...


CAP_MERGES: dict[str, CapMerge] = {}


def register_cap_merge(name: str, fn: CapMerge) -> None:
    CAP_MERGES[name] = fn


def caps_task(items: list[InspectionItem], config: DrawConfig) -> bool:
    """Whether the yearly cap limits this task: a 日常 random check of a 一般 item, or any task
    when the cap also covers 重点 items."""
    return config.cap_key_items or any(i.category == ItemCategory.GENERAL for i in items)


def capped_entities(task: Task, config: DrawConfig) -> set[int]:
    """Entities with ``yearly_cap`` counted random inspections this year in other tasks."""
    cap = config.yearly_cap
    if not cap:
        return set()
    selections = Selection.objects.filter(draw__task__year=task.year).exclude(draw__task=task)
    if not config.cap_key_items:
        general = Task.objects.filter(items__category=ItemCategory.GENERAL)
        selections = selections.filter(draw__task__in=general.values("id"))
    counted = _counted(selections, config)
    over = counted.values("entity_id").annotate(n=Count("id")).filter(n__gte=cap)
    merged: Counter[int] = Counter()
    for fn in CAP_MERGES.values():
        merged.update(fn(task.year, task.pk, counted))
    return {row["entity_id"] for row in over if row["n"] - merged[row["entity_id"]] >= cap}


def _fetch(qs: Any) -> list[tuple[Any, ...]]:
    """The query's rows as the driver returns them: a population can be a million rows, and
    Django's per-value converters would cost seconds. Booleans may come back as 0/1 and dates
    as ISO strings (SQLite); the rules below read them accordingly (truthiness, _as_date).
    """
    sql, params = qs.query.get_compiler(qs.db).as_sql()
    with connections[qs.db].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _as_date(value: Any) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


def stratum_case(config: DrawConfig) -> Case:
    """The SQL for each entity's stratum: the enabled 100 % groups in precedence order
    (严重违法失信名单 → 经营异常名录 → 投诉举报 ≥ N → 重点监管), else the credit class.
    """
    whens = []
    if config.full_serious_dishonesty:
        whens.append(When(serious_dishonesty_list=True, then=Value("serious_dishonesty")))
    if config.full_abnormal:
        whens.append(When(abnormal_list=True, then=Value("abnormal_list")))
    if config.full_complaints:
        whens.append(
            When(complaint_count__gte=config.complaint_threshold, then=Value("complaints"))
        )
    if config.full_key_supervision:
        whens.append(When(key_supervision=True, then=Value("key_supervision")))
    return Case(*whens, default=F("credit_risk"), output_field=CharField())


def build_population(task: Task, config: DrawConfig, *, now: dt.datetime) -> Population:
    """The task's population from the current directory (see the module docstring)."""
    items = list(task.items.all())
    if not items:
        raise ServiceError("该任务没有抽查事项，无法确定检查对象")
    qs = Entity.objects.filter(target_q(items)).filter(condition_q(task))
    # Row: (id, uscc, area_id, registration_status, established_on, stratum). The stratum is
    # worked out by the database (stratum_case), which keeps a million-row fetch small.
    established = "established_on" if config.min_established_days else "uscc"
    records = _fetch(
        qs.annotate(stratum=stratum_case(config))
        .values_list("id", "uscc", "area_id", "registration_status", established, "stratum")
        .order_by("uscc")
    )

    # Exclusion rules in order; each entity is counted against the first rule that drops it,
    # so every count is taken on what the earlier rules left.
    rules: list[tuple[str, str, Callable[[tuple[Any, ...]], bool] | None]] = []
    if config.active_only:
        rules.append(
            ("not_active", "登记状态非存续（注销、吊销、迁出）", lambda r: r[3] != "active")
        )
    months_rule, frequency_rule, notes = same_item_windows(items, config, now)
    if months_rule is not None:
        recent = _drawn_since(task, config, *months_rule)
        label = f"近{config.recent_months}个月内已被抽中检查同一抽查事项"
        rules.append(("recent_same_item", label, (lambda r: r[0] in recent) if recent else None))
    if frequency_rule:
        key_recent: set[int] = set()
        for group, since in frequency_rule:
            key_recent |= _drawn_since(task, config, group, since)
        label = "本周期内已被抽中检查同一重点检查事项（按抽查频次）"
        drops = (lambda r: r[0] in key_recent) if key_recent else None
        rules.append(("key_item_frequency", label, drops))
    specs = strata_specs(config)
    capped: set[int] = set()
    watch: frozenset[str] = frozenset()  # the 100 % groups kept over the cap, counted
    if config.yearly_cap and not caps_task(items, config):
        notes.append("本任务均为重点检查事项：按抽查频次抽取，不适用每户每年随机抽查上限")
    elif config.yearly_cap:
        cap = config.yearly_cap
        capped = capped_entities(task, config)
        exempt = frozenset(s.name for s in specs if s.full and config.cap_exempt_full_groups)
        label = f"{task.year}年已被随机抽查{cap}次（每户每年上限{cap}次，各部门合计）"
        drops = (lambda r: r[0] in capped and r[5] not in exempt) if capped else None
        rules.append(("yearly_cap", label, drops))
        watch = exempt
        counted = "各部门随机抽查" if config.cap_key_items else "各部门一般检查事项的随机抽查"
        notes.append(f"每户每年随机抽查上限{cap}次：计入本年{counted}，合并入户的计一次")
        if exempt:
            groups = "、".join(s.label for s in specs if s.name in exempt)
            notes.append(
                f"{groups}的对象不受年度上限限制（工作方案三(一)：加大检查频次），"
                "超出上限的仍纳入名单并单列户数"
            )
    if config.count_terminated:
        notes.append("已终止任务的抽取也计入同一事项和年度上限")
    else:
        notes.append("已终止任务的抽取不计入同一事项和年度上限，已录入检查结果的对象除外")
    if config.min_established_days:
        days = config.min_established_days
        earliest = now.date() - dt.timedelta(days=days)
        rules.append(
            (
                "newly_established",
                f"成立不满{days}天",
                lambda r: r[4] is not None and _as_date(r[4]) > earliest,
            )
        )
    # Rules with nothing to drop (an empty set) are reported with 0 and never evaluated.
    active = [(rule, drops) for rule, _, drops in rules if drops is not None]

    names = dict(Area.objects.values_list("id", "name"))
    dropped = Counter[str]()
    over_cap = Counter[str]()
    rows: list[tuple[str, str]] = []
    townships: dict[str, list[str]] = defaultdict(list)
    for r in records:
        if active:
            reason = next((rule for rule, drops in active if drops(r)), None)
            if reason is not None:
                dropped[reason] += 1
                continue
        rows.append((r[1], r[5]))
        townships[names[r[2]]].append(r[1])
        if r[5] in watch and r[0] in capped:
            over_cap[r[5]] += 1
    if any(rows[i][0] >= rows[i + 1][0] for i in range(len(rows) - 1)):
        # A database collation that is not byte order: the frozen order is by code bytes.
        rows.sort()
        for codes in townships.values():
            codes.sort()
    return Population(
        rows=rows,
        townships=dict(sorted(townships.items())),
        matched=len(records),
        exclusions=[
            {"rule": rule, "label": label, "count": dropped[rule]} for rule, label, _ in rules
        ],
        strata=specs,
        sizes=Counter(s for _, s in rows),
        over_cap=over_cap,
        notes=notes,
    )


# ---------------------------------------------------------------- the item's ratio cap


def ratio_cap(items: Iterable[InspectionItem]) -> tuple[int, InspectionItem] | None:
    """The strictest 抽查比例上限 among the task's 一般 items, in basis points, and its item."""
    caps = [
        (int((item.ratio_cap * Decimal(100)).to_integral_value()), item)
        for item in items
        if item.category == ItemCategory.GENERAL and item.ratio_cap is not None
    ]
    return min(caps, key=lambda c: c[0]) if caps else None


def percent(bp: float) -> str:
    """Basis points as a percentage without trailing zeros: 150 → “1.5%”."""
    return f"{bp / 100:.2f}".rstrip("0").rstrip(".") + "%"


def check_ratio_cap(
    specs: list[StratumSpec], items: Iterable[InspectionItem], sizes: Counter[str] | None = None
) -> None:
    """Refuse a credit stratum drawn above the strictest 一般 item's cap (seed 二(一)).

    The 100 % groups are exempt: the seed (三(一)) asks for more frequent checks of listed and
    much-complained-about entities, whatever the general items' caps. A count is compared as
    count / stratum size, once the sizes are known.
    """
    found = ratio_cap(items)
    if found is None:
        return
    cap_bp, item = found
    where = f"抽查事项“{item.name}”为一般检查事项，抽查比例上限为 {percent(cap_bp)}"
    for spec in specs:
        if spec.full:
            continue
        if spec.ratio_bp is not None and spec.ratio_bp > cap_bp:
            raise ServiceError(
                f"{spec.label}的抽取比例 {percent(spec.ratio_bp)} 超过上限：{where}。"
                "请调低该层比例。",
                field=f"ratio_{spec.name.lower()}",
            )
        size = (sizes or Counter()).get(spec.name, 0)
        if spec.count is not None and size and spec.count * 10_000 > cap_bp * size:
            share = spec.count * 10_000 / size
            raise ServiceError(
                f"{spec.label}抽取 {spec.count} 户，占该层 {size} 户的 {percent(share)}，"
                f"超过上限：{where}。请减少抽取户数。",
                field=f"ratio_{spec.name.lower()}",
            )


def quota_rows(population: Population) -> list[dict[str, Any]]:
    """Each stratum with size, quota (engine.quota_for, rounded up) and inclusion probability."""
    rows = []
    for spec in population.strata:
        size = population.sizes.get(spec.name, 0)
        rule = engine.StratumRule(spec.name, ratio_bp=spec.ratio_bp, count=spec.count)
        quota = engine.quota_for(size, rule)
        rows.append(
            {
                "name": spec.name,
                "label": spec.label,
                "full": spec.full,
                "ratio_bp": spec.ratio_bp if spec.count is None else None,
                "count": spec.count,
                "size": size,
                "quota": quota,
                "probability": quota / size if size else None,
            }
        )
    return rows


def over_cap_rows(population: Population, task: Task, config: DrawConfig) -> list[dict[str, Any]]:
    """The 100 % groups' members kept at or over the yearly cap, per group, with the reason."""
    rows = []
    for spec in population.strata:
        count = population.over_cap[spec.name]
        if count:
            reason = (
                f"{task.year}年已被随机抽查{config.yearly_cap}次，达到每户每年上限；"
                f"属于{spec.label}，按工作方案三(一)加大检查频次，仍纳入名单"
            )
            rows.append({"name": spec.name, "label": spec.label, "count": count, "reason": reason})
    return rows
