"""What later stages add to plans' rules, registered from their AppConfig.ready.

The dependency stays one-way: plans calls these functions without importing the stages that
register them (sampling, inspections, …).

- Completion checks: ``fn(task) -> list[str]`` of Chinese reasons that block 已完成 (e.g. an
  assigned entity without a confirmed result). Task completion calls every registered check.
- Publication checks: ``fn(task) -> list[str]`` of Chinese reasons that block 已公示 (e.g. a
  不予公开 request still waiting for the office's decision).
- Reminder sources: ``fn(day) -> list[Reminder]`` of messages ``shuangsuiji remind`` sends on
  ``day``; plans ships its own (windows closing, publication due).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

CompletionCheck = Callable[[Any], list[str]]


@dataclass(frozen=True)
class Reminder:
    """One message to send; ``subject`` makes it idempotent per day (one send per subject)."""

    subject: str
    kind: str
    text: str
    link: str = ""
    user_id: int | None = None
    department_id: int | None = None


ReminderSource = Callable[[dt.date], list[Reminder]]

_COMPLETION_CHECKS: list[CompletionCheck] = []
_REMINDER_SOURCES: list[ReminderSource] = []
_PUBLICATION_CHECKS: list[CompletionCheck] = []


def register_completion_check(fn: CompletionCheck) -> None:
    """Add a check run before a task may become 已完成 (registering twice is harmless)."""
    if fn not in _COMPLETION_CHECKS:
        _COMPLETION_CHECKS.append(fn)


def completion_blockers(task: Any) -> list[str]:
    """Every reason a registered check gives against completing ``task``; empty when none."""
    reasons: list[str] = []
    for check in _COMPLETION_CHECKS:
        reasons.extend(check(task))
    return reasons


def register_publication_check(fn: CompletionCheck) -> None:
    """Add a check run before a task's results may become public (已公示)."""
    if fn not in _PUBLICATION_CHECKS:
        _PUBLICATION_CHECKS.append(fn)


def publication_blockers(task: Any) -> list[str]:
    """Every reason a registered check gives against publicizing ``task``; empty when none."""
    reasons: list[str] = []
    for check in _PUBLICATION_CHECKS:
        reasons.extend(check(task))
    return reasons


def register_reminder_source(fn: ReminderSource) -> None:
    """Add a source of reminders for ``shuangsuiji remind`` (registering twice is harmless)."""
    if fn not in _REMINDER_SOURCES:
        _REMINDER_SOURCES.append(fn)


def reminder_sources() -> list[ReminderSource]:
    return list(_REMINDER_SOURCES)
