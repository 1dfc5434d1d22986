"""A task's population: who may be drawn, what was excluded and why, and in which stratum.

The rules, in the order they apply (docs and the issue 3 brief):

1. **Targets.** An entity matches an item when its 主体类型 equals one of the item's 检查对象,
   or when it carries a tag of that name in the item's 检查主体's own sub-directory (the
   department's 名录 labels, e.g. 县卫生健康委 · 餐具饮具集中消毒服务单位). A task's population
   is the union over its items.
2. **Conditions (定向 only).** Every non-empty condition must hold: a tag among the chosen
   ones, a township among the chosen ones, an industry code starting with a chosen prefix, a
   chosen 主体类型, a chosen credit class.
3. **Exclusions**, each counted on what is left after the rules before it:
   登记状态 not 存续 (unless switched off); the same item (same 检查主体 and 抽查事项, any
   year or version) drawn in a current draw within the last ``recent_months``; the yearly cap
   of random inspections per entity across all departments (current draws of tasks of the
   same year); optionally, established fewer than N days ago.
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
from typing import Any

from django.db import connections
from django.db.models import Case, CharField, Count, F, Q, Value, When

from shuangsuiji.common.errors import ServiceError
from shuangsuiji.directory.models import Area, Entity, EntityTag, InspectionItem, ItemCategory
from shuangsuiji.plans.models import Task, TaskKind

from . import engine
from .models import CREDIT_CLASSES, Draw, DrawConfig, Selection

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


def _recently_drawn_for_items(
    task: Task, items: list[InspectionItem], since: dt.datetime
) -> set[int]:
    same_item_tasks = Task.objects.filter(
        items__in=InspectionItem.objects.filter(_item_key_q(items))
    ).exclude(pk=task.pk)
    current = Draw.objects.filter(
        is_current=True, drawn_at__gte=since, task__in=same_item_tasks.values("id")
    )
    return set(
        Selection.objects.filter(draw__in=current.values("id")).values_list("entity_id", flat=True)
    )


# Later stages may say that several selections of an entity are one visit (inspections:
# 进一次门、查多项事): fn(year, exclude_task_id) -> {entity id: selections that do not count}.
CapMerge = Callable[[int, int | None], dict[int, int]]
CAP_MERGES: dict[str, CapMerge] = {}


def register_cap_merge(name: str, fn: CapMerge) -> None:
    CAP_MERGES[name] = fn


def _at_yearly_cap(task: Task, cap: int) -> set[int]:
    current = Draw.objects.filter(is_current=True, task__year=task.year).exclude(task=task)
    counted = (
        Selection.objects.filter(draw__in=current.values("id"))
        .values("entity_id")
        .annotate(n=Count("id"))
        .filter(n__gte=cap)
    )
    merged: Counter[int] = Counter()
    for fn in CAP_MERGES.values():
        merged.update(fn(task.year, task.pk))
    return {row["entity_id"] for row in counted if row["n"] - merged[row["entity_id"]] >= cap}


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
    if config.exclude_recent_same_item:
        months = config.recent_months
        recent = _recently_drawn_for_items(task, items, months_before(now, months))
        label = f"近{months}个月内已被抽中检查同一抽查事项"
        rules.append(("recent_same_item", label, (lambda r: r[0] in recent) if recent else None))
    if config.yearly_cap:
        cap = config.yearly_cap
        capped = _at_yearly_cap(task, cap)
        label = f"{task.year}年已被随机抽查{cap}次（每户每年上限{cap}次，各部门合计）"
        rules.append(("yearly_cap", label, (lambda r: r[0] in capped) if capped else None))
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
        strata=strata_specs(config),
        sizes=Counter(s for _, s in rows),
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
