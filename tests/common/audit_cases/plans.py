"""Tasks and their lifecycle, the annual plan, joint-check requests and reminders."""

from __future__ import annotations

import datetime as dt

from shuangsuiji.plans import joint, planning, reminders
from shuangsuiji.plans import services as tasks
from shuangsuiji.plans.models import JointRequest, Plan, Task, TaskState

from ...disclosure.builders import COMPLETED_ON, PUBLICIZED_ON, completed_task
from ...inspections.builders import drawn_task
from ...sampling import builders as b
from . import Env, Expect, audits
from .builders import inspected_task

CODE = "LC2025-SCJG-001"  # the sampling builders' task code


@audits("task.create")
def task_create(env: Env) -> Expect:
    item = b.item()
    with env.watch:
        b.task([item], publish=False, actor=env.market)
    return Expect(env.market, "task", CODE)


@audits("task.update")
def task_update(env: Env) -> Expect:
    task = b.task([b.item()], publish=False)
    with env.watch:
        tasks.task_update(actor=env.market, task=task, changes={"name": "营业执照检查"})
    return Expect(env.market, "task", CODE)


@audits("task.publish")
def task_publish(env: Env) -> Expect:
    task = b.task([b.item()], publish=False)
    with env.watch:
        tasks.task_publish(actor=env.market, task=task)
    return Expect(env.market, "task", CODE)


@audits("task.state")
def task_state(env: Env) -> Expect:
    """The generic move later stages make (a freeze or a draw); its default action."""
    task = b.task([b.item()])
    with env.watch:
        tasks.task_transition(actor=env.market, task=task, to=TaskState.FROZEN)
    return Expect(env.market, "task", CODE)


@audits("task.start")
def task_start(env: Env) -> Expect:
    drawn = drawn_task(n_entities=1)
    with env.watch:
        tasks.task_start(actor=env.market, task=drawn.task)
    return Expect(env.market, "task", "LC2025-SCJG-101")


@audits("task.complete")
def task_complete(env: Env) -> Expect:
    made = inspected_task()
    with env.watch:
        tasks.task_complete(actor=made.admin, task=made.drawn.task, on=COMPLETED_ON)
    return Expect(made.admin, "task", "LC2025-SCJG-501")


@audits("task.publicize")
def task_publicize(env: Env) -> Expect:
    done = completed_task(code="LC2025-SCJG-502", n_entities=2)
    with env.watch:
        tasks.task_publicize(actor=done.admin, task=done.task, on=PUBLICIZED_ON)
    return Expect(done.admin, "task", "LC2025-SCJG-502")


@audits("task.terminate")
def task_terminate(env: Env) -> Expect:
    task = b.task([b.item()])
    with env.watch:
        tasks.task_terminate(actor=env.market, task=task, reason="检查对象已全部注销")
    return Expect(env.market, "task", CODE)


def _plan_with_a_task(env: Env) -> tuple[Plan, Task]:
    plan = planning.plan_create(actor=env.office, year=2025)
    task = planning.plan_task_add(
        actor=env.office,
        plan=plan,
        code="LC2025-JH-001",
        name="营业执照规范使用检查",
        lead_department=b.market(),
        items=[b.item()],
        window_start=b.WINDOW[0],
        window_end=b.WINDOW[1],
    )
    return plan, task


@audits("plan.create")
def plan_create(env: Env) -> Expect:
    with env.watch:
        planning.plan_create(actor=env.office, year=2025)
    return Expect(env.office, "plan", 2025)


@audits("plan.approve")
def plan_approve(env: Env) -> Expect:
    plan, _ = _plan_with_a_task(env)
    with env.watch:
        planning.plan_approve(actor=env.office, plan=plan)
    return Expect(env.office, "plan", 2025)


@audits("plan.publish")
def plan_publish(env: Env) -> Expect:
    """Publishing the plan publishes its one draft task with it (that task's own entry)."""
    plan, _ = _plan_with_a_task(env)
    planning.plan_approve(actor=env.office, plan=plan)
    with env.watch:
        planning.plan_publish(actor=env.office, plan=plan)
    return Expect(env.office, "plan", 2025, also=("task.publish",))


@audits("plan.amend")
def plan_amend(env: Env) -> Expect:
    plan, _ = _plan_with_a_task(env)
    planning.plan_approve(actor=env.office, plan=plan)
    planning.plan_publish(actor=env.office, plan=plan)
    with env.watch:
        planning.plan_amend(actor=env.office, plan=plan, reason="增加一项联合抽查任务")
    return Expect(env.office, "plan", 2025)


@audits("plan.task_attach")
def plan_task_attach(env: Env) -> Expect:
    plan = planning.plan_create(actor=env.office, year=2025)
    task = b.task([b.item()], publish=False)
    with env.watch:
        planning.plan_task_attach(actor=env.office, plan=plan, task=task)
    return Expect(env.office, "task", CODE)


def _submitted(env: Env) -> JointRequest:
    return joint.joint_request_submit(
        actor=env.health,
        items=[b.item(department=b.health(), name="游泳场馆卫生"), b.item(name="营业执照")],
        partner_departments=[b.market()],
        window_start=b.WINDOW[0],
        window_end=b.WINDOW[1],
    )


@audits("joint_request.submit")
def joint_request_submit(env: Env) -> Expect:
    with env.watch:
        req = _submitted(env)
    return Expect(env.health, "joint_request", req.pk)


@audits("joint_request.approve")
def joint_request_approve(env: Env) -> Expect:
    """Approval makes the joint task in the year's plan (that task's own entry)."""
    req = _submitted(env)
    planning.plan_create(actor=env.office, year=2025)
    with env.watch:
        joint.joint_request_approve(
            actor=env.office, request=req, code="LC2025-LH-001", name="游泳场馆联合检查"
        )
    return Expect(env.office, "joint_request", req.pk, also=("task.create",))


@audits("joint_request.return")
def joint_request_return(env: Env) -> Expect:
    req = _submitted(env)
    with env.watch:
        joint.joint_request_return(actor=env.office, request=req, reason="请补充检查依据")
    return Expect(env.office, "joint_request", req.pk)


@audits("remind.send")
def remind_send(env: Env) -> Expect:
    """A daily job run as nobody: the window of 2025-10-31 closes within five working days."""
    b.task([b.item()])
    with env.watch:
        sent = reminders.remind_send(day=dt.date(2025, 10, 27))
    assert [m.subject for m in sent] == [f"task:{Task.objects.get(code=CODE).pk}:window"]
    return Expect(None, "message", "2025-10-27")
