"""Fairness monitor figures against a hand-counted ledger.

One 企业 E1 is drawn by three tasks (T3 with the yearly cap switched off): over the cap, and
T3's team is T1's again (the engine only avoids the *previous* team), so two repeated pairs.
T4 draws 2 of 5 个体工商户 at 30 %: ceil(1.5) = 2, a 40 % actual share. Of six officers, four
serve; one has a certificate expiring inside the window (on duty, never drawn), one is retired.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from shuangsuiji.directory.models import Entity, Inspector, User
from shuangsuiji.oversight.fairness import fairness_report
from shuangsuiji.sampling.models import Draw, TeamMember

from ..sampling import builders as b

pytestmark = pytest.mark.django_db


@pytest.fixture
def ledger() -> dict[str, object]:
    e1 = b.entities(1)[0]
    b.entities(5, entity_type="个体工商户")
    b.officers(4)
    expiring = b.officers(1, certificate_valid_until=dt.date(2025, 6, 30))[0]
    b.officers(1, status="retired")
    draws = []
    for n in (1, 2, 3):
        item = b.item(name=f"企业事项{n}", ratio_cap=None, category="key")
        t = b.task([item], code=f"LC2025-SCJG-00{n}")
        b.configure(t, ratio_a_bp=10_000, **({"yearly_cap": None} if n == 3 else {}))
        draws.append(b.freeze_and_draw(t))
    item = b.item(name="个体户事项", targets=["个体工商户"], ratio_cap=None, category="key")
    t4 = b.task([item], code="LC2025-SCJG-004")
    b.configure(t4, ratio_a_bp=3000)
    draws.append(b.freeze_and_draw(t4))
    return {"e1": e1, "expiring": expiring, "draws": draws}


def team(draw: Draw, entity: Entity) -> set[int]:
    return set(
        TeamMember.objects.filter(draw=draw, entity=entity).values_list("inspector_id", flat=True)
    )


def test_selection_rates_per_task_and_per_stratum(ledger: dict, office_admin: User) -> None:
    report = fairness_report(actor=office_admin, year=2025)
    a_rows = {r.task_code: r for r in report.per_task if r.stratum == "A"}
    assert [(r.size, r.quota, r.selected) for r in a_rows.values()] == [
        (1, 1, 1),
        (1, 1, 1),
        (1, 1, 1),
        (5, 2, 2),
    ]
    t4 = a_rows["LC2025-SCJG-004"]
    assert t4.configured == pytest.approx(0.30) and t4.actual == pytest.approx(0.40)
    assert t4.excess == pytest.approx(0.5) and t4.rule == "30%"
    total = next(r for r in report.per_stratum if r.stratum == "A")
    assert (total.tasks, total.size, total.selected) == (4, 8, 5)
    assert total.expected == pytest.approx(4.5)


def test_entity_over_the_cap_repeated_pairs_and_idle_officer(
    ledger: dict, office_admin: User
) -> None:
    report = fairness_report(actor=office_admin, year=2025)
    e1 = ledger["e1"]
    assert [(o.entity, o.count) for o in report.over_cap] == [(e1, 3)]
    assert report.over_cap[0].tasks == ["LC2025-SCJG-001", "LC2025-SCJG-002", "LC2025-SCJG-003"]
    d1, d2, d3, _ = ledger["draws"]
    assert team(d3, e1) == team(d1, e1) and not team(d2, e1) & team(d1, e1)
    assert {(p.inspector.pk, p.entity.pk) for p in report.pairs} == {
        (pk, e1.pk) for pk in team(d1, e1)
    }
    assert all(
        p.occasions == [(2025, "LC2025-SCJG-001"), (2025, "LC2025-SCJG-003")] for p in report.pairs
    )
    assert report.idle == [ledger["expiring"]]
    assert Inspector.objects.filter(status="retired").count() == 1


def test_a_department_sees_only_its_own_tasks(
    ledger: dict, market_admin: User, health_admin: User
) -> None:
    mine = fairness_report(actor=market_admin, year=2025)
    assert len(mine.over_cap) == 1 and len(mine.pairs) == 2 and len(mine.idle) == 1
    other = fairness_report(actor=health_admin, year=2025)
    assert other.per_task == [] and other.over_cap == [] and other.pairs == [] and other.idle == []


def test_fairness_page_for_admins_only(
    ledger: dict, office_admin: User, market_inspector: User, client: Client
) -> None:
    client.force_login(office_admin)
    page = client.get(reverse("recheck:fairness"), {"year": 2025}).content.decode()
    assert "向上取整" in page and ledger["e1"].uscc in page
    assert ledger["expiring"].certificate_no in page
    client.force_login(market_inspector)
    assert client.get(reverse("recheck:fairness")).status_code == 403


def test_a_pair_met_last_year_and_again_this_year_is_repeated(office_admin: User) -> None:
    e1 = b.entities(1)[0]
    b.officers(4)
    draws = []
    for n, year in ((1, 2024), (2, 2025), (3, 2025)):
        item = b.item(name=f"跨年事项{n}", ratio_cap=None, category="key", year=year)
        t = b.task([item], code=f"LC{year}-SCJG-01{n}", year=year)
        b.configure(t, ratio_a_bp=10_000, yearly_cap=None)
        draws.append(b.freeze_and_draw(t))
    last_year, t2, t3 = draws
    assert not team(t2, e1) & team(last_year, e1)
    assert team(t3, e1) == team(last_year, e1)  # only the previous (t2) team is avoided
    report = fairness_report(actor=office_admin, year=2025)
    assert {p.inspector.pk for p in report.pairs} == team(last_year, e1)
    assert all(
        p.occasions == [(2024, "LC2024-SCJG-011"), (2025, "LC2025-SCJG-013")] for p in report.pairs
    )
    assert fairness_report(actor=office_admin, year=2026).pairs == []
