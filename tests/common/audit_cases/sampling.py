"""The draw: configuration, freeze, draw, redraw, direct assignment and adjacent townships."""

from __future__ import annotations

from shuangsuiji.plans.models import Task
from shuangsuiji.sampling import services
from shuangsuiji.sampling.models import AreaAdjacency, Selection

from ...sampling import builders as b
from . import Env, Expect, audits

CODE = "LC2025-SCJG-001"  # the sampling builders' task code


def _configured() -> Task:
    b.entities(4, area=b.area("城关镇"))
    b.officers(4, area=b.area("城关镇"))
    task = b.task([b.item()])
    b.configure(task, ratio_a_bp=5000, team_size=2)
    return task


def _draw(task: Task, env: Env) -> None:
    services.draw_run(
        task=task,
        witness_entropy=b.WITNESS,
        witness_source="中国体育彩票超级大乐透开奖号码",
        witness_name="王见证",
        actor=env.market,
    )


@audits("draw_config.save")
def draw_config_save(env: Env) -> Expect:
    task = b.task([b.item()])
    with env.watch:
        services.draw_config_save(task=task, actor=env.market, values={"ratio_a_bp": 2000})
    return Expect(env.market, "draw_config", CODE)


@audits("population.freeze")
def population_freeze(env: Env) -> Expect:
    """The first freeze also moves the task to 已冻结 (its own entry)."""
    task = _configured()
    with env.watch:
        services.draw_freeze(task=task, actor=env.market)
    return Expect(env.market, "population", f"{CODE}#F1", also=("task.state",))


@audits("draw.run")
def draw_run(env: Env) -> Expect:
    """The draw also moves the task to 已抽取 (its own entry)."""
    task = _configured()
    services.draw_freeze(task=task, actor=env.market)
    with env.watch:
        _draw(task, env)
    return Expect(env.market, "draw", f"{CODE}#1", also=("task.state",))


@audits("draw.redraw")
def draw_redraw(env: Env) -> Expect:
    """The earlier draw is set aside, the task goes back to 已冻结 and is frozen anew."""
    task = _configured()
    services.draw_freeze(task=task, actor=env.market)
    _draw(task, env)
    with env.watch:
        services.draw_redraw(task=task, reason="见证人未到场", actor=env.office)
    return Expect(env.office, "draw", f"{CODE}#1", also=("task.state", "population.freeze"))


@audits("team.assign")
def team_assign(env: Env) -> Expect:
    """潭头镇's entities under 所所交叉 with one outside officer: their teams fall short."""
    b.entities(3, area=b.area("潭头镇"))
    b.officers(2, area=b.area("潭头镇"))
    outsider = b.officers(1, area=b.area("城关镇"))[0]
    task = b.task([b.item()])
    b.configure(task, ratio_a_bp=5000, cross_area=True)
    draw = b.freeze_and_draw(task)
    short = Selection.objects.filter(draw=draw, fallback="direct_assignment_required").first()
    assert short is not None
    other = b.officers(1, area=b.area("三川镇"))[0]
    with env.watch:
        services.team_assign_directly(
            draw=draw,
            entity=short.entity,
            inspectors=[outsider, other],
            reason="本乡镇以外人员不足",
            actor=env.market,
        )
    return Expect(env.market, "team", f"{CODE}#1/{short.entity.uscc}")


@audits("adjacency.approve")
def adjacency_approve(env: Env) -> Expect:
    with env.watch:
        made = services.area_adjacency_approve(
            area_a=b.area("城关镇"), area_b=b.area("潭头镇"), actor=env.office
        )
    return Expect(env.office, "adjacency", made.pk)


@audits("adjacency.revoke")
def adjacency_revoke(env: Env) -> Expect:
    made = services.area_adjacency_approve(
        area_a=b.area("城关镇"), area_b=b.area("潭头镇"), actor=env.office
    )
    pk = made.pk
    with env.watch:
        services.area_adjacency_revoke(
            adjacency=AreaAdjacency.objects.get(pk=pk), actor=env.office, reason="道路改线"
        )
    return Expect(env.office, "adjacency", pk)
