"""Daily root hashes of the audit chain, published so outsiders can detect later tampering.

audit.py's chain detects an edited entry as long as nobody recomputes the later hashes; a
forger with database access could do exactly that. Publishing the chain head at the end of
each day (the portal's 审计链公示 page and its JSON download) closes that door: whoever kept
a copy can check that today's chain still passes through every published hash.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Count, Max
from django.db.models.functions import TruncDate
from django.utils import timezone

from .audit import compute_hash
from .models import AuditDailyRoot, AuditEntry


@transaction.atomic
def audit_roots_publish(*, until: dt.date | None = None) -> list[AuditDailyRoot]:
    """Publish the head of each day before ``until`` (default: today) that has entries and no
    published root yet; idempotent, so a daily cron run (or a missed one) catches up.

    The roots are derived data, not a change by anyone, so publishing writes no audit entry
    (an entry would itself move the head it is publishing).
    """
    until = until or timezone.localdate()
    tz = timezone.get_current_timezone()
    published = set(AuditDailyRoot.objects.values_list("day", flat=True))
    days = (
        AuditEntry.objects.annotate(day=TruncDate("created_at", tzinfo=tz))
        .filter(day__lt=until)
        .values("day")
        .annotate(last_id=Max("id"))
        .order_by("day")
    )
    made: list[AuditDailyRoot] = []
    for row in days:
        if row["day"] in published:
            continue
        last = AuditEntry.objects.get(pk=row["last_id"])
        length = AuditEntry.objects.filter(id__lte=last.pk).aggregate(n=Count("id"))["n"]
        made.append(
            AuditDailyRoot.objects.create(
                day=row["day"],
                last_entry_id=last.pk,
                length=length,
                root_hash=last.entry_hash,
                published_at=timezone.now(),
            )
        )
    return made


def published_roots() -> list[dict[str, Any]]:
    """The published roots as the portal offers them for download, oldest first."""
    return [
        {
            "day": r.day.isoformat(),
            "last_entry_id": r.last_entry_id,
            "length": r.length,
            "root_hash": r.root_hash,
        }
        for r in AuditDailyRoot.objects.order_by("day")
    ]


@dataclass(frozen=True)
class RootCheck:
    ok: bool
    checked: int
    problems: list[str]


def audit_roots_check(roots: Iterable[Mapping[str, Any]] | None = None) -> RootCheck:
    """Does the chain as it is now pass through every published root?

    ``roots`` is an outsider's copy (the JSON download); by default the stored ones. For each
    root the entry it names must exist, be preceded by exactly ``length`` entries, hash (as
    recomputed from its fields) to the published value, and the chain from the genesis up to it
    must be intact (audit_verify covers the links; this covers the recomputed values).
    """
    rows = list(roots) if roots is not None else published_roots()
    problems: list[str] = []
    for root in rows:
        day, expected = root["day"], root["root_hash"]
        entry = AuditEntry.objects.filter(pk=root["last_entry_id"]).first()
        if entry is None:
            problems.append(f"{day}：公布的最后一条记录 #{root['last_entry_id']} 已不存在")
            continue
        if compute_hash(entry) != expected or entry.entry_hash != expected:
            problems.append(
                f"{day}：审计链在 #{entry.pk} 处的哈希与公布值 {expected[:12]}… 不符，"
                "该日及以前的记录被改动"
            )
            continue
        length = AuditEntry.objects.filter(id__lte=entry.pk).count()
        if length != root["length"]:
            problems.append(
                f"{day}：截至 #{entry.pk} 应有 {root['length']} 条记录，现有 {length} 条"
            )
    return RootCheck(not problems, len(rows), problems)
