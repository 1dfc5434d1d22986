"""Draw records: building the frozen facts, running a draw, and verifying a record.

Pure (stdlib + numpy through engine.py): ``shuangsuiji verify-draw`` needs no database.

A draw has two moments. **Freeze** publishes ``frozen`` (population digest, strata with sizes
and quotas, exclusions with counts, the matching inputs' hashes, the secret's hash) and its
hash, the **commitment**. **Draw** takes the witness's public entropy, derives the seed, selects
targets and matches teams, and reveals the secret. The **public record** holds everything but
the private matching inputs (conflict register, previous teams); the **auditor's record** adds
them, so that the matching can be re-run exactly. Both are bound to the commitment.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from . import engine
from .engine import MatchRules, MatchTarget, Officer, StratumRule

FORMAT = "ssj-draw-record/2"
# Each record format with the algorithm its draws ran: /1 records, drawn before the rotation
# rule became a preference, carry no ``rotation`` rule and no ``rotation_relaxed`` flag.
LEGACY_FORMAT = "ssj-draw-record/1"
FORMATS = {LEGACY_FORMAT: "ssj-draw/1", FORMAT: engine.ALGORITHM}
PUBLIC = "public"
AUDITOR = "auditor"


def split_matching_inputs(inputs: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """(public part, private part): conflicts and previous teams are private."""
    public = {k: v for k, v in inputs.items() if k not in {"conflicts", "previous"}}
    private = {"conflicts": inputs.get("conflicts", {}), "previous": inputs.get("previous", {})}
    return public, private


def strata_with_quotas(
    population: Sequence[tuple[str, str]], strata: Sequence[Mapping[str, Any]]
) -> list[dict[str, Any]]:
    """Each stratum spec with its size and quota (engine.quota_for), in the given order."""
    sizes: dict[str, int] = {}
    for _, stratum in population:
        sizes[stratum] = sizes.get(stratum, 0) + 1
    result = []
    for spec in strata:
        rule = StratumRule(spec["name"], ratio_bp=spec.get("ratio_bp"), count=spec.get("count"))
        size = sizes.get(spec["name"], 0)
        result.append({**spec, "size": size, "quota": engine.quota_for(size, rule)})
    unknown = set(sizes) - {s["name"] for s in strata}
    if unknown:
        raise engine.DrawError(f"population rows in undeclared strata {sorted(unknown)}")
    return result


def build_frozen(
    *,
    task: Mapping[str, Any],
    items: Sequence[Mapping[str, Any]],
    population: Sequence[tuple[str, str]],
    strata: Sequence[Mapping[str, Any]],
    exclusions: Sequence[Mapping[str, Any]],
    matching_inputs: Mapping[str, Any],
    batch_size: int,
    frozen_at: str,
    frozen_by: str,
    secret_hex: str,
) -> tuple[dict[str, Any], str]:
    """The facts published at freeze time, and their commitment."""
    public, private = split_matching_inputs(matching_inputs)
    frozen = {
        "algorithm": engine.ALGORITHM,
        "task": dict(task),
        "items": [dict(i) for i in items],
        "population_digest": engine.population_digest(population),
        "population_size": len(population),
        "strata": strata_with_quotas(population, strata),
        "exclusions": [dict(e) for e in exclusions],
        "matching_public_hash": engine.sha256_hex(engine.canonical_json(public)),
        "matching_private_hash": engine.sha256_hex(engine.canonical_json(private)),
        "batch_size": batch_size,
        "frozen_at": frozen_at,
        "frozen_by": frozen_by,
        "secret_hash": engine.secret_hash(secret_hex),
    }
    return frozen, engine.commitment_of(frozen)


def rules_from(inputs: Mapping[str, Any]) -> MatchRules:
    r = inputs["rules"]
    return MatchRules(
        lead_department=r["lead_department"],
        window_end=r["window_end"],
        partner_departments=tuple(r.get("partner_departments", ())),
        team_size=r.get("team_size", 2),
        experts=r.get("experts", 0),
        cross_area=r.get("cross_area", False),
        local_only=r.get("local_only", False),
        per_inspector_cap=r.get("per_inspector_cap"),
        wanted_specialties=tuple(r.get("wanted_specialties", ())),
        adjacency={k: tuple(v) for k, v in r.get("adjacency", {}).items()},
        rotation=r.get("rotation", engine.ROTATION_HARD),
    )


def officers_from(inputs: Mapping[str, Any]) -> list[Officer]:
    return [
        Officer(
            ref=o["ref"],
            department=o["department"],
            kind=o.get("kind", engine.LAW_ENFORCEMENT),
            status=o.get("status", engine.ON_DUTY),
            valid_until=o.get("valid_until"),
            area=o.get("area"),
            specialties=tuple(o.get("specialties", ())),
            name=o.get("name", ""),
        )
        for o in inputs["officers"]
    ]


def township_of(inputs: Mapping[str, Any], codes: Sequence[str]) -> dict[str, str]:
    """The township of each given code, from ``townships`` (township → sorted codes)."""
    wanted = set(codes)
    return {
        code: township
        for township, members in inputs.get("townships", {}).items()
        for code in members
        if code in wanted
    }


def targets_from(inputs: Mapping[str, Any], order: Sequence[str]) -> list[MatchTarget]:
    areas = township_of(inputs, order)
    conflicts = inputs.get("conflicts", {})
    previous = inputs.get("previous", {})
    return [
        MatchTarget(
            uscc=code,
            area=areas.get(code),
            conflicts=frozenset(conflicts.get(code, ())),
            previous=frozenset(previous.get(code, ())),
        )
        for code in order
    ]


def run_draw(
    *,
    frozen: Mapping[str, Any],
    commitment: str,
    population: Sequence[tuple[str, str]],
    secret_hex: str,
    witness_entropy: str,
    matching_inputs: Mapping[str, Any],
) -> dict[str, Any]:
    """Seed, selection, batch order and teams: everything the draw adds to the frozen facts."""
    seed = engine.derive_seed(secret_hex, witness_entropy, commitment)
    quotas = {s["name"]: s["quota"] for s in frozen["strata"]}
    selected = engine.draw_targets(population, quotas, seed)
    batches = engine.batch_order([code for code, _ in selected], seed, frozen["batch_size"])
    order = [code for batch in batches for code in batch]
    teams = engine.match_teams(
        targets_from(matching_inputs, order),
        officers_from(matching_inputs),
        rules_from(matching_inputs),
        seed,
    )
    return {
        "seed": seed,
        "selected": [list(row) for row in selected],
        "batches": batches,
        "teams": [t.as_dict() for t in teams],
    }


def make_record(
    *,
    kind: str,
    frozen: Mapping[str, Any],
    commitment: str,
    population: Sequence[tuple[str, str]],
    secret_hex: str,
    witness: Mapping[str, Any],
    matching_inputs: Mapping[str, Any],
    outcome: Mapping[str, Any],
    extra: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """The public record (kind=PUBLIC) or the auditor's record (kind=AUDITOR) of one draw."""
    public, private = split_matching_inputs(matching_inputs)
    record: dict[str, Any] = {
        "format": FORMAT,
        "kind": kind,
        "frozen": dict(frozen),
        "commitment": commitment,
        "population": [list(row) for row in sorted(population)],
        "witness": dict(witness),
        "secret": secret_hex,
        **outcome,
        "matching": public,
        **(extra or {}),
    }
    if kind == AUDITOR:
        record["matching_private"] = private
    return record


@dataclass
class Verification:
    ok: bool
    summary: str
    problems: list[str] = field(default_factory=list)


def verify_record(record: Mapping[str, Any]) -> Verification:
    """Re-run one record from its own contents; name every way in which it differs."""
    problems: list[str] = []
    try:
        _verify(record, problems)
    except (KeyError, TypeError, ValueError) as exc:
        problems.append(f"记录格式错误：{exc!r}")
    task = record.get("frozen", {}).get("task", {}) if isinstance(record, Mapping) else {}
    label = f"{task.get('code', '?')} {task.get('name', '')}".strip()
    if problems:
        return Verification(False, f"抽取记录 {label} 核验不通过（{len(problems)} 处）", problems)
    selected = len(record["selected"])
    scope = "含回避等非公开数据，分组已完整复算" if record.get("kind") == AUDITOR else "公开版"
    return Verification(
        True,
        f"抽取记录 {label} 核验通过：名单 {record['frozen']['population_size']} 户，"
        f"抽中 {selected} 户，检查组 {len(record['teams'])} 个（{scope}）",
    )


def _verify(record: Mapping[str, Any], problems: list[str]) -> None:
    algorithm = FORMATS.get(str(record.get("format")))
    if algorithm is None:
        problems.append(f"不认识的记录格式 {record.get('format')!r}")
        return
    frozen = record["frozen"]
    if frozen.get("algorithm") != algorithm:
        problems.append(f"算法版本 {frozen.get('algorithm')!r} 不是 {algorithm}")
        return
    population = [(row[0], row[1]) for row in record["population"]]
    # 1. The frozen facts hash to the published commitment.
    if engine.commitment_of(frozen) != record["commitment"]:
        problems.append("冻结内容与承诺值（commitment）不符：冻结后的数据或配额被改动")
    # 2. The population is the committed one, and the quotas follow from it.
    if engine.population_digest(population) != frozen["population_digest"]:
        problems.append("抽取名单与冻结时的名单摘要不符")
    if len(population) != frozen["population_size"]:
        problems.append("抽取名单户数与冻结时不符")
    specs = [{k: v for k, v in s.items() if k not in {"size", "quota"}} for s in frozen["strata"]]
    try:
        recomputed = strata_with_quotas(population, specs)
    except engine.DrawError as exc:
        problems.append(f"分层有误：{exc}")
        recomputed = list(frozen["strata"])
    for stated, expected in zip(frozen["strata"], recomputed, strict=True):
        name = stated["name"]
        if stated.get("size") != expected["size"]:
            size = expected["size"]
            problems.append(f"分层 {name} 户数记为 {stated.get('size')}，名单中实为 {size}")
        if stated.get("quota") != expected["quota"]:
            quota = expected["quota"]
            problems.append(f"分层 {name} 配额记为 {stated.get('quota')}，按规则应为 {quota}")
    # 3. The revealed secret is the committed one.
    secret = record["secret"]
    if engine.secret_hash(secret) != frozen["secret_hash"]:
        problems.append("公开的服务器密钥与冻结时承诺的哈希不符")
    # 4. The matching inputs are the committed ones.
    public = record["matching"]
    if engine.sha256_hex(engine.canonical_json(public)) != frozen["matching_public_hash"]:
        problems.append("检查人员匹配输入（公开部分）与冻结时不符")
    private = record.get("matching_private")
    private_hash = engine.sha256_hex(engine.canonical_json(private))
    if private is not None and private_hash != frozen["matching_private_hash"]:
        problems.append("检查人员匹配输入（回避等非公开部分）与冻结时不符")
    # 5. The seed follows from secret, witness entropy and commitment.
    seed = engine.derive_seed(secret, record["witness"]["entropy"], record["commitment"])
    if seed != record["seed"]:
        problems.append(
            "随机种子与“密钥 + 见证人随机数 + 承诺值”推导结果不符（见证人随机数被改动？）"
        )
        # Go on with the stated seed, so that this one change is not reported many times.
        seed = record["seed"]
    # 6. The selection, batch order and teams follow from the seed.
    quotas = {s["name"]: s["quota"] for s in frozen["strata"]}
    selection = [list(r) for r in engine.draw_targets(population, quotas, seed)]
    stated = [list(r) for r in record["selected"]]
    if selection != stated:
        extra = sorted({r[0] for r in stated} - {r[0] for r in selection})
        missing = sorted({r[0] for r in selection} - {r[0] for r in stated})
        detail = "；".join(
            part
            for part in (
                f"记录中多出 {_some(extra)}" if extra else "",
                f"应抽中却未列出 {_some(missing)}" if missing else "",
            )
            if part
        )
        problems.append(f"抽中名单与复算结果不符：{detail or '分层标注不同'}")
    batches = engine.batch_order([r[0] for r in selection], seed, frozen["batch_size"])
    if batches != record["batches"]:
        problems.append("检查批次顺序与复算结果不符")
    _verify_teams(record, batches, seed, problems)


def _some(codes: Sequence[str], limit: int = 10) -> str:
    shown = "、".join(codes[:limit])
    return shown if len(codes) <= limit else f"{shown} 等 {len(codes)} 户"


def _verify_teams(
    record: Mapping[str, Any], batches: list[list[str]], seed: str, problems: list[str]
) -> None:
    public = record["matching"]
    private = record.get("matching_private")
    inputs = {**public, **(private or {})}
    rules = rules_from(inputs)
    people = {o.ref: o for o in officers_from(inputs)}
    order = [code for batch in batches for code in batch]
    targets = {t.uscc: t for t in targets_from(inputs, order)}
    stated = {t["uscc"]: t for t in record["teams"]}
    if set(stated) != set(order):
        problems.append("检查组所对应的检查对象与抽中名单不一致")
        return
    for code in order:
        for problem in engine.team_problems(stated[code], targets[code], people, rules):
            problems.append(f"{code} 的检查组：{problem}")
    _verify_direct(record, stated, targets, rules, problems)
    if private is not None:
        rerun = engine.match_teams([targets[c] for c in order], list(people.values()), rules, seed)
        expected = {t.uscc: t.as_dict() for t in rerun}
        if record["format"] == LEGACY_FORMAT:
            for team in expected.values():
                del team["rotation_relaxed"]
        for code in order:
            flag = stated[code].get("rotation_relaxed")
            if expected[code] == {**stated[code], "rotation_relaxed": not flag}:
                problems.append(f"{code} 的检查组“放宽轮换”标记与复算结果不符")
            elif expected[code] != stated[code]:
                problems.append(f"{code} 的检查组与复算结果不符")


def _verify_direct(
    record: Mapping[str, Any],
    teams: Mapping[str, Mapping[str, Any]],
    targets: Mapping[str, MatchTarget],
    rules: MatchRules,
    problems: list[str],
) -> None:
    """直接委派 made after the draw: only for teams the draw left short, and within the rules.

    They are not covered by the commitment; each names the people as they stood when assigned.
    """
    for assignment in record.get("direct_assignments", []):
        code = assignment["uscc"]
        if teams.get(code, {}).get("fallback") != engine.FALLBACK_DIRECT:
            problems.append(f"{code} 的直接委派：抽取结果中该对象无需直接委派")
            continue
        reason = assignment.get("reason")
        if not isinstance(reason, str) or not reason.strip():
            problems.append(f"{code} 的直接委派没有填写原因")
        people = {o.ref: o for o in officers_from({"officers": assignment["officers"]})}
        team = {"members": assignment["members"], "experts": []}
        for problem in engine.team_problems(team, targets[code], people, rules, direct=True):
            problems.append(f"{code} 的直接委派：{problem}")
