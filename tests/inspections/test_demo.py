"""The demo's results: every category, confirmed and not, follow-ups open and closed."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from shuangsuiji.common.audit import audit_verify
from shuangsuiji.inspections.models import FollowUp, Result, ResultCategory
from shuangsuiji.plans.models import Task, TaskState

pytestmark = pytest.mark.django_db

ARGS = ["--entities", "1500", "--inspectors", "120", "--experts", "10", "--conflicts", "10"]


def test_demo_results_cover_every_category_and_are_idempotent() -> None:
    call_command("demo", *ARGS, stdout=io.StringIO())
    assert set(Result.objects.values_list("category", flat=True)) == set(ResultCategory.values)
    counts = [r.confirmations.count() for r in Result.objects.prefetch_related("confirmations")]
    assert {0, 1, 2} <= set(counts)
    statuses = set(FollowUp.objects.values_list("status", flat=True))
    assert statuses == {"open", "closed"}
    correction = FollowUp.objects.filter(action="correction").first()
    assert correction is not None and correction.correction_deadline is not None
    before = Result.objects.count()
    out = io.StringIO()
    call_command("demo", *ARGS, stdout=out)
    assert Result.objects.count() == before
    assert audit_verify().ok
    # Tasks in every state of the lifecycle, the completed ones through the completion checks.
    assert set(Task.objects.values_list("state", flat=True)) == set(TaskState.values)
    # The README: one task 已公示 and one 已完成.
    done = Task.objects.filter(state__in=[TaskState.COMPLETED, TaskState.PUBLICIZED])
    assert sorted(done.values_list("state", flat=True)) == sorted(
        [TaskState.COMPLETED, TaskState.PUBLICIZED]
    )
    assert all(t.completed_on for t in done)
    # The 一公开 step: one result kept internal by the office, one request awaiting it.
    from shuangsuiji.disclosure.models import ExemptionState, ResultExemption
    from shuangsuiji.disclosure.selectors import public_results

    approved = ResultExemption.objects.get(state=ExemptionState.APPROVED)
    assert approved.result.draw.task.state == TaskState.PUBLICIZED
    public = public_results()
    assert public.exists() and not public.filter(pk=approved.result_id).exists()
    pending = ResultExemption.objects.get(state=ExemptionState.REQUESTED)
    assert pending.result.draw.task.state == TaskState.COMPLETED
    # The 考核督查 step: one 抽样复查 round, drawn, whose public record verifies.
    from shuangsuiji.oversight.models import Recheck
    from shuangsuiji.sampling.record import verify_record

    [round_] = Recheck.objects.all()
    assert round_.items.exists() and verify_record(round_.record).ok
    # 问责/免责审查 (seed 四): one decided 免责, one open, surfaced after the inspections.
    from shuangsuiji.oversight.models import AccountabilityReview

    decided, pending = AccountabilityReview.objects.order_by("code")
    assert (decided.state, decided.decision, decided.exemption_case) == (
        "decided",
        "exempt",
        "duty_performed",
    )
    assert (pending.state, pending.source, pending.adverse) == ("open", "accident", True)
    for review in (decided, pending):
        (selection,) = review.selections.all()
        assert selection.draw.task.window_end <= review.surfaced_on
        assert review.inspectors.count() >= 2
    assert decided.surfaced_on < pending.surfaced_on
    # Every action the demo wrote reads in Chinese on the audit log page.
    from shuangsuiji.common.audit import action_label
    from shuangsuiji.common.models import AuditEntry

    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {a for a in actions if action_label(a) == a} == set()
