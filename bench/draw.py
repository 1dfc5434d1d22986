"""The draw engine: targets on a 1,000,000-entity population, and inspector matching.

- ``draw_targets_inprocess``: the engine alone (``engine.select_indices``) drawing 5 % of each
  of four credit strata from a synthetic frozen population of 1,000,000 codes. Peer:
  ``pandas.DataFrame.sample(n, weights=…)`` on the same rows, already in memory, in this run.
- ``match_inspectors``: 10,000 drawn entities, 2,000 inspectors of three departments (a joint
  task), all hard rules on (certificate validity, 回避, previous team, 所所交叉, per-task cap).
  The issue sets a target rather than a peer: 2 s.

Each figure is the best of five runs.
"""

from __future__ import annotations

import random

import numpy as np

from bench import Result, timed

N = 1_000_000
RATIO_BP = 500
REPEAT = 5
MATCH_TARGET_SECONDS = 2.0
ALPHABET = np.frombuffer(b"0123456789ABCDEFGHJKLMNPQRTUWXY", dtype=np.uint8)


def population() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(2025)
    codes = np.unique(ALPHABET[rng.integers(0, 31, size=(N, 18))].view("S18").ravel())
    strata = rng.choice(4, size=len(codes), p=[0.6, 0.3, 0.08, 0.02]).astype(np.int8)
    return codes, strata


def best(fn) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(REPEAT):
        with timed() as timer:
            fn()
        times.append(timer.seconds)
    return min(times)


def targets() -> Result:
    import pandas as pd

    from shuangsuiji.sampling import engine

    codes, strata = population()
    sizes = np.bincount(strata, minlength=4)
    quotas = [engine.quota_for(int(s), engine.StratumRule("x", ratio_bp=RATIO_BP)) for s in sizes]
    seed = engine.sha256_hex(b"bench")
    selected = engine.select_indices(codes, strata, quotas, seed)
    assert len(selected) == sum(quotas)
    ours = best(lambda: engine.select_indices(codes, strata, quotas, seed))

    frame = pd.DataFrame({"uscc": codes, "stratum": strata})
    weights = pd.Series(np.asarray(quotas, dtype=float) / sizes)[frame["stratum"]].to_numpy()
    peer = best(lambda: frame.sample(n=sum(quotas), weights=weights, random_state=1))
    return Result(
        name="draw_targets_inprocess",
        value=ours,
        unit="s",
        peer="pandas.DataFrame.sample(n, weights=…)",
        peer_value=peer,
    )


def matching() -> Result:
    from shuangsuiji.sampling import engine
    from shuangsuiji.sampling.engine import MatchRules, MatchTarget, Officer

    rnd = random.Random(2025)
    areas = [f"乡镇{i:02d}" for i in range(14)]
    officers = [
        Officer(
            ref=f"4103242025{i:06d}",
            department=rnd.choice(["D01", "D01", "D12", "D18"]),
            valid_until=rnd.choice(["2027-12-31"] * 9 + ["2024-06-30"]),
            status=rnd.choice(["on_duty"] * 19 + ["retired"]),
            area=rnd.choice(areas),
            specialties=(rnd.choice(["食品安全", "特种设备", "环境保护"]),),
        )
        for i in range(2000)
    ]
    refs = [o.ref for o in officers]
    goals = [
        MatchTarget(
            uscc=f"91410324{i:010d}",
            area=rnd.choice(areas),
            conflicts=frozenset(rnd.sample(refs, 2)) if i % 10 == 0 else frozenset(),
            previous=frozenset(rnd.sample(refs, 2)),
        )
        for i in range(10_000)
    ]
    rules = MatchRules(
        lead_department="D01",
        partner_departments=("D12", "D18"),
        window_end="2026-12-31",
        team_size=3,
        cross_area=True,
        per_inspector_cap=60,
        wanted_specialties=("食品安全",),
    )
    seed = engine.sha256_hex(b"bench-match")
    teams = engine.match_teams(goals, officers, rules, seed)
    people = {o.ref: o for o in officers}
    assert all(
        not engine.team_problems(t.as_dict(), g, people, rules)
        for t, g in zip(teams, goals, strict=True)
    )
    seconds = best(lambda: engine.match_teams(goals, officers, rules, seed))
    return Result(
        name="match_inspectors",
        value=seconds,
        unit="s",
        peer="target set by the issue",
        peer_value=MATCH_TARGET_SECONDS,
    )


def run() -> list[Result]:
    return [targets(), matching()]
