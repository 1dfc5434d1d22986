"""Inspection results and their confirmation, follow-ups, and merged visits."""

from __future__ import annotations

import datetime as dt

from shuangsuiji.inspections import crime, listings, services, visits
from shuangsuiji.inspections.models import Visit

from ...inspections.builders import DAY, drawn_task
from ...sampling import builders as b
from . import Env, Expect, audits
from .builders import Inspected, inspected_task


@audits("result.create")
def result_create(env: Env) -> Expect:
    drawn = drawn_task(n_entities=1)
    with env.watch:
        result = services.result_save(
            actor=drawn.users[0],
            draw_id=drawn.draw.pk,
            entity_id=drawn.entity.pk,
            item=drawn.task.items.get(),
            method="onsite",
            inspected_on=DAY,
            category="1",
        )
    return Expect(drawn.users[0], "result", result.pk)


@audits("result.update")
def result_update(env: Env) -> Expect:
    made = inspected_task()
    author = made.drawn.users[0]
    with env.watch:
        services.result_save(
            actor=author,
            draw_id=made.drawn.draw.pk,
            entity_id=made.drawn.entity.pk,
            item=made.result.item,
            method="onsite",
            inspected_on=DAY,
            category="1",
            findings="检查情况（补充）",
        )
    return Expect(author, "result", made.result.pk)


@audits("result.confirm")
def result_confirm(env: Env) -> Expect:
    drawn = drawn_task(n_entities=1)
    result = services.result_save(
        actor=drawn.users[0],
        draw_id=drawn.draw.pk,
        entity_id=drawn.entity.pk,
        item=drawn.task.items.get(),
        method="onsite",
        inspected_on=DAY,
        category="1",
    )
    with env.watch:
        services.result_confirm(actor=drawn.users[1], result=result)
    return Expect(drawn.users[1], "result", result.pk)


@audits("followup.create")
def followup_create(env: Env) -> Expect:
    made = inspected_task(category="2")
    with env.watch:
        follow_up = services.follow_up_create(
            actor=made.admin, result=made.result, action="case", due_on=dt.date(2025, 12, 31)
        )
    return Expect(made.admin, "follow_up", follow_up.pk)


@audits("followup.close")
def followup_close(env: Env) -> Expect:
    made = inspected_task(category="2")
    follow_up = services.follow_up_create(
        actor=made.admin, result=made.result, action="case", due_on=dt.date(2025, 12, 31)
    )
    with env.watch:
        services.follow_up_close(
            actor=made.admin,
            follow_up=follow_up,
            closure_note="已立案查处",
            closed_on=dt.date(2025, 11, 18),
        )
    return Expect(made.admin, "follow_up", follow_up.pk)


def _one_shared_entity() -> None:
    """Two departments' tasks drew the same single entity in overlapping windows."""
    shared = b.entities(1, area=b.area("城关镇"))
    drawn_task(code="LC2025-SCJG-201", entities=shared)
    drawn_task(code="LC2025-WJW-201", department=b.health(), entities=shared)


def _proposed(env: Env) -> Visit:
    _one_shared_entity()
    (visit,) = visits.visit_propose_all(actor=env.office, year=2025)
    return visit


@audits("visit.propose")
def visit_propose(env: Env) -> Expect:
    _one_shared_entity()
    with env.watch:
        made = visits.visit_propose_all(actor=env.office, year=2025)
    assert len(made) == 1
    return Expect(env.office, "visit", made[0].pk)


@audits("visit.confirm")
def visit_confirm(env: Env) -> Expect:
    visit = _proposed(env)
    with env.watch:
        visits.visit_confirm(actor=env.office, visit=visit)
    return Expect(env.office, "visit", visit.pk)


@audits("visit.cancel")
def visit_cancel(env: Env) -> Expect:
    visit = _proposed(env)
    with env.watch:
        visits.visit_cancel(actor=env.office, visit=visit, reason="两部门检查时间无法协调")
    return Expect(env.office, "visit", visit.pk)


def _unreachable(env: Env) -> Inspected:
    """A 市场监管 task's confirmed result 6 (通过登记的住所无法联系): a ground for listing."""
    return inspected_task(code="LC2025-SCJG-502", category="6")


@audits("abnormal_list.enter")
def abnormal_list_enter(env: Env) -> Expect:
    made = _unreachable(env)
    with env.watch:
        listing = listings.abnormal_list_enter(
            actor=env.market, result=made.result, listed_on=dt.date(2025, 6, 20)
        )
    return Expect(env.market, "abnormal_listing", listing.pk)


@audits("abnormal_list.remove")
def abnormal_list_remove(env: Env) -> Expect:
    made = _unreachable(env)
    listing = listings.abnormal_list_enter(
        actor=env.market, result=made.result, listed_on=dt.date(2025, 6, 20)
    )
    with env.watch:
        listings.abnormal_list_remove(actor=env.market, listing=listing, reason="reachable")
    return Expect(env.market, "abnormal_listing", listing.pk)


@audits("crime.mark")
def crime_mark(env: Env) -> Expect:
    made = inspected_task(category="2")
    with env.watch:
        crime.crime_mark(actor=made.admin, result=made.result, offence="涉嫌非法经营罪")
    return Expect(made.admin, "result", made.result.pk)


@audits("crime_hint.dismiss")
def crime_hint_dismiss(env: Env) -> Expect:
    made = inspected_task(category="2")
    services.follow_up_create(
        actor=made.admin,
        result=made.result,
        action="case",
        due_on=dt.date(2025, 12, 31),
        note="举报称当事人涉嫌犯罪",
    )
    with env.watch:
        crime.crime_hint_dismiss(actor=made.admin, result=made.result, reason="经核实举报不实")
    return Expect(made.admin, "result", made.result.pk)
