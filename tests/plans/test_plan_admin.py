"""Plans, plan versions, joint requests and messages are read-only in the admin."""

from __future__ import annotations

import pytest
from django.test import Client

from shuangsuiji.directory.access import SYSTEM
from shuangsuiji.directory.models import User
from shuangsuiji.plans import planning

pytestmark = pytest.mark.django_db


def test_office_views_plans_in_the_admin_but_cannot_add_or_change(
    client: Client, office_admin: User, market_admin: User
) -> None:
    plan = planning.plan_create(actor=SYSTEM, year=2025)
    client.force_login(office_admin)
    assert client.get("/admin/plans/plan/").status_code == 200
    assert client.get("/admin/plans/plan/add/").status_code == 403
    page = client.get(f"/admin/plans/plan/{plan.pk}/change/")
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
    for model in ("planversion", "jointrequest", "message"):
        assert client.get(f"/admin/plans/{model}/").status_code == 200
    client.force_login(market_admin)
    assert client.get("/admin/plans/plan/").status_code == 403
