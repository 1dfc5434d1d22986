"""End to end in headless Chromium: configure a draw, preview, freeze, draw, download the record."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from shuangsuiji.directory.models import User
from shuangsuiji.sampling import record
from shuangsuiji.sampling.models import Draw, Freeze

from ..sampling import builders as b
from .test_import_flow import log_in, nav

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_market_admin_configures_freezes_draws_and_downloads_a_verifiable_record(
    page: Any, live_server: Any, market_admin: User, screenshot_dir: Path, tmp_path: Path
) -> None:
    b.entities(60, area=b.area("城关镇"))
    b.entities(20, area=b.area("潭头镇"), credit_risk="C")
    b.entities(3, abnormal_list=True)
    b.officers(3, area=b.area("城关镇"))
    b.officers(3, area=b.area("潭头镇"))
    item = b.item(ratio_cap=10, name="营业执照（登记证）规范使用情况的检查")
    task = b.task([item], name="2025年营业执照规范使用情况抽查")
    base = live_server.url
    log_in(page, base, "market_admin", "pw-market_admin")

    nav(page, "抽查任务").click()
    page.get_by_role("link", name="2025年营业执照规范使用情况抽查").click()
    page.wait_for_url(f"{base}/tasks/{task.pk}/")

    # The defaults start at the item's 10 % cap (D's 30 % lowered); asking for more is refused.
    page.get_by_role("link", name="按当前名录库预览").click()
    assert page.locator("#id_value_d").input_value() == "10"
    page.locator("#id_value_d").fill("30")
    page.get_by_role("button", name="保存配置并预览").click()
    page.get_by_text("D类（信用风险高）的抽取比例 30% 超过上限").first.wait_for()

    # Configure within the cap: A 5 %, C 10 %, D 10 %, cross-area teams of two.
    page.locator("#id_value_a").fill("5")
    page.locator("#id_value_d").fill("10")
    page.locator("#id_area_rule").select_option("cross_area")
    page.get_by_role("button", name="保存配置并预览").click()
    page.wait_for_url("**/?preview=1#draw")
    strata = page.locator("#draw table.strata").first
    assert "60" in strata.inner_text() and "经营异常名录" in strata.inner_text()
    assert "进入名单 83 户" in page.locator("#draw").inner_text()
    page.screenshot(path=str(screenshot_dir / "draw-preview.png"), full_page=True)

    # Freeze: the commitment is on the page; the secret is not.
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="冻结名单并生成承诺值").click()
    commitment = page.get_by_test_id("commitment")
    commitment.wait_for()
    freeze = Freeze.objects.get()
    assert commitment.inner_text() == freeze.commitment
    assert freeze.secret not in page.content()
    page.screenshot(path=str(screenshot_dir / "draw-frozen.png"), full_page=True)

    # Draw with the witness's entropy.
    page.get_by_label("见证随机数").fill(b.WITNESS)
    page.get_by_label("随机数来源").fill("中国体育彩票超级大乐透开奖号码")
    page.get_by_label("见证人").fill("王见证")
    page.get_by_role("button", name="抽取检查对象并匹配检查人员").click()
    draw = Draw.objects.get()
    page.wait_for_url(f"{base}/draws/{draw.pk}/")
    teams = page.locator("table.teams tbody")
    assert teams.locator("tr").count() == len(draw.outcome["selected"])
    assert freeze.secret in page.content()  # revealed with the draw
    page.screenshot(path=str(screenshot_dir / "draw-result.png"), full_page=True)

    with page.expect_download() as download_info:
        page.get_by_role("link", name="下载抽取记录（公开版 JSON）").click()
    saved = tmp_path / "record.json"
    download_info.value.save_as(saved)
    data = json.loads(saved.read_text("utf-8"))
    assert data["commitment"] == freeze.commitment
    result = record.verify_record(data)
    assert result.ok, result.problems
    assert "核验通过" in result.summary
