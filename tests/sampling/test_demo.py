"""The demo's draws: completed, verifiable, one joint, one redrawn, and written only once."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from django.core.management import call_command

from shuangsuiji.common.audit import audit_verify
from shuangsuiji.common.models import AuditEntry
from shuangsuiji.plans.models import Task
from shuangsuiji.sampling import record
from shuangsuiji.sampling.models import AreaAdjacency, DirectAssignment, Draw, Selection

pytestmark = pytest.mark.django_db

DRAWN = ["LC2025-SCJG-001", "LC2025-SCJG-002", "LC2025-WJW-001", "LC2025-YJGL-001"]
# Scaled down from the default 30,000 firms and 300 officers, keeping the 属地 task's pool tight
# enough that, as at full size, one of its teams falls back to an adjacent township and one is
# left for 直接委派 (with 120 officers every team fills locally or next door).
ARGS = ["--entities", "1500", "--inspectors", "80", "--experts", "10", "--conflicts", "10"]


def test_demo_draws_are_complete_verifiable_and_idempotent(tmp_path: Any) -> None:
    out = io.StringIO()
    call_command("demo", *ARGS, stdout=out)
    assert "抽查任务 LC2025-WJW-001" in out.getvalue()
    # The README: four 2025 tasks with completed draws (cross-area; joint with an expert; 属地
    # with adjacency fallback and one direct assignment; one redraw). Later demo steps carry
    # some of them on to 检查中 … 已公示.
    drawn = Task.objects.filter(draws__is_current=True).distinct()
    assert sorted(drawn.values_list("code", flat=True)) == sorted(DRAWN)
    assert {t.year for t in drawn} == {2025}
    joint = {t.code: t.draw_config.experts for t in drawn if t.is_joint}
    assert joint == {"LC2025-WJW-001": 1, "LC2025-YJGL-001": 0}  # the first with an expert
    assert Draw.objects.filter(task__code="LC2025-YJGL-001").count() == 2
    # The one redraw is the only superseded draw.
    assert list(Draw.objects.filter(is_current=False).values_list("task__code", flat=True)) == [
        "LC2025-YJGL-001"
    ]
    assert AreaAdjacency.objects.count() >= 10
    cross = Task.objects.get(code="LC2025-SCJG-001").draw_config
    assert cross.cross_area
    local = Draw.objects.get(task__code="LC2025-SCJG-002", is_current=True)
    assert Selection.objects.filter(draw=local, fallback="adjacent_area").exists()
    # One direct assignment in the whole demo, for the 属地 task.
    assert list(DirectAssignment.objects.values_list("draw_id", flat=True)) == [local.pk]
    path = tmp_path / "draws.json"
    call_command("export", "draws", "-o", str(path))
    records = json.loads(path.read_text("utf-8"))
    assert len(records) == Draw.objects.count()
    assert all(record.verify_record(r).ok for r in records)
    assert audit_verify().ok

    before = (Task.objects.count(), Draw.objects.count(), AuditEntry.objects.count())
    again = io.StringIO()
    call_command("demo", *ARGS, stdout=again)
    assert (Task.objects.count(), Draw.objects.count(), AuditEntry.objects.count()) == before
    assert "演示抽查任务均已存在" in again.getvalue()
