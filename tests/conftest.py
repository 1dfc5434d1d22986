"""Shared fixtures: departments come from the data migration; users for each role.

Every test runs on a pinned "today" (time-machine, started before collection so that module
constants see it too): 2026-12-01 10:00 Asia/Shanghai, or the date in SSJ_TEST_TODAY
(YYYY-MM-DD), so that no test depends on the real date and the suite can be run as if on any
day. The clock ticks from there, so timeouts and durations still behave. A test that needs
another day travels on top with time-machine's ``time_machine`` fixture or decorator.

With SSJ_TEST_DB_TEMPLATE (a migrated SQLite file; the mutation runner makes one), the test
database is a fresh copy of it instead of an in-memory database migrated from scratch: mutation
testing starts one pytest session per mutant, and migrating would be most of each one's time.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine

from shuangsuiji.directory.access import SYSTEM
from shuangsuiji.directory.models import Department, Role, User

DEFAULT_TODAY = dt.date(2026, 12, 1)
_pinned: list[time_machine.travel] = []
_db_copies: list[Path] = []


def pinned_today() -> dt.date:
    """The day the suite runs on: SSJ_TEST_TODAY, else DEFAULT_TODAY."""
    raw = os.environ.get("SSJ_TEST_TODAY", "").strip()
    if not raw:
        return DEFAULT_TODAY
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        raise pytest.UsageError(f"SSJ_TEST_TODAY={raw!r}: expected YYYY-MM-DD") from None


def pytest_configure(config: pytest.Config) -> None:
    from django.conf import settings

    # PBKDF2's deliberate slowness protects stored passwords, not test accounts: the suite
    # creates hundreds of users, and the fast hasher keeps it inside CI's time.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    moment = dt.datetime.combine(pinned_today(), dt.time(10), ZoneInfo("Asia/Shanghai"))
    travel = time_machine.travel(moment, tick=True)
    travel.start()
    _pinned.append(travel)
    template = os.environ.get("SSJ_TEST_DB_TEMPLATE", "").strip()
    if template:
        _use_a_copy_of(Path(template), config)


def _use_a_copy_of(template: Path, config: pytest.Config) -> None:
    from django.conf import settings
    from django.db import connections

    db = settings.DATABASES["default"]
    if "sqlite" not in db["ENGINE"] or not template.is_file():
        raise pytest.UsageError(f"SSJ_TEST_DB_TEMPLATE={template}: needs SQLite and that file")
    copy = template.with_name(f"{template.stem}-{os.getpid()}.sqlite3")
    shutil.copyfile(template, copy)
    _db_copies.append(copy)
    db.setdefault("TEST", {})["NAME"] = str(copy)
    connections["default"].settings_dict.setdefault("TEST", {})["NAME"] = str(copy)
    config.option.reuse_db = True  # pytest-django: keep the copied file, do not migrate anew


def pytest_unconfigure(config: pytest.Config) -> None:
    while _pinned:
        _pinned.pop().stop()
    if _db_copies:
        from django.db import connections

        connections.close_all()
    while _db_copies:
        copy = _db_copies.pop()
        for path in (copy, Path(f"{copy}-wal"), Path(f"{copy}-shm"), Path(f"{copy}-journal")):
            path.unlink(missing_ok=True)


def pytest_report_header(config: pytest.Config) -> str:
    return f"pinned today: {pinned_today()} 10:00 Asia/Shanghai (SSJ_TEST_TODAY)"


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
