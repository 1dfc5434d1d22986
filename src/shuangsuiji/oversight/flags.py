"""追责 flags: duties not done, or done late, as seed 四(二) lists them (失职照单问责).

Each flag names its object, the department that answers for it (谁管辖、谁负责, seed 三(四)),
how long it has been outstanding and why, in plain Chinese. They are computed from existing data
on the day asked (nothing is stored), and escalated daily to the office and to the owner
department's admins through ``shuangsuiji remind`` (plans.hooks reminder source).

The five kinds and their exact rules:

- ``not_executed`` 不执行或者拖延执行抽查任务: a task past 草稿, not 已终止, not yet 已完成 or
  已公示 (published, frozen, drawn or in progress) whose window_end is before the day.
  Owner: the lead department. Age: working days from window_end to the day.
- ``completed_late`` 拖延执行抽查任务: a task with completed_on after its window_end.
  Owner: the lead department. Age: working days from window_end to completed_on.
- ``publication`` 未依法及时公示抽查检查结果 (seed 三(四), 20 working days after completion):
  disclosure.selectors.publication_status is ``overdue`` (not yet 已公示, due date passed) or
  ``late`` (已公示 after the due date). Owner: the lead department. Age: working days from the
  due date to the publication date, or to the day when still unpublished.
- ``crime_not_transferred`` 对涉嫌犯罪案件未依法移送: a result whose 涉嫌犯罪 box is ticked (on
  the result or on one of its follow-ups, with the suspected offence) and which has no
  follow-up 移送公安/司法机关. The rule reads the recorded fact, never the words: text that
  merely mentions a crime only raises a hint for the handler (inspections.crime).
  Owner: the department of the result's item. Age: calendar days since the earliest tick.
- ``follow_up_overdue`` 后续处置逾期: an open follow-up whose due_on is before the day.
  Owner: the follow-up's owner department. Age: calendar days since due_on.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

from shuangsuiji.common.calendar import CalendarNotCovered, WorkCalendar, calendar_gap_label
from shuangsuiji.common.crime import crime_mention as crime_mention
from shuangsuiji.directory.models import Department, Role, User
from shuangsuiji.disclosure.selectors import publication_status
from shuangsuiji.inspections import crime
from shuangsuiji.inspections.models import FollowUp, Result
from shuangsuiji.plans.hooks import Reminder, register_reminder_source
from shuangsuiji.plans.models import Task, TaskState

KINDS = {
    "not_executed": "任务逾期未完成",
    "completed_late": "任务逾期完成",
    "publication": "结果未按时公示",
    "crime_not_transferred": "涉嫌犯罪未移送",
    "follow_up_overdue": "后续处置逾期",
}
UNFINISHED = (TaskState.PUBLISHED, TaskState.FROZEN, TaskState.DRAWN, TaskState.IN_PROGRESS)


@dataclass(frozen=True)
class Flag:
    kind: str
    object_label: str
    link: str
    department: Department
    since: dt.date
    age: int | None  # None when the working-day calendar does not cover the dates
    age_unit: str  # "工作日" or "日"
    explanation: str
    subject: str  # stable key, e.g. "task:12" — the reminder subject builds on it
    calendar_missing: int | None = None  # the year whose holidays are missing, when age is None

    @property
    def kind_label(self) -> str:
        return KINDS[self.kind]

    @property
    def age_text(self) -> str:
        if self.age is None:
            if self.calendar_missing is not None:
                return calendar_gap_label(self.calendar_missing)
            return "无法计算（节假日安排未录入）"
        return f"{self.age} 个{self.age_unit}" if self.age_unit == "工作日" else f"{self.age} 日"


def _working_days(cal: WorkCalendar, start: dt.date, end: dt.date) -> int | CalendarNotCovered:
    try:
        return cal.working_days_between(start, end)
    except CalendarNotCovered as exc:
        return exc


def _task_flag(
    kind: str, t: Task, since: dt.date, age: int | CalendarNotCovered, text: str
) -> Flag:
    """A flag on a task: owned by its lead department, aged in working days."""
    link = reverse("plans:task_detail", args=[t.pk])
    label = f"{t.code} {t.name}"
    gap = age.year if isinstance(age, CalendarNotCovered) else None
    days = None if isinstance(age, CalendarNotCovered) else age
    subject = f"task:{t.pk}:{kind}"
    return Flag(kind, label, link, t.lead_department, since, days, "工作日", text, subject, gap)


def _task_flags(tasks: Any, day: dt.date, cal: WorkCalendar) -> list[Flag]:
    """Kinds not_executed, completed_late and publication (module docstring)."""
    out: list[Flag] = []
    for t in tasks.filter(state__in=UNFINISHED, window_end__lt=day):
        text = (
            f"检查期限已于{t.window_end:%Y-%m-%d}截止，任务仍为“{t.get_state_display()}”，"
            "尚未完成（不执行或者拖延执行抽查任务）"
        )
        age = _working_days(cal, t.window_end, day)
        out.append(_task_flag("not_executed", t, t.window_end, age, text))
    for t in tasks.filter(completed_on__gt=F("window_end")):
        text = f"检查期限至{t.window_end:%Y-%m-%d}，任务于{t.completed_on:%Y-%m-%d}才完成"
        age = _working_days(cal, t.window_end, t.completed_on)
        out.append(_task_flag("completed_late", t, t.window_end, age, text))
    for t in tasks.filter(completed_on__isnull=False):
        status = publication_status(t, day)
        if status.code not in ("overdue", "late") or status.due is None:
            continue
        until = t.publicized_on or day
        if status.code == "late":
            text = f"结果应于{status.due:%Y-%m-%d}前公示，实际于{until:%Y-%m-%d}公示"
        else:
            text = (
                f"任务于{t.completed_on:%Y-%m-%d}完成，"
                f"结果应于{status.due:%Y-%m-%d}前公示，至今未公示"
            )
        text += "（20个工作日内公示，未依法及时公示抽查检查结果）"
        age = _working_days(cal, status.due, until)
        out.append(_task_flag("publication", t, status.due, age, text))
    return out


def _result_label(r: Result) -> str:
    return f"{r.draw.task.code} · {r.entity.name} · {r.item.name}"


def _crime_flags(results: Any, day: dt.date) -> list[Flag]:
    """Kind crime_not_transferred (module docstring)."""
    out = []
    for r in results:
        since = crime.suspected_since(r)
        if not crime.is_suspected(r) or crime.is_transferred(r) or since is None:
            continue
        offences = [r.suspected_offence] if r.suspected_crime else []
        offences += [f.suspected_offence for f in r.follow_ups.all() if f.suspected_crime]
        link = reverse("inspections:assignment", args=[r.draw_id, r.entity_id])
        out.append(
            Flag(
                "crime_not_transferred",
                _result_label(r),
                f"{link}#item-{r.item_id}",
                r.item.department,
                since,
                max((day - since).days, 0),
                "日",
                f"已认定涉嫌犯罪（{'、'.join(dict.fromkeys(offences))}），但该检查结果没有"
                "“移送公安/司法机关”的后续处置（对涉嫌犯罪案件未依法移送公安机关处理）",
                f"result:{r.pk}:crime",
            )
        )
    return sorted(out, key=lambda f: f.since)


def _overdue_flags(follow_ups: Any, day: dt.date) -> list[Flag]:
    """Kind follow_up_overdue (module docstring)."""
    return [
        Flag(
            "follow_up_overdue",
            f"{_result_label(f.result)} · {f.get_action_display()}",
            reverse("inspections:follow_up", args=[f.pk]),
            f.owner_department,
            f.due_on,
            (day - f.due_on).days,
            "日",
            f"后续处置（{f.get_action_display()}）办理期限为{f.due_on:%Y-%m-%d}，已逾期尚未办结",
            f"follow_up:{f.pk}:overdue",
        )
        for f in follow_ups
        if f.status == FollowUp.Status.OPEN and f.due_on < day
    ]


def flag_list(
    *, actor: Any, day: dt.date | None = None, kind: str = "", department_id: int | None = None
) -> list[Flag]:
    """Every flag the actor may see, oldest first: the office all, a department admin those its
    department owns; ``kind`` and ``department_id`` narrow the list."""
    day = day or timezone.localdate()
    if not actor.is_office_admin:
        department_id = actor.department_id if actor.role == Role.DEPT_ADMIN else -1
    cal = WorkCalendar()
    tasks = Task.objects.select_related("lead_department")
    follow_ups = FollowUp.objects.select_related(
        "result__entity", "result__item__department", "result__draw__task", "owner_department"
    )
    suspected = Result.objects.filter(
        Q(suspected_crime=True) | Q(follow_ups__suspected_crime=True)
    ).distinct()
    if department_id is not None:
        tasks = tasks.filter(lead_department_id=department_id)
        suspected = suspected.filter(item__department_id=department_id)
        follow_ups = follow_ups.filter(owner_department_id=department_id)
    task_kinds = ("", "not_executed", "completed_late", "publication")
    flags = _task_flags(tasks, day, cal) if kind in task_kinds else []
    if kind in ("", "crime_not_transferred"):
        suspected = suspected.select_related(
            "entity", "item__department", "draw__task"
        ).prefetch_related("follow_ups")
        flags += _crime_flags(suspected, day)
    if kind in ("", "follow_up_overdue"):
        flags += _overdue_flags(follow_ups.filter(status=FollowUp.Status.OPEN), day)
    if kind:
        flags = [f for f in flags if f.kind == kind]
    return sorted(flags, key=lambda f: (f.since, f.kind, f.object_label))


def _admins(department_ids: set[int]) -> dict[int, list[int]]:
    found: dict[int, list[int]] = {}
    admins = User.objects.filter(
        department_id__in=department_ids, role=Role.DEPT_ADMIN, is_active=True
    )
    for user_id, dept in admins.values_list("pk", "department_id"):
        found.setdefault(dept, []).append(user_id)
    return found


def flag_reminders(day: dt.date) -> list[Reminder]:
    """Escalate every flag of ``day``: to the office (as a department) and to each admin of the
    owner department (as users). Distinct from the reminders plans and inspections send to the
    department as a whole; one subject per flag makes a day's run idempotent."""
    office = Department.objects.filter(is_office=True).first()
    flags = flag_list(actor=_SYSTEM_ACTOR, day=day)
    admins = _admins({f.department.pk for f in flags})
    out: list[Reminder] = []
    for f in flags:
        text = f"【追责提示】{f.kind_label}：{f.object_label}（{f.department.name}，{f.age_text}）"
        subject = f"duty_flag:{f.subject}"
        if office is not None:
            out.append(Reminder(subject, "duty_flag", text, f.link, department_id=office.pk))
        for user_id in admins.get(f.department.pk, []):
            out.append(Reminder(subject, "duty_flag", text, f.link, user_id=user_id))
    return out


class _SystemActor:
    is_office_admin = True
    role = Role.OFFICE_ADMIN
    department_id = None


_SYSTEM_ACTOR = _SystemActor()


def register() -> None:
    """Hook the escalation into ``shuangsuiji remind`` (called from oversight.hooks)."""
    register_reminder_source(flag_reminders)
