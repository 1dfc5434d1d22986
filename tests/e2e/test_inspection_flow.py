"""End to end in headless Chromium at a phone's width: both officers of one team record and
confirm results, one a problem with a 责令改正 follow-up; the firm checks the 检查码."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from shuangsuiji.inspections.models import CheckCode, FollowUp, Result

from ..inspections.builders import drawn_task
from .test_import_flow import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PHONE = {"width": 390, "height": 844}
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 32


def phone(browser: Any) -> Any:
    context = browser.new_context(viewport=PHONE, locale="zh-CN", is_mobile=True, has_touch=True)
    context.set_default_timeout(15_000)
    return context


def test_both_officers_record_and_confirm_a_problem_with_a_correction_order(
    browser: Any, live_server: Any, screenshot_dir: Path, settings: Any, tmp_path: Path
) -> None:
    settings.MEDIA_ROOT = str(tmp_path / "media")
    drawn = drawn_task()
    item = drawn.task.items.get()
    base = live_server.url
    first_user, second_user = drawn.users
    p = f"#id_i{item.pk}-"

    first = phone(browser)
    page = first.new_page()
    log_in(page, base, first_user.username, f"pw-{first_user.username}")
    page.goto(base + "/workbench/")
    page.get_by_role("link", name=drawn.entity.name).click()
    page.locator(p + "method").select_option("onsite")
    page.locator(p + "inspected_on").fill("2025-06-10")
    page.locator(p + "category").select_option("2")
    page.locator(p + "findings").fill("营业执照未在经营场所醒目位置悬挂")
    photo = {"name": "现场照片.png", "mimeType": "image/png", "buffer": PNG}
    page.set_input_files(p + "evidence", files=[photo])
    page.get_by_role("button", name="保存结果").click()
    page.get_by_text("待两名执法人员确认").wait_for()
    page.get_by_role("button", name="确认此结果").click()
    page.get_by_text("已确认“").wait_for()
    page.get_by_text("登记后续处置", exact=True).click()
    f = f"#id_f{item.pk}-"
    page.locator(f + "action").select_option("correction")
    page.locator(f + "due_on").fill("2025-07-31")
    page.locator(f + "correction_deadline").fill("2025-07-10")
    page.get_by_role("button", name="保存后续处置").click()
    page.get_by_text("已登记后续处置：责令改正").wait_for()
    page.screenshot(path=str(screenshot_dir / "workbench-phone.png"), full_page=True)
    first.close()

    second = phone(browser)
    page = second.new_page()
    log_in(page, base, second_user.username, f"pw-{second_user.username}")
    page.goto(base + "/workbench/")
    page.get_by_role("link", name=drawn.entity.name).click()
    page.get_by_role("button", name="确认此结果").click()
    page.locator(f"#item-{item.pk}").get_by_text("已确认", exact=True).wait_for()
    second.close()

    result = Result.objects.get()
    assert result.category == "2" and result.confirmations.count() == 2
    assert result.evidence.count() == 1
    follow_up = FollowUp.objects.get()
    assert follow_up.action == "correction" and str(follow_up.correction_deadline) == "2025-07-10"

    # The firm scans the 检查码: names and certificate numbers, no login.
    anonymous = phone(browser)
    page = anonymous.new_page()
    token = CheckCode.objects.get(draw=drawn.draw, entity=drawn.entity).token
    page.goto(f"{base}/check/{token}/")
    text = page.locator("main").inner_text()
    for officer in drawn.officers:
        assert officer.certificate_no in text
    assert "13900000000" not in text
    page.screenshot(path=str(screenshot_dir / "check-code-phone.png"), full_page=True)
    anonymous.close()
