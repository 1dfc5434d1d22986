"""抽样复查 pages: office only; freeze, draw, download a record that verifies, outcomes."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from shuangsuiji.directory.models import User
from shuangsuiji.oversight.models import Recheck, RecheckItem

from ..disclosure.builders import completed_task
from ..sampling import builders as b

pytestmark = pytest.mark.django_db


@pytest.fixture
def done(settings: Any, tmp_path: Path) -> Any:
    settings.MEDIA_ROOT = str(tmp_path / "media")
    b.officers(4, department=b.health(), area=b.area("城关镇"))
    return completed_task(code="LC2025-SCJG-311", n_entities=3)


def test_the_office_freezes_draws_downloads_and_records(
    done: Any, office_admin: User, client: Client, tmp_path: Path
) -> None:
    client.force_login(office_admin)
    assert client.get(reverse("recheck:list")).status_code == 200
    response = client.post(
        reverse("recheck:freeze"),
        {"year": 2025, "share": "50", "team_department": b.health().pk, "due_on": "2025-12-31"},
    )
    r = Recheck.objects.get()
    assert response.status_code == 302 and r.population_size == 3
    page = client.get(reverse("recheck:detail", args=[r.pk]))
    assert r.commitment in page.content.decode()
    client.post(
        reverse("recheck:draw", args=[r.pk]),
        {"witness_entropy": b.WITNESS, "witness_source": "大乐透", "witness_name": "李见证"},
    )
    r.refresh_from_db()
    assert r.state == "drawn"
    for name in ("recheck:record", "recheck:auditor_record"):
        data = client.get(reverse(name, args=[r.pk])).content
        path = tmp_path / "r.json"
        path.write_bytes(data)
        out = StringIO()
        call_command("verify-draw", str(path), stdout=out)
        assert "全部核验通过" in out.getvalue()
    assert "matching_private" in json.loads(data)
    item = RecheckItem.objects.filter(recheck=r).first()
    assert item is not None
    client.post(
        reverse("recheck:outcome", args=[item.pk]),
        {f"o{item.pk}-outcome": "disagree", f"o{item.pk}-note": "结果类别应为 B"},
    )
    item.refresh_from_db()
    assert item.outcome == "disagree" and item.note == "结果类别应为 B"
    assert "结果类别应为 B" in client.get(reverse("recheck:detail", args=[r.pk])).content.decode()


def test_departments_may_not_open_the_recheck_pages(
    done: Any, market_admin: User, client: Client
) -> None:
    client.force_login(market_admin)
    assert client.get(reverse("recheck:list")).status_code == 403
    response = client.post(
        reverse("recheck:freeze"),
        {"year": 2025, "share": "50", "team_department": b.health().pk, "due_on": "2025-12-31"},
    )
    assert response.status_code == 403 and not Recheck.objects.exists()
