"""The inputs of the published test vectors (docs/draw-vectors.json).

Run ``python -m tests.sampling.vector_inputs`` to print the vectors from the engine; the tests
check that both the engine and the plain implementation reproduce the committed file.
"""

from __future__ import annotations

import json
from typing import Any

from shuangsuiji.common.uscc import check_char_17, complete

SECRET = "5f1c0e4b9a7d3e2f8c6b1a0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f"
WITNESS = "2025年体彩大乐透第25048期开奖号码 03 11 19 27 33 + 05 09"
AREAS = ["城关镇", "潭头镇", "三川镇"]


def code(n: int) -> str:
    org8 = f"{n:08d}"
    return complete(f"91410324{org8}{check_char_17(org8)}")


def inputs() -> dict[str, Any]:
    strata_of = ["A", "A", "A", "B", "B", "C", "D", "A", "B", "SD"]
    population = [(code(100 + 7 * i), strata_of[i % len(strata_of)]) for i in range(40)]
    officers = [
        {
            "ref": f"41032420{i:06d}",
            "name": f"检查员{i}",
            "department": "D01" if i < 7 else "D18",
            "area": AREAS[i % 3],
            "kind": "law_enforcement",
            "status": "retired" if i == 3 else "on_duty",
            "valid_until": "2024-12-31" if i == 5 else "2027-12-31",
            "specialties": ["食品安全"] if i % 2 else ["特种设备"],
        }
        for i in range(10)
    ] + [
        {
            "ref": "ZJ-2025-001",
            "name": "专家甲",
            "department": "D01",
            "area": None,
            "kind": "expert",
            "status": "on_duty",
            "valid_until": None,
            "specialties": ["食品检验"],
        }
    ]
    townships = {
        area: sorted(c for i, (c, _) in enumerate(population) if AREAS[i % 3] == area)
        for area in sorted(AREAS)
    }
    return {
        "task": {"code": "LC2025-SCJG-001", "name": "餐饮服务单位联合抽查", "year": 2025},
        "items": [
            {"name": "餐具饮具集中消毒服务单位的检查", "department": "D18", "category": "general"}
        ],
        "population": population,
        "strata": [
            {"name": "SD", "label": "严重违法失信名单（100%）", "ratio_bp": 10000},
            {"name": "A", "label": "A类", "ratio_bp": 1000},
            {"name": "B", "label": "B类", "ratio_bp": 2000},
            {"name": "C", "label": "C类", "count": 2},
            {"name": "D", "label": "D类", "ratio_bp": 3000},
        ],
        "exclusions": [
            {"rule": "same_item_12_months", "label": "12个月内已查同一事项", "count": 3}
        ],
        "matching_inputs": {
            "rules": {
                "lead_department": "D01",
                "partner_departments": ["D18"],
                "team_size": 2,
                "experts": 1,
                "cross_area": True,
                "local_only": False,
                "per_inspector_cap": 6,
                "wanted_specialties": ["食品安全"],
                "window_end": "2025-06-30",
                "adjacency": {},
                "rotation": "prefer",
            },
            "officers": officers,
            "townships": townships,
            "conflicts": {population[9][0]: ["41032420000001"]},  # SD: always drawn
            "previous": {population[19][0]: ["41032420000002"]},
        },
        "batch_size": 4,
        "frozen_at": "2025-05-06T09:30:00+08:00",
        "frozen_by": "县市场监督管理局 部门管理员",
        "secret": SECRET,
        "witness": WITNESS,
    }


def small_pool_inputs() -> dict[str, Any]:
    """A department with three officers and four firms that must all be drawn (100 %).

    E1's previous team was P1 and P2, E2's all three, E3 had none, E4 registered 回避 for P1
    and P2 and was last inspected by P3: only the rotation rule's giving way lets a team form.
    """
    population = [(code(500 + n), "KEY") for n in range(1, 5)]
    e1, e2, e3, e4 = (c for c, _ in population)
    officers = [
        {
            "ref": f"41032430{i:06d}",
            "name": f"执法员{i}",
            "department": "D07",
            "area": "冷水镇",
            "kind": "law_enforcement",
            "status": "on_duty",
            "valid_until": "2027-12-31",
            "specialties": [],
        }
        for i in (1, 2, 3)
    ]
    p1, p2, p3 = (o["ref"] for o in officers)
    return {
        "task": {"code": "LC2025-YJGL-002", "name": "危险化学品经营单位检查", "year": 2025},
        "items": [{"name": "危险化学品经营许可条件检查", "department": "D07", "category": "key"}],
        "population": population,
        "strata": [{"name": "KEY", "label": "重点事项（100%）", "ratio_bp": 10000}],
        "exclusions": [],
        "matching_inputs": {
            "rules": {
                "lead_department": "D07",
                "partner_departments": [],
                "team_size": 2,
                "experts": 0,
                "cross_area": False,
                "local_only": False,
                "per_inspector_cap": None,
                "wanted_specialties": [],
                "window_end": "2025-09-30",
                "adjacency": {},
                "rotation": "prefer",
            },
            "officers": officers,
            "townships": {"冷水镇": [e1, e2, e3, e4]},
            "conflicts": {e4: [p1, p2]},
            "previous": {e1: [p1, p2], e2: [p1, p2, p3], e4: [p3]},
        },
        "batch_size": 10,
        "frozen_at": "2025-08-04T09:00:00+08:00",
        "frozen_by": "县应急管理局 部门管理员",
        "secret": SECRET[::-1],
        "witness": WITNESS,
    }


def frozen_and_drawn(given: dict[str, Any]) -> tuple[dict[str, Any], str, dict[str, Any]]:
    """Freeze the given inputs and draw: (frozen facts, commitment, outcome)."""
    from shuangsuiji.sampling import record

    frozen, commitment = record.build_frozen(
        task=given["task"],
        items=given["items"],
        population=given["population"],
        strata=given["strata"],
        exclusions=given["exclusions"],
        matching_inputs=given["matching_inputs"],
        batch_size=given["batch_size"],
        frozen_at=given["frozen_at"],
        frozen_by=given["frozen_by"],
        secret_hex=given["secret"],
    )
    outcome = record.run_draw(
        frozen=frozen,
        commitment=commitment,
        population=given["population"],
        secret_hex=given["secret"],
        witness_entropy=given["witness"],
        matching_inputs=given["matching_inputs"],
    )
    return frozen, commitment, outcome


def vector_record(kind: str, given: dict[str, Any] | None = None) -> dict[str, Any]:
    """A test vector's record of ``kind`` (public or auditor), as read back from a JSON file:
    the main vector's unless other inputs are ``given``."""
    from shuangsuiji.sampling import record

    given = inputs() if given is None else given
    frozen, commitment, outcome = frozen_and_drawn(given)
    made = record.make_record(
        kind=kind,
        frozen=frozen,
        commitment=commitment,
        population=given["population"],
        secret_hex=given["secret"],
        witness={"entropy": given["witness"], "source": "体彩", "witness": "张监督"},
        matching_inputs=given["matching_inputs"],
        outcome=outcome,
    )
    return json.loads(json.dumps(made, ensure_ascii=False))


def draw_vector(given: dict[str, Any]) -> dict[str, Any]:
    """One complete draw: its inputs and every value derived from them."""
    from shuangsuiji.sampling import engine

    frozen, commitment, outcome = frozen_and_drawn(given)
    seed = outcome["seed"]
    return {
        "inputs": given,
        "population_digest": frozen["population_digest"],
        "quotas": {s["name"]: s["quota"] for s in frozen["strata"]},
        "frozen": frozen,
        "commitment": commitment,
        "seed": seed,
        "stream_targets_first8": [f"{k:016x}" for k in engine.stream(seed, 0, 8).tolist()],
        "stream_batches_first8": [f"{k:016x}" for k in engine.stream(seed, 1, 8).tolist()],
        "selected": outcome["selected"],
        "batches": outcome["batches"],
        "teams": outcome["teams"],
    }


def vectors() -> dict[str, Any]:
    return {
        "philox4x64_10": [
            {
                "counter": ["0"] * 4,
                "key": ["0"] * 2,
                "output": [
                    "16554d9eca36314c",
                    "db20fe9d672d0fdc",
                    "d7e772cee186176b",
                    "7e68b68aec7ba23b",
                ],
            },
            {
                "counter": ["ffffffffffffffff"] * 4,
                "key": ["ffffffffffffffff"] * 2,
                "output": [
                    "87b092c3013fe90b",
                    "438c3c67be8d0224",
                    "9cc7d7c69cd777b6",
                    "a09caebf594f0ba0",
                ],
            },
            {
                "counter": [
                    "243f6a8885a308d3",
                    "13198a2e03707344",
                    "a4093822299f31d0",
                    "082efa98ec4e6c89",
                ],
                "key": ["452821e638d01377", "be5466cf34e90c6c"],
                "output": [
                    "a528f45403e61d95",
                    "38c72dbd566e9788",
                    "a5a1610e72fd18b5",
                    "57bd43b5e52b7fe6",
                ],
            },
        ],
        "draw": draw_vector(inputs()),
        "draw_rotation_relaxed": draw_vector(small_pool_inputs()),
    }


if __name__ == "__main__":
    print(json.dumps(vectors(), ensure_ascii=False, indent=1))
