"""The admin: scoped by role, writing through the services, so every edit is audited."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from shuangsuiji.common.models import AuditEntry
from shuangsuiji.directory import services
from shuangsuiji.directory.access import SYSTEM
from shuangsuiji.directory.models import (
    Area,
    Conflict,
    Department,
    Entity,
    InspectionItem,
    Inspector,
    ItemState,
    Role,
    User,
)
from tests.directory.test_views import (
    BAD_CODE,
    GOOD_CODE,
    GOOD_CODE_2,
    make_entity,
    make_inspector,
    make_item,
)

pytestmark = pytest.mark.django_db


def url(model: str, view: str, *args: Any) -> str:
    app = "common" if model == "auditentry" else "directory"
    return reverse(f"admin:{app}_{model}_{view}", args=args)


def text(response: Any) -> str:
    return response.content.decode()


def inspector_form(person: Inspector, **changes: Any) -> dict[str, Any]:
    data = {
        "name": person.name,
        "department": person.department_id,
        "organization": person.organization,
        "title": person.title,
        "specialties": "、".join(person.specialties),
        "certificate_no": person.certificate_no,
        "certificate_valid_until": "2027-12-31",
        "qualifications": "",
        "area": "",
        "status": person.status,
        "kind": person.kind,
        "expert_source": "",
        "phone": person.phone,
        "_save": "保存",
    }
    data.update(changes)
    return data


@pytest.fixture
def people(market_dept: Department, health_dept: Department) -> dict[str, Inspector]:
    return {
        "market": make_inspector(market_dept, "李市场", "MARKET001"),
        "health": make_inspector(health_dept, "王卫健", "HEALTH001"),
    }


# ---------------------------------------------------------------- who gets in


def test_admin_index_for_admins_only(
    client: Client, office_admin: User, market_admin: User, market_inspector: User
) -> None:
    client.force_login(office_admin)
    page = text(client.get(reverse("admin:index")))
    assert "后台管理" in page and "执法检查人员名录库" in page and "审计日志" in page
    client.force_login(market_admin)
    page = text(client.get(reverse("admin:index")))
    assert "执法检查人员名录库" in page and "审计日志" not in page
    client.force_login(market_inspector)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


# ---------------------------------------------------------------- inspectors


def test_department_admin_cannot_see_or_change_another_departments_inspectors(
    client: Client, market_admin: User, people: dict[str, Inspector]
) -> None:
    client.force_login(market_admin)
    listing = text(client.get(url("inspector", "changelist")))
    assert "李市场" in listing and "王卫健" not in listing
    health = people["health"]
    change = client.get(url("inspector", "change", health.pk))
    assert change.status_code == 302  # the admin's "does not exist" redirect
    client.post(url("inspector", "change", health.pk), inspector_form(health, name="改名"))
    health.refresh_from_db()
    assert health.name == "王卫健"
    deleted = client.post(url("inspector", "delete", health.pk), {"post": "yes"})
    assert deleted.status_code == 302
    assert Inspector.objects.filter(pk=health.pk).exists()


def test_department_admin_cannot_add_inspector_to_another_department(
    client: Client, market_admin: User, health_dept: Department
) -> None:
    client.force_login(market_admin)
    person = Inspector(
        name="张三", department=health_dept, organization="县卫生健康委", certificate_no="X1"
    )
    response = client.post(url("inspector", "add"), inspector_form(person))
    assert response.status_code == 200
    assert "选择一个有效的选项" in text(response)
    assert not Inspector.objects.filter(certificate_no="X1").exists()


def test_admin_edit_of_inspector_goes_through_service_and_is_audited(
    client: Client, market_admin: User, people: dict[str, Inspector]
) -> None:
    client.force_login(market_admin)
    person = people["market"]
    response = client.post(
        url("inspector", "change", person.pk),
        inspector_form(person, title="副队长", specialties="食品安全、特种设备"),
    )
    assert response.status_code == 302, text(response)
    person.refresh_from_db()
    assert person.title == "副队长"
    assert person.specialties == ["食品安全", "特种设备"]
    entry = AuditEntry.objects.filter(action="inspector.update").latest("id")
    assert entry.actor == market_admin and entry.object_id == "MARKET001"
    assert entry.before["title"] == "" and entry.after["title"] == "副队长"


def test_admin_delete_of_inspector_records_the_reason(
    client: Client, office_admin: User, people: dict[str, Inspector]
) -> None:
    client.force_login(office_admin)
    person = people["health"]
    response = client.post(url("inspector", "delete", person.pk), {"post": "yes"})
    assert response.status_code == 302
    assert not Inspector.objects.filter(pk=person.pk).exists()
    entry = AuditEntry.objects.get(action="inspector.delete")
    assert entry.reason == "后台删除" and entry.actor == office_admin


# ---------------------------------------------------------------- items


def item_form(department: Department, **changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "year": 2025,
        "department": department.pk,
        "check_category": "卫生健康领域",
        "name": "游泳场（馆）许可及卫生管理检查",
        "targets": "游泳场馆",
        "category": "general",
        "methods": ["onsite"],
        "legal_basis": "《公共场所卫生管理条例》",
        "ratio_cap": "5",
        "frequency": "",
        "note": "",
        "_save": "保存",
    }
    data.update(changes)
    return data


def test_item_created_in_admin_passes_partners_to_the_service(
    client: Client, health_admin: User, health_dept: Department, market_dept: Department
) -> None:
    client.force_login(health_admin)
    data = item_form(
        health_dept,
        in_joint_list="on",
        lead_department=health_dept.pk,
        partner_departments=[market_dept.pk],
    )
    response = client.post(url("inspectionitem", "add"), data)
    assert response.status_code == 302, text(response)
    item = InspectionItem.objects.get()
    assert item.targets == ["游泳场馆"] and item.methods == ["onsite"]
    assert list(item.partner_departments.all()) == [market_dept]
    entry = AuditEntry.objects.get(action="item.create")
    assert entry.actor == health_admin
    assert entry.after["partner_departments"] == [market_dept.pk]


def test_department_admin_cannot_see_or_change_another_departments_items(
    client: Client, market_admin: User, health_dept: Department
) -> None:
    item = make_item(health_dept, "游泳场（馆）许可及卫生管理检查")
    client.force_login(market_admin)
    assert "游泳场" not in text(client.get(url("inspectionitem", "changelist")))
    assert client.get(url("inspectionitem", "change", item.pk)).status_code == 302
    client.post(url("inspectionitem", "change", item.pk), item_form(health_dept, name="改名"))
    response = client.post(url("inspectionitem", "add"), item_form(health_dept, name="冒名"))
    assert response.status_code == 200
    assert set(InspectionItem.objects.values_list("name", flat=True)) == {item.name}


def test_service_refusal_is_shown_on_the_form(
    client: Client, market_admin: User, market_dept: Department
) -> None:
    client.force_login(market_admin)
    response = client.post(
        url("inspectionitem", "add"), item_form(market_dept, category="key", ratio_cap="5")
    )
    assert response.status_code == 200
    assert "重点检查事项的抽查比例不设上限" in text(response)
    assert not InspectionItem.objects.exists()
    assert not AuditEntry.objects.filter(action="item.create").exists()


def test_published_item_is_read_only_in_admin(
    client: Client, market_admin: User, market_dept: Department
) -> None:
    item = make_item(market_dept, "营业执照（登记证）规范使用情况的检查")
    services.item_publish(actor=SYSTEM, item=item)
    client.force_login(market_admin)
    view = client.get(url("inspectionitem", "change", item.pk))
    assert view.status_code == 200 and 'name="_save"' not in text(view)
    client.post(url("inspectionitem", "change", item.pk), item_form(market_dept, note="改"))
    item.refresh_from_db()
    assert item.note == ""
    assert client.post(url("inspectionitem", "delete", item.pk), {"post": "yes"}).status_code == 403
    assert InspectionItem.objects.filter(pk=item.pk, state=ItemState.PUBLISHED).exists()


def test_publish_action_uses_the_service(
    client: Client, market_admin: User, market_dept: Department
) -> None:
    item = make_item(market_dept, "营业执照（登记证）规范使用情况的检查")
    client.force_login(market_admin)
    client.post(
        url("inspectionitem", "changelist"),
        {"action": "publish", "_selected_action": [item.pk]},
    )
    item.refresh_from_db()
    assert item.state == ItemState.PUBLISHED
    assert AuditEntry.objects.filter(action="item.publish", actor=market_admin).exists()


# ---------------------------------------------------------------- entities


def entity_form(**changes: Any) -> dict[str, Any]:
    data = {
        "uscc": GOOD_CODE,
        "name": "栾川县示例商贸有限公司",
        "entity_type": "企业",
        "industry_code": "",
        "area": Area.objects.get(name="城关镇").pk,
        "address": "",
        "legal_representative": "",
        "registration_status": "active",
        "credit_risk": "B",
        "complaint_count": "0",
        "own_tags": "",
        "_save": "保存",
    }
    data.update(changes)
    return data


def test_entity_with_bad_code_is_refused_with_the_reason(
    client: Client, market_admin: User
) -> None:
    client.force_login(market_admin)
    response = client.post(url("entity", "add"), entity_form(uscc=BAD_CODE))
    assert response.status_code == 200
    assert "第18位校验码应为" in text(response)
    assert not Entity.objects.exists()


def test_entity_added_in_admin_with_own_tags(
    client: Client, market_admin: User, market_dept: Department
) -> None:
    client.force_login(market_admin)
    response = client.post(
        url("entity", "add"),
        entity_form(uscc=GOOD_CODE.lower(), own_tags="食品经营者、重点单位"),
    )
    assert response.status_code == 302, text(response)
    entity = Entity.objects.get()
    assert entity.uscc == GOOD_CODE
    assert sorted(t.name for t in entity.tags.all()) == ["重点单位", "食品经营者"]
    assert {t.department_id for t in entity.tags.all()} == {market_dept.pk}
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"entity.create", "entity.tags"} <= actions


def test_entity_search_in_admin_accepts_partial_codes(client: Client, office_admin: User) -> None:
    make_entity(GOOD_CODE, "栾川县示例商贸有限公司")
    make_entity(GOOD_CODE_2, "栾川县伊河宾馆")
    client.force_login(office_admin)
    page = text(client.get(url("entity", "changelist"), {"q": "9141032417"}))
    assert "伊河宾馆" in page and "示例商贸" not in page


def test_only_the_office_deletes_entities(
    client: Client, office_admin: User, market_admin: User
) -> None:
    entity = make_entity(GOOD_CODE, "栾川县示例商贸有限公司")
    client.force_login(market_admin)
    assert client.post(url("entity", "delete", entity.pk), {"post": "yes"}).status_code == 403
    client.force_login(office_admin)
    assert client.post(url("entity", "delete", entity.pk), {"post": "yes"}).status_code == 302
    assert not Entity.objects.exists()
    assert AuditEntry.objects.get(action="entity.delete").reason == "后台删除"


# ---------------------------------------------------------------- conflicts, legacy codes


def test_conflicts_are_scoped_and_added_through_the_service(
    client: Client, market_admin: User, people: dict[str, Inspector]
) -> None:
    entity = make_entity(GOOD_CODE, "栾川县示例商贸有限公司")
    services.conflict_add(
        actor=SYSTEM, inspector=people["health"], entity=entity, reason="卫健人员的亲属"
    )
    client.force_login(market_admin)
    assert "卫健人员的亲属" not in text(client.get(url("conflict", "changelist")))
    refused = client.post(
        url("conflict", "add"),
        {"inspector": people["health"].pk, "entity": entity.pk, "reason": "冒名", "_save": "1"},
    )
    assert refused.status_code == 200
    response = client.post(
        url("conflict", "add"),
        {"inspector": people["market"].pk, "entity": entity.pk, "reason": "曾任该公司股东"},
    )
    assert response.status_code == 302, text(response)
    conflict = Conflict.objects.get(inspector=people["market"])
    assert conflict.recorded_by == market_admin
    assert AuditEntry.objects.filter(action="conflict.add", actor=market_admin).exists()


def test_office_accepts_a_legacy_code_in_admin(
    client: Client, office_admin: User, market_admin: User
) -> None:
    client.force_login(market_admin)
    assert client.get(url("acceptedlegacycode", "add")).status_code == 403
    client.force_login(office_admin)
    response = client.post(
        url("acceptedlegacycode", "add"), {"uscc": BAD_CODE, "reason": "2015年前发证的历史代码"}
    )
    assert response.status_code == 302, text(response)
    entry = AuditEntry.objects.get(action="legacy_code.accept")
    assert entry.object_id == BAD_CODE and entry.actor == office_admin


# ---------------------------------------------------------------- reference data, accounts


def test_departments_are_read_only_except_for_the_office(
    client: Client, office_admin: User, market_admin: User, market_dept: Department
) -> None:
    data = {"name": market_dept.name, "short_name": "市监", "code": market_dept.code}
    data |= {"sort_order": market_dept.sort_order}
    client.force_login(market_admin)
    client.post(url("department", "change", market_dept.pk), data)
    market_dept.refresh_from_db()
    assert market_dept.short_name == "市场监管"
    client.force_login(office_admin)
    response = client.post(url("department", "change", market_dept.pk), data)
    assert response.status_code == 302, text(response)
    market_dept.refresh_from_db()
    assert market_dept.short_name == "市监"
    entry = AuditEntry.objects.get(action="department.update")
    assert entry.before["short_name"] == "市场监管" and entry.after["short_name"] == "市监"


def test_department_admin_creates_accounts_only_in_own_department(
    client: Client, market_admin: User, market_dept: Department, health_dept: Department
) -> None:
    client.force_login(market_admin)
    listing = text(client.get(url("user", "changelist")))
    assert "market_admin" in listing
    base = {"password1": "Lc-2025-strong!", "password2": "Lc-2025-strong!", "full_name": "赵六"}
    response = client.post(
        url("user", "add"),
        {**base, "username": "zhao", "department": market_dept.pk, "role": Role.INSPECTOR},
    )
    assert response.status_code == 302, text(response)
    zhao = User.objects.get(username="zhao")
    assert zhao.department == market_dept and not zhao.is_staff
    assert AuditEntry.objects.filter(action="user.create", actor=market_admin).exists()
    other = client.post(
        url("user", "add"),
        {**base, "username": "qian", "department": health_dept.pk, "role": Role.INSPECTOR},
    )
    assert other.status_code == 200
    promoted = client.post(
        url("user", "add"),
        {**base, "username": "sun", "department": market_dept.pk, "role": Role.OFFICE_ADMIN},
    )
    assert promoted.status_code == 200
    assert not User.objects.filter(username__in=["qian", "sun"]).exists()


def test_account_edit_is_audited_without_the_password_hash(
    client: Client, office_admin: User, market_inspector: User, market_dept: Department
) -> None:
    client.force_login(office_admin)
    response = client.post(
        url("user", "change", market_inspector.pk),
        {
            "username": market_inspector.username,
            "full_name": "新名字",
            "email": "",
            "department": market_dept.pk,
            "role": Role.DEPT_ADMIN,
            "is_active": "on",
            "_save": "保存",
        },
    )
    assert response.status_code == 302, text(response)
    market_inspector.refresh_from_db()
    assert market_inspector.is_staff  # a department admin may use the admin
    entry = AuditEntry.objects.get(action="user.update")
    assert entry.after["password"] == "（已隐藏）"
    assert entry.after["full_name"] == "新名字"


# ---------------------------------------------------------------- audit entries


def test_audit_entries_are_read_only_and_office_only(
    client: Client, office_admin: User, market_admin: User
) -> None:
    entry = services.legacy_code_accept(actor=office_admin, uscc=BAD_CODE, reason="历史代码")
    audit = AuditEntry.objects.get(action="legacy_code.accept")
    client.force_login(office_admin)
    assert client.get(url("auditentry", "changelist")).status_code == 200
    assert client.get(url("auditentry", "add")).status_code == 403
    view = client.get(url("auditentry", "change", audit.pk))
    assert view.status_code == 200 and 'name="_save"' not in text(view)
    assert client.post(url("auditentry", "delete", audit.pk), {"post": "yes"}).status_code == 403
    assert AuditEntry.objects.filter(pk=audit.pk).exists() and entry.pk
    client.force_login(market_admin)
    assert client.get(url("auditentry", "changelist")).status_code == 403
