"""问责/免责审查: opening, the department's claim and the office's decision."""

from __future__ import annotations

import datetime as dt

from shuangsuiji.oversight import accountability
from shuangsuiji.oversight.models import AccountabilityReview

from ...disclosure.builders import Publicized, completed_task
from . import Env, Expect, audits

CODE = "ZR2025-001"  # the first review of a problem surfaced in 2025


def _opened(env: Env) -> tuple[Publicized, AccountabilityReview]:
    done = completed_task(code="LC2025-SCJG-901", n_entities=1)
    review = _open(env, done)
    return done, review


def _open(env: Env, done: Publicized) -> AccountabilityReview:
    selection = done.draw.selections.get()
    return accountability.review_open(
        actor=env.office,
        entity=selection.entity,
        department=done.task.lead_department,
        source="complaint",
        surfaced_on=dt.date(2025, 11, 10),
        problem="消费者投诉",
        selections=[selection],
    )


@audits("accountability_review.open")
def review_open(env: Env) -> Expect:
    done = completed_task(code="LC2025-SCJG-901", n_entities=1)
    with env.watch:
        _open(env, done)
    return Expect(env.office, "accountability_review", CODE)


@audits("accountability_review.claim")
def review_claim(env: Env) -> Expect:
    """The reviewed department's admin claims 免责."""
    done, review = _opened(env)
    with env.watch:
        accountability.review_claim(
            actor=done.admin,
            review=review,
            claimed_exemption="duty_performed",
            claim_note="已按计划检查",
        )
    return Expect(done.admin, "accountability_review", CODE)


@audits("accountability_review.decide")
def review_decide(env: Env) -> Expect:
    _, review = _opened(env)
    with env.watch:
        accountability.review_decide(
            actor=env.office,
            review=review,
            decision="accountable",
            accountability_case="not_executed",
            reason="拖延执行抽查任务",
        )
    return Expect(env.office, "accountability_review", CODE)
