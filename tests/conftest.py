"""Shared fixtures: departments come from the data migration; users for each role."""

from __future__ import annotations

import pytest

from shuangsuiji.directory.access import SYSTEM
from shuangsuiji.directory.models import Department, Role, User


@pytest.fixture
def office(db: None) -> Department:
    return Department.objects.get(is_office=True)


@pytest.fixture
def market_dept(db: None) -> Department:
    return Department.objects.get(name="县市场监督管理局")


@pytest.fixture
def health_dept(db: None) -> Department:
    return Department.objects.get(name="县卫生健康委")


def make_user(username: str, department: Department, role: str) -> User:
    user = User(username=username, department=department, role=role, full_name=username)
    user.set_password("pw-" + username)
    user.is_staff = role != Role.INSPECTOR
    user.save()
    return user


@pytest.fixture
def office_admin(office: Department) -> User:
    return make_user("office", office, Role.OFFICE_ADMIN)


@pytest.fixture
def market_admin(market_dept: Department) -> User:
    return make_user("market_admin", market_dept, Role.DEPT_ADMIN)


@pytest.fixture
def health_admin(health_dept: Department) -> User:
    return make_user("health_admin", health_dept, Role.DEPT_ADMIN)


@pytest.fixture
def market_inspector(market_dept: Department) -> User:
    return make_user("market_inspector", market_dept, Role.INSPECTOR)


@pytest.fixture
def system() -> object:
    return SYSTEM
