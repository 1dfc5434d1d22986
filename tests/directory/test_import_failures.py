"""Every import fails partway without leaving anything: rows, tags, audit entries, chain head.

Each import is failed at its last write and at its audit entry, by the service and by
``shuangsuiji import``; the entity import also in the middle of its bulk batches and at its tag
step, with a file large enough (2,100 rows, 40 of them updates) to be written in several
batches on either database.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from shuangsuiji.common.calendar import calendar_year_set
from shuangsuiji.common.models import AuditChainHead, AuditEntry, CalendarDay, CalendarYear
from shuangsuiji.directory.access import SYSTEM
from shuangsuiji.directory.importers import import_file
from shuangsuiji.directory.models import (
    Department,
    Entity,
    EntityTag,
    InspectionItem,
    Inspector,
    User,
)

from ..failures import (
    AuditWrite,
    FailurePoint,
    SqlWrite,
    check_nothing_remains,
    on_fixture_day,
)
from .factories import EntityFactory, InspectorFactory, ItemFactory, uscc_for
from .files import csv_bytes

pytestmark = pytest.mark.django_db

MARKET = "县市场监督管理局"
EXISTING = 40  # entities already in the directory, updated by the file
ROWS = 2100
AUDIT = (AuditEntry, AuditChainHead)


@pytest.fixture(autouse=True)
def pinned_day() -> Iterator[None]:
    with on_fixture_day():
        yield


# ---------------------------------------------------------------- files


def entity_file() -> bytes:
    """40 updates (new name, tag replaced), 2,060 new rows, every tenth new row tagged."""
    header = ["统一社会信用代码", "名称", "主体类型", "所属区域", "信用风险分类", "部门标签"]
    rows: list[list[Any]] = []
    for n in range(1, EXISTING + 1):
        rows.append(
            [uscc_for(n), f"改名后的公司{n}", "企业", "城关镇", "B", f"{MARKET}/食品经营者"]
        )
    for n in range(EXISTING + 1, ROWS + 1):
        tags = f"{MARKET}/食品经营者" if n % 10 == 0 else ""
        rows.append([uscc_for(10_000 + n), f"新公司{n}", "企业", "潭头镇", "A", tags])
    return csv_bytes(header, rows)


def existing_entities() -> None:
    old, _ = EntityTag.objects.get_or_create(
        department=Department.objects.get(name=MARKET), name="旧标签"
    )
    for n in range(1, EXISTING + 1):
        EntityFactory(uscc=uscc_for(n), name=f"原公司{n}").tags.add(old)


ITEM_HEADER = [
    "抽查类别",
    "抽查事项",
    "检查对象",
    "事项类别",
    "检查方式",
    "检查主体",
    "检查依据",
    "抽查比例上限(%)",
    "年度",
    "触发式部门联合抽查事项",
    "配合部门",
    "状态",
]


def item_file() -> bytes:
    """A draft item changed in place, a published one versioned, and a new joint item last."""

    def row(name: str, basis: str, joint: str, partners: str, state: str) -> list[Any]:
        fixed = ["市场监管领域", name, "企业", "一般", "现场", MARKET, basis, "5", "2025"]
        return [*fixed, joint, partners, state]

    return csv_bytes(
        ITEM_HEADER,
        [
            row("草稿事项", "新依据", "否", "", "草稿"),
            row("已发布事项", "新依据", "否", "", "已发布"),
            row("联合事项", "依据", "是", "县卫生健康委", "草稿"),
        ],
    )


def existing_items() -> None:
    ItemFactory(name="草稿事项", state="draft", legal_basis="旧依据")
    ItemFactory(name="已发布事项", state="published", legal_basis="旧依据")


INSPECTOR_HEADER = ["姓名", "单位", "执法证号", "执法证有效期至", "职务"]


def inspector_file() -> bytes:
    """Two new officers, then one already in the directory with a new 职务 (an update)."""
    return csv_bytes(
        INSPECTOR_HEADER,
        [
            ["新人甲", MARKET, "41032420250101", "2027-12-31", "科员"],
            ["新人乙", MARKET, "41032420250102", "2027-12-31", "科员"],
            ["老人丙", MARKET, "41032420190001", "2027-12-31", "副所长"],
        ],
    )


def existing_inspectors() -> None:
    InspectorFactory(name="老人丙", certificate_no="41032420190001", title="科员")


# ---------------------------------------------------------------- cases

IMPORTS: dict[str, tuple[Callable[[], bytes], Callable[[], None], set[Any]]] = {
    "entities": (entity_file, existing_entities, {Entity, EntityTag, Entity.tags.through, *AUDIT}),
    "items": (
        item_file,
        existing_items,
        {InspectionItem, InspectionItem.partner_departments.through, *AUDIT},
    ),
    "inspectors": (inspector_file, existing_inspectors, {Inspector, *AUDIT}),
}

SERVICE_POINTS: list[tuple[str, FailurePoint]] = [
    # The third of several bulk batches of new entities (1,000 a batch on PostgreSQL, fewer on
    # SQLite, whose statements take at most 999 parameters): earlier batches are written.
    ("entities", SqlWrite(Entity, "INSERT", nth=3)),
    ("entities", SqlWrite(Entity, "UPDATE")),
    ("entities", SqlWrite(EntityTag, "INSERT")),
    ("entities", SqlWrite(Entity.tags.through, "INSERT")),  # the last bulk insert
    ("entities", AuditWrite("entities.import")),
    ("items", SqlWrite(InspectionItem, "INSERT", nth=2)),
    ("items", SqlWrite(InspectionItem.partner_departments.through, "INSERT")),  # the last write
    ("items", AuditWrite("items.import")),
    ("inspectors", SqlWrite(Inspector, "INSERT")),
    ("inspectors", SqlWrite(Inspector, "UPDATE")),  # the last write
    ("inspectors", AuditWrite("inspectors.import")),
]
COMMAND_POINTS: list[tuple[str, FailurePoint]] = [
    ("entities", SqlWrite(Entity, "INSERT", nth=3)),
    ("entities", AuditWrite("entities.import")),
    ("items", AuditWrite("items.import")),
    ("inspectors", AuditWrite("inspectors.import")),
]


def _ids(points: list[tuple[str, FailurePoint]]) -> list[str]:
    return [f"{kind}-{point.label}" for kind, point in points]


def _data(kind: str) -> bytes:
    return IMPORTS[kind][0]()


@pytest.mark.parametrize(("kind", "point"), SERVICE_POINTS, ids=_ids(SERVICE_POINTS))
def test_failed_import_leaves_nothing(kind: str, point: FailurePoint, office_admin: User) -> None:
    _, setup, writes = IMPORTS[kind]
    setup()
    data = _data(kind)
    probe = check_nothing_remains(
        lambda: import_file(kind=kind, filename=f"{kind}.csv", data=data, actor=office_admin),
        point,
        writes,
    )
    if point == SqlWrite(Entity, "INSERT", nth=3):
        # The failure came after two batches of new rows were already in the table.
        assert probe.rows_before_failure is not None
        assert probe.rows_before_failure > EXISTING + 1


@pytest.mark.parametrize(("kind", "point"), COMMAND_POINTS, ids=_ids(COMMAND_POINTS))
def test_failed_import_command_leaves_nothing(
    kind: str, point: FailurePoint, tmp_path: Path
) -> None:
    _, setup, writes = IMPORTS[kind]
    setup()
    path = tmp_path / f"{kind}.csv"
    path.write_bytes(_data(kind))

    def run() -> None:
        call_command(
            "import", kind, str(path), "--no-progress", stdout=StringIO(), stderr=StringIO()
        )

    check_nothing_remains(run, point, writes)
    # The command wrote as the system account, once: the control run's entry only.
    assert AuditEntry.objects.get(action=f"{kind}.import").actor_name == SYSTEM.display_name


# ---------------------------------------------------------------- the holiday calendar

CALENDAR_POINTS: list[FailurePoint] = [
    SqlWrite(CalendarDay, "DELETE"),
    SqlWrite(CalendarDay, "INSERT"),
    SqlWrite(CalendarYear, "UPDATE"),  # the last write
    AuditWrite("calendar.update"),
]


@pytest.mark.parametrize("point", CALENDAR_POINTS, ids=[p.label for p in CALENDAR_POINTS])
def test_failed_calendar_entry_leaves_the_year_as_it_was(
    point: FailurePoint, office_admin: User
) -> None:
    assert CalendarDay.objects.filter(date__year=2026).count() > 2  # the packaged 2026

    def run() -> None:
        calendar_year_set(
            actor=office_admin,
            year=2026,
            rest_days=[(dt.date(2026, 1, 2), "元旦")],
            work_days=[(dt.date(2026, 1, 4), "元旦调休")],
            notice="国办发明电〔2025〕7号",
        )

    check_nothing_remains(run, point, {CalendarDay, CalendarYear, *AUDIT})
