"""One case per audited action: the least state for it, then the one call that performs it.

A case is a function registered with ``@audits("noun.verb")``. It builds its state with the
shared builders, performs the action inside ``env.watch`` (the service, or the view or command
when nothing else performs it) and returns what the entry must name: the actor and the object
as the audit model stores it, worked out from the state the case built. Any other action the
same call writes (a draw also moves its task's state) is listed in ``also``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from types import TracebackType
from typing import Any

import pytest
from django.db.models import Max
from django.test import Client

from shuangsuiji.common.models import AuditEntry
from shuangsuiji.directory.models import User


@dataclass(frozen=True)
class Expect:
    actor: Any  # a User; SYSTEM for the command line; None for a job that runs as nobody
    object_type: str
    object_id: str | int
    also: tuple[str, ...] = ()


class Watch:
    """The entries written inside ``with env.watch:`` are the ones the case's call wrote."""

    def __init__(self) -> None:
        self.uses = 0
        self.entries: list[AuditEntry] = []
        self._last = 0

    def __enter__(self) -> Watch:
        self.uses += 1
        self._last = AuditEntry.objects.aggregate(n=Max("id"))["n"] or 0
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.entries = list(AuditEntry.objects.filter(id__gt=self._last).order_by("id"))


@dataclass
class Env:
    request: pytest.FixtureRequest
    watch: Watch

    def fixture(self, name: str) -> Any:
        return self.request.getfixturevalue(name)

    @property
    def office(self) -> User:
        return self.fixture("office_admin")  # type: ignore[no-any-return]

    @property
    def market(self) -> User:
        return self.fixture("market_admin")  # type: ignore[no-any-return]

    @property
    def health(self) -> User:
        return self.fixture("health_admin")  # type: ignore[no-any-return]

    @property
    def client(self) -> Client:
        return self.fixture("client")  # type: ignore[no-any-return]


Case = Callable[[Env], Expect]
CASES: dict[str, Case] = {}


def audits(action: str) -> Callable[[Case], Case]:
    def register(case: Case) -> Case:
        if action in CASES:
            raise ValueError(f"two audit cases for {action}")
        CASES[action] = case
        return case

    return register


# Importing the modules registers their cases.
from . import directory, inspections, later, plans, reviews, sampling  # noqa: E402, F401
