from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from shuangsuiji.common.audit import audit_record, audit_verify
from shuangsuiji.common.context import origin
from shuangsuiji.common.models import AuditEntry
from shuangsuiji.directory.models import User

pytestmark = pytest.mark.django_db


def _three(actor: User) -> list[AuditEntry]:
    return [
        audit_record(
            actor=actor,
            action="entity.update",
            object_type="entity",
            object_id=f"9141032417167228{i}Q",
            object_repr=f"示例{i}",
            before={"credit_risk": "A", "on": dt.date(2025, 1, i + 1)},
            after={"credit_risk": "B", "n": i},
        )
        for i in range(3)
    ]


def test_entries_chain_and_verify(office_admin: User) -> None:
    entries = _three(office_admin)
    assert entries[0].prev_hash == "0" * 64
    assert entries[1].prev_hash == entries[0].entry_hash
    report = audit_verify()
    assert report.ok, report.message
    assert report.checked == 3


def test_entry_records_actor_department_and_origin(office_admin: User) -> None:
    with origin(request_id="req-42"):
        entry = audit_record(
            actor=office_admin,
            action="legacy_code.accept",
            object_type="legacy_code",
            reason="因为",
        )
    entry.refresh_from_db()
    assert entry.actor_name == "office"
    assert entry.department_name == office_admin.department.name  # type: ignore[union-attr]
    assert entry.request_id == "req-42"
    assert entry.reason == "因为"


def test_verify_names_an_edited_entry(office_admin: User) -> None:
    entries = _three(office_admin)
    AuditEntry.objects.filter(pk=entries[1].pk).update(after={"credit_risk": "A", "n": 1})
    report = audit_verify()
    assert not report.ok
    assert report.first_broken_id == entries[1].pk
    assert f"#{entries[1].pk}" in report.message
    with pytest.raises(CommandError, match=f"#{entries[1].pk}"):
        call_command("audit-verify")


def test_verify_names_the_entry_after_a_deleted_one(office_admin: User) -> None:
    entries = _three(office_admin)
    AuditEntry.objects.filter(pk=entries[1].pk).delete()
    report = audit_verify()
    assert not report.ok
    assert report.first_broken_id == entries[2].pk
    assert "删除" in report.message


def test_verify_notices_the_newest_entry_deleted(office_admin: User) -> None:
    entries = _three(office_admin)
    AuditEntry.objects.filter(pk=entries[2].pk).delete()
    report = audit_verify()
    assert not report.ok
    assert "删除" in report.message


def test_verify_notices_a_recomputed_forgery(office_admin: User) -> None:
    """Rewriting one entry and its own hash still breaks the link from the next entry."""
    from shuangsuiji.common.audit import compute_hash

    entries = _three(office_admin)
    forged = AuditEntry.objects.get(pk=entries[0].pk)
    forged.after = {"credit_risk": "D"}
    forged.entry_hash = compute_hash(forged)
    forged.save()
    report = audit_verify()
    assert not report.ok
    assert report.first_broken_id == entries[1].pk


def test_audit_verify_command_succeeds_on_intact_chain(office_admin: User, capsys) -> None:
    _three(office_admin)
    call_command("audit-verify")
    assert "审计链完整：共 3 条" in capsys.readouterr().out


def test_action_labels_read_in_chinese() -> None:
    from shuangsuiji.common.audit import action_label

    assert action_label("item.publish") == "发布抽查事项"
    assert action_label("entities.import") == "批量导入检查对象"
    assert action_label("unknown.thing") == "unknown.thing"
