"""Building a record's parts: which matching inputs are private, and their defaults."""

from __future__ import annotations

from shuangsuiji.sampling import record


def test_conflicts_and_previous_teams_are_the_private_part() -> None:
    inputs = {"rules": {"lead_department": "D01"}, "conflicts": {"E1": ["p1"]}, "previous": {}}
    assert record.split_matching_inputs(inputs) == (
        {"rules": {"lead_department": "D01"}},
        {"conflicts": {"E1": ["p1"]}, "previous": {}},
    )


def test_inputs_without_private_parts_commit_to_empty_ones() -> None:
    assert record.split_matching_inputs({"officers": []}) == (
        {"officers": []},
        {"conflicts": {}, "previous": {}},
    )
