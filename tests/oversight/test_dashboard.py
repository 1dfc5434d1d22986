"""统计分析: every figure against a hand-counted fixture, filters, last year, access, export.

The fixture (hand count in the comments):

- 2025, task A ``LC2025-SCJG-201`` (县市场监督管理局, publicized_task): 4 class-A entities in
  城关镇, all drawn, teams of two from 6 market officers; 4 results, one “2” (a problem) with
  an open 立案查处 follow-up due 2025-12-31; completed 2025-10-31 (Friday), publicized
  2025-11-14; the 20th working day after 10-31 is 11-28, so on time.
- 2025, task C: published joint task, market leads, 县卫生健康委 partners, a health item: 待实施.
- 2025, task D: market, 检查中; task E: market, 已终止; task G: market draft (not counted).
- 2024, task F: market, published: 待实施.
- Two class-D entities in 陶湾镇 added after the draw: in the directory, never drawn.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.db.models import Count
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from shuangsuiji.common.errors import PermissionDenied
from shuangsuiji.common.models import CalendarYear
from shuangsuiji.directory.access import SYSTEM
from shuangsuiji.directory.models import Department, InspectionItem, User
from shuangsuiji.inspections import services as inspection_services
from shuangsuiji.inspections.models import FollowUp
from shuangsuiji.oversight.statistics import Dashboard, compare, dashboard
from shuangsuiji.plans.models import Task, TaskState
from shuangsuiji.sampling.models import TeamMember

from ..directory.factories import EntityFactory
from ..disclosure.builders import Publicized, publicized_task
from ..sampling import builders as b

pytestmark = pytest.mark.django_db

AFTER_YEAR = dt.date(2026, 1, 15)  # the follow-up due 2025-12-31 is overdue by then
BEFORE_DUE = dt.date(2025, 12, 1)


@pytest.fixture(autouse=True)
def media_root(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = str(tmp_path / "media")


@dataclass
class World:
    a: Publicized
    c: Task
    item_a: InspectionItem
    item_c: InspectionItem
    market: Department
    health: Department


@pytest.fixture
def world(db: None) -> World:
    a = publicized_task()
    market, health = b.market(), b.health()
    item_c = b.item(department=health, name="游泳场（馆）许可及卫生管理检查")
    c = b.task([item_c], code="LC2025-LH-001", lead=market, partners=[health])
    d = b.task([b.item(name="事项D")], code="LC2025-SCJG-301")
    e = b.task([b.item(name="事项E")], code="LC2025-SCJG-302")
    Task.objects.filter(pk=d.pk).update(state=TaskState.IN_PROGRESS)
    Task.objects.filter(pk=e.pk).update(state=TaskState.TERMINATED)
    b.task([b.item(name="事项G")], code="LC2025-SCJG-303", publish=False)
    b.task([b.item(name="事项F", year=2024)], code="LC2024-SCJG-001", year=2024)
    for _ in range(2):
        EntityFactory(area=b.area("陶湾镇"), credit_risk="D")
    return World(a, c, a.task.items.get(), item_c, market, health)


def office_view(**kw: Any) -> Dashboard:
    kw.setdefault("as_of", AFTER_YEAR)
    return dashboard(actor=SYSTEM, **kw)


def values(d: Dashboard, figure: str, row: str | int = "total") -> dict[str, Any]:
    f = d.figure(figure)
    if row == "total":
        assert f.total is not None
        return f.total.values
    return f.row(row).values


def test_tasks_by_state_count_joint_tasks_for_lead_and_partner(world: World) -> None:
    d = office_view(year=2025)
    assert values(d, "tasks") == {
        "planned": 1,
        "running": 1,
        "done": 1,
        "terminated": 1,
        "total": 4,
    }
    assert values(d, "tasks", world.market.pk) == values(d, "tasks")
    assert values(d, "tasks", world.health.pk) == {
        "planned": 1,
        "running": 0,
        "done": 0,
        "terminated": 0,
        "total": 1,
    }
    # Only departments with tasks get a row.
    assert [r.key for r in d.figure("tasks").rows] == [str(world.market.pk), str(world.health.pk)]


def test_entities_drawn_and_inspected(world: World) -> None:
    d = office_view(year=2025)
    assert values(d, "entities") == {"drawn": 4, "inspected": 4, "inspected_rate": 1.0}
    assert values(d, "entities", world.market.pk)["drawn"] == 4
    assert values(d, "entities", world.health.pk) == {
        "drawn": 0,
        "inspected": 0,
        "inspected_rate": None,
    }


def test_problem_rate_and_categories(world: World) -> None:
    d = office_view(year=2025)
    assert values(d, "problems") == {"results": 4, "problems": 1, "problem_rate": 0.25}
    assert values(d, "problems", world.market.pk)["problem_rate"] == 0.25
    categories = d.figure("categories")
    assert [(r.key, r["results"]) for r in categories.rows] == [("1", 3), ("2", 1)]
    assert categories.row("2")["share"] == 0.25


def test_publication_within_twenty_working_days(world: World) -> None:
    d = office_view(year=2025)
    assert values(d, "publication") == {
        "completed": 1,
        "on_time": 1,
        "late": 0,
        "overdue": 0,
        "pending": 0,
        "unknown": 0,
        "on_time_rate": 1.0,
    }
    # Publicized on 2025-12-01, after the due date 2025-11-28: late.
    Task.objects.filter(pk=world.a.task.pk).update(publicized_on=dt.date(2025, 12, 1))
    assert values(office_view(year=2025), "publication")["late"] == 1
    # Not publicized: overdue after 11-28, pending up to it.
    Task.objects.filter(pk=world.a.task.pk).update(state=TaskState.COMPLETED, publicized_on=None)
    assert values(office_view(year=2025), "publication")["overdue"] == 1
    pending = values(office_view(year=2025, as_of=dt.date(2025, 11, 28)), "publication")
    assert pending["pending"] == 1 and pending["on_time_rate"] is None
    # A completion date in a year whose holidays nobody entered: counted, never guessed.
    CalendarYear.objects.filter(year=2025).delete()
    unknown = values(office_view(year=2025), "publication")
    assert unknown["unknown"] == 1 and unknown["overdue"] == 0


def test_follow_ups_closed_on_time(world: World) -> None:
    follow_up = FollowUp.objects.get(result=world.a.problem)
    assert values(office_view(year=2025), "follow_ups") == {
        "due": 1,
        "on_time": 0,
        "late": 0,
        "overdue": 1,
        "pending": 0,
        "on_time_rate": 0.0,
    }
    before = values(office_view(year=2025, as_of=BEFORE_DUE), "follow_ups")
    assert before["pending"] == 1 and before["on_time_rate"] is None
    inspection_services.follow_up_close(
        actor=world.a.admin,
        follow_up=follow_up,
        closure_note="已立案查处",
        closed_on=dt.date(2025, 12, 20),
    )
    closed = values(office_view(year=2025), "follow_ups")
    assert closed["on_time"] == 1 and closed["on_time_rate"] == 1.0
    FollowUp.objects.filter(pk=follow_up.pk).update(closed_on=dt.date(2026, 1, 5))
    assert values(office_view(year=2025), "follow_ups")["late"] == 1
    # Due in 2025, so nothing in 2026's figure.
    assert values(office_view(year=2026), "follow_ups")["due"] == 0


def test_coverage_by_credit_class_and_township(world: World) -> None:
    d = office_view(year=2025)
    assert values(d, "coverage_credit", "A") == {"entities": 4, "drawn": 4, "coverage": 1.0}
    assert values(d, "coverage_credit", "D") == {"entities": 2, "drawn": 0, "coverage": 0.0}
    assert values(d, "coverage_credit", "B")["coverage"] is None
    assert values(d, "coverage_credit")["drawn"] == 4
    assert values(d, "coverage_credit")["entities"] == 6
    chengguan, taowan = b.area("城关镇").pk, b.area("陶湾镇").pk
    assert values(d, "coverage_area", chengguan) == {"entities": 4, "drawn": 4, "coverage": 1.0}
    assert values(d, "coverage_area", taowan)["coverage"] == 0.0
    assert len(d.figure("coverage_area").rows) == 14


def test_inspector_workload(world: World) -> None:
    d = office_view(year=2025)
    summary = {r.key: r["value"] for r in d.figure("workload").rows}
    # 4 entities × 2 officers; 6 on-duty market officers, idle ones count 0.
    assert summary["assignments"] == 8
    assert summary["officers"] == 6
    per = {
        str(i): n
        for i, n in TeamMember.objects.filter(draw=world.a.draw, role="member")
        .values_list("inspector_id")
        .annotate(n=Count("id"))
    }
    top = d.figure("workload_top")
    assert {r.key: r["assignments"] for r in top.rows if r["assignments"]} == per
    counts = sorted(r["assignments"] for r in top.rows)
    assert summary["max"] == counts[-1] and summary["min"] == counts[0]
    assert summary["active"] == len(per)
    assert [r["assignments"] for r in top.rows] == sorted(counts, reverse=True)


def test_department_filter_keeps_only_that_department(world: World) -> None:
    d = office_view(year=2025, department_id=world.health.pk)
    assert [r.key for r in d.figure("tasks").rows] == [str(world.health.pk)]
    assert values(d, "tasks")["total"] == 1
    assert values(d, "entities")["drawn"] == 0
    assert values(d, "problems")["results"] == 0
    assert values(d, "follow_ups")["due"] == 0
    assert values(d, "coverage_credit")["drawn"] == 0
    assert {r.key: r["value"] for r in d.figure("workload").rows}["officers"] == 0
    m = office_view(year=2025, department_id=world.market.pk)
    assert values(m, "tasks")["total"] == 4
    assert values(m, "problems")["problems"] == 1
    assert values(m, "follow_ups")["due"] == 1


def test_item_filter(world: World) -> None:
    d = office_view(year=2025, item_id=world.item_a.pk)
    assert values(d, "tasks")["total"] == 1 and values(d, "tasks")["done"] == 1
    assert values(d, "entities")["inspected"] == 4
    assert values(d, "problems")["problems"] == 1
    assert values(d, "follow_ups")["due"] == 1
    c = office_view(year=2025, item_id=world.item_c.pk)
    assert values(c, "tasks") == {
        "planned": 1,
        "running": 0,
        "done": 0,
        "terminated": 0,
        "total": 1,
    }
    assert values(c, "problems")["results"] == 0 and values(c, "follow_ups")["due"] == 0


def test_year_filter_and_previous_year_side_by_side(world: World) -> None:
    previous = office_view(year=2024)
    assert values(previous, "tasks")["total"] == 1 and values(previous, "tasks")["planned"] == 1
    assert values(previous, "entities")["drawn"] == 0
    assert values(previous, "problems")["problem_rate"] is None
    current = office_view(year=2025)
    rows = compare(current.figure("tasks"), previous.figure("tasks"))
    market = next(r for r in rows if r.key == str(world.market.pk))
    assert market.current["total"] == 4 and market.previous["total"] == 1
    health = next(r for r in rows if r.key == str(world.health.pk))
    assert health.previous["total"] is None  # no 2024 row for health
    total = rows[-1]
    assert total.key == "total" and (total.current["total"], total.previous["total"]) == (4, 1)


def test_superseded_draws_do_not_count(world: World) -> None:
    from shuangsuiji.sampling.models import Draw

    Draw.objects.filter(pk=world.a.draw.pk).update(is_current=False)
    d = office_view(year=2025)
    assert values(d, "entities")["drawn"] == 0
    assert values(d, "problems")["results"] == 0
    assert values(d, "coverage_credit")["drawn"] == 0


# --- access ---------------------------------------------------------------------------------


def test_a_department_sees_only_its_own_figures(world: World, health_admin: User) -> None:
    d = dashboard(actor=health_admin, year=2025, as_of=AFTER_YEAR)
    assert d.department == world.health
    assert values(d, "tasks")["total"] == 1
    with pytest.raises(PermissionDenied):
        dashboard(actor=health_admin, year=2025, department_id=world.market.pk)
    with pytest.raises(PermissionDenied):
        dashboard(actor=health_admin, year=2025, item_id=world.item_a.pk)


def test_page_scopes_a_department_admin_whatever_the_query(
    world: World, health_admin: User, market_inspector: User
) -> None:
    c = Client()
    c.force_login(health_admin)
    url = reverse("dashboard:dashboard")
    r = c.get(url, {"year": 2025, "department": world.market.pk})
    assert r.status_code == 200
    assert r.context["current"].department == world.health
    assert "县市场监督管理局" not in r.content.decode().split("<h1>")[1].split("</table>")[0]
    x = c.get(reverse("dashboard:export"), {"year": 2025, "department": world.market.pk})
    book = load_workbook(io.BytesIO(x.content))
    assert book["抽查任务进度"]["A3"].value.count("县卫生健康委") == 1
    c.force_login(market_inspector)
    r = c.get(url, {"year": 2025})
    assert r.context["current"].department == world.market
    anonymous = Client().get(url)
    assert anonymous.status_code == 302


# --- page and export ------------------------------------------------------------------------


def test_page_renders_charts_with_the_vendored_echarts(world: World, office_admin: User) -> None:
    c = Client()
    c.force_login(office_admin)
    r = c.get(reverse("dashboard:dashboard"), {"year": 2025})
    assert r.status_code == 200
    html = r.content.decode()
    assert "vendor/echarts/echarts.min.js" in html and "js/dashboard.js" in html
    assert "cdn" not in html.lower()
    assert 'id="chart-tasks"' in html and 'id="dashboard-data"' in html
    for title in ("抽查任务进度", "问题发现率", "结果20个工作日内公示", "按乡镇的抽查覆盖率"):
        assert title in html
    assert "25.0%" in html  # problem rate
    charts = {c["key"]: c for c in r.context["charts"]}
    tasks = charts["tasks"]
    assert tasks["categories"] == ["市场监管", "卫健"]
    done = next(s for s in tasks["series"] if s["name"] == "已完成（2025年）")
    assert done["data"][0] == 1
    assert charts["problems"]["percent"] is True
    assert next(s for s in charts["problems"]["series"] if s["current"])["data"][0] == 25.0


def test_export_has_every_figure_with_last_year_beside(world: World, office_admin: User) -> None:
    c = Client()
    c.force_login(office_admin)
    r = c.get(reverse("dashboard:export"), {"year": 2025})
    assert r.status_code == 200
    assert r["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(io.BytesIO(r.content))
    assert book.sheetnames[:3] == ["抽查任务进度", "抽中与已检查对象", "问题发现率"]
    assert len(book.sheetnames) == 11 and "问责免责审查" in book.sheetnames  # no "/" in a sheet
    tasks = book["抽查任务进度"]
    header = [cell.value for cell in tasks[5]]
    assert header[:3] == ["部门", "待实施（2025年）", "待实施（2024年）"]
    rows = {row[0]: row for row in tasks.iter_rows(min_row=6, values_only=True)}
    market = rows["市场监管"]
    assert market[header.index("合计（2025年）")] == 4
    assert market[header.index("合计（2024年）")] == 1
    assert rows["合计"][header.index("合计（2025年）")] == 4
    problems = book["问题发现率"]
    header = [cell.value for cell in problems[5]]
    total = next(r for r in problems.iter_rows(min_row=6, values_only=True) if r[0] == "合计")
    assert total[header.index("问题发现率（2025年）")] == 0.25
    assert problems.cell(row=6, column=header.index("问题发现率（2025年）") + 1).number_format == (
        "0.0%"
    )
    one = c.get(reverse("dashboard:export"), {"year": 2025, "figure": "coverage_area"})
    assert load_workbook(io.BytesIO(one.content)).sheetnames == ["按乡镇的抽查覆盖率"]
    assert c.get(reverse("dashboard:export"), {"figure": "nope"}).status_code == 404
