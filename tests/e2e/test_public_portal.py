"""Acceptance in headless Chromium: a member of the public (never logged in) searches a firm's
code, opens its history and the draw that selected it, downloads the record, and
`shuangsuiji verify-draw` accepts the file. The portal is also rendered at a phone's width."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from ..disclosure.builders import publicized_task

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PHONE = {"width": 375, "height": 812}
WIDE_ELEMENTS = """(limit) => [...document.querySelectorAll('body *')]
  .filter((e) => e.getBoundingClientRect().right > limit)
  .slice(0, 5).map((e) => e.tagName + '.' + e.className)"""


def test_public_searches_a_firm_opens_its_draw_and_verifies_the_downloaded_record(
    page: Any, live_server: Any, screenshot_dir: Path, tmp_path: Path
) -> None:
    p = publicized_task()
    entity, task, draw = p.problem.entity, p.task, p.draw
    base = live_server.url

    page.goto(f"{base}/public/")
    page.get_by_role("heading", name="栾川县“双随机、一公开”信息公示").wait_for()
    page.screenshot(path=str(screenshot_dir / "public-index.png"), full_page=True)
    page.get_by_label("企业查询").fill(entity.uscc)
    page.get_by_role("button", name="查询").click()
    page.wait_for_url(f"{base}/public/firms/?q={entity.uscc}")

    page.get_by_role("link", name=entity.name).click()
    page.wait_for_url(f"{base}/public/firms/{entity.uscc}/")
    assert "违反市场监管相关规定" in page.locator("table.announcements").inner_text()
    page.screenshot(path=str(screenshot_dir / "public-firm.png"), full_page=True)

    page.get_by_role("link", name=f"第{draw.number}次抽取").click()
    page.wait_for_url(f"{base}/public/draws/{task.code}/{draw.number}/")
    assert page.get_by_test_id("commitment").inner_text() == draw.freeze.commitment
    assert entity.name in page.locator("table.teams").inner_text()
    page.screenshot(path=str(screenshot_dir / "public-draw.png"), full_page=True)

    with page.expect_download() as download_info:
        page.get_by_role("link", name="下载抽取记录（JSON）").click()
    download = download_info.value
    assert download.suggested_filename == f"抽取记录-{task.code}-{draw.number}.json"
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)

    out = io.StringIO()
    call_command("verify-draw", str(saved), stdout=out)
    assert "核验通过" in out.getvalue() and "共 1 条记录，全部核验通过" in out.getvalue()


def test_portal_is_readable_on_a_phone(
    browser: Any, live_server: Any, screenshot_dir: Path
) -> None:
    p = publicized_task()
    context = browser.new_context(viewport=PHONE, locale="zh-CN", is_mobile=True)
    context.set_default_timeout(15_000)
    try:
        phone = context.new_page()
        for name, path in (
            ("index", "/public/"),
            ("task", f"/public/tasks/{p.task.code}/"),
            ("draw", f"/public/draws/{p.task.code}/{p.draw.number}/"),
            ("results", "/public/results/"),
        ):
            phone.goto(f"{live_server.url}{path}")
            phone.screenshot(path=str(screenshot_dir / f"public-phone-{name}.png"), full_page=True)
            # Nothing wider than the screen: no sideways scrolling on a phone.
            width = phone.evaluate("document.documentElement.scrollWidth")
            wide = phone.evaluate(WIDE_ELEMENTS, PHONE["width"])
            assert width <= PHONE["width"], (path, width, wide)
    finally:
        context.close()
