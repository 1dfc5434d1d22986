"""The planted-bug catalogue stays true to the code: every bug's text is still there exactly
once, every core module has one bug of each kind or a reason it cannot, and every named test
file exists. (``make planted`` then plants them; this only keeps the catalogue from rotting.)"""

from __future__ import annotations

import pytest
from mutation.__main__ import load_modules
from mutation.planted import KINDS, ROOT, load, matching_test_files

MODULES = {m.key: m for m in load_modules()}
PLANTS, NOT_APPLICABLE = load(MODULES)


@pytest.mark.parametrize("plant", PLANTS, ids=[p.id for p in PLANTS])
def test_the_planted_text_occurs_exactly_once(plant: object) -> None:
    source = (ROOT / plant.file).read_text("utf-8")  # type: ignore[attr-defined]
    assert source.count(plant.before) == 1  # type: ignore[attr-defined]
    assert plant.after != plant.before  # type: ignore[attr-defined]
    assert matching_test_files(plant.tests), f"no test file matches {plant.tests}"  # type: ignore[attr-defined]


def test_every_core_module_has_each_kind_planted_or_a_reason() -> None:
    planted = {(p.module, p.kind) for p in PLANTS if p.module}
    excused = {(e["module"], e["kind"]) for e in NOT_APPLICABLE}
    assert not planted & excused, "a kind is both planted and excused"
    assert {(m, k) for m in MODULES for k in KINDS} <= planted | excused


def test_the_audits_nine_missed_bugs_are_all_planted() -> None:
    assert len([p for p in PLANTS if p.id.startswith("audit-")]) == 9
