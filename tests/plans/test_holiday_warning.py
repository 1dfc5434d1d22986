"""From 1 November the office is warned, on its home page and by ``remind``, while next year's
holidays are not entered (chinese-calendar ships up to 2026, so 2027 is absent here)."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from time_machine import TimeMachineFixture

from shuangsuiji.common.calendar import calendar_year_set
from shuangsuiji.common.models import CalendarYear
from shuangsuiji.directory.models import Department, User
from shuangsuiji.plans import hooks, reminders
from shuangsuiji.plans.models import Message

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")
WARNING = "2027年的法定节假日和调休安排尚未录入"


@pytest.fixture(autouse=True)
def plans_sources_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """Only plans' own sources: later stages' (追责 escalations) are tested in their apps."""
    own = [s for s in hooks._REMINDER_SOURCES if s.__module__.startswith("shuangsuiji.plans")]
    monkeypatch.setattr(hooks, "_REMINDER_SOURCES", own)


def at(time_machine: TimeMachineFixture, day: dt.date) -> None:
    time_machine.move_to(dt.datetime.combine(day, dt.time(10), SHANGHAI), tick=True)


def home(client: Client, user: User) -> str:
    client.force_login(user)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    return response.content.decode()


def enter_2027(actor: User) -> None:
    calendar_year_set(
        actor=actor, year=2027, rest_days=[], work_days=[], notice="国办发明电〔2026〕测试号"
    )


def test_2027_is_absent_from_the_shipped_calendar() -> None:
    assert CalendarYear.objects.filter(year=2026).exists()
    assert not CalendarYear.objects.filter(year=2027).exists()


def test_office_home_warns_from_1_november_until_next_year_is_entered(
    client: Client, office_admin: User, time_machine: TimeMachineFixture
) -> None:
    at(time_machine, dt.date(2026, 10, 31))
    assert WARNING not in home(client, office_admin)
    at(time_machine, dt.date(2026, 11, 1))
    html = home(client, office_admin)
    assert WARNING in html and f'href="{reverse("calendar_years")}"' in html
    enter_2027(office_admin)
    assert WARNING not in home(client, office_admin)


def test_office_home_warns_about_this_year_too_when_it_is_missing(
    client: Client, office_admin: User, time_machine: TimeMachineFixture
) -> None:
    at(time_machine, dt.date(2027, 1, 4))
    assert WARNING in home(client, office_admin)


def test_a_department_admin_is_not_warned(
    client: Client, market_admin: User, time_machine: TimeMachineFixture
) -> None:
    at(time_machine, dt.date(2026, 11, 1))
    assert WARNING not in home(client, market_admin)


def test_remind_warns_the_office_once_a_day_from_1_november(
    office: Department, office_admin: User
) -> None:
    assert reminders.remind_send(day=dt.date(2026, 10, 31)) == []
    (sent,) = reminders.remind_send(day=dt.date(2026, 11, 1))
    assert (sent.subject, sent.kind, sent.department_id, sent.user_id) == (
        "calendar:2027",
        "calendar",
        office.pk,
        None,
    )
    assert WARNING in sent.text and sent.link == reverse("calendar_years")
    assert reminders.message_unread_count(user=office_admin) == 1
    assert reminders.remind_send(day=dt.date(2026, 11, 1)) == []
    (again,) = reminders.remind_send(day=dt.date(2026, 11, 2))
    assert again.subject == "calendar:2027"
    assert Message.objects.filter(subject="calendar:2027").count() == 2
    enter_2027(office_admin)
    assert reminders.remind_send(day=dt.date(2026, 11, 3)) == []


def test_remind_command_without_a_date_uses_today(
    office: Department, time_machine: TimeMachineFixture
) -> None:
    at(time_machine, dt.date(2026, 11, 20))
    out = StringIO()
    call_command("remind", stdout=out)
    assert WARNING in out.getvalue() and "共发送 1 条提醒" in out.getvalue()
    assert Message.objects.get().sent_on == dt.date(2026, 11, 20)
