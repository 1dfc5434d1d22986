"""The engine against the published vectors, the plain implementation and its properties."""

from __future__ import annotations

import json
import random
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from shuangsuiji.sampling import engine, record

from . import plain_engine as plain
from .vector_inputs import code

VECTORS = json.loads((Path(__file__).parents[2] / "docs" / "draw-vectors.json").read_text("utf-8"))
DRAW = VECTORS["draw"]
GIVEN = DRAW["inputs"]
# The main vector, and a department too small to keep the rotation rule for every firm.
DRAWS = pytest.mark.parametrize("name", ["draw", "draw_rotation_relaxed"])


@pytest.mark.parametrize("case", VECTORS["philox4x64_10"])
def test_plain_philox_matches_random123_known_answers(case: dict) -> None:
    out = plain.philox4x64_10(
        [int(c, 16) for c in case["counter"]], [int(k, 16) for k in case["key"]]
    )
    assert [f"{x:016x}" for x in out] == case["output"]


def test_engine_stream_is_numpys_philox_as_specified() -> None:
    seed = DRAW["seed"]
    for part, name in ((0, "stream_targets_first8"), (1, "stream_batches_first8")):
        engine_words = [f"{k:016x}" for k in engine.stream(seed, part, 8).tolist()]
        plain_words = [f"{k:016x}" for k in plain.stream(seed, part, 8)]
        assert engine_words == plain_words == DRAW[name]


@DRAWS
def test_commitment_and_seed_vectors(name: str) -> None:
    draw = VECTORS[name]
    given = draw["inputs"]
    population = [tuple(row) for row in given["population"]]
    frozen, commitment = record.build_frozen(
        task=given["task"],
        items=given["items"],
        population=population,
        strata=given["strata"],
        exclusions=given["exclusions"],
        matching_inputs=given["matching_inputs"],
        batch_size=given["batch_size"],
        frozen_at=given["frozen_at"],
        frozen_by=given["frozen_by"],
        secret_hex=given["secret"],
    )
    assert frozen == draw["frozen"]
    assert commitment == draw["commitment"] == plain.commitment(draw["frozen"])
    assert plain.population_digest(population) == draw["population_digest"]
    seed = plain.seed(given["secret"], given["witness"], commitment)
    assert seed == draw["seed"] == engine.derive_seed(given["secret"], given["witness"], commitment)


@DRAWS
def test_selection_batches_and_teams_vectors_in_both_implementations(name: str) -> None:
    draw = VECTORS[name]
    given = draw["inputs"]
    population = [tuple(row) for row in given["population"]]
    seed, quotas = draw["seed"], draw["quotas"]
    assert [list(r) for r in engine.draw_targets(population, quotas, seed)] == draw["selected"]
    assert [list(r) for r in plain.draw(population, quotas, seed)] == draw["selected"]
    codes = [r[0] for r in draw["selected"]]
    size = given["batch_size"]
    assert (
        engine.batch_order(codes, seed, size) == draw["batches"] == plain.batches(codes, seed, size)
    )
    inputs = given["matching_inputs"]
    order = [c for batch in draw["batches"] for c in batch]
    targets = [
        {
            "uscc": c,
            "area": next(a for a, codes in inputs["townships"].items() if c in codes),
            "conflicts": inputs["conflicts"].get(c, []),
            "previous": inputs["previous"].get(c, []),
        }
        for c in order
    ]
    assert plain.match(targets, inputs["officers"], inputs["rules"], seed) == draw["teams"]
    outcome = record.run_draw(
        frozen=draw["frozen"],
        commitment=draw["commitment"],
        population=population,
        secret_hex=given["secret"],
        witness_entropy=given["witness"],
        matching_inputs=inputs,
    )
    assert outcome["teams"] == draw["teams"]


@pytest.mark.parametrize(
    ("size", "ratio_bp", "expected"),
    [
        (0, 100, 0),
        (1, 100, 1),
        (99, 100, 1),
        (100, 100, 1),
        (101, 100, 2),
        (200, 250, 5),
        (10, 10_000, 10),
        (7, 0, 0),
    ],
)
def test_quota_rounds_up(size: int, ratio_bp: int, expected: int) -> None:
    assert engine.quota_for(size, engine.StratumRule("A", ratio_bp=ratio_bp)) == expected
    assert plain.quota(size, ratio_bp=ratio_bp) == expected


def test_count_quota_is_capped_by_size() -> None:
    assert engine.quota_for(3, engine.StratumRule("A", count=5)) == 3


def test_witness_entropy_is_normalised() -> None:
    commitment = DRAW["commitment"]
    a = engine.derive_seed(GIVEN["secret"], " 03  11\u300019 ", commitment)
    b = engine.derive_seed(GIVEN["secret"], "03 11 19", commitment)
    assert a == b


# ---------------------------------------------------------------- properties


@st.composite
def populations(draw: st.DrawFn) -> tuple[list[tuple[str, str]], dict[str, int]]:
    numbers = draw(st.sets(st.integers(1, 10**6), min_size=1, max_size=80))
    strata = ["A", "B", "C", "D"]
    rows = [(code(n), draw(st.sampled_from(strata))) for n in sorted(numbers)]
    sizes = {s: sum(1 for _, x in rows if x == s) for s in strata}
    quotas = {s: draw(st.integers(0, sizes[s])) for s in strata}
    return rows, quotas


seeds = st.binary(min_size=32, max_size=32).map(bytes.hex)


@settings(max_examples=80, deadline=None)
@given(populations(), seeds, st.randoms())
def test_quotas_exact_no_repeats_and_order_independent(case, seed: str, rnd: random.Random) -> None:
    rows, quotas = case
    selected = engine.draw_targets(rows, quotas, seed)
    assert len({c for c, _ in selected}) == len(selected)
    for stratum, quota in quotas.items():
        assert sum(1 for _, s in selected if s == stratum) == quota
    shuffled = list(rows)
    rnd.shuffle(shuffled)
    assert engine.draw_targets(shuffled, quotas, seed) == selected
    assert plain.draw(shuffled, quotas, seed) == selected


def test_unsorted_or_repeated_population_is_refused() -> None:
    codes = np.asarray([b"B" * 18, b"A" * 18], dtype="S18")
    with pytest.raises(engine.DrawError, match="sorted"):
        engine.select_indices(codes, np.zeros(2, dtype=np.int32), [1], "00" * 32)
    with pytest.raises(engine.DrawError, match="no quota"):
        engine.draw_targets([(code(1), "Z")], {"A": 0}, "00" * 32)


# ---------------------------------------------------------------- statistics


def test_inclusion_frequency_matches_quota_over_size() -> None:
    """Over 400 seeds every entity's selection count stays within binomial tolerance."""
    rows = [(code(n), "A" if n % 3 else "D") for n in range(1, 301)]
    quotas = {"A": 20, "D": 30}
    sizes = {"A": 200, "D": 100}
    trials = 400
    counts = {c: 0 for c, _ in rows}
    for t in range(trials):
        seed = engine.sha256_hex(f"trial-{t}".encode())
        for c, _ in engine.draw_targets(rows, quotas, seed):
            counts[c] += 1
    for stratum in ("A", "D"):
        p = quotas[stratum] / sizes[stratum]
        members = [c for c, s in rows if s == stratum]
        mean = sum(counts[c] for c in members) / (len(members) * trials)
        assert mean == pytest.approx(p)  # exact quotas: the stratum mean is p by construction
        sd = (trials * p * (1 - p)) ** 0.5
        # Each entity's count is Binomial(trials, p); 5 sd is a bound no fair draw breaks here.
        worst = max(abs(counts[c] - trials * p) for c in members)
        assert worst < 5 * sd, (stratum, worst, sd)
        # And the spread across entities is that of a binomial, not a fixed rotation.
        var = sum((counts[c] - trials * p) ** 2 for c in members) / len(members)
        assert 0.6 * sd**2 < var < 1.5 * sd**2


def test_keys_are_uniform_chi_square() -> None:
    keys = engine.stream(engine.sha256_hex(b"uniformity"), 0, 100_000)
    bins = np.bincount((keys >> np.uint64(60)).astype(np.int64), minlength=16)
    expected = len(keys) / 16
    chi2 = float(((bins - expected) ** 2 / expected).sum())
    assert chi2 < 37.7  # 15 degrees of freedom, p = 0.001
