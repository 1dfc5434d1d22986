"""A 执法证 must be valid on every inspection day, i.e. through the task's window_end
(docs/draw-algorithm.md §6: ``valid_until ≥ window_end``; 有效期至 is the last valid day).
A certificate ending on the window's last day is valid; one ending the day before is not."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from shuangsuiji.common.errors import ServiceError
from shuangsuiji.directory.models import User
from shuangsuiji.sampling import engine, record, services
from shuangsuiji.sampling.models import Selection, TeamMember
from shuangsuiji.sampling.records import public_record

from . import builders as b

LAST_DAY = dt.date(2025, 10, 31)  # the builders' task window ends on it
DAY_BEFORE = dt.date(2025, 10, 30)
DAY_AFTER = dt.date(2025, 11, 1)
EXPIRED = "执法证在检查期内失效"
BEFORE_THE_WINDOW_ENDS = dt.datetime(2025, 5, 6, 10, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("valid_until", "problem"),
    [("2025-10-30", EXPIRED), ("2025-10-31", None), ("2025-11-01", None)],
    ids=["ends-the-day-before", "ends-on-the-last-day", "ends-the-day-after"],
)
def test_officer_eligibility_at_the_window_end(valid_until: str, problem: str | None) -> None:
    rules = engine.MatchRules(lead_department="D01", window_end="2025-10-31")
    officer = engine.Officer(ref="41032420250001", department="D01", valid_until=valid_until)
    assert engine.officer_problem(officer, rules) == problem


@pytest.mark.django_db
@time_machine.travel(BEFORE_THE_WINDOW_ENDS, tick=False)
def test_the_draw_picks_the_certificate_ending_on_the_last_day_never_the_day_before() -> None:
    entity = b.entities(1)[0]
    before, on_last, after = (
        b.officers(1, certificate_valid_until=day)[0] for day in (DAY_BEFORE, LAST_DAY, DAY_AFTER)
    )
    t = b.task([b.item(ratio_cap=None, category="key")])
    assert t.window_end == LAST_DAY
    b.configure(t, ratio_a_bp=10_000, team_size=2)
    draw = b.freeze_and_draw(t)
    # Two places, and only two of the three officers are eligible: the team is exactly them.
    team = TeamMember.objects.filter(draw=draw, entity=entity, role="member")
    assert set(team.values_list("inspector_id", flat=True)) == {on_last.pk, after.pk}
    assert Selection.objects.get(draw=draw, entity=entity).fallback == ""
    assert before.pk not in set(TeamMember.objects.values_list("inspector_id", flat=True))
    served = public_record(draw)
    assert served["matching"]["rules"]["window_end"] == "2025-10-31"
    assert record.verify_record(served).ok, record.verify_record(served).problems


@pytest.mark.django_db
@time_machine.travel(BEFORE_THE_WINDOW_ENDS, tick=False)
def test_a_direct_assignment_takes_a_certificate_ending_on_the_last_day(
    market_admin: User,
) -> None:
    # 所所交叉 over 潭头镇's firms, with one officer from elsewhere: every team falls short.
    b.entities(1, area=b.area("潭头镇"))
    b.officers(2, area=b.area("潭头镇"))
    outsider = b.officers(1, area=b.area("城关镇"))[0]
    t = b.task([b.item(ratio_cap=None, category="key")])
    assert t.window_end == LAST_DAY
    b.configure(t, ratio_a_bp=10_000, cross_area=True)
    draw = b.freeze_and_draw(t)
    selection = Selection.objects.select_related("entity").get(draw=draw)
    assert selection.fallback == engine.FALLBACK_DIRECT
    three_chuan = b.area("三川镇")
    before = b.officers(1, area=three_chuan, certificate_valid_until=DAY_BEFORE)[0]
    on_last = b.officers(1, area=three_chuan, certificate_valid_until=LAST_DAY)[0]

    def assign(second: object) -> object:
        return services.team_assign_directly(
            draw=draw,
            entity=selection.entity,
            inspectors=[outsider, second],  # type: ignore[list-item]
            reason="本乡镇以外人员不足",
            actor=market_admin,
        )

    with pytest.raises(ServiceError, match=EXPIRED):
        assign(before)
    done = assign(on_last)
    assert set(done.inspectors.all()) == {outsider, on_last}  # type: ignore[attr-defined]
    assert record.verify_record(public_record(draw)).ok
