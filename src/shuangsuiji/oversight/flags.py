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
- ``crime_not_transferred`` 对涉嫌犯罪案件未依法移送: nothing in the data marks a suspected crime
  except the words of the people handling it, so the rule reads them: a result with a follow-up
  whose 说明 or 办结说明 says 涉嫌犯罪 / 涉嫌刑事犯罪 / 犯罪嫌疑 (not negated: 不, 未, 无, 非 or
  排除 within the three characters before, as in 未发现涉嫌犯罪), and no follow-up
  移送公安/司法机关 on the same result. Owner: the department of the result's item.
  Age: calendar days since the earliest such note (its registration date, or its closing date
  for an 办结说明).
- ``follow_up_overdue`` 后续处置逾期: an open follow-up whose due_on is before the day.
  Owner: the follow-up's owner department. Age: calendar days since due_on.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

from shuangsuiji.common.calendar import CalendarNotCovered, WorkCalendar, calendar_gap_label
from shuangsuiji.directory.models import Department, Role, User
from shuangsuiji.disclosure.selectors import publication_status
from shuangsuiji.inspections.models import FollowUp, FollowUpAction, Result
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
CRIME = re.compile(r"涉嫌(?:刑事)?犯罪|犯罪嫌疑")
# A mention is negated when one of these words stands in the three characters before it
# ("未发现涉嫌犯罪", "不涉嫌犯罪", "排除犯罪嫌疑").
NEGATIONS = ("不", "未", "无", "非", "排除")


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


def crime_mention(text: str) -> bool:
    """True when ``text`` says a crime is suspected (and does not negate it)."""
    return any(
        not any(n in text[max(m.start() - 3, 0) : m.start()] for n in NEGATIONS)
        for m in CRIME.finditer(text)
    )


def _result_label(r: Result) -> str:
    return f"{r.draw.task.code} · {r.entity.name} · {r.item.name}"


def _crime_flags(follow_ups: Any, day: dt.date) -> list[Flag]:
    """Kind crime_not_transferred (module docstring)."""
    mentions: dict[int, dt.date] = {}
    transferred: set[int] = set()
    results: dict[int, Result] = {}
    for f in follow_ups:
        if f.action == FollowUpAction.TRANSFER:
            transferred.add(f.result_id)
        dates = []
        if crime_mention(f.note):
            dates.append(timezone.localdate(f.created_at))
        if f.closed_on and crime_mention(f.closure_note):
            dates.append(f.closed_on)
        if dates:
            mentions[f.result_id] = min([*dates, mentions.get(f.result_id, dates[0])])
            results[f.result_id] = f.result
    out = []
    for result_id, since in sorted(mentions.items(), key=lambda kv: kv[1]):
        if result_id in transferred:
            continue
        r = results[result_id]
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
                "后续处置记载涉嫌犯罪，但该检查结果没有“移送公安/司法机关”的后续处置"
                "（对涉嫌犯罪案件未依法移送公安机关处理）",
                f"result:{r.pk}:crime",
            )
        )
    return out


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
    if department_id is not None:
        tasks = tasks.filter(lead_department_id=department_id)
        crime_results = Result.objects.filter(item__department_id=department_id)
        crime = follow_ups.filter(result__in=crime_results)
        follow_ups = follow_ups.filter(owner_department_id=department_id)
    else:
        crime = follow_ups
    task_kinds = ("", "not_executed", "completed_late", "publication")
    flags = _task_flags(tasks, day, cal) if kind in task_kinds else []
    if kind in ("", "crime_not_transferred"):
        mentions = Q(note__contains="犯罪") | Q(closure_note__contains="犯罪")
        crime_ids = crime.filter(mentions).values("result_id")
        flags += _crime_flags(crime.filter(result_id__in=crime_ids), day)
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
