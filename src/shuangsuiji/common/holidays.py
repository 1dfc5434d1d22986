"""The holiday calendar the system ships: the chinese-calendar package's years, as day rows.

Only the days that break the weekday rule are kept (holidays on weekdays, 调休 working
weekends). Loaded by a data migration, so the running system reads its own table and the
office can add a year the package does not know yet.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

HOLIDAY_NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "抗战胜利70周年纪念日",
}


def package_years() -> range:
    import chinese_calendar

    first = min(chinese_calendar.holidays).year
    last = max(chinese_calendar.holidays).year
    return range(first, last + 1)


def package_exceptions() -> Iterator[tuple[dt.date, bool, str]]:
    """(date, is_workday, name) for every day of the package's years off the weekday rule."""
    import chinese_calendar

    years = package_years()
    day = dt.date(years.start, 1, 1)
    end = dt.date(years.stop - 1, 12, 31)
    while day <= end:
        workday = chinese_calendar.is_workday(day)
        if workday != (day.weekday() < 5):
            _, holiday = chinese_calendar.get_holiday_detail(day)
            name = HOLIDAY_NAMES.get(str(holiday), str(holiday or ""))
            if workday:
                name = f"调休上班（{name}）" if name else "调休上班"
            yield day, workday, name or "休息"
        day += dt.timedelta(days=1)


def package_version() -> str:
    from importlib.metadata import version

    return f"chinese-calendar {version('chinese-calendar')}"
