"""Daily root hashes: published once per past day, and a forgery no longer matches them."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from shuangsuiji.common.audit import audit_record, audit_verify, compute_hash
from shuangsuiji.common.audit_roots import audit_roots_check, audit_roots_publish
from shuangsuiji.common.models import AuditChainHead, AuditDailyRoot, AuditEntry

pytestmark = pytest.mark.django_db

YESTERDAY = timezone.localdate() - dt.timedelta(days=1)


def _entries_on(day: dt.date, n: int) -> list[AuditEntry]:
    entries = [
        audit_record(actor=None, action="entity.update", object_type="entity", object_id=i)
        for i in range(n)
    ]
    # Move them to noon of ``day`` (Asia/Shanghai) and re-hash, as if written then.
    noon = dt.datetime.combine(day, dt.time(12), timezone.get_current_timezone())
    _rehash_from(entries[0].pk, created_at=noon)
    return entries


def _rehash_from(first_id: int, *, created_at: dt.datetime | None = None) -> None:
    """Recompute every hash from ``first_id`` on: what a forger with the database would do."""
    prev = AuditEntry.objects.filter(id__lt=first_id).order_by("-id").first()
    prev_hash = prev.entry_hash if prev else "0" * 64
    for e in AuditEntry.objects.filter(id__gte=first_id).order_by("id"):
        if created_at is not None:
            e.created_at = created_at
        e.prev_hash = prev_hash
        e.entry_hash = compute_hash(e)
        AuditEntry.objects.filter(pk=e.pk).update(
            created_at=e.created_at, prev_hash=e.prev_hash, entry_hash=e.entry_hash
        )
        prev_hash = e.entry_hash
    AuditChainHead.objects.filter(pk=1).update(last_hash=prev_hash)


def test_publish_takes_each_past_day_once_and_not_today() -> None:
    old = _entries_on(YESTERDAY - dt.timedelta(days=1), 2)
    day_before = _entries_on(YESTERDAY, 3)
    audit_record(actor=None, action="entity.update", object_type="entity", object_id="today")
    made = audit_roots_publish()
    assert [r.day for r in made] == [YESTERDAY - dt.timedelta(days=1), YESTERDAY]
    assert made[0].root_hash == AuditEntry.objects.get(pk=old[-1].pk).entry_hash
    assert (made[1].last_entry_id, made[1].length) == (day_before[-1].pk, 5)
    assert audit_roots_publish() == []  # idempotent; today is not over yet
    assert audit_verify().ok and audit_roots_check().ok


def test_rehashed_forgery_passes_the_chain_but_not_the_published_root(tmp_path: Path) -> None:
    entries = _entries_on(YESTERDAY, 4)
    audit_roots_publish()
    public = Client().get(reverse("public:audit_roots_download"))
    copy = tmp_path / "audit-roots.json"
    copy.write_bytes(public.content)
    call_command("audit-verify", "--published", str(copy))
    # A forger alters an old entry and recomputes every later hash: the chain alone is fine...
    AuditEntry.objects.filter(pk=entries[1].pk).update(reason="被篡改")
    _rehash_from(entries[1].pk)
    assert audit_verify().ok
    # ...but the chain no longer passes through the published root, stored or downloaded.
    check = audit_roots_check()
    assert not check.ok and "被改动" in check.problems[0]
    # Even if the forger also rewrites the stored roots, the outsider's copy catches it.
    last = AuditEntry.objects.get(pk=entries[-1].pk)
    AuditDailyRoot.objects.update(root_hash=last.entry_hash)
    assert audit_roots_check().ok
    with pytest.raises(CommandError, match="与公布值"):
        call_command("audit-verify", "--published", str(copy))
    assert json.loads(copy.read_text("utf-8"))["kind"] == "ssj-audit-roots/1"


def test_portal_lists_roots_and_the_live_head(client: Client) -> None:
    _entries_on(YESTERDAY, 2)
    call_command("audit-publish")
    page = client.get(reverse("public:audit_roots")).content.decode()
    root = AuditDailyRoot.objects.get()
    assert root.root_hash in page and YESTERDAY.isoformat() in page
    assert AuditChainHead.objects.get(pk=1).last_hash in page
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("audit-publish", "--until", "昨天")


def test_api_lists_the_roots_newest_first(client: Client) -> None:
    _entries_on(YESTERDAY - dt.timedelta(days=1), 1)
    _entries_on(YESTERDAY, 1)
    audit_roots_publish()
    body = client.get("/api/v1/audit-roots").json()
    assert body["count"] == 2
    assert [r["day"] for r in body["items"]] == [
        YESTERDAY.isoformat(),
        (YESTERDAY - dt.timedelta(days=1)).isoformat(),
    ]
    assert body["items"][0]["root_hash"] == AuditDailyRoot.objects.get(day=YESTERDAY).root_hash
