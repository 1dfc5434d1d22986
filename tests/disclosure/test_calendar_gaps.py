"""A new year whose holidays the office has not entered breaks no page, API call or export.

On Monday 2027-01-04, with 2027 absent from the working-day calendar (chinese-calendar ships up
to 2026), two completed tasks of the market department:

- A, completed Monday 2026-11-02. November and December 2026 have no holiday or make-up day,
  so its 20th working day is counted by hand: 11-03..06 → 4, 09..13 → 9, 16..20 → 14,
  23..27 → 19, 30 → 20: due Monday 2026-11-30, known without 2027. It is overdue, but the
  number of working days late runs into 2027 and cannot be counted.
- B, completed Monday 2026-12-14: 12-15..18 → 4, 21..25 → 9, 28..31 → 13, and the rest lies in
  2027, so its due date cannot be computed at all: "无法计算：2027年节假日未录入".

Once the office enters 2027 (元旦 Friday 2027-01-01 a rest day, nothing else), by hand:
A is late by 12-01..04 → 4, 07..11 → 9, 14..18 → 14, 21..25 → 19, 28..31 → 23, 01-04 → 24
working days; B is due on 01-04..08 → 18, 11 → 19, 12 → 20: Tuesday 2027-01-12, with
01-05..08 and 01-11, 12 = 6 working days left.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from time_machine import TimeMachineFixture

from shuangsuiji.common.calendar import calendar_year_set
from shuangsuiji.common.models import CalendarYear
from shuangsuiji.directory.models import User
from shuangsuiji.oversight import flags
from shuangsuiji.oversight.statistics import dashboard
from shuangsuiji.plans import services as plan_services
from shuangsuiji.plans.models import Task, TaskState

from .builders import completed_task

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")
GAP = "无法计算：2027年节假日未录入"
A_OVERDUE = f"已逾期（工作日数{GAP}）"


def at(time_machine: TimeMachineFixture, day: dt.date) -> None:
    time_machine.move_to(dt.datetime.combine(day, dt.time(10), SHANGHAI), tick=True)


@dataclass
class Pair:
    a: Task  # due 2026-11-30, overdue
    b: Task  # due in 2027


@pytest.fixture
def pair(time_machine: TimeMachineFixture) -> Pair:
    at(time_machine, dt.date(2027, 1, 4))
    assert not CalendarYear.objects.filter(year=2027).exists()
    a = completed_task(code="LC2025-SCJG-801", n_entities=2, completed_on=dt.date(2026, 11, 2))
    b = completed_task(code="LC2025-SCJG-802", n_entities=2, completed_on=dt.date(2026, 12, 14))
    return Pair(a.task, b.task)


def enter_2027(actor: User) -> None:
    calendar_year_set(
        actor=actor,
        year=2027,
        rest_days=[(dt.date(2027, 1, 1), "元旦")],
        work_days=[],
        notice="国办发明电〔2026〕测试号",
    )


def status_span(code: str, label: str) -> str:
    return f'<span class="pub-status pub-status-{code}">{label}</span>'


def page(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_public_task_list_and_pages_answer_with_the_missing_year(
    pair: Pair, client: Client, office_admin: User
) -> None:
    html = page(client, reverse("public:tasks"))
    assert status_span("unknown", GAP) in html
    assert status_span("overdue", A_OVERDUE) in html
    assert "应于 2026-11-30 前公示" in html
    b_page = page(client, reverse("public:task", args=[pair.b.code]))
    assert status_span("unknown", GAP) in b_page
    a_page = page(client, reverse("public:task", args=[pair.a.code]))
    assert status_span("overdue", A_OVERDUE) in a_page
    # Public pages show the text only, even to the office signed in.
    client.force_login(office_admin)
    assert "calendar-gap-link" not in page(client, reverse("public:tasks"))


def test_public_api_names_the_missing_year_in_a_stable_field(pair: Pair, client: Client) -> None:
    listed = client.get("/api/v1/tasks", {"page_size": 200})
    assert listed.status_code == 200
    assert {pair.a.code, pair.b.code} <= {t["code"] for t in listed.json()["items"]}
    b = client.get(f"/api/v1/tasks/{pair.b.code}")
    assert b.status_code == 200
    assert b.json()["publication"] == {
        "code": "unknown",
        "label": GAP,
        "due": None,
        "calendar_missing": 2027,
    }
    a = client.get(f"/api/v1/tasks/{pair.a.code}").json()["publication"]
    assert a == {
        "code": "overdue",
        "label": A_OVERDUE,
        "due": "2026-11-30",
        "calendar_missing": 2027,
    }
    assert client.get("/api/v1/results").status_code == 200


def test_results_export_and_staff_api_answer(
    pair: Pair, client: Client, office_admin: User
) -> None:
    for task in (pair.a, pair.b):
        plan_services.task_publicize(actor=office_admin, task=task, on=dt.date(2027, 1, 4))
    client.force_login(office_admin)
    export = client.get(reverse("disclosure:result_export"), {"format": "json", "download": "1"})
    assert export.status_code == 200
    rows = json.loads(b"".join(export.streaming_content) if export.streaming else export.content)
    assert {r["task_code"] for r in rows} == {pair.a.code, pair.b.code}
    assert client.get("/api/v1/staff/tasks").status_code == 200
    # Publicized now, the due date of B is still unknown, and A's verdict needs no 2027.
    html = page(client, reverse("public:tasks"))
    assert status_span("unknown", GAP) in html
    assert status_span("late", "逾期公示") in html


def test_staff_task_page_links_the_office_to_the_calendar_page(
    pair: Pair, client: Client, office_admin: User, market_admin: User
) -> None:
    url = reverse("plans:task_detail", args=[pair.b.pk])
    client.force_login(office_admin)
    html = page(client, url)
    assert GAP in html and 'class="calendar-gap-link" href="/calendar/"' in html
    assert 'class="calendar-gap-link"' in page(
        client, reverse("plans:task_detail", args=[pair.a.pk])
    )
    client.force_login(market_admin)
    html = page(client, url)
    assert GAP in html and "calendar-gap-link" not in html


def test_dashboard_counts_the_unknown_due_date_and_says_why(
    pair: Pair, client: Client, office_admin: User
) -> None:
    year = pair.a.year
    figure = dashboard(actor=office_admin, year=year).figure("publication")
    assert figure.total is not None
    counts = {k: figure.total.values[k] for k in ("unknown", "overdue", "pending", "on_time")}
    assert counts == {"unknown": 1, "overdue": 1, "pending": 0, "on_time": 0}
    client.force_login(office_admin)
    html = page(client, f"{reverse('dashboard:dashboard')}?year={year}")
    assert f"应公示日期{GAP}" in html and 'class="calendar-gap-link"' in html


def test_flags_page_ages_the_overdue_task_as_not_computable(
    pair: Pair, client: Client, office_admin: User
) -> None:
    found = flags.flag_list(actor=office_admin, kind="publication")
    assert [(f.subject, f.since, f.age, f.calendar_missing) for f in found] == [
        (f"task:{pair.a.pk}:publication", dt.date(2026, 11, 30), None, 2027)
    ]
    assert found[0].age_text == GAP
    client.force_login(office_admin)
    html = page(client, reverse("duty:flags"))
    assert GAP in html and 'class="calendar-gap-link"' in html
    assert client.get(reverse("duty:flags_xlsx")).status_code == 200


def test_duty_record_shows_both_statuses(pair: Pair, client: Client, office_admin: User) -> None:
    client.force_login(office_admin)
    url = reverse("duty:department", args=[pair.a.lead_department_id])
    html = page(client, f"{url}?year={pair.a.year}")
    assert f">{GAP}" in html and A_OVERDUE in html and 'class="calendar-gap-link"' in html


def test_once_2027_is_entered_every_status_computes(
    pair: Pair, client: Client, office_admin: User
) -> None:
    enter_2027(office_admin)
    html = page(client, reverse("public:tasks"))
    assert "无法计算" not in html
    assert status_span("overdue", "已逾期 24 个工作日") in html
    assert status_span("due", "待公示（剩 6 个工作日）") in html
    assert client.get(f"/api/v1/tasks/{pair.b.code}").json()["publication"] == {
        "code": "due",
        "label": "待公示（剩 6 个工作日）",
        "due": "2027-01-12",
        "calendar_missing": None,
    }
    (flag,) = flags.flag_list(actor=office_admin, kind="publication")
    assert (flag.age, flag.age_text) == (24, "24 个工作日")
    figure = dashboard(actor=office_admin, year=pair.a.year).figure("publication")
    assert figure.total is not None and figure.gaps == []
    assert (figure.total.values["unknown"], figure.total.values["pending"]) == (0, 1)


def test_on_the_due_day_and_the_day_after(
    pair: Pair, client: Client, office_admin: User, time_machine: TimeMachineFixture
) -> None:
    enter_2027(office_admin)
    at(time_machine, dt.date(2027, 1, 12))
    b_page = page(client, reverse("public:task", args=[pair.b.code]))
    assert status_span("due", "待公示（剩 0 个工作日）") in b_page
    at(time_machine, dt.date(2027, 1, 13))
    b_page = page(client, reverse("public:task", args=[pair.b.code]))
    assert status_span("overdue", "已逾期 1 个工作日") in b_page


def test_due_on_the_last_working_day_of_a_year_needs_no_next_year(
    client: Client, office_admin: User, time_machine: TimeMachineFixture
) -> None:
    # Completed Thursday 2026-12-03: 12-04 → 1, 07..11 → 6, 14..18 → 11, 21..25 → 16,
    # 28..31 → 20: due Thursday 2026-12-31, the year's last working day.
    at(time_machine, dt.date(2026, 12, 31))
    task = completed_task(code="LC2025-SCJG-803", n_entities=2, completed_on=dt.date(2026, 12, 3))
    url = reverse("public:task", args=[task.task.code])
    assert status_span("due", "待公示（剩 0 个工作日）") in page(client, url)
    at(time_machine, dt.date(2027, 1, 4))
    assert status_span("overdue", A_OVERDUE) in page(client, url)
    enter_2027(office_admin)  # 01-01 is 元旦: 01-04 is the first working day late
    assert status_span("overdue", "已逾期 1 个工作日") in page(client, url)


def test_the_demo_portal_answers_on_2027_01_04_with_the_missing_year(
    client: Client, time_machine: TimeMachineFixture
) -> None:
    at(time_machine, dt.date(2027, 1, 4))
    args = ["--entities", "800", "--inspectors", "100", "--experts", "5", "--conflicts", "5"]
    call_command("demo", *args, stdout=io.StringIO())
    # The demo's 已完成 task was completed in 2025 and never publicized: overdue, by a count
    # of working days that runs into 2027.
    (completed,) = Task.objects.filter(state=TaskState.COMPLETED)
    html = page(client, reverse("public:tasks"))
    assert status_span("overdue", A_OVERDUE) in html
    assert status_span("overdue", A_OVERDUE) in page(
        client, reverse("public:task", args=[completed.code])
    )
    codes = list(Task.objects.exclude(state=TaskState.DRAFT).values_list("code", flat=True))
    assert len(codes) >= 4
    for code in codes:
        page(client, reverse("public:task", args=[code]))
        assert client.get(f"/api/v1/tasks/{code}").status_code == 200
