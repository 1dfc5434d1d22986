"""The draw engine: a pure function from published inputs to published outputs.

No Django import: ``shuangsuiji verify-draw`` and anyone else can re-run a draw from its record
with the standard library and numpy alone. docs/draw-algorithm.md is the specification; this
module is one implementation of it and tests/sampling/plain_engine.py is another.

Summary (RFC 3797 in spirit): the population, quotas and matching inputs are frozen and
committed to (SHA-256) before anyone can know the seed; the seed mixes a server secret, whose
hash is in the commitment, with public entropy typed in by a witness at draw time. The frozen
population is sorted by code, so the outcome does not depend on storage order; row i takes the
i-th output of Philox4x64-10 keyed by the seed, and in each stratum the ``quota`` smallest keys
are selected.
"""

from __future__ import annotations

import hashlib
import heapq
import json
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

ALGORITHM = "ssj-draw/2"


class DrawError(ValueError):
    """Inputs the engine cannot accept (a malformed code, an unknown stratum …)."""


# ---------------------------------------------------------------- hashing helpers


def canonical_json(value: Any) -> bytes:
    """UTF-8 JSON with sorted keys and no spaces: the byte form every hash is taken over."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode(
        "utf-8"
    )


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def population_digest(population: Iterable[tuple[str, str]]) -> str:
    """SHA-256 over lines “uscc,stratum\\n”, sorted by uscc (byte order), UTF-8."""
    lines = "".join(f"{uscc},{stratum}\n" for uscc, stratum in sorted(population))
    return sha256_hex(lines.encode("utf-8"))


def secret_hash(secret_hex: str) -> str:
    return sha256_hex(bytes.fromhex(secret_hex))


def commitment_of(frozen: Mapping[str, Any]) -> str:
    """The commitment published at freeze time: SHA-256 of the frozen facts' canonical JSON."""
    return sha256_hex(canonical_json(dict(frozen)))


def normalize_witness(entropy: str) -> str:
    """NFKC, trimmed, inner whitespace collapsed to one space: what the witness typed."""
    return " ".join(unicodedata.normalize("NFKC", entropy).split())


def derive_seed(secret_hex: str, witness_entropy: str, commitment_hex: str) -> str:
    """seed = SHA-256(secret ‖ SHA-256(witness entropy, UTF-8) ‖ commitment), all 32 bytes."""
    witness = hashlib.sha256(normalize_witness(witness_entropy).encode("utf-8")).digest()
    material = bytes.fromhex(secret_hex) + witness + bytes.fromhex(commitment_hex)
    return sha256_hex(material)


# ---------------------------------------------------------------- quotas


@dataclass(frozen=True)
class StratumRule:
    """How many to draw from one stratum: a ratio in basis points (1 % = 100) or a count."""

    name: str
    ratio_bp: int | None = None
    count: int | None = None

    def __post_init__(self) -> None:
        if (self.ratio_bp is None) == (self.count is None):
            raise DrawError(f"stratum {self.name}: give exactly one of ratio_bp and count")
        if self.ratio_bp is not None and not 0 <= self.ratio_bp <= 10_000:
            raise DrawError(f"stratum {self.name}: ratio_bp must be within 0..10000")
        if self.count is not None and self.count < 0:
            raise DrawError(f"stratum {self.name}: count must not be negative")


def quota_for(size: int, rule: StratumRule) -> int:
    """The documented rounding rule: a ratio is rounded up, ceil(size × ratio), never above size.

    Rounding up keeps every non-empty stratum with a positive ratio represented and never draws
    below the configured ratio; a count is taken as is, capped at the stratum size.
    """
    if rule.count is not None:
        return min(rule.count, size)
    assert rule.ratio_bp is not None
    return min(size, -(-size * rule.ratio_bp // 10_000))


# ---------------------------------------------------------------- the keyed stream


def stream_key(seed_hex: str, part: int) -> int:
    """The 128-bit Philox key for one use of the seed: bytes 0-15 (targets) or 16-31 (batches)."""
    raw = bytes.fromhex(seed_hex)
    if len(raw) != 32:
        raise DrawError("the seed must be 32 bytes (64 hex digits)")
    return int.from_bytes(raw[16 * part : 16 * part + 16], "little")


def stream(seed_hex: str, part: int, n: int) -> np.ndarray:
    """The first n 64-bit outputs of Philox4x64-10 keyed by the seed (numpy's Philox).

    Block b = 1, 2, … is Philox4x64-10(counter = (b, 0, 0, 0), key = (k0, k1)) and yields
    outputs 4(b−1) … 4(b−1)+3, where k0 and k1 are the key's little-endian 64-bit halves.
    numpy documents its bit generators' streams as stable across releases (NEP 19).
    """
    return np.random.Philox(key=stream_key(seed_hex, part)).random_raw(n)


# ---------------------------------------------------------------- target draw


def _ascending(codes: np.ndarray) -> bool:
    return bool(len(codes) < 2 or np.all(codes[1:] > codes[:-1]))


def select_indices(
    codes: np.ndarray, strata: np.ndarray, quotas: Sequence[int], seed_hex: str
) -> np.ndarray:
    """The core: indices (ascending) of the selected rows of a frozen population.

    ``codes`` is the population's 统一社会信用代码 as a strictly ascending ``S18`` array (the
    frozen order), ``strata`` the stratum number of each row, ``quotas[s]`` how many to take
    from stratum s. Row i's key is output i of the seed's stream; in each stratum the rows
    with the ``quota`` smallest keys are selected, a tie going to the smaller code.
    """
    if not _ascending(codes):
        raise DrawError("the population must be sorted by code with no repeats")
    keys = stream(seed_hex, 0, len(codes))
    chosen: list[np.ndarray] = []
    for stratum, quota in enumerate(quotas):
        rows = np.flatnonzero(strata == stratum)
        if quota > len(rows):
            raise DrawError(f"stratum {stratum}: quota {quota} exceeds its {len(rows)} entities")
        if quota <= 0:
            continue
        stratum_keys = keys[rows]
        cut = np.partition(stratum_keys, quota - 1)[quota - 1]
        below = rows[stratum_keys < cut]
        at_cut = rows[stratum_keys == cut][: quota - len(below)]
        chosen += [below, at_cut]
    if not chosen:
        return np.zeros(0, dtype=np.intp)
    return np.sort(np.concatenate(chosen))


def draw_targets(
    population: Sequence[tuple[str, str]], quotas: Mapping[str, int], seed_hex: str
) -> list[tuple[str, str]]:
    """Select exactly ``quotas[s]`` entities of each stratum s; returns (uscc, stratum) by uscc.

    The rows may come in any order: they are put in the frozen (code) order first.
    """
    rows = sorted(population)
    names = sorted(quotas)
    unknown = {stratum for _, stratum in rows} - set(names)
    if unknown:
        raise DrawError(f"no quota for strata {sorted(unknown)}")
    number = {name: i for i, name in enumerate(names)}
    codes = np.asarray([uscc.encode("ascii") for uscc, _ in rows], dtype="S18")
    strata = np.asarray([number[stratum] for _, stratum in rows], dtype=np.int32)
    picked = select_indices(codes, strata, [quotas[n] for n in names], seed_hex)
    return [rows[i] for i in picked.tolist()]


def batch_order(codes: Sequence[str], seed_hex: str, batch_size: int) -> list[list[str]]:
    """Seed 二(一): the inspection order of the selected entities, in batches of ``batch_size``.

    The selected codes, in code order, take keys from the seed's second stream; the order is by
    (key, code), cut into batches.
    """
    if not codes:
        return []
    if batch_size < 1:
        raise DrawError("batch_size must be at least 1")
    ordered = sorted(codes)
    keys = stream(seed_hex, 1, len(ordered))
    sequence = [code for _, code in sorted(zip(keys.tolist(), ordered, strict=True))]
    return [sequence[i : i + batch_size] for i in range(0, len(sequence), batch_size)]


# ---------------------------------------------------------------- inspector matching

LAW_ENFORCEMENT = "law_enforcement"
EXPERT = "expert"
ON_DUTY = "on_duty"

FALLBACK_NONE = ""
FALLBACK_ADJACENT = "adjacent_area"
FALLBACK_DIRECT = "direct_assignment_required"

# "Not the entity's previous team" (a local choice): a preference that gives way when the pool
# cannot keep it, ignored, or a hard rule (a re-check must never send the original team, and
# every ssj-draw/1 record was drawn under it, so a rules object without the key means it).
ROTATION_PREFER = "prefer"
ROTATION_OFF = "off"
ROTATION_HARD = "hard"
ROTATIONS = (ROTATION_PREFER, ROTATION_OFF, ROTATION_HARD)
ROTATION_LABELS = {
    ROTATION_PREFER: "优先轮换，人员不足时放宽",
    ROTATION_OFF: "不要求轮换",
    ROTATION_HARD: "必须轮换",
}


@dataclass(frozen=True)
class Officer:
    """One person in the matching pool, as published (name and 执法证号 are public)."""

    ref: str
    department: str
    kind: str = LAW_ENFORCEMENT
    status: str = ON_DUTY
    valid_until: str | None = None  # ISO date; None for experts
    area: str | None = None
    specialties: tuple[str, ...] = ()
    name: str = ""


@dataclass(frozen=True)
class MatchRules:
    """The task's matching rules, frozen with the population."""

    lead_department: str
    window_end: str  # ISO date: certificates must be valid through it
    partner_departments: tuple[str, ...] = ()
    team_size: int = 2
    experts: int = 0
    cross_area: bool = False  # 所所交叉: never the entity's own township
    local_only: bool = False  # 属地: only the entity's own township (adjacent ones as fallback)
    per_inspector_cap: int | None = None
    wanted_specialties: tuple[str, ...] = ()
    adjacency: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    rotation: str = ROTATION_HARD

    def __post_init__(self) -> None:
        if self.rotation not in ROTATIONS:
            raise DrawError(f"rotation must be one of {', '.join(ROTATIONS)}")

    def departments(self) -> tuple[str, ...]:
        return (self.lead_department, *self.partner_departments)

    def min_size(self) -> int:
        return max(self.team_size, 2, len(self.departments()))


@dataclass(frozen=True)
class MatchTarget:
    uscc: str
    area: str | None = None
    conflicts: frozenset[str] = frozenset()
    previous: frozenset[str] = frozenset()


@dataclass
class Team:
    uscc: str
    members: list[str]
    experts: list[str]
    fallback: str = FALLBACK_NONE
    rotation_relaxed: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {
            "uscc": self.uscc,
            "members": self.members,
            "experts": self.experts,
            "fallback": self.fallback,
            "rotation_relaxed": self.rotation_relaxed,
        }


def officer_problem(officer: Officer, rules: MatchRules) -> str | None:
    """Why a person may not count as a law-enforcement member of any team of this task."""
    if officer.kind != LAW_ENFORCEMENT:
        return "专家不计入执法人员"
    if officer.status != ON_DUTY:
        return "不在岗"
    if officer.valid_until is None or officer.valid_until < rules.window_end:
        return "执法证在检查期内失效"
    if officer.department not in rules.departments():
        return "不属于本任务的部门"
    return None


def member_problem(officer: Officer, target: MatchTarget, rules: MatchRules) -> str | None:
    """The per-entity rules: 回避, not the previous team (unless the rule is off), 所所交叉."""
    if officer.ref in target.conflicts:
        return "登记了回避"
    if rules.rotation != ROTATION_OFF and officer.ref in target.previous:
        return "上一轮检查过该对象"
    if rules.cross_area and officer.area is not None and officer.area == target.area:
        return "所所交叉：不得检查本乡镇的对象"
    return None


def rank_of(seed_hex: str, ref: str, load: int) -> int:
    """A person's random rank at a given load: SHA-256(seed ‖ "TEAM" ‖ load ‖ ref) as an integer.

    A fresh order at every load level makes pairs rotate instead of repeating each round.
    """
    material = bytes.fromhex(seed_hex) + b"TEAM" + load.to_bytes(4, "big") + ref.encode("utf-8")
    return int.from_bytes(hashlib.sha256(material).digest()[:8], "big")


Candidate = tuple[int, int, int, int, str]  # (specialty tier, load, pair use, rank, ref)
SCAN_LIMIT = 64  # allowed candidates examined per place while looking for an unused pair


class _Pool:
    """Heaps of eligible people by (department, area), ordered by (specialty, load, rank).

    Entries are never edited in place: taking a person pushes a fresh entry with the new load,
    and entries whose load is out of date are dropped when they surface.
    """

    def __init__(self, people: list[Officer], rules: MatchRules, seed_hex: str) -> None:
        wanted = set(rules.wanted_specialties)
        self.rules = rules
        self.load: dict[str, int] = {p.ref: 0 for p in people}
        self.tier = {p.ref: 0 if not wanted or wanted & set(p.specialties) else 1 for p in people}
        self.seed_hex = seed_hex
        self.by_ref = {p.ref: p for p in people}
        self.home = {p.ref: self.key(p.department, p.area) for p in people}
        self.heaps: dict[tuple[str, str | None], list[tuple[int, int, int, str]]] = {}
        for p in people:
            self.heaps.setdefault(self.home[p.ref], []).append(self._entry(p.ref))
        for heap in self.heaps.values():
            heapq.heapify(heap)

    def key(self, department: str, area: str | None) -> tuple[str, str | None]:
        return (department, area if self.rules.local_only else None)

    def _entry(self, ref: str) -> tuple[int, int, int, str]:
        load = self.load[ref]
        return (self.tier[ref], load, rank_of(self.seed_hex, ref, load), ref)

    def peek(
        self,
        department: str,
        area: str | None,
        target: MatchTarget,
        team: Sequence[str],
        pairs: Mapping[frozenset[str], int],
    ) -> Candidate | None:
        """The best allowed person; among equals in (specialty, load), the least-used pair."""
        heap = self.heaps.get(self.key(department, area))
        if not heap:
            return None
        popped: list[tuple[int, int, int, str]] = []
        best: Candidate | None = None
        examined = 0
        while heap:
            entry = heapq.heappop(heap)
            tier, load, rank, ref = entry
            if load != self.load[ref]:
                continue  # superseded by a fresher entry, or the person reached the cap
            popped.append(entry)
            if best is not None and (tier, load) != best[:2]:
                break
            if ref in team or member_problem(self.by_ref[ref], target, self.rules):
                continue
            pair_use = sum(pairs.get(frozenset((ref, other)), 0) for other in team)
            candidate = (tier, load, pair_use, rank, ref)
            if best is None or candidate < best:
                best = candidate
            examined += 1
            if pair_use == 0 or examined >= SCAN_LIMIT:
                break
        for entry in popped:
            heapq.heappush(heap, entry)
        return best

    def commit(self, ref: str) -> None:
        self.load[ref] += 1
        cap = self.rules.per_inspector_cap
        if cap is None or self.load[ref] < cap:
            heapq.heappush(self.heaps[self.home[ref]], self._entry(ref))


def _fill(
    pool: _Pool,
    departments: Sequence[str],
    area: str | None,
    target: MatchTarget,
    team: Sequence[str],
    pairs: Mapping[frozenset[str], int],
) -> str | None:
    """Take the best allowed person of the given departments (compared on one order)."""
    best: Candidate | None = None
    for department in departments:
        candidate = pool.peek(department, area, target, team, pairs)
        if candidate is not None and (best is None or candidate < best):
            best = candidate
    if best is None:
        return None
    pool.commit(best[4])
    return best[4]


def _place(
    pool: _Pool,
    place: Sequence[str],
    target: MatchTarget,
    team: Sequence[str],
    pairs: Mapping[frozenset[str], int],
) -> tuple[str, bool] | None:
    """Fill one place in the entity's township, then (属地) in each approved neighbour by name.

    Returns the person and whether a neighbour supplied them, or None when nobody can.
    """
    chosen = _fill(pool, place, target.area, target, team, pairs)
    if chosen is not None:
        return chosen, False
    if not pool.rules.local_only:
        return None
    for area in sorted(pool.rules.adjacency.get(target.area or "", ())):
        chosen = _fill(pool, place, area, target, team, pairs)
        if chosen is not None:
            return chosen, True
    return None


def match_teams(
    targets: Sequence[MatchTarget],
    officers: Sequence[Officer],
    rules: MatchRules,
    seed_hex: str,
) -> list[Team]:
    """Teams for the targets, in the given (batch) order; deterministic for a seed.

    Hard rules: law-enforcement members only, 在岗, certificate valid through the window, at
    least one from the lead and from each partner department, ``team_size`` in all (≥ 2),
    回避, the township rules. Not the entity's previous team: hard, off, or (``prefer``) kept
    unless a place cannot be filled with it, in the entity's township and its approved
    neighbours alike; only then is that place filled without it, and the team is marked
    ``rotation_relaxed``. Soft rules, in order: specialty match, lowest load (with the
    per-task cap), pairs not used yet, then the random rank. When the pool cannot fill a
    place: with ``local_only``, adjacent townships (configured and approved); otherwise the
    team is left short and marked for 直接委派.
    """
    pool = _Pool([o for o in officers if officer_problem(o, rules) is None], rules, seed_hex)
    expert_pool: _Pool | None = None
    if rules.experts:
        expert_rules = MatchRules(
            lead_department=rules.lead_department,
            window_end=rules.window_end,
            partner_departments=rules.partner_departments,
            wanted_specialties=rules.wanted_specialties,
            rotation=rules.rotation,
        )
        experts = [
            o
            for o in officers
            if o.kind == EXPERT and o.status == ON_DUTY and o.department in rules.departments()
        ]
        expert_pool = _Pool(experts, expert_rules, seed_hex)
    departments = rules.departments()
    relaxable = rules.rotation == ROTATION_PREFER
    pairs: dict[frozenset[str], int] = {}
    teams: list[Team] = []
    for target in targets:
        unbound = replace(target, previous=frozenset())  # the same entity without rotation
        team: list[str] = []
        fallback = FALLBACK_NONE
        relaxed = False
        places: list[tuple[str, ...]] = [(d,) for d in departments]
        places += [departments] * (rules.min_size() - len(places))
        for place in places:
            found = _place(pool, place, target, team, pairs)
            if found is None and relaxable:
                found = _place(pool, place, unbound, team, pairs)
                relaxed = relaxed or found is not None
            if found is None:
                fallback = FALLBACK_DIRECT
                continue
            chosen, adjacent = found
            if adjacent:
                fallback = fallback or FALLBACK_ADJACENT
            team.append(chosen)
        for i, a in enumerate(team):
            for b in team[i + 1 :]:
                key = frozenset((a, b))
                pairs[key] = pairs.get(key, 0) + 1
        helpers: list[str] = []
        if expert_pool is not None:
            for _ in range(rules.experts):
                pick = _fill(expert_pool, departments, None, target, helpers, {})
                if pick is None and relaxable:
                    pick = _fill(expert_pool, departments, None, unbound, helpers, {})
                    relaxed = relaxed or pick is not None
                if pick is not None:
                    helpers.append(pick)
        teams.append(Team(target.uscc, team, helpers, fallback, relaxed))
    return teams


def team_problems(
    team: Mapping[str, Any],
    target: MatchTarget,
    people: Mapping[str, Officer],
    rules: MatchRules,
    *,
    direct: bool = False,
) -> list[str]:
    """Every hard rule a recorded team breaks (the verifier's check).

    A team the draw marked ``direct_assignment_required`` may be short, and one it marked
    ``rotation_relaxed`` may hold the previous team when the rotation rule is a preference.
    ``direct=True`` checks a team an admin assigned directly (直接委派): every rule in full,
    except 属地, which a direct assignment exists to override, and not the previous team, a
    rotation rule that never blocks a direct assignment.
    """
    problems: list[str] = []
    relaxed = team.get("rotation_relaxed") is True
    if relaxed and rules.rotation != ROTATION_PREFER:
        label = ROTATION_LABELS[rules.rotation]
        problems.append(f"标记为放宽轮换，但本任务的轮换规则为“{label}”，不能放宽")
    if direct or (relaxed and rules.rotation == ROTATION_PREFER):
        target = replace(target, previous=frozenset())
    fallback = FALLBACK_NONE if direct else team.get("fallback", FALLBACK_NONE)
    awaiting = fallback == FALLBACK_DIRECT
    members: list[str] = list(team["members"])
    if len(set(members)) != len(members):
        problems.append("同一人重复")
    for ref in members:
        person = people.get(ref)
        if person is None:
            problems.append(f"{ref} 不在人员名单中")
            continue
        reason = officer_problem(person, rules) or member_problem(person, target, rules)
        if reason:
            problems.append(f"{ref} {reason}")
    if len(members) < rules.min_size() and not awaiting:
        problems.append(f"执法人员少于 {rules.min_size()} 人")
    departments = {people[r].department for r in members if r in people}
    for department in rules.departments():
        if department not in departments and not awaiting:
            problems.append(f"缺少 {department} 的执法人员")
    for ref in team.get("experts", []):
        person = people.get(ref)
        if person is None or person.kind != EXPERT:
            problems.append(f"{ref} 不是专家")
    if rules.local_only and not direct:
        areas = {target.area}
        if fallback != FALLBACK_NONE:  # a short team may still hold adjacent-area members
            areas |= set(rules.adjacency.get(target.area or "", ()))
        for ref in members:
            if ref in people and people[ref].area not in areas:
                problems.append(f"{ref} 不属于该对象所在乡镇或获批的相邻乡镇")
    return problems
