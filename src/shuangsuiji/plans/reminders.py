"""In-app reminders (提醒) and the daily ``shuangsuiji remind`` run.

Plans ships three sources: the holiday calendar (this year's, and from 1 November next year's,
while the office has not entered it), task windows closing within 5 working days, and
publication due within 5 working days or overdue (completed tasks not yet 已公示; seed 三(四)).
Later stages add theirs with hooks.register_reminder_source. A run is idempotent per day: a
subject is sent once per day to each recipient.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from shuangsuiji.common.audit import audit_record
from shuangsuiji.common.calendar import (
    CalendarNotCovered,
    WorkCalendar,
    calendar_gap_label,
    calendar_years_missing,
)
from shuangsuiji.common.errors import PermissionDenied
from shuangsuiji.directory.models import Department

from .hooks import Reminder, register_reminder_source, reminder_sources
from .models import Message, Task, TaskState

# How close (in working days) a deadline must be before it is announced.
LEAD_DAYS = 5
OPEN_STATES = (TaskState.PUBLISHED, TaskState.FROZEN, TaskState.DRAWN, TaskState.IN_PROGRESS)


def _link(task: Task) -> str:
    return reverse("plans:task_detail", args=[task.pk])


def _calendar_missing(year: int) -> Reminder:
    """To the office, whose admins enter the holidays; one subject per year, whichever source
    noticed the gap first."""
    office = Department.objects.filter(is_office=True).first()
    return Reminder(
        subject=f"calendar:{year}",
        kind="calendar",
        text=f"{year}年的法定节假日和调休安排尚未录入，涉及该年的工作日期限无法计算，"
        "请按国务院办公厅通知在“节假日与调休”页面录入",
        link=reverse("calendar_years"),
        department_id=office.pk if office else None,
    )


def calendar_reminders(day: dt.date) -> list[Reminder]:
    """This year's holidays, and from 1 November next year's, while they are not entered."""
    return [_calendar_missing(y) for y in calendar_years_missing(day)]


def window_reminders(day: dt.date) -> list[Reminder]:
    """Open tasks whose inspection window closes within LEAD_DAYS working days."""
    cal, out, missing = WorkCalendar(), [], set()
    for task in Task.objects.filter(state__in=OPEN_STATES, window_end__gte=day):
        try:
            left = cal.working_days_between(day, task.window_end)
        except CalendarNotCovered:
            missing.add(task.window_end.year)
            continue
        if left <= LEAD_DAYS:
            out.append(
                Reminder(
                    subject=f"task:{task.pk}:window",
                    kind="window",
                    text=f"抽查任务“{task.name}”的检查期限将于{task.window_end:%Y-%m-%d}截止"
                    f"（还剩{left}个工作日）",
                    link=_link(task),
                    department_id=task.lead_department_id,
                )
            )
    return out + [_calendar_missing(y) for y in sorted(missing)]


def publication_reminders(day: dt.date) -> list[Reminder]:
    """Completed tasks whose results are due for publication within LEAD_DAYS, or overdue."""
    cal, out, missing = WorkCalendar(), [], set()
    office = Department.objects.filter(is_office=True).first()
    for task in Task.objects.filter(state=TaskState.COMPLETED, completed_on__isnull=False):
        assert task.completed_on is not None
        try:
            due = cal.add_working_days(task.completed_on, 20)
        except CalendarNotCovered as exc:
            missing.add(exc.year)
            continue
        head = f"抽查任务“{task.name}”的结果应于{due:%Y-%m-%d}前公示"
        try:
            left = cal.working_days_between(day, due)
        except CalendarNotCovered as exc:
            missing.add(exc.year)
            if day <= due:
                continue
            # Past the due date it is overdue whatever the holidays; only the count is unknown.
            text = f"{head}，已逾期（工作日数{calendar_gap_label(exc.year)}）"
        else:
            if left > LEAD_DAYS:
                continue
            if left < 0:
                text = f"{head}，已逾期{-left}个工作日"
            elif day > due:  # the rest days right after the due date: late by no working day yet
                text = f"{head}，已逾期（不足1个工作日）"
            else:
                text = f"{head}（还剩{left}个工作日）"
        for dept in {task.lead_department_id, office.pk if office else None} - {None}:
            out.append(
                Reminder(
                    subject=f"task:{task.pk}:publication",
                    kind="overdue" if day > due else "publication",
                    text=text,
                    link=_link(task),
                    department_id=dept,
                )
            )
    return out + [_calendar_missing(y) for y in sorted(missing)]


register_reminder_source(calendar_reminders)
register_reminder_source(window_reminders)
register_reminder_source(publication_reminders)


@transaction.atomic
def remind_send(*, day: dt.date | None = None) -> list[Message]:
    """Send every registered source's reminders for ``day``; only those not yet sent that day.

    Returns the messages created in this run (empty when run twice on one day).
    """
    day = day or timezone.localdate()
    sent: list[Message] = []
    for source in reminder_sources():
        for r in source(day):
            lookup: dict[str, Any] = {
                "subject": r.subject,
                "sent_on": day,
                "user_id": r.user_id,
                "department_id": r.department_id,
            }
            message, created = Message.objects.get_or_create(
                **lookup, defaults={"kind": r.kind, "text": r.text, "link": r.link}
            )
            if created:
                sent.append(message)
    if sent:
        audit_record(
            actor=None,
            action="remind.send",
            object_type="message",
            object_id=day.isoformat(),
            object_repr=f"{day} 提醒",
            after={"count": len(sent), "subjects": sorted({m.subject for m in sent})},
        )
    return sent


def message_list(*, user: Any) -> QuerySet[Message]:
    """Messages to the user, or to the user's department, newest first."""
    mine = Q(user_id=user.pk)
    if getattr(user, "department_id", None):
        mine |= Q(department_id=user.department_id)
    return Message.objects.filter(mine).order_by("-created_at", "-id")


def message_unread_count(*, user: Any) -> int:
    return message_list(user=user).filter(read_at__isnull=True).count()


@transaction.atomic
def message_mark_read(*, actor: Any, message: Message) -> Message:
    """Mark one message read (for the whole department when sent to a department)."""
    if not message_list(user=actor).filter(pk=message.pk).exists():
        raise PermissionDenied("这不是您的消息")
    if message.read_at is None:
        message.read_at = timezone.now()
        message.save(update_fields=["read_at"])
    return message
