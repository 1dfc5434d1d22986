"""The demo's 2025 plan: published with the demo tasks, joint requests, 草稿/已发布/已终止 tasks."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command

from shuangsuiji.common.calendar import CalendarNotCovered, publication_due
from shuangsuiji.common.models import AuditEntry
from shuangsuiji.plans.models import (
    JointRequest,
    JointRequestState,
    Message,
    Plan,
    PlanState,
    Task,
    TaskState,
)

pytestmark = pytest.mark.django_db

ARGS = ["--entities", "800", "--inspectors", "100", "--experts", "5", "--conflicts", "5"]


def test_demo_plan_is_published_with_requests_and_task_states_and_loads_once() -> None:
    out = io.StringIO()
    call_command("demo", *ARGS, stdout=out)
    assert "2025年度抽查计划：已发布" in out.getvalue()
    plan = Plan.objects.get(year=2025)
    assert plan.state == PlanState.PUBLISHED and plan.versions.count() == 1
    # The README: the plan holds the four drawn tasks, the 游泳场馆 joint task its approved
    # request made, and the terminated one; the draft task is outside it.
    codes = sorted(plan.tasks.values_list("code", flat=True))
    assert codes == [
        "LC2025-HJ-001",
        "LC2025-SCJG-001",
        "LC2025-SCJG-002",
        "LC2025-WJW-001",
        "LC2025-WJW-002",
        "LC2025-YJGL-001",
    ]
    tasks = Task.objects.filter(year=2025)
    assert list(tasks.filter(state=TaskState.TERMINATED).values_list("code", flat=True)) == [
        "LC2025-HJ-001"
    ]
    assert list(tasks.filter(state=TaskState.DRAFT).values_list("code", flat=True)) == [
        "LC2025-YJGL-002"
    ]
    assert Task.objects.get(code="LC2025-YJGL-002").plan is None
    joint = Task.objects.get(code="LC2025-WJW-002")
    assert joint.is_joint and joint.joint_requests.get().state == JointRequestState.APPROVED
    assert JointRequest.objects.filter(state=JointRequestState.RETURNED).count() == 1
    assert JointRequest.objects.filter(state=JointRequestState.APPROVED).count() == 1
    assert Message.objects.filter(sent_on=dt.date(2025, 10, 27), kind="window").exists()
    with pytest.raises(CalendarNotCovered):
        publication_due(dt.date(2027, 3, 1))

    before = (Task.objects.count(), AuditEntry.objects.count())
    again = io.StringIO()
    call_command("demo", *ARGS, stdout=again)
    assert (Task.objects.count(), AuditEntry.objects.count()) == before
    assert "2025年度抽查计划已存在" in again.getvalue()
