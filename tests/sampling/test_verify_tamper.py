"""The verifier refuses a record whose 直接委派 has no reason (docs/draw-algorithm.md §8, step 6):
a reason is mandatory when the pool is overridden by hand, so a published record that lost it
(or never had one) must not verify — from the file (``verify-draw``) as from the draw itself."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path
from typing import Any

import pytest
import time_machine

from shuangsuiji.directory.models import User
from shuangsuiji.sampling import engine, record, services
from shuangsuiji.sampling.models import Selection
from shuangsuiji.sampling.records import public_record
from shuangsuiji.sampling.verify import verify_file

from . import builders as b
from .vector_inputs import vector_record

NO_REASON = " 的直接委派没有填写原因"


def public_vector_record() -> dict[str, Any]:
    """The published test vector's public record (a joint D01/D18 task, 所所交叉, window to
    2025-06-30), as it would come out of a JSON file."""
    return vector_record(record.PUBLIC)


def with_direct_assignment(reason: Any) -> tuple[dict[str, Any], str]:
    """Team 0 left short by the draw, then assigned directly to two officers who keep every
    rule: one of each department, 在岗, certificate valid to 2027-12-31 (past 06-30), from
    another township than the firm's (所所交叉). ``reason=...`` leaves the key out."""
    rec = public_vector_record()
    team = rec["teams"][0]
    team["members"], team["experts"], team["fallback"] = [], [], engine.FALLBACK_DIRECT
    code = team["uscc"]
    township = next(a for a, codes in rec["matching"]["townships"].items() if code in codes)
    chosen = [
        next(
            o
            for o in rec["matching"]["officers"]
            if o["department"] == dept
            and o["kind"] == "law_enforcement"
            and o["status"] == "on_duty"
            and o["valid_until"] == "2027-12-31"
            and o["area"] != township
        )
        for dept in ("D01", "D18")
    ]
    assignment: dict[str, Any] = {
        "uscc": code,
        "members": [o["ref"] for o in chosen],
        "officers": chosen,
        "assigned_by": "联席办",
        "assigned_at": "2025-05-07T10:00:00+08:00",
    }
    if reason is not ...:
        assignment["reason"] = reason
    rec["direct_assignments"] = [assignment]
    return rec, code


def test_a_direct_assignment_with_a_reason_verifies() -> None:
    rec, _ = with_direct_assignment("本乡镇以外执法人员不足，经局领导批准委派")
    result = record.verify_record(rec)
    assert result.ok, result.problems


@pytest.mark.parametrize(
    "reason",
    ["", "   ", "\u3000\n", None, ...],
    ids=["empty", "spaces", "full-width-space", "null", "missing"],
)
def test_a_direct_assignment_without_a_reason_is_rejected(reason: Any) -> None:
    rec, code = with_direct_assignment(reason)
    result = record.verify_record(rec)
    assert not result.ok
    assert result.problems == [f"{code}{NO_REASON}"]


def test_verify_draw_file_fails_on_a_direct_assignment_without_a_reason(tmp_path: Path) -> None:
    good, _ = with_direct_assignment("本乡镇以外执法人员不足")
    bad, code = with_direct_assignment("")
    path = tmp_path / "draws.json"
    path.write_text(json.dumps([good, bad], ensure_ascii=False), encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    assert verify_file(path, out, err) == 1
    assert f"  - {code}{NO_REASON}\n" in err.getvalue()
    assert "共 2 条记录，1 条核验不通过" in err.getvalue()
    assert code not in out.getvalue()  # the good record is reported on its own, as passing


@pytest.mark.django_db
@time_machine.travel(dt.datetime(2025, 5, 6, 10, tzinfo=dt.UTC), tick=False)
def test_a_served_record_whose_reason_was_blanked_no_longer_verifies(market_admin: User) -> None:
    # 所所交叉 with 潭头镇's firms and one outside officer: every team falls short.
    b.entities(3, area=b.area("潭头镇"))
    b.officers(2, area=b.area("潭头镇"))
    outsider = b.officers(1, area=b.area("城关镇"))[0]
    t = b.task([b.item()])
    b.configure(t, ratio_a_bp=5000, cross_area=True)
    draw = b.freeze_and_draw(t)
    short = Selection.objects.filter(draw=draw, fallback=engine.FALLBACK_DIRECT)
    selection = short.select_related("entity").first()
    assert selection is not None
    second = b.officers(1, area=b.area("三川镇"))[0]
    services.team_assign_directly(
        draw=draw,
        entity=selection.entity,
        inspectors=[outsider, second],
        reason="本乡镇以外人员不足",
        actor=market_admin,
    )
    served = json.loads(json.dumps(public_record(draw), ensure_ascii=False))
    assert [a["reason"] for a in served["direct_assignments"]] == ["本乡镇以外人员不足"]
    assert record.verify_record(served).ok, record.verify_record(served).problems

    served["direct_assignments"][0]["reason"] = " "
    result = record.verify_record(served)
    assert result.problems == [f"{selection.entity.uscc}{NO_REASON}"]
