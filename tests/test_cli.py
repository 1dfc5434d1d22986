"""The console command's exports of reference data."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.core.management import call_command

from shuangsuiji.directory.reference import MEMBER_UNITS, OFFICE

pytestmark = pytest.mark.django_db


def test_export_departments_json_lists_office_and_the_31_units(tmp_path: Path) -> None:
    target = tmp_path / "departments.json"
    call_command("export", "departments", "--format", "json", "-o", str(target))
    rows = json.loads(target.read_text(encoding="utf-8"))

    office_name, office_short, office_code = OFFICE
    assert rows[0]["名称"] == office_name
    assert rows[0]["简称"] == office_short
    assert rows[0]["部门编码"] == office_code
    assert rows[0]["联席会议办公室"] == "是"
    assert len(MEMBER_UNITS) == 31
    assert [(r["名称"], r["简称"]) for r in rows[1:]] == MEMBER_UNITS
    assert all(r["联席会议办公室"] == "否" for r in rows[1:])


def test_every_command_and_subcommand_prints_its_help() -> None:
    """A stray % in a help text only fails when someone asks for --help."""
    import argparse

    from django.core.management import get_commands, load_command_class

    ours = {n: app for n, app in get_commands().items() if app.startswith("shuangsuiji")}
    assert {"export", "verify-draw", "recheck", "audit-publish"} <= set(ours)
    for name, app in ours.items():
        parser = load_command_class(app, name).create_parser("shuangsuiji", name)
        assert parser.format_help()
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for sub in action.choices.values():
                    assert sub.format_help()
