"""A second, deliberately plain implementation of docs/draw-algorithm.md.

Pure Python integers, no numpy, no shared code with src/shuangsuiji/sampling/engine.py: if the
two agree on the test vectors, the specification is what both implement.
"""

from __future__ import annotations

import hashlib
import json
import math
from fractions import Fraction

MASK64 = (1 << 64) - 1
M0, M1 = 0xD2E7470EE14C6C93, 0xCA5A826395121157
W0, W1 = 0x9E3779B97F4A7C15, 0xBB67AE8584CAA73B


def philox4x64_10(counter: list[int], key: list[int]) -> list[int]:
    c0, c1, c2, c3 = counter
    k0, k1 = key
    for r in range(10):
        if r > 0:
            k0 = (k0 + W0) & MASK64
            k1 = (k1 + W1) & MASK64
        p0 = M0 * c0
        p1 = M1 * c2
        c0, c1, c2, c3 = (p1 >> 64) ^ c1 ^ k0, p1 & MASK64, (p0 >> 64) ^ c3 ^ k1, p0 & MASK64
    return [c0, c1, c2, c3]


def stream(seed_hex: str, part: int, n: int) -> list[int]:
    raw = bytes.fromhex(seed_hex)[16 * part : 16 * part + 16]
    key = [int.from_bytes(raw[0:8], "little"), int.from_bytes(raw[8:16], "little")]
    out: list[int] = []
    block = 1
    while len(out) < n:
        out += philox4x64_10([block, 0, 0, 0], key)
        block += 1
    return out[:n]


def sha256(data: bytes) -> bytes:
    return hashlib.sha256(data).digest()


def seed(secret_hex: str, witness: str, commitment_hex: str) -> str:
    import unicodedata

    witness = " ".join(unicodedata.normalize("NFKC", witness).split())
    material = bytes.fromhex(secret_hex) + sha256(witness.encode()) + bytes.fromhex(commitment_hex)
    return sha256(material).hex()


def commitment(frozen: dict) -> str:
    text = json.dumps(frozen, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return sha256(text.encode()).hex()


def population_digest(rows: list[tuple[str, str]]) -> str:
    return sha256("".join(f"{u},{s}\n" for u, s in sorted(rows)).encode()).hex()


def quota(size: int, ratio_bp: int | None = None, count: int | None = None) -> int:
    if count is not None:
        return min(count, size)
    assert ratio_bp is not None
    return min(size, math.ceil(Fraction(size * ratio_bp, 10_000)))


def draw(
    rows: list[tuple[str, str]], quotas: dict[str, int], seed_hex: str
) -> list[tuple[str, str]]:
    rows = sorted(rows)
    keys = stream(seed_hex, 0, len(rows))
    chosen: list[tuple[str, str]] = []
    for stratum, q in quotas.items():
        members = [
            (keys[i], rows[i][0], rows[i]) for i in range(len(rows)) if rows[i][1] == stratum
        ]
        members.sort()
        chosen += [m[2] for m in members[:q]]
    return sorted(chosen)


def batches(codes: list[str], seed_hex: str, size: int) -> list[list[str]]:
    codes = sorted(codes)
    keys = stream(seed_hex, 1, len(codes))
    order = [c for _, c in sorted(zip(keys, codes, strict=True))]
    return [order[i : i + size] for i in range(0, len(order), size)]


# ---------------------------------------------------------------- matching, the slow plain way


def rank(seed_hex: str, ref: str, load: int) -> int:
    material = bytes.fromhex(seed_hex) + b"TEAM" + load.to_bytes(4, "big") + ref.encode()
    return int.from_bytes(sha256(material)[:8], "big")


def match(targets: list[dict], officers: list[dict], rules: dict, seed_hex: str) -> list[dict]:
    """targets: [{uscc, area, conflicts, previous}] in batch order; returns team dicts."""
    departments = [rules["lead_department"], *rules.get("partner_departments", [])]
    wanted = set(rules.get("wanted_specialties", []))
    size = max(rules.get("team_size", 2), 2, len(departments))

    def eligible(o: dict) -> bool:
        return (
            o["kind"] == "law_enforcement"
            and o["status"] == "on_duty"
            and o["valid_until"] is not None
            and o["valid_until"] >= rules["window_end"]
            and o["department"] in departments
        )

    def allowed(o: dict, t: dict, team: list[str], cross_area: bool) -> bool:
        return (
            o["ref"] not in team
            and o["ref"] not in t["conflicts"]
            and o["ref"] not in t["previous"]
            and not (cross_area and o["area"] is not None and o["area"] == t["area"])
        )

    def best_of(people, department, area, t, team, load, pairs, cross_area, local, cap):
        found = [
            o
            for o in people
            if o["department"] == department
            and (not local or o["area"] == area)
            and (cap is None or load[o["ref"]] < cap)
        ]
        found.sort(
            key=lambda o: (tier(o), load[o["ref"]], rank(seed_hex, o["ref"], load[o["ref"]]))
        )
        ok = [o for o in found if allowed(o, t, team, cross_area)]
        if not ok:
            return None
        head = (tier(ok[0]), load[ok[0]["ref"]])
        same = [o for o in ok if (tier(o), load[o["ref"]]) == head][:64]
        scored = []
        for o in same:
            use = sum(pairs.get(frozenset((o["ref"], m)), 0) for m in team)
            scored.append(
                (tier(o), load[o["ref"]], use, rank(seed_hex, o["ref"], load[o["ref"]]), o["ref"])
            )
            if use == 0:
                break
        return min(scored)

    def tier(o: dict) -> int:
        return 0 if not wanted or wanted & set(o.get("specialties", [])) else 1

    members = [o for o in officers if eligible(o)]
    experts = [
        o
        for o in officers
        if o["kind"] == "expert" and o["status"] == "on_duty" and o["department"] in departments
    ]
    load = {o["ref"]: 0 for o in officers}
    expert_load = {o["ref"]: 0 for o in officers}
    pairs: dict[frozenset[str], int] = {}
    local = rules.get("local_only", False)
    rotation = rules.get("rotation", "hard")  # ssj-draw/1 rules have no such member
    teams = []
    for given_target in targets:
        unbound = {**given_target, "previous": []}
        t = unbound if rotation == "off" else given_target
        # Each try in order; the second only when the rotation rule is a preference.
        tries = [t, unbound] if rotation == "prefer" else [t]
        team: list[str] = []
        fallback = ""
        relaxed = False
        places = [[d] for d in departments] + [departments] * (size - len(departments))
        for place in places:
            areas = [t["area"]] + (
                sorted(rules.get("adjacency", {}).get(t["area"], [])) if local else []
            )
            chosen = None
            for attempt, target in enumerate(tries):
                for n, area in enumerate(areas):
                    props = [
                        best_of(
                            members,
                            d,
                            area,
                            target,
                            team,
                            load,
                            pairs,
                            rules.get("cross_area", False),
                            local,
                            rules.get("per_inspector_cap"),
                        )
                        for d in place
                    ]
                    props = [p for p in props if p]
                    if props:
                        chosen = min(props)[4]
                        if n > 0 and not fallback:
                            fallback = "adjacent_area"
                        relaxed = relaxed or attempt > 0
                        break
                if chosen is not None:
                    break
            if chosen is None:
                fallback = "direct_assignment_required"
                continue
            team.append(chosen)
            load[chosen] += 1
        for i, a in enumerate(team):
            for b in team[i + 1 :]:
                pairs[frozenset((a, b))] = pairs.get(frozenset((a, b)), 0) + 1
        helpers: list[str] = []
        for _ in range(rules.get("experts", 0)):
            for attempt, target in enumerate(tries):
                props = [
                    best_of(experts, d, None, target, helpers, expert_load, {}, False, False, None)
                    for d in departments
                ]
                props = [p for p in props if p]
                if props:
                    pick = min(props)[4]
                    helpers.append(pick)
                    expert_load[pick] += 1
                    relaxed = relaxed or attempt > 0
                    break
        teams.append(
            {
                "uscc": t["uscc"],
                "members": team,
                "experts": helpers,
                "fallback": fallback,
                "rotation_relaxed": relaxed,
            }
        )
    return teams
