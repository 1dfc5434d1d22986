"""Benchmarks run by ``make bench`` (``python -m bench``); never part of the test suite.

Each module in this package that does not start with ``_`` is a benchmark group: it defines
``run() -> list[Result]``. A result names its own figure and a peer measured in the same run on
the same machine, so the ratio means something without comparing across machines. Add a
benchmark by adding a module.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Result:
    name: str
    value: float
    unit: str
    peer: str
    peer_value: float

    @property
    def ratio(self) -> float:
        return self.value / self.peer_value if self.peer_value else float("inf")

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "value": round(self.value, 4),
            "unit": self.unit,
            "peer": self.peer,
            "peer_value": round(self.peer_value, 4),
            "ratio": round(self.ratio, 2),
        }


class Timer:
    seconds: float = 0.0


@contextmanager
def timed() -> Iterator[Timer]:
    """``with timed() as t: ...`` then ``t.seconds``."""
    timer = Timer()
    start = time.perf_counter()
    try:
        yield timer
    finally:
        timer.seconds = time.perf_counter() - start


def fresh_database() -> None:
    """Drop the benchmark's SQLite file and migrate a new one (the harness owns the data dir)."""
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connections

    connections.close_all()
    name = str(settings.DATABASES["default"]["NAME"])
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":
        raise RuntimeError("benchmarks run on their own SQLite file only")
    for suffix in ("", "-wal", "-shm"):
        Path(name + suffix).unlink(missing_ok=True)
    call_command("migrate", verbosity=0, interactive=False)


Benchmark = Callable[[], list[Result]]
