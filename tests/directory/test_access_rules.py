"""The access rules themselves: who counts as staff, which items and inspectors each role sees,
who may write the directory and edit a department's rows. Expected sets written by hand."""

from __future__ import annotations

import pytest

from shuangsuiji.directory.access import (
    SYSTEM,
    can_edit_department_rows,
    can_write_directory,
    is_staff_member,
    scope_inspectors,
    scope_items,
)
from shuangsuiji.directory.models import Department, InspectionItem, Inspector, Role, User

from .factories import InspectorFactory, ItemFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def safety_dept(db: None) -> Department:
    return Department.objects.get(name="县应急管理局")


@pytest.fixture
def items(market_dept: Department, health_dept: Department, safety_dept: Department) -> None:
    ItemFactory(name="市场自有", department=market_dept)
    ItemFactory(name="卫健自有", department=health_dept)
    ItemFactory(name="应急自有", department=safety_dept)
    ItemFactory(name="市场发起", department=health_dept, lead_department=market_dept)
    partnered = ItemFactory(name="卫健发起市场配合", department=health_dept)
    partnered.lead_department = health_dept
    partnered.save()
    partnered.partner_departments.set([market_dept, safety_dept])


def visible_items(actor: object) -> list[str]:
    return sorted(scope_items(InspectionItem.objects.all(), actor).values_list("name", flat=True))


@pytest.mark.usefixtures("items")
def test_the_office_and_the_system_see_every_item(office_admin: User) -> None:
    every = ["卫健发起市场配合", "卫健自有", "市场发起", "市场自有", "应急自有"]
    assert visible_items(office_admin) == every
    assert visible_items(SYSTEM) == every


@pytest.mark.usefixtures("items")
def test_a_department_sees_items_it_owns_leads_or_partners_once_each(
    market_admin: User, health_admin: User, market_inspector: User
) -> None:
    assert visible_items(market_admin) == ["卫健发起市场配合", "市场发起", "市场自有"]
    assert visible_items(market_inspector) == ["卫健发起市场配合", "市场发起", "市场自有"]
    assert visible_items(health_admin) == ["卫健发起市场配合", "卫健自有", "市场发起"]


@pytest.mark.usefixtures("items")
def test_a_user_without_a_department_sees_no_item_and_no_inspector(
    market_dept: Department,
) -> None:
    InspectorFactory(name="甲", department=market_dept)
    loose = User.objects.create(username="loose", role=Role.DEPT_ADMIN)
    assert visible_items(loose) == []
    assert list(scope_inspectors(Inspector.objects.all(), loose)) == []


def test_inspectors_are_seen_by_their_own_department_and_the_office(
    office_admin: User,
    market_admin: User,
    health_admin: User,
    market_dept: Department,
    health_dept: Department,
) -> None:
    InspectorFactory(name="市场甲", department=market_dept)
    InspectorFactory(name="市场乙", department=market_dept)
    InspectorFactory(name="卫健甲", department=health_dept)

    def names(actor: object) -> list[str]:
        qs = scope_inspectors(Inspector.objects.all(), actor)
        return sorted(qs.values_list("name", flat=True))

    assert names(office_admin) == ["卫健甲", "市场乙", "市场甲"]
    assert names(market_admin) == ["市场乙", "市场甲"]
    assert names(health_admin) == ["卫健甲"]


def test_staff_members_are_the_system_and_saved_active_users(
    market_admin: User, market_dept: Department
) -> None:
    assert is_staff_member(SYSTEM) is True
    assert is_staff_member(market_admin) is True
    market_admin.is_active = False
    assert is_staff_member(market_admin) is False
    unsaved = User(username="unsaved", department=market_dept, role=Role.DEPT_ADMIN)
    assert is_staff_member(unsaved) is False
    assert is_staff_member(object()) is False


def test_the_office_and_department_admins_write_the_directory_inspectors_do_not(
    office_admin: User, market_admin: User, market_inspector: User
) -> None:
    assert can_write_directory(office_admin) is True
    assert can_write_directory(SYSTEM) is True
    assert can_write_directory(market_admin) is True
    assert can_write_directory(market_inspector) is False


def test_only_the_owning_departments_admin_or_the_office_edits_its_rows(
    office_admin: User,
    market_admin: User,
    market_inspector: User,
    market_dept: Department,
    health_dept: Department,
) -> None:
    assert can_edit_department_rows(office_admin, health_dept.pk) is True
    assert can_edit_department_rows(market_admin, market_dept.pk) is True
    assert can_edit_department_rows(market_admin, health_dept.pk) is False
    assert can_edit_department_rows(market_inspector, market_dept.pk) is False


def test_the_system_actor_reads_as_the_command_line() -> None:
    assert str(SYSTEM) == "系统（命令行）"
    assert SYSTEM.is_office_admin is True
    assert SYSTEM.is_dept_admin is False
