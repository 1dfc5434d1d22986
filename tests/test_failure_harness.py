"""The failure-injection harness notices what a non-atomic write leaves behind.

Without these, a harness that compared too little (a table skipped, files not looked at)
would let every ``test_*_failures.py`` pass whatever the services do.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.db import transaction

from shuangsuiji.common.audit import audit_record
from shuangsuiji.common.models import AuditChainHead, AuditEntry
from shuangsuiji.directory.models import Department, Entity, Inspector, User

from .directory.factories import EntityFactory, InspectorFactory
from .failures import (
    AuditWrite,
    InjectedFailure,
    SqlWrite,
    assert_same,
    check_nothing_remains,
    state,
)

pytestmark = pytest.mark.django_db


def rename_then_audit(entity_pk: int, actor: Any) -> None:
    """Two writes with no transaction of their own: a failure between them leaves the first."""
    Entity.objects.filter(pk=entity_pk).update(name="改过的名称")
    audit_record(actor=actor, action="entity.update", object_type="entity", object_id=entity_pk)


def test_a_row_left_by_a_non_atomic_write_is_reported(office_admin: User) -> None:
    entity = EntityFactory()
    with pytest.raises(AssertionError, match="directory_entity"):
        check_nothing_remains(
            lambda: rename_then_audit(entity.pk, office_admin),
            AuditWrite("entity.update"),
            {Entity},
        )


def test_the_same_writes_in_one_transaction_pass(office_admin: User) -> None:
    entity = EntityFactory()
    probe = check_nothing_remains(
        lambda: transaction.atomic(rename_then_audit)(entity.pk, office_admin),
        AuditWrite("entity.update"),
        {Entity, AuditEntry, AuditChainHead},
    )
    assert probe.fired and probe.passed == 1


def test_a_file_left_in_storage_is_reported(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = str(tmp_path)
    before = state()
    (tmp_path / "evidence").mkdir()
    (tmp_path / "evidence" / "orphan.png").write_bytes(b"\x89PNG")
    with pytest.raises(AssertionError, match="files left in storage"):
        assert_same(before, state())


def test_a_row_in_an_auto_created_table_is_reported() -> None:
    """Many-to-many links live in tables of their own; they are compared too."""
    entity = EntityFactory()
    before = state()
    tag = entity.tags.create(department=Department.objects.get(name="县市场监督管理局"), name="甲")
    with pytest.raises(AssertionError, match="directory_entity_tags"):
        assert_same(before, state())
    assert tag.pk


def test_sql_write_fails_the_nth_statement_on_its_table_only() -> None:
    point = SqlWrite(Inspector, "INSERT", nth=2)
    with point.armed() as probe, pytest.raises(InjectedFailure):
        EntityFactory()  # another table: passes
        with transaction.atomic():
            InspectorFactory(certificate_no="C1")
        with transaction.atomic():
            InspectorFactory(certificate_no="C2")
    assert probe.fired and probe.passed == 2 and probe.rows_before_failure == 1
    assert list(Inspector.objects.values_list("certificate_no", flat=True)) == ["C1"]
