"""Every audited action writes exactly one entry naming its action, actor and object.

The list of actions is the registry the audit write enforces (AUDIT_ACTIONS); a scan of the
source checks the registry against the action names the code can write, and each registered
action needs its case in tests/common/audit_cases/, or its test fails by name.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine

import shuangsuiji
from shuangsuiji.common.audit import AUDIT_ACTIONS, audit_record, audit_verify
from shuangsuiji.common.models import AuditEntry
from shuangsuiji.directory.access import SYSTEM

from .audit_cases import CASES, Env, Watch
from .audit_scan import scan

SRC = Path(shuangsuiji.__file__).parent
# After the test tasks' 2025 windows and completion, before anything of 2026 is due.
NOW = dt.datetime(2025, 11, 20, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture(autouse=True)
def pinned() -> Any:
    with time_machine.travel(NOW, tick=True):
        yield


@pytest.fixture(autouse=True)
def media_root(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = str(tmp_path / "media")


# ---------------------------------------------------------------- the registry and the code


def test_the_registry_names_exactly_the_actions_the_code_writes() -> None:
    found = scan(SRC)
    assert found.unresolved == [], "audit action names the scan cannot read as literals"
    unregistered = {a: sites for a, sites in found.actions.items() if a not in AUDIT_ACTIONS}
    assert unregistered == {}, "written in the code but missing from AUDIT_ACTIONS"
    unused = sorted(set(AUDIT_ACTIONS) - set(found.actions))
    assert unused == [], "in AUDIT_ACTIONS but written nowhere in the code"


def test_the_scan_sees_every_audit_write_in_the_source() -> None:
    """Counted a second way: every ``audit_record(`` in the text but its definition."""
    by_text = []
    for path in SRC.rglob("*.py"):
        for n, line in enumerate(path.read_text("utf-8").splitlines(), 1):
            if re.search(r"\baudit_record\(", line) and not line.lstrip().startswith("def "):
                by_text.append(f"{path.relative_to(SRC.parent)}:{n}")
    found = scan(SRC)
    assert len(by_text) >= 40
    assert sorted(found.write_calls) == sorted(by_text)


def test_the_scan_follows_wrappers_and_reports_what_it_cannot_read(tmp_path: Path) -> None:
    pkg = tmp_path / "pkg"
    pkg.mkdir()
    (pkg / "a.py").write_text(
        "NAMES = {'x': 'k.import', 'y': 'l.import'}\n"
        "def _audit(actor, obj, action, reason=''):\n"
        "    audit_record(actor=actor, action=action)\n"
        "def move(*, action='t.state'):\n"
        "    _audit(None, None, action)\n"
        "def use(kind, made):\n"
        "    _audit(None, None, 'a.create' if made else 'a.update')\n"
        "    move(action='t.publish')\n"
        "    move()\n"
        "    audit_record(action=NAMES[kind])\n"
        "    if made:\n"
        "        chosen = 'b.one'\n"
        "    else:\n"
        "        chosen = 'b.two'\n"
        "    audit_record(action=chosen)\n"
        "    audit_record(action=f'{kind}.bad')\n",
        "utf-8",
    )
    (pkg / "b.py").write_text(
        "def _audit(action):\n    pass\ndef other():\n    _audit('not.audited')\n"
        "    move(action='t.terminate')\n",
        "utf-8",
    )
    found = scan(pkg)
    assert sorted(found.actions) == [
        "a.create",
        "a.update",
        "b.one",
        "b.two",
        "k.import",
        "l.import",
        "t.publish",
        "t.state",
        "t.terminate",
    ]
    assert found.unresolved == ["pkg/a.py:16: f'{kind}.bad'"]
    assert len(found.write_calls) == 4


def test_an_unregistered_action_is_refused_and_nothing_is_written(db: None) -> None:
    with pytest.raises(ValueError, match=r"entity\.rename"):
        audit_record(actor=None, action="entity.rename", object_type="entity")
    assert not AuditEntry.objects.exists()
    assert audit_verify().ok


def test_every_case_is_for_a_registered_action() -> None:
    assert sorted(set(CASES) - set(AUDIT_ACTIONS)) == []


# ---------------------------------------------------------------- one entry per action


def _actor_facts(actor: Any) -> tuple[int | None, str, str]:
    if actor is None:
        return None, "系统", ""
    if actor is SYSTEM:
        return None, "系统（命令行）", ""
    return actor.pk, actor.username, actor.department.name


@pytest.mark.django_db
@pytest.mark.parametrize("action", sorted(AUDIT_ACTIONS))
def test_the_action_writes_one_entry_with_its_actor_and_object(
    action: str, request: pytest.FixtureRequest
) -> None:
    case = CASES.get(action)
    if case is None:
        pytest.fail(f"no audit test for action {action}: add a case in tests/common/audit_cases/")
    env = Env(request, Watch())
    expect = case(env)
    assert env.watch.uses == 1, "a case performs its action inside env.watch exactly once"
    written = sorted(e.action for e in env.watch.entries)
    assert written == sorted([action, *expect.also])
    (entry,) = [e for e in env.watch.entries if e.action == action]
    assert (entry.actor_id, entry.actor_name, entry.department_name) == _actor_facts(expect.actor)
    assert (entry.object_type, entry.object_id) == (expect.object_type, str(expect.object_id))
    report = audit_verify()
    assert report.ok, report.message
