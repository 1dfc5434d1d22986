"""追责 flags: each kind appears exactly when its rule holds, with owner and age; scope; page,
export and the daily escalation (oversight.flags)."""

from __future__ import annotations

import datetime as dt
import io
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from shuangsuiji.directory.models import User
from shuangsuiji.inspections import services
from shuangsuiji.inspections.models import FollowUp
from shuangsuiji.oversight import flags
from shuangsuiji.plans import services as plan_services
from shuangsuiji.plans.models import Message, Task
from shuangsuiji.plans.reminders import remind_send

from ..disclosure.builders import COMPLETED_ON, completed_task, publicized_task
from ..inspections.builders import drawn_task

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")

# completed_task: window 2025-04-01..2025-10-31, completed 2025-10-31; 20 working days → 11-28.
PUBLICATION_DUE = dt.date(2025, 11, 28)


def kinds(found: list[flags.Flag], kind: str) -> list[flags.Flag]:
    return [f for f in found if f.kind == kind]


def test_not_executed_flags_an_unfinished_task_after_its_window(office_admin: User) -> None:
    drawn = drawn_task(window=(dt.date(2025, 4, 1), dt.date(2025, 6, 30)), n_entities=2)
    on_last_day = flags.flag_list(actor=office_admin, day=dt.date(2025, 6, 30))
    assert kinds(on_last_day, "not_executed") == []

    found = kinds(flags.flag_list(actor=office_admin, day=dt.date(2025, 7, 15)), "not_executed")
    assert len(found) == 1
    flag = found[0]
    assert flag.department == drawn.task.lead_department
    assert flag.age == 11  # working days 07-01 … 07-15
    assert flag.since == dt.date(2025, 6, 30)
    assert drawn.task.code in flag.object_label
    assert flag.link == reverse("plans:task_detail", args=[drawn.task.pk])
    assert "尚未完成" in flag.explanation

    plan_services.task_terminate(actor=office_admin, task=drawn.task, reason="机构调整")
    assert (
        kinds(flags.flag_list(actor=office_admin, day=dt.date(2025, 7, 15)), "not_executed") == []
    )


def test_draft_tasks_carry_no_duty(office_admin: User) -> None:
    drawn = drawn_task(n_entities=2)
    Task.objects.filter(pk=drawn.task.pk).update(state="draft")
    assert flags.flag_list(actor=office_admin, day=dt.date(2026, 1, 5)) == []


def test_completed_on_time_is_not_flagged_late_completion_is(office_admin: User) -> None:
    p = completed_task(n_entities=2)
    day = dt.date(2025, 11, 3)
    found = flags.flag_list(actor=office_admin, day=day)
    assert kinds(found, "completed_late") == [] and kinds(found, "not_executed") == []

    Task.objects.filter(pk=p.task.pk).update(completed_on=dt.date(2025, 11, 5))
    late = kinds(flags.flag_list(actor=office_admin, day=day), "completed_late")
    assert [(f.department, f.age) for f in late] == [(p.task.lead_department, 3)]


def test_publication_overdue_only_after_the_twentieth_working_day(office_admin: User) -> None:
    p = completed_task(n_entities=2)
    assert kinds(flags.flag_list(actor=office_admin, day=PUBLICATION_DUE), "publication") == []

    found = kinds(flags.flag_list(actor=office_admin, day=dt.date(2025, 12, 2)), "publication")
    assert len(found) == 1
    assert found[0].department == p.task.lead_department
    assert found[0].since == PUBLICATION_DUE
    assert found[0].age == 2
    assert "至今未公示" in found[0].explanation


def test_publication_on_time_is_not_flagged_late_publication_is(office_admin: User) -> None:
    p = publicized_task(n_entities=2)
    day = dt.date(2026, 1, 5)
    assert kinds(flags.flag_list(actor=office_admin, day=day), "publication") == []

    Task.objects.filter(pk=p.task.pk).update(publicized_on=dt.date(2025, 12, 3))
    found = kinds(flags.flag_list(actor=office_admin, day=day), "publication")
    assert [(f.age, f.since) for f in found] == [(3, PUBLICATION_DUE)]
    assert "实际于2025-12-03公示" in found[0].explanation


@pytest.mark.parametrize(
    ("text", "suspected"),
    [
        ("经查，当事人涉嫌犯罪", True),
        ("涉嫌刑事犯罪，需移送", True),
        ("存在犯罪嫌疑", True),
        ("经查不涉嫌犯罪", False),
        ("未发现涉嫌犯罪线索", False),
        ("已排除犯罪嫌疑", False),
        ("责令改正后已整改", False),
    ],
)
def test_crime_mention_reads_suspicion_and_its_negation(text: str, suspected: bool) -> None:
    assert flags.crime_mention(text) is suspected


def test_suspected_crime_without_transfer_is_flagged_until_transferred(
    office_admin: User,
) -> None:
    """Seed 四(二): 对抽查检查中发现的涉嫌犯罪案件，未依法移送公安机关处理的 — read from the
    ticked 涉嫌犯罪 box and its date, never from the words."""
    p = completed_task(n_entities=2)
    day = dt.date(2025, 12, 10)
    assert kinds(flags.flag_list(actor=office_admin, day=day), "crime_not_transferred") == []

    case = FollowUp.objects.get(result=p.problem)
    with time_machine.travel(dt.datetime(2025, 12, 10, 10, tzinfo=SHANGHAI), tick=False):
        services.follow_up_close(
            actor=p.admin,
            follow_up=case,
            closure_note="经立案调查，案值达到刑事立案标准",
            closed_on=day,
            suspected_crime=True,
            suspected_offence="涉嫌非法经营罪",
        )
    found = kinds(
        flags.flag_list(actor=office_admin, day=dt.date(2025, 12, 20)), "crime_not_transferred"
    )
    assert len(found) == 1
    assert found[0].department == p.problem.item.department
    assert (found[0].since, found[0].age) == (day, 10)
    assert p.problem.entity.name in found[0].object_label
    assert "涉嫌非法经营罪" in found[0].explanation

    services.follow_up_create(
        actor=p.admin,
        result=p.problem,
        action="transfer",
        transfer_to="police",
        due_on=dt.date(2025, 12, 31),
    )
    later = flags.flag_list(actor=office_admin, day=dt.date(2025, 12, 20))
    assert kinds(later, "crime_not_transferred") == []


@pytest.mark.parametrize(
    "words", ["经立案调查，当事人涉嫌犯罪", "不排除涉嫌犯罪", "涉嫌生产销售伪劣产品罪"]
)
def test_words_alone_never_raise_the_crime_flag(office_admin: User, words: str) -> None:
    """The flag reads the 涉嫌犯罪 field: words without the tick are at most a hint."""
    p = completed_task(n_entities=2)
    case = FollowUp.objects.get(result=p.problem)
    services.follow_up_close(actor=p.admin, follow_up=case, closure_note=words)
    found = flags.flag_list(actor=office_admin, day=dt.date(2026, 1, 5))
    assert kinds(found, "crime_not_transferred") == []


def test_overdue_follow_up_is_flagged_while_open(office_admin: User) -> None:
    p = completed_task(n_entities=2)
    case = FollowUp.objects.get(result=p.problem)  # due 2025-12-31
    assert kinds(flags.flag_list(actor=office_admin, day=case.due_on), "follow_up_overdue") == []

    day = dt.date(2026, 1, 5)
    found = kinds(flags.flag_list(actor=office_admin, day=day), "follow_up_overdue")
    assert [(f.department, f.age, f.since) for f in found] == [
        (case.owner_department, 5, case.due_on)
    ]
    assert found[0].link == reverse("inspections:follow_up", args=[case.pk])

    services.follow_up_close(actor=p.admin, follow_up=case, closure_note="已立案查处完毕")
    assert kinds(flags.flag_list(actor=office_admin, day=day), "follow_up_overdue") == []


def test_a_department_sees_only_the_flags_it_owns(
    office_admin: User, market_admin: User, health_admin: User
) -> None:
    completed_task(n_entities=2)
    day = dt.date(2026, 1, 5)  # publication overdue and follow-up overdue, both market's
    everything = flags.flag_list(actor=office_admin, day=day)
    assert {f.kind for f in everything} == {"publication", "follow_up_overdue"}
    assert flags.flag_list(actor=market_admin, day=day) == everything
    assert flags.flag_list(actor=health_admin, day=day) == []
    # A department admin cannot widen the scope with the department filter.
    market_id = everything[0].department.pk
    assert flags.flag_list(actor=health_admin, day=day, department_id=market_id) == []
    assert flags.flag_list(actor=office_admin, day=day, kind="publication") == kinds(
        everything, "publication"
    )


def test_flags_page_filters_and_exports(
    client: Client, office_admin: User, health_admin: User, market_inspector: User
) -> None:
    p = completed_task(n_entities=2)
    FollowUp.objects.filter(result=p.problem).update(due_on=COMPLETED_ON)
    client.force_login(office_admin)
    page = client.get(reverse("duty:flags"))
    assert page.status_code == 200
    assert "后续处置逾期" in page.content.decode()
    filtered = client.get(reverse("duty:flags"), {"kind": "crime_not_transferred"})
    assert "后续处置逾期</td>" not in filtered.content.decode()
    export = client.get(reverse("duty:flags_xlsx"), {"kind": "follow_up_overdue"})
    sheet = load_workbook(io.BytesIO(export.content)).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "类型" and len(rows) == 2 and rows[1][0] == "后续处置逾期"

    client.force_login(health_admin)
    assert "没有追责提示" in client.get(reverse("duty:flags")).content.decode()
    client.force_login(market_inspector)
    assert client.get(reverse("duty:flags")).status_code == 403
    assert client.get(reverse("duty:flags_xlsx")).status_code == 403


def test_escalation_reaches_office_and_owner_admins_once_a_day(
    office_admin: User, market_admin: User
) -> None:
    p = completed_task(n_entities=2)  # p.admin is the market department's admin
    day = dt.date(2026, 1, 5)
    reminders = flags.flag_reminders(day)
    assert {r.subject for r in reminders} == {
        f"duty_flag:task:{p.task.pk}:publication",
        f"duty_flag:follow_up:{FollowUp.objects.get(result=p.problem).pk}:overdue",
    }
    office_id = office_admin.department_id
    for subject in {r.subject for r in reminders}:
        to = {(r.department_id, r.user_id) for r in reminders if r.subject == subject}
        assert to == {(office_id, None), (None, market_admin.pk)}
    assert all(r.text.startswith("【追责提示】") for r in reminders)

    sent = [m for m in remind_send(day=day) if m.kind == "duty_flag"]
    assert len(sent) == 4
    assert [m for m in remind_send(day=day) if m.kind == "duty_flag"] == []
    assert Message.objects.filter(kind="duty_flag", sent_on=day).count() == 4
