"""一公开's exemptions, API tokens, the holiday calendar and 抽样复查."""

from __future__ import annotations

import datetime as dt

from shuangsuiji.api import services as tokens
from shuangsuiji.common.calendar import calendar_year_set
from shuangsuiji.disclosure import services as disclosure
from shuangsuiji.disclosure.models import ResultExemption
from shuangsuiji.oversight import recheck
from shuangsuiji.oversight.models import Recheck, RecheckItem

from ...disclosure.builders import Publicized, completed_task
from ...sampling import builders as b
from . import Env, Expect, audits

REASON = "涉及商业秘密，依据《政府信息公开条例》第十五条"
ROUND = "FC2025-001"  # the first 抽样复查 round of 2025


def _requested() -> tuple[Publicized, ResultExemption]:
    done = completed_task(code="LC2025-SCJG-601", n_entities=2)
    made = disclosure.exemption_request(actor=done.admin, result=done.results[0], reason=REASON)
    return done, made


@audits("result_exemption.request")
def exemption_request(env: Env) -> Expect:
    done = completed_task(code="LC2025-SCJG-601", n_entities=2)
    with env.watch:
        made = disclosure.exemption_request(actor=done.admin, result=done.results[0], reason=REASON)
    return Expect(done.admin, "result_exemption", made.pk)


@audits("result_exemption.decide")
def exemption_decide(env: Env) -> Expect:
    """The 不予公开 decision: the office approves, the result stays internal."""
    _, made = _requested()
    with env.watch:
        disclosure.exemption_decide(
            actor=env.office, exemption=made, approve=True, note="同意不予公开"
        )
    return Expect(env.office, "result_exemption", made.pk)


@audits("api_token.create")
def api_token_create(env: Env) -> Expect:
    with env.watch:
        token, _ = tokens.token_create(
            actor=env.office, department=b.market(), name="市场局业务系统"
        )
    return Expect(env.office, "api.ApiToken", token.pk)


@audits("api_token.revoke")
def api_token_revoke(env: Env) -> Expect:
    token, _ = tokens.token_create(actor=env.office, department=b.market(), name="市场局业务系统")
    with env.watch:
        tokens.token_revoke(actor=env.office, token=token, reason="系统停用")
    return Expect(env.office, "api.ApiToken", token.pk)


@audits("calendar.create")
def calendar_create(env: Env) -> Expect:
    """2027 is a year the holiday package does not cover, so the office enters it first."""
    with env.watch:
        calendar_year_set(
            actor=env.office,
            year=2027,
            rest_days=[(dt.date(2027, 1, 1), "元旦")],
            work_days=[],
            notice="国办发明电〔2026〕7号",
        )
    return Expect(env.office, "calendar", 2027)


@audits("calendar.update")
def calendar_update(env: Env) -> Expect:
    """2025 came with the package; the office corrects it."""
    with env.watch:
        calendar_year_set(
            actor=env.office,
            year=2025,
            rest_days=[(dt.date(2025, 10, 1), "国庆节")],
            work_days=[(dt.date(2025, 9, 28), "国庆调休")],
            notice="国办发明电〔2024〕12号",
            reason="更正",
        )
    return Expect(env.office, "calendar", 2025)


def _inspected() -> None:
    """Two completed inspections of 2025, and 卫健 officers to re-check them."""
    completed_task(code="LC2025-SCJG-701", n_entities=2)
    b.officers(4, department=b.health(), area=b.area("城关镇"))


def _freeze(env: Env) -> Recheck:
    return recheck.recheck_freeze(
        actor=env.office,
        year=2025,
        share_bp=10_000,
        team_department=b.health(),
        due_on=dt.date(2025, 12, 31),
    )


def _drawn(env: Env) -> RecheckItem:
    _inspected()
    recheck.recheck_draw(
        recheck=_freeze(env),
        witness_entropy=b.WITNESS,
        witness_source="中国体育彩票超级大乐透开奖号码",
        witness_name="李见证",
        actor=env.office,
    )
    item = RecheckItem.objects.select_related("entity").order_by("id").first()
    assert item is not None
    return item


@audits("recheck.freeze")
def recheck_freeze(env: Env) -> Expect:
    _inspected()
    with env.watch:
        _freeze(env)
    return Expect(env.office, "recheck", ROUND)


@audits("recheck.draw")
def recheck_draw(env: Env) -> Expect:
    _inspected()
    frozen = _freeze(env)
    with env.watch:
        recheck.recheck_draw(
            recheck=frozen,
            witness_entropy=b.WITNESS,
            witness_source="中国体育彩票超级大乐透开奖号码",
            witness_name="李见证",
            actor=env.office,
        )
    return Expect(env.office, "recheck", ROUND)


@audits("recheck.assign_team")
def recheck_assign_team(env: Env) -> Expect:
    item = _drawn(env)
    others = b.officers(2, department=b.health())  # new people: neither team has them
    with env.watch:
        recheck.recheck_assign_team(
            item=item, inspectors=others, reason="原复查组成员出差", actor=env.office
        )
    return Expect(env.office, "recheck_item", f"{ROUND}/LC2025-SCJG-701/{item.entity.uscc}")


@audits("recheck.outcome")
def recheck_outcome(env: Env) -> Expect:
    item = _drawn(env)
    with env.watch:
        recheck.recheck_record_outcome(item=item, outcome="agree", note="", actor=env.office)
    return Expect(env.office, "recheck_item", f"{ROUND}/LC2025-SCJG-701/{item.entity.uscc}")
