"""Nothing private on any public page or endpoint: a crawl of /public/ (and of the public REST
API once it answers) over data seeded with sentinels in every private field.

Never public (domain.md "Publication"; seed 三(四)): phone numbers, identity numbers,
complainants, evidence files, the 回避 register, findings and internal notes, drafts, and a
result the office approved to stay internal (依法依规不适合公开).
"""

from __future__ import annotations

import html as html_lib
import json
import re
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest
from django.test import Client
from django.urls import Resolver404, resolve

from shuangsuiji.directory.models import Conflict, Inspector, User
from shuangsuiji.disclosure import services as disclosure_services
from shuangsuiji.inspections.models import Evidence, Result
from shuangsuiji.plans import planning
from shuangsuiji.plans import services as plan_services
from shuangsuiji.plans.models import Task

from ..sampling import builders as b
from .builders import PUBLICIZED_ON, SECRET_FINDINGS, Publicized, completed_task, publicized_task

pytestmark = pytest.mark.django_db

PHONE = "13912345678"
FOLLOW_UP_NOTE = "内部处置说明-勿公开"  # tests/disclosure/builders.py writes it on each follow-up
EVIDENCE_NAME = "现场证据照片-勿公开"
CONFLICT_REASON = "回避原因-系其近亲属-勿公开"
EXEMPTION_REASON = "不予公开理由-涉及商业秘密-勿公开"
DRAFT_ITEM = "草稿事项-勿公开"
DRAFT_TASK = "草稿任务-勿公开"
DRAFT_PLAN = "草稿计划-勿公开"
SENTINELS = (
    PHONE,
    SECRET_FINDINGS,
    FOLLOW_UP_NOTE,
    EVIDENCE_NAME,
    CONFLICT_REASON,
    EXEMPTION_REASON,
    DRAFT_ITEM,
    DRAFT_TASK,
    DRAFT_PLAN,
)
MAX_PAGES = 300
HREF = re.compile(r'href="([^"]+)"')
ANNOUNCEMENTS = re.compile(r'<table class="data compact announcements">(.*?)</table>', re.S)


@dataclass
class Seeded:
    public: Publicized
    exempting: Publicized  # publicized with one result approved to stay internal
    exempt: Result
    entry_points: list[str] = field(default_factory=list)


def seed(office_admin: User) -> Seeded:
    """Two publicized tasks with sentinels in every private field, plus drafts of everything."""
    b.entities(2, area=b.area("城关镇"))
    conflicted = b.entities(1, area=b.area("城关镇"))[0]
    officer = b.officers(1, area=b.area("城关镇"))[0]
    Conflict.objects.create(inspector=officer, entity=conflicted, reason=CONFLICT_REASON)

    public = publicized_task(code="LC2025-SCJG-201", n_entities=3)
    exempting = completed_task(code="LC2025-SCJG-202", n_entities=3)
    exempt = exempting.results[1]
    request = disclosure_services.exemption_request(
        actor=exempting.admin, result=exempt, reason=EXEMPTION_REASON
    )
    disclosure_services.exemption_decide(actor=office_admin, exemption=request, approve=True)
    plan_services.task_publicize(actor=exempting.admin, task=exempting.task, on=PUBLICIZED_ON)

    Inspector.objects.update(phone=PHONE)
    for result in (public.problem, exempt):
        Evidence.objects.create(
            result=result,
            file=f"evidence/{EVIDENCE_NAME}.jpg",
            original_name=f"{EVIDENCE_NAME}.jpg",
            content_type="image/jpeg",
            size=1,
            sha256="0" * 64,
        )
    draft_item = b.item(name=DRAFT_ITEM, state="draft")
    b.task([b.item(name="另一事项")], code="LC2025-SCJG-299", name=DRAFT_TASK, publish=False)
    planning.plan_create(actor=office_admin, year=2026, title=DRAFT_PLAN)
    assert Task.objects.filter(name=DRAFT_TASK, state="draft").exists() and draft_item.pk

    seeded = Seeded(public=public, exempting=exempting, exempt=exempt)
    usccs = {r.entity.uscc for p in (public, exempting) for r in p.results}
    seeded.entry_points = [
        "/public/",
        *(f"/public/firms/?q={u}" for u in sorted(usccs | {conflicted.uscc})),
        "/public/firms/?q=栾川县",
        *(f"/public/results/?task={p.task.code}" for p in (public, exempting)),
        *(f"/public/tasks/?state={s}" for s in ("published", "drawn", "publicized")),
    ]
    return seeded


def links(url: str, body: str) -> Iterator[str]:
    """Same-site links under /public/, resolved against the page and without fragments."""
    for raw in HREF.findall(body):
        target = urljoin(url, html_lib.unescape(raw))
        parts = urlsplit(target)
        if parts.netloc or not parts.path.startswith("/public/"):
            continue
        yield parts.path + (f"?{parts.query}" if parts.query else "")


def crawl(client: Client, start: list[str]) -> dict[str, str]:
    """Breadth-first over every same-site link under /public/; each page must answer 200."""
    seen: dict[str, str] = {}
    queue = deque(start)
    while queue and len(seen) < MAX_PAGES:
        url = queue.popleft()
        if url in seen:
            continue
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        body = response.content.decode()
        seen[url] = body
        if response["Content-Type"].startswith("text/html"):
            queue.extend(u for u in links(url, body) if u not in seen)
    return seen


def announcement_rows(body: str) -> list[str]:
    return [row for table in ANNOUNCEMENTS.findall(body) for row in table.split("<tr>")[1:]]


def assert_private_absent(pages: dict[str, str]) -> None:
    for url, body in pages.items():
        for sentinel in SENTINELS:
            assert sentinel not in body, f"{sentinel!r} appears on {url}"


def test_no_public_page_or_record_shows_a_private_field(client: Client, office_admin: User) -> None:
    seeded = seed(office_admin)
    pages = crawl(client, seeded.entry_points)
    assert len(pages) < MAX_PAGES, "crawl cap reached: raise MAX_PAGES"
    for p in (seeded.public, seeded.exempting):
        for path in (
            f"/public/tasks/{p.task.code}/",
            f"/public/draws/{p.task.code}/{p.draw.number}/",
            f"/public/draws/{p.task.code}/{p.draw.number}/record.json",
            f"/public/firms/{p.results[0].entity.uscc}/",
        ):
            assert path in pages, f"the crawl never reached {path}"
    assert "/public/verify/draw-algorithm.md" in pages
    assert_private_absent(pages)


def test_an_exempt_result_never_appears_publicly(client: Client, office_admin: User) -> None:
    seeded = seed(office_admin)
    pages = crawl(client, seeded.entry_points)
    code, uscc = seeded.exempting.task.code, seeded.exempt.entity.uscc
    shown = [row for body in pages.values() for row in announcement_rows(body) if code in row]
    others = {r.entity.uscc for r in seeded.exempting.results} - {uscc}
    assert others and all(any(u in row for row in shown) for u in others)
    assert not [row for row in shown if uscc in row], "the exempt result was announced"
    task_page = pages[f"/public/tasks/{code}/"]
    assert uscc not in "".join(announcement_rows(task_page))
    by_task = pages[f"/public/results/?task={code}"]
    assert uscc not in "".join(announcement_rows(by_task))
    assert all(u in by_task for u in others)
    firm_page = client.get(f"/public/firms/{uscc}/").content.decode()
    assert code not in "".join(announcement_rows(firm_page))


# ---- the public REST API (built alongside): every public GET path of its OpenAPI ------------

OPENAPI = "/api/v1/openapi.json"


def api_available() -> bool:
    try:
        resolve(OPENAPI)
    except Resolver404:
        return False
    return True


def api_urls(schema: dict[str, Any], seeded: Seeded) -> Iterator[str]:
    """Every public GET operation, with path parameters filled from the seeded data."""
    draws = [(p.task.code, p.draw.number) for p in (seeded.public, seeded.exempting)]
    usccs = sorted({r.entity.uscc for p in (seeded.public, seeded.exempting) for r in p.results})
    for path, operations in schema["paths"].items():
        op = operations.get("get")
        if op is None or op.get("security"):
            continue  # staff endpoints need a department token
        names = {p["name"] for p in op.get("parameters", []) if p["in"] == "path"}
        required = {p["name"] for p in op.get("parameters", []) if p.get("required")} - names
        if not names:
            queries = [f"q={u}" for u in usccs] if "q" in required else [""]
            if "task" in {p["name"] for p in op.get("parameters", [])}:
                queries += [f"task={code}" for code, _ in draws]
            for query in queries:
                yield path + (f"?{query}" if query else "")
        elif names == {"uscc"}:
            yield from (path.replace("{uscc}", u) for u in usccs)
        elif names <= {"code", "number"}:
            for code, number in draws:
                yield path.replace("{code}", code).replace("{number}", str(number))
        else:
            raise AssertionError(f"no test values for the parameters of {path}: {names}")


@pytest.mark.skipif(not api_available(), reason=f"the REST API ({OPENAPI}) is not routed yet")
def test_no_public_api_endpoint_shows_a_private_field(client: Client, office_admin: User) -> None:
    seeded = seed(office_admin)
    response = client.get(OPENAPI)
    assert response.status_code == 200
    fetched: dict[str, str] = {}
    for url in api_urls(response.json(), seeded):
        answer = client.get(url)
        assert answer.status_code == 200, (url, answer.status_code)
        fetched[url] = answer.content.decode()
    assert any("/results" in u for u in fetched) and any("/record" in u for u in fetched)
    assert_private_absent(fetched)
    code, uscc = seeded.exempting.task.code, seeded.exempt.entity.uscc
    by_task = json.dumps(client.get(f"/api/v1/results?task={code}").json(), ensure_ascii=False)
    assert uscc not in by_task
    assert all(r.entity.uscc in by_task for r in seeded.exempting.results if r != seeded.exempt)
