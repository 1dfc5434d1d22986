"""Outside a transaction the directory-wide figures run on a second connection: same figures."""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path
from typing import Any

import pytest
from django.db import transaction

from shuangsuiji.directory.access import SYSTEM
from shuangsuiji.oversight import statistics
from shuangsuiji.oversight.statistics import Dashboard, dashboard

from ..disclosure.builders import publicized_task

# serialized_rollback: a transactional test flushes the tables, and the 31 departments come from
# a data migration.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture(autouse=True)
def media_root(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = str(tmp_path / "media")


def rows(d: Dashboard) -> dict[str, Any]:
    return {f.key: [(r.key, r.values) for r in [*f.rows, f.total] if r] for f in d.figures}


def test_worker_thread_gives_the_same_figures_as_one_connection(monkeypatch: Any) -> None:
    publicized_task()
    seen: list[str] = []
    original = statistics._Beside._in_thread

    def spy(self: Any) -> Any:
        seen.append(threading.current_thread().name)
        return original(self)

    monkeypatch.setattr(statistics._Beside, "_in_thread", spy)
    as_of = dt.date(2026, 1, 15)
    threaded = dashboard(actor=SYSTEM, year=2025, as_of=as_of)
    assert seen and seen[0].startswith("dashboard")
    with transaction.atomic():  # another connection could not see uncommitted rows here
        inline = dashboard(actor=SYSTEM, year=2025, as_of=as_of)
    assert len(seen) == 1
    assert rows(threaded) == rows(inline)
    assert rows(threaded)["coverage_credit"] and rows(threaded)["workload"]
