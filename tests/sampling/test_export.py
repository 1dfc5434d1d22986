"""`shuangsuiji export draws`: every record, public by default, each one verifiable."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from shuangsuiji.directory.models import User
from shuangsuiji.sampling import record, services

from . import builders as b

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_draws(office_admin: User) -> None:
    b.entities(10)
    b.officers(3)
    t = b.task([b.item(ratio_cap=None, category="key")])
    b.freeze_and_draw(t)
    services.draw_redraw(task=t, reason="见证人缺席", actor=office_admin)
    b.freeze_and_draw(t, entropy="第25049期 05 06 07")


def test_export_draws_writes_public_records_that_verify(two_draws: None, tmp_path: Path) -> None:
    out = tmp_path / "draws.json"
    call_command("export", "draws", "--format", "json", "-o", str(out))
    records = json.loads(out.read_text("utf-8"))
    assert [r["draw_id"] for r in records] == ["LC2025-SCJG-001#1", "LC2025-SCJG-001#2"]
    assert records[1]["redraw_of"] == "LC2025-SCJG-001#1"
    for rec in records:
        assert rec["kind"] == record.PUBLIC and "matching_private" not in rec
        assert record.verify_record(rec).ok
    # json is the default for draws
    call_command("export", "draws", "-o", str(tmp_path / "default.json"))
    assert json.loads((tmp_path / "default.json").read_text("utf-8")) == records


def test_auditor_export_needs_office_scope(
    two_draws: None, tmp_path: Path, market_admin: User
) -> None:
    out = tmp_path / "auditor.json"
    call_command("export", "draws", "--auditor", "-o", str(out))
    records = json.loads(out.read_text("utf-8"))
    assert len(records) == 2
    assert all(r["kind"] == record.AUDITOR and record.verify_record(r).ok for r in records)
    with pytest.raises(CommandError, match="联席办"):
        call_command("export", "draws", "--auditor", "--user", market_admin.username)


def test_export_draws_refuses_other_formats_and_scopes_by_user(
    two_draws: None, tmp_path: Path, health_admin: User
) -> None:
    with pytest.raises(CommandError, match="只能导出为 JSON"):
        call_command("export", "draws", "--format", "csv")
    with pytest.raises(CommandError, match="只适用于 draws"):
        call_command("export", "items", "--auditor")
    out = tmp_path / "health.json"
    call_command("export", "draws", "--user", health_admin.username, "-o", str(out))
    assert json.loads(out.read_text("utf-8")) == []
