"""The suite runs on a pinned day, never the real one (tests/conftest.py)."""

from __future__ import annotations

import datetime as dt
import time

from django.utils import timezone
from time_machine import TimeMachineFixture

from .conftest import pinned_today


def test_today_is_the_pinned_day_in_shanghai() -> None:
    assert timezone.localdate() == pinned_today()
    now = timezone.localtime()
    assert now.utcoffset() == dt.timedelta(hours=8)
    # Pinned at 10:00 and ticking from there: the session is never ten hours long.
    assert 10 <= now.hour < 20


def test_pinned_clock_ticks() -> None:
    first = time.time()
    time.sleep(0.01)
    assert time.time() > first


def test_a_test_can_travel_to_another_day_on_top(time_machine: TimeMachineFixture) -> None:
    time_machine.move_to(dt.datetime(2027, 1, 4, 9, tzinfo=dt.timezone(dt.timedelta(hours=8))))
    assert timezone.localdate() == dt.date(2027, 1, 4)
