"""Failure injection: make a write fail partway and check that nothing of the operation remains.

A failure point is armed around one call of a service. ``AuditWrite`` raises right after the
matching audit entry's row is inserted (so the entry exists and the chain head is not yet
moved); ``SqlWrite`` raises instead of running the n-th INSERT/UPDATE/DELETE on a table, which
reaches ORM saves, ``bulk_create`` batches, many-to-many ``set`` and raw ``executemany`` alike.

``state()`` is everything an operation could leave behind: every row of every table (auto-
created many-to-many tables included), the files under MEDIA_ROOT with their hashes, and the
callbacks waiting for the transaction to commit. The audit chain is checked by the same two
functions ``shuangsuiji audit-verify`` runs.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.apps import apps
from django.conf import settings
from django.db import connection, models

from shuangsuiji.common.audit import audit_verify
from shuangsuiji.common.audit_roots import audit_roots_check
from shuangsuiji.common.models import AuditEntry

# After the fixtures' 2025 windows, completions (10-31) and publications (11-14).
FIXTURE_MOMENT = dt.datetime(2025, 11, 20, 10, tzinfo=ZoneInfo("Asia/Shanghai"))


def on_fixture_day() -> time_machine.travel:
    """Travel to FIXTURE_MOMENT (the clock stands still), on top of the suite's pinned today."""
    return time_machine.travel(FIXTURE_MOMENT, tick=False)


class InjectedFailure(Exception):
    """The failure a test planted; nothing in the product raises or catches it."""


@dataclass
class Probe:
    """What an armed failure point saw: whether it fired, and the matching writes before it."""

    fired: bool = False
    passed: int = 0
    rows_before_failure: int | None = None


@dataclass(frozen=True)
class AuditWrite:
    """Fail at the ``nth`` audit entry with ``action``, after its row is inserted."""

    action: str
    nth: int = 1

    @property
    def label(self) -> str:
        return f"audit:{self.action}" + (f"#{self.nth}" if self.nth != 1 else "")

    def tables(self) -> set[str]:
        return {AuditEntry._meta.db_table}

    @contextmanager
    def armed(self) -> Iterator[Probe]:
        probe = Probe()
        original = AuditEntry.save

        def save(entry: AuditEntry, *args: Any, **kwargs: Any) -> None:
            original(entry, *args, **kwargs)
            if entry.action == self.action and not probe.fired:
                probe.passed += 1
                if probe.passed == self.nth:
                    probe.fired = True
                    raise InjectedFailure(self.label)

        AuditEntry.save = save  # type: ignore[method-assign]
        try:
            yield probe
        finally:
            AuditEntry.save = original  # type: ignore[method-assign]


@dataclass(frozen=True)
class SqlWrite:
    """Fail instead of running the ``nth`` ``verb`` statement on ``model``'s table."""

    model: type[models.Model]
    verb: str = "INSERT"
    nth: int = 1

    @property
    def table(self) -> str:
        return self.model._meta.db_table

    @property
    def label(self) -> str:
        return f"{self.verb.lower()}:{self.table}" + (f"#{self.nth}" if self.nth != 1 else "")

    def tables(self) -> set[str]:
        return {self.table}

    def _pattern(self) -> re.Pattern[str]:
        quoted = re.escape(connection.ops.quote_name(self.table))
        # Many-to-many adds are INSERT OR IGNORE on SQLite.
        head = {
            "INSERT": r"INSERT\s+(?:OR\s+IGNORE\s+)?INTO",
            "UPDATE": "UPDATE",
            "DELETE": "DELETE FROM",
        }[self.verb]
        return re.compile(rf"^\s*{head}\s+{quoted}[\s(]", re.IGNORECASE)

    @contextmanager
    def armed(self) -> Iterator[Probe]:
        probe = Probe()
        pattern = self._pattern()
        counting = False

        def wrapper(
            execute: Callable[..., Any], sql: str, params: Any, many: bool, ctx: Any
        ) -> Any:
            nonlocal counting
            if counting or probe.fired or not pattern.match(sql):
                return execute(sql, params, many, ctx)
            probe.passed += 1
            if probe.passed < self.nth:
                return execute(sql, params, many, ctx)
            probe.fired = True
            counting = True
            try:
                probe.rows_before_failure = self.model._base_manager.count()
            finally:
                counting = False
            raise InjectedFailure(self.label)

        with connection.execute_wrapper(wrapper):
            yield probe


FailurePoint = AuditWrite | SqlWrite


@dataclass(frozen=True)
class Service:
    """A multi-step service under test: its setup (given the office admin, returns the call),
    the models the call writes, and the points at which to make it fail."""

    setup: Callable[[Any], Callable[[], Any]]
    writes: frozenset[Any]
    points: tuple[FailurePoint, ...]


def failure_cases(services: Mapping[str, Any]) -> list[Any]:
    """One ``pytest.param(name, point)`` per service and failure point, named ``name-point``."""
    return [
        pytest.param(name, point, id=f"{name}-{point.label}")
        for name, service in services.items()
        for point in service.points
    ]


def _table_rows(model: type[models.Model]) -> list[tuple[Any, ...]]:
    names = [f.attname for f in model._meta.concrete_fields]
    return sorted(model._base_manager.values_list(*names), key=repr)


def _files() -> dict[str, str]:
    root = Path(settings.MEDIA_ROOT)
    if not root.exists():
        return {}
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


@dataclass
class State:
    tables: dict[str, list[tuple[Any, ...]]]
    files: dict[str, str]
    pending_on_commit: int = 0

    def changed_tables(self, other: State) -> set[str]:
        names = set(self.tables) | set(other.tables)
        return {n for n in names if self.tables.get(n) != other.tables.get(n)}


def state() -> State:
    """Every row of every table, the stored files, and the pending on-commit callbacks."""
    tables = {
        model._meta.db_table: _table_rows(model)
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy
    }
    return State(tables, _files(), len(connection.run_on_commit))


def assert_same(before: State, after: State) -> None:
    """Name the tables (and files) the failed operation left changed, not just that it did."""
    changed = before.changed_tables(after)
    details = {
        name: {
            "added": [
                r for r in after.tables.get(name, []) if r not in before.tables.get(name, [])
            ][:3],
            "removed": [
                r for r in before.tables.get(name, []) if r not in after.tables.get(name, [])
            ][:3],
        }
        for name in sorted(changed)
    }
    assert not changed, f"rows left behind or changed: {details}"
    assert after.files == before.files, "files left in storage"
    assert after.pending_on_commit == before.pending_on_commit, "on-commit callbacks left"


def assert_chain_verifies() -> None:
    """What ``shuangsuiji audit-verify`` checks: the hash chain, its head and the daily roots."""
    report = audit_verify()
    assert report.ok, report.message
    assert report.checked == AuditEntry.objects.count()
    roots = audit_roots_check()
    assert roots.ok, roots.problems


def tables_of(*written: type[models.Model]) -> set[str]:
    return {m._meta.db_table for m in written}


def check_nothing_remains(
    run: Callable[[], Any], point: FailurePoint, writes: set[type[models.Model]]
) -> Probe:
    """Fail ``run`` at ``point``: no row, file or pending callback remains, the chain verifies.

    Then ``run`` again without the failure: it succeeds and changes exactly the tables of
    ``writes`` (worked out by reading the service), the failure point's among them, so the
    comparison above looked at tables the operation really writes.
    """
    before = state()
    with point.armed() as probe, pytest.raises(InjectedFailure):
        run()
    assert probe.fired, f"{point.label} was never reached"
    assert_same(before, state())
    assert_chain_verifies()
    run()
    after = state()
    expected = tables_of(*writes)
    assert before.changed_tables(after) == expected
    assert point.tables() <= expected
    assert_chain_verifies()
    return probe
