"""The demo dataset: loads through the audited paths, is deterministic and idempotent."""

from __future__ import annotations

import io
import random
from collections import Counter

import pytest
from django.core.management import call_command

from shuangsuiji.common.audit import audit_verify
from shuangsuiji.common.models import AuditEntry
from shuangsuiji.common.uscc import is_valid
from shuangsuiji.directory import demo
from shuangsuiji.directory.models import (
    Conflict,
    Department,
    Entity,
    InspectionItem,
    Inspector,
    Role,
    User,
)
from shuangsuiji.directory.reference import AREAS

pytestmark = pytest.mark.django_db

SMALL = ["--entities", "500", "--inspectors", "80", "--experts", "5", "--conflicts", "10"]


def run_demo(*args: str) -> str:
    out = io.StringIO()
    call_command("demo", *SMALL, *args, stdout=out)
    return out.getvalue()


def counts() -> dict[str, int]:
    return {
        "items": InspectionItem.objects.count(),
        "entities": Entity.objects.count(),
        "inspectors": Inspector.objects.count(),
        "conflicts": Conflict.objects.count(),
        "users": User.objects.count(),
        "audit": AuditEntry.objects.count(),
    }


def test_demo_loads_small_dataset_through_audited_paths() -> None:
    output = run_demo()

    assert Entity.objects.count() == 500
    assert Inspector.objects.filter(kind="law_enforcement").count() == 80
    assert Inspector.objects.filter(kind="expert").count() == 5
    assert Conflict.objects.count() == 10
    items = InspectionItem.objects.all()
    assert items.count() >= 60
    assert items.values("department").distinct().count() >= 12
    assert set(items.values_list("year", flat=True)) == {2025, 2026}
    assert items.filter(state="draft").exists() and items.filter(state="published").exists()
    assert items.filter(in_joint_list=True, lead_department__isnull=False).exists()
    assert not items.filter(category="key", ratio_cap__isnull=False).exists()
    assert not items.filter(category="general", ratio_cap__isnull=True).exists()

    actions = Counter(AuditEntry.objects.values_list("action", flat=True))
    assert actions["items.import"] == 1
    assert actions["entities.import"] == 1
    assert actions["inspectors.import"] == 1
    assert actions["conflict.add"] == 10
    assert actions["user.create"] == 63
    assert audit_verify().ok
    assert "lxb_admin" in output and "密码" in output


def test_demo_entities_are_valid_and_varied() -> None:
    run_demo()
    codes = list(Entity.objects.values_list("uscc", flat=True))
    assert len(codes) == 500
    assert all(is_valid(code) and code[2:8] == "410324" for code in codes)
    assert {code[:2] for code in codes} >= {"91", "92", "93"}
    classes = Counter(Entity.objects.values_list("credit_risk", flat=True))
    assert set(classes) == {"A", "B", "C", "D"}
    assert classes["A"] > classes["B"] > classes["C"]
    assert not Entity.objects.filter(serious_dishonesty_list=True).exclude(credit_risk="D").exists()
    assert Entity.objects.filter(serious_dishonesty_list=True).exists()
    assert Entity.objects.filter(abnormal_list=True, abnormal_listed_on__isnull=False).exists()
    by_area = Counter(Entity.objects.values_list("area__name", flat=True))
    assert by_area.most_common(1)[0][0] == "城关镇"
    assert set(by_area) <= set(AREAS)
    assert Entity.objects.exclude(registration_status="active").exists()
    assert Entity.objects.filter(tags__isnull=False).exists()


def test_demo_creates_accounts_for_every_role_and_department() -> None:
    run_demo()
    office = User.objects.get(username=demo.OFFICE_USERNAME)
    assert office.role == Role.OFFICE_ADMIN and office.department is not None
    assert office.department.is_office
    departments = list(Department.objects.filter(is_office=False))
    assert len(departments) == 31  # 63 accounts: the office's and two per member unit
    linked = 0
    for dept in departments:
        users = User.objects.filter(department=dept)
        assert users.filter(role=Role.DEPT_ADMIN).count() == 1, dept.name
        inspector_user = users.get(role=Role.INSPECTOR)
        if Inspector.objects.filter(department=dept, kind="law_enforcement").exists():
            assert inspector_user.inspector is not None
            assert inspector_user.inspector.department_id == dept.pk
            linked += 1
    assert linked == 31  # the demo gives every member unit at least one officer


def test_demo_twice_writes_nothing_and_hides_passwords() -> None:
    run_demo()
    before = counts()
    output = run_demo()
    assert counts() == before
    assert "已存在" in output
    assert "lxb_admin" not in output


def test_demo_if_empty_skips_when_entities_exist() -> None:
    call_command("demo", "--entities", "5", "--inspectors", "0", "--experts", "0",
                 "--conflicts", "0", stdout=io.StringIO())  # fmt: skip
    before = counts()
    out = io.StringIO()
    call_command("demo", "--if-empty", *SMALL, stdout=out)
    assert counts() == before
    assert "跳过" in out.getvalue()


def test_demo_rows_are_deterministic_for_a_seed() -> None:
    first = demo.entity_rows(random.Random(7), 200)
    again = demo.entity_rows(random.Random(7), 200)
    other = demo.entity_rows(random.Random(8), 200)
    assert first == again
    assert first[1] != other[1]
    people = demo.inspector_rows(random.Random(7), 300, 20)[1]
    certificates = [row[5] for row in people]
    assert len(certificates) == len(set(certificates)) == 320
