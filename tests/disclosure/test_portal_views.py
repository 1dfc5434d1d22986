"""The public portal at /public/: every page without login, its filters, 404s, the record."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
import time_machine
from django.test import Client

from shuangsuiji.directory.models import User
from shuangsuiji.disclosure import selectors
from shuangsuiji.disclosure.views_public import draws as draw_views
from shuangsuiji.plans import planning
from shuangsuiji.plans import services as plan_services
from shuangsuiji.sampling import services as sampling_services
from shuangsuiji.sampling.models import Freeze
from shuangsuiji.sampling.record import verify_record

from ..sampling import builders as b
from .builders import PUBLICIZED_ON, Publicized, completed_task

pytestmark = pytest.mark.django_db


def get(client: Client, url: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    return response.content.decode()


def task_row(html: str, code: str) -> str:
    """The /public/tasks/ row of one task."""
    rows = [r for r in re.findall(r"<tr>(.*?)</tr>", html, re.S) if f"/public/tasks/{code}/" in r]
    assert len(rows) == 1, code
    return rows[0]


def pub_status(html: str) -> tuple[str, str | None]:
    """(label, due date) of the single publication badge in the fragment."""
    found = re.findall(
        r'<span class="pub-status pub-status-\w+">(.*?)</span>'
        r'(?: <span class="small muted nowrap">应于 (\d{4}-\d{2}-\d{2}) 前公示</span>)?',
        html,
        re.S,
    )
    assert len(found) == 1, found
    label, due = found[0]
    return label, due or None


def on(day: str) -> dt.datetime:
    """10:00 in Luanchuan on the day."""
    return dt.datetime.fromisoformat(f"{day}T10:00:00+08:00")


# The shared fixture completes on Friday 2025-10-31. November 2025 has no holiday, so the 20
# working days are 11-03 … 11-28 (four full weeks): due 2025-11-28; publicized 11-14, on time.
DUE_2025 = "2025-11-28"


def announcement_table(html: str) -> str:
    """The body of the page's result announcement table (empty when there is none)."""
    match = re.search(r'<table class="data compact announcements">(.*?)</table>', html, re.S)
    return match.group(1) if match else ""


def test_every_page_renders_without_login_with_the_public_header(
    client: Client, publicized: Publicized
) -> None:
    task, draw = publicized.task, publicized.draw
    entity = publicized.results[0].entity
    pages = {
        "/public/": "最新抽查任务",
        "/public/items/": "抽查比例及频次",
        "/public/plans/": "年度抽查计划",
        "/public/tasks/": task.name,
        f"/public/tasks/{task.code}/": "抽查结果公告",
        f"/public/draws/{task.code}/{draw.number}/": draw.freeze.commitment,
        "/public/verify/": "shuangsuiji verify-draw",
        "/public/results/": entity.uscc,
        f"/public/firms/?q={entity.uscc}": entity.name,
        f"/public/firms/{entity.uscc}/": task.name,
    }
    for url, expected in pages.items():
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert expected in html, url
        assert "栾川县“双随机、一公开”信息公示" in html
        assert "检查工作台" not in html and "退出登录" not in html  # no staff navigation
        assert response["Cache-Control"] in {"public, max-age=60", "max-age=60, public"}


def test_index_search_box_goes_to_the_firm_search(client: Client, publicized: Publicized) -> None:
    html = get(client, "/public/")
    assert 'action="/public/firms/"' in html and 'name="q"' in html
    assert publicized.task.name in html


def test_items_filter_by_department_and_year(client: Client, db: None) -> None:
    b.item(name="营业执照规范使用检查", year=2025)
    b.item(name="卫生许可检查", department=b.health(), year=2025, ratio_cap=None, category="key")
    b.item(name="次年事项检查", year=2026)
    b.item(name="草稿事项-勿公开", state="draft")
    everything = get(client, "/public/items/")
    assert "营业执照规范使用检查" in everything and "草稿事项-勿公开" not in everything
    market = get(client, f"/public/items/?department={b.market().code}")
    assert "营业执照规范使用检查" in market and "卫生许可检查" not in market
    year = get(client, "/public/items/?year=2026")
    assert "次年事项检查" in year and "营业执照规范使用检查" not in year
    assert "不超过 50%" in market
    assert "次年事项检查" in get(client, "/public/items/?year=abc")  # a bad year filters nothing


def test_plans_show_each_published_version_and_never_a_draft(
    client: Client, office_admin: User
) -> None:
    item = b.item()
    plan = planning.plan_create(actor=office_admin, year=2025, title="栾川县2025年抽查计划")
    planning.plan_task_add(
        actor=office_admin,
        plan=plan,
        code="LC2025-SCJG-301",
        name="计划内任务",
        lead_department=b.market(),
        partner_departments=[b.health()],
        items=[item],
        window_start=b.WINDOW[0],
        window_end=b.WINDOW[1],
    )
    planning.plan_create(actor=office_admin, year=2026, title="草稿计划-勿公开")
    assert "栾川县2025年抽查计划" not in get(client, "/public/plans/")
    planning.plan_approve(actor=office_admin, plan=plan)
    planning.plan_publish(actor=office_admin, plan=plan)
    html = get(client, "/public/plans/")
    assert "栾川县2025年抽查计划" in html and "计划内任务" in html and "县卫生健康委" in html
    assert "草稿计划-勿公开" not in html
    assert 'href="/public/tasks/LC2025-SCJG-301/"' in html


def test_tasks_filter_by_year_department_and_state_with_the_publication_badge(
    client: Client, publicized: Publicized, time_machine: time_machine.TimeMachineFixture
) -> None:
    completed = completed_task(code="LC2025-SCJG-202")
    b.task(
        [b.item(name="草稿任务事项")], code="LC2025-SCJG-203", name="草稿任务-勿公开", publish=False
    )
    time_machine.move_to(on("2026-03-02"), tick=False)
    html = get(client, "/public/tasks/")
    assert publicized.task.code in html and completed.task.code in html
    assert "草稿任务-勿公开" not in html
    assert pub_status(task_row(html, publicized.task.code)) == ("按时公示", DUE_2025)
    # Working days in (2025-11-28, 2026-03-02]: December 23; January 21 (01-01…03 off, Sunday
    # 01-04 worked); February 16 (20 weekdays, 02-16…20 and 02-23 off, Saturdays 02-14 and
    # 02-28 worked); March 1 (Monday 03-02): 61.
    assert pub_status(task_row(html, completed.task.code)) == ("已逾期 61 个工作日", DUE_2025)
    only_done = get(client, "/public/tasks/?state=completed")
    assert completed.task.code in only_done and publicized.task.code not in only_done
    assert publicized.task.code not in get(client, "/public/tasks/?year=2026")
    dept = get(client, f"/public/tasks/?department={b.health().code}")
    assert publicized.task.code not in dept
    assert publicized.task.code in get(client, "/public/tasks/?state=draft")  # ignored


def test_task_page_shows_the_commitment_from_freeze_time_then_the_draws(
    client: Client, office_admin: User
) -> None:
    b.entities(6, area=b.area("城关镇"))
    b.officers(4, area=b.area("城关镇"))
    task = b.task([b.item()], code="LC2025-SCJG-401", name="承诺值公示任务")
    b.configure(task, ratio_a_bp=5_000, team_size=2)
    assert "尚未进行随机抽取" in get(client, f"/public/tasks/{task.code}/")

    freeze = sampling_services.draw_freeze(task=task, actor=office_admin)
    html = get(client, f"/public/tasks/{task.code}/")
    assert freeze.commitment in html and "尚未抽取" in html
    assert freeze.secret not in html  # the secret is revealed only with the draw

    first = sampling_services.draw_run(
        task=task,
        witness_entropy=b.WITNESS,
        witness_source="体彩",
        witness_name="王见证",
        actor=office_admin,
    )
    task.refresh_from_db()
    sampling_services.draw_redraw(task=task, reason="见证人未到场-重新抽取", actor=office_admin)
    second = Freeze.objects.filter(task=task).order_by("-number").first()
    assert second is not None
    html = get(client, f"/public/tasks/{task.code}/")
    assert second.commitment in html and second.secret not in html
    assert "已被重新抽取替代" in html and f"/public/draws/{task.code}/{first.number}/" in html
    old = get(client, f"/public/draws/{task.code}/{first.number}/")
    assert "已被重新抽取替代" in old and freeze.secret in old


def test_draw_page_names_the_firms_and_teams_and_its_record_verifies(
    client: Client, publicized: Publicized
) -> None:
    task, draw = publicized.task, publicized.draw
    html = get(client, f"/public/draws/{task.code}/{draw.number}/")
    record = draw.record
    for value in (draw.freeze.commitment, draw.seed, record["secret"], draw.witness_entropy):
        assert value in html
    for result in publicized.results:
        assert result.entity.name in html and result.entity.uscc in html
    assert f"/public/draws/{task.code}/{draw.number}/record.json" in html

    response = client.get(f"/public/draws/{task.code}/{draw.number}/record.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment")
    assert quote(f"抽取记录-{task.code}-{draw.number}.json") in disposition  # RFC 5987 filename*
    data = json.loads(response.content)
    assert data["draw_id"] == draw.public_id and data["kind"] == "public"
    assert "matching_private" not in data
    verification = verify_record(data)
    assert verification.ok, verification.problems


def test_draw_page_shows_team_names_and_certificate_numbers_but_no_phone(
    client: Client, publicized: Publicized
) -> None:
    from shuangsuiji.sampling.models import TeamMember

    member = TeamMember.objects.filter(draw=publicized.draw).select_related("inspector").first()
    assert member is not None
    html = get(client, f"/public/draws/{publicized.task.code}/{publicized.draw.number}/")
    assert member.inspector.name in html and member.inspector.certificate_no in html
    assert member.inspector.phone and member.inspector.phone not in html


def test_results_table_shows_exactly_the_announcements(
    client: Client, publicized: Publicized
) -> None:
    other = completed_task(code="LC2025-SCJG-202", n_entities=1)
    plan_services.task_publicize(actor=other.admin, task=other.task, on=PUBLICIZED_ON)
    results = [*publicized.results, *other.results]
    # The fixture's task draws its four firms; the other (a key item, 100 %) draws every firm
    # in the directory, those four and its own one.
    assert len(results) == 4 + 5
    table = announcement_table(get(client, "/public/results/"))
    assert table.count("<tr>") - 1 == 9  # one header row
    for result in results:
        assert f'href="/public/firms/{result.entity.uscc}/"' in table
    # Each task's first firm has category 2, the others 1.
    texts = re.findall(r'<td data-label="检查结果">\s*(.*?)\s*</td>', table, re.S)
    assert sorted(texts) == sorted(["违反市场监管相关规定"] * 2 + ["未发现问题"] * 7)
    for _, label in selectors.ANNOUNCEMENT_COLUMNS:
        assert f"<th>{label}</th>" in table

    by_task = announcement_table(get(client, f"/public/results/?task={other.task.code}"))
    assert by_task.count("<tr>") - 1 == 5
    assert f'href="/public/tasks/{publicized.task.code}/"' not in by_task
    later = announcement_table(get(client, "/public/results/?since=2025-11-01"))
    assert "暂无公示的抽查结果" in later
    dept = announcement_table(get(client, f"/public/results/?department={b.health().code}"))
    assert "暂无公示的抽查结果" in dept


def test_task_page_has_results_only_once_publicized(
    client: Client, db: None, time_machine: time_machine.TimeMachineFixture
) -> None:
    p = completed_task()
    time_machine.move_to(on("2025-11-20"), tick=False)
    html = get(client, f"/public/tasks/{p.task.code}/")
    assert not announcement_table(html)
    # (11-20, 11-28]: 11-21, 11-24 … 11-28.
    assert pub_status(html) == ("待公示（剩 6 个工作日）", DUE_2025)
    plan_services.task_publicize(actor=p.admin, task=p.task, on=PUBLICIZED_ON)
    html = get(client, f"/public/tasks/{p.task.code}/")
    assert announcement_table(html).count("<tr>") - 1 == len(p.results)
    assert pub_status(html) == ("按时公示", DUE_2025)


# Completed on Friday 2026-09-18 (2026 holiday notice): 09-20 (Sunday) is worked, 中秋 09-25…27
# and 国庆 10-01…07 are off, 10-10 (Saturday) is worked. Working days: 09-20, 21, 22, 23, 24, 28,
# 29, 30 (8), 10-08, 09, 10 (11), 10-12 … 16 (16), 10-19 … 22 (20): due 2026-10-22.
DUE_2026 = "2026-10-22"


@pytest.mark.parametrize(
    ("today", "label"),
    [
        ("2026-09-30", "待公示（剩 12 个工作日）"),  # 10-08, 09, 10, 12 … 16, 19 … 22
        ("2026-10-09", "待公示（剩 10 个工作日）"),  # 10-10, 12 … 16, 19 … 22
        ("2026-10-22", "待公示（剩 0 个工作日）"),  # the due day itself is not late
        ("2026-10-23", "已逾期 1 个工作日"),
        ("2026-10-26", "已逾期 2 个工作日"),  # 10-23 and Monday 10-26
    ],
)
def test_publication_countdown_across_the_national_day_holidays(
    client: Client, db: None, time_machine: time_machine.TimeMachineFixture, today: str, label: str
) -> None:
    p = completed_task(completed_on=dt.date(2026, 9, 18))
    time_machine.move_to(on(today), tick=False)
    assert pub_status(get(client, f"/public/tasks/{p.task.code}/")) == (label, DUE_2026)
    assert pub_status(task_row(get(client, "/public/tasks/"), p.task.code)) == (label, DUE_2026)


@pytest.mark.parametrize(
    ("publicized_on", "label"),
    [(dt.date(2026, 10, 22), "按时公示"), (dt.date(2026, 10, 23), "逾期公示")],
)
def test_publicized_on_the_due_day_is_on_time_and_a_day_later_is_late(
    client: Client, db: None, publicized_on: dt.date, label: str
) -> None:
    p = completed_task(completed_on=dt.date(2026, 9, 18))
    plan_services.task_publicize(actor=p.admin, task=p.task, on=publicized_on)
    assert pub_status(get(client, f"/public/tasks/{p.task.code}/")) == (label, DUE_2026)


def test_firm_search_by_code_and_name_then_history(client: Client, publicized: Publicized) -> None:
    entity = publicized.problem.entity
    by_code = get(client, f"/public/firms/?q={entity.uscc}")
    assert f'href="/public/firms/{entity.uscc}/"' in by_code
    by_name = get(client, f"/public/firms/?q={quote(entity.name[:6])}")
    assert entity.uscc in by_name
    assert "请至少输入 2 个字" in get(client, "/public/firms/?q=x")
    assert "没有找到" in get(client, "/public/firms/?q=不存在的企业名称")

    html = get(client, f"/public/firms/{entity.uscc}/")
    draw = publicized.draw
    assert f'href="/public/draws/{publicized.task.code}/{draw.number}/"' in html
    table = announcement_table(html)
    assert table.count("<tr>") - 1 == 1 and "违反市场监管相关规定" in table


@pytest.mark.parametrize(
    "url",
    [
        "/public/tasks/LC2099-NONE-001/",
        "/public/draws/LC2099-NONE-001/1/",
        "/public/draws/LC2099-NONE-001/1/record.json",
        "/public/firms/91410324MA00000000/",
    ],
)
def test_unknown_codes_are_404_on_the_public_404_page(client: Client, url: str, db: None) -> None:
    html = get(client, url, status=404)
    assert "未找到（404）" in html and "栾川县“双随机、一公开”信息公示" in html


def test_draft_task_and_its_draws_are_404(client: Client, db: None) -> None:
    task = b.task([b.item()], code="LC2025-SCJG-501", name="草稿任务", publish=False)
    get(client, f"/public/tasks/{task.code}/", status=404)


def test_the_algorithm_spec_is_served_as_markdown_or_404(
    client: Client, db: None, monkeypatch: Any, tmp_path: Path
) -> None:
    response = client.get("/public/verify/draw-algorithm.md")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/markdown; charset=utf-8"
    assert "ssj-draw/1" in response.content.decode()
    assert 'href="/public/verify/draw-algorithm.md"' in get(client, "/public/verify/")
    monkeypatch.setattr(draw_views, "spec_path", lambda: tmp_path / "missing.md")
    get(client, "/public/verify/draw-algorithm.md", status=404)


def test_portal_pages_refuse_post(client: Client, db: None) -> None:
    assert client.post("/public/").status_code == 405
