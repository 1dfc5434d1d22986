"""One scoping rule per model, the same for selectors, services, exports and the CLI."""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command

from shuangsuiji.common.errors import PermissionDenied
from shuangsuiji.directory import selectors
from shuangsuiji.directory.exporters import export_table
from shuangsuiji.directory.models import Department, Inspector, User
from shuangsuiji.directory.services import (
    conflict_add,
    inspector_save,
    item_publish,
    item_save,
)

from .factories import EntityFactory, InspectorFactory, ItemFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def rows(market_dept: Department, health_dept: Department) -> dict[str, object]:
    joint = ItemFactory(
        name="餐具饮具集中消毒服务单位的检查",
        department=health_dept,
        in_joint_list=True,
        lead_department=health_dept,
    )
    joint.partner_departments.set([market_dept])
    return {
        "market_item": ItemFactory(name="营业执照规范使用", department=market_dept),
        "health_item": ItemFactory(name="游泳场馆卫生", department=health_dept),
        "joint_item": joint,
        "market_person": InspectorFactory(name="市监甲", department=market_dept),
        "health_person": InspectorFactory(name="卫健乙", department=health_dept),
    }


def test_department_admin_sees_own_and_joint_items_only(market_admin: User, rows: dict) -> None:
    names = set(selectors.item_list(actor=market_admin).values_list("name", flat=True))
    assert names == {"营业执照规范使用", "餐具饮具集中消毒服务单位的检查"}


def test_office_sees_everything(office_admin: User, rows: dict) -> None:
    assert selectors.item_list(actor=office_admin).count() == 3
    assert selectors.inspector_list(actor=office_admin).count() == 2


def test_department_admin_sees_own_inspectors_only(market_admin: User, rows: dict) -> None:
    assert list(selectors.inspector_list(actor=market_admin).values_list("name", flat=True)) == [
        "市监甲"
    ]


def test_inspector_role_reads_own_department_without_phones(
    market_inspector: User, rows: dict
) -> None:
    assert selectors.inspector_list(actor=market_inspector).count() == 1
    exported = json.loads(export_table(kind="inspectors", fmt="json", actor=market_inspector))
    assert [p["姓名"] for p in exported] == ["市监甲"]
    assert "联系电话" not in exported[0]


def test_department_admin_cannot_change_another_departments_rows(
    market_admin: User, rows: dict
) -> None:
    health_item = rows["health_item"]
    health_item.legal_basis = "改"
    with pytest.raises(PermissionDenied):
        item_save(actor=market_admin, item=health_item)
    with pytest.raises(PermissionDenied):
        item_publish(actor=market_admin, item=rows["joint_item"])
    person = rows["health_person"]
    person.title = "改"
    with pytest.raises(PermissionDenied):
        inspector_save(actor=market_admin, inspector=person)
    with pytest.raises(PermissionDenied):
        conflict_add(actor=market_admin, inspector=person, entity=EntityFactory(), reason="亲属")


def test_department_admin_cannot_move_a_person_into_their_department(
    market_admin: User, rows: dict
) -> None:
    person = Inspector.objects.get(name="卫健乙")
    person.department = market_admin.department  # type: ignore[assignment]
    with pytest.raises(PermissionDenied):
        inspector_save(actor=market_admin, inspector=person)


def test_inspector_role_cannot_write(market_inspector: User, rows: dict) -> None:
    item = rows["market_item"]
    with pytest.raises(PermissionDenied):
        item_save(actor=market_inspector, item=item)


@pytest.mark.parametrize("kind", ["items", "inspectors"])
def test_exports_follow_the_same_scope(market_admin: User, rows: dict, kind: str) -> None:
    exported = json.loads(export_table(kind=kind, fmt="json", actor=market_admin))
    text = json.dumps(exported, ensure_ascii=False)
    assert "卫健乙" not in text
    assert "游泳场馆卫生" not in text
    assert exported


def test_cli_export_with_user_is_scoped(market_admin: User, rows: dict, capsysbinary) -> None:
    call_command("export", "inspectors", "--format", "json", "--user", "market_admin")
    exported = json.loads(capsysbinary.readouterr().out.decode("utf-8"))
    assert [p["姓名"] for p in exported] == ["市监甲"]


def test_cli_export_without_user_acts_as_system(rows: dict, capsysbinary) -> None:
    call_command("export", "inspectors", "--format", "json")
    exported = json.loads(capsysbinary.readouterr().out.decode("utf-8"))
    assert {p["姓名"] for p in exported} == {"市监甲", "卫健乙"}


def test_conflict_register_is_scoped(market_admin: User, office_admin: User, rows: dict) -> None:
    entity = EntityFactory()
    conflict_add(actor=office_admin, inspector=rows["health_person"], entity=entity, reason="亲属")
    conflict_add(
        actor=market_admin, inspector=rows["market_person"], entity=entity, reason="曾任职"
    )
    assert selectors.conflict_list(actor=market_admin).count() == 1
    assert selectors.conflict_list(actor=office_admin).count() == 2


def test_export_endpoint_applies_the_list_filters(client, market_admin: User, rows: dict) -> None:
    EntityFactory(name="高风险企业", credit_risk="D")
    EntityFactory(name="低风险企业", credit_risk="A")
    client.force_login(market_admin)
    response = client.get("/export/entities/json/?credit_risk=D&page=2")
    assert [e["名称"] for e in json.loads(response.content)] == ["高风险企业"]
    response = client.get("/export/inspectors/json/?q=卫健")
    assert json.loads(response.content) == []
