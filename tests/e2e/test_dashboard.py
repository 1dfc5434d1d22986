"""End to end in headless Chromium: the office opens 统计分析, filters by a department, exports
the figures, then prints that department's duty record (履职记录) as a PDF."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from shuangsuiji.directory.models import User

from ..disclosure.builders import publicized_task
from ..sampling import builders as b
from ..tools import embedded_pdf_text, flat
from .test_import_flow import log_in, nav

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_office_opens_the_dashboard_filters_exports_and_prints_a_duty_record(
    page: Any, live_server: Any, office_admin: User, screenshot_dir: Path, tmp_path: Path
) -> None:
    done = publicized_task()  # 市场监管: 4 drawn and inspected, 1 problem of 4 results
    health = b.health()
    item = b.item(department=health, name="公共场所卫生监督检查")
    b.task([item], code="LC2025-WSJK-001", lead=health)
    b.task([b.item(name="去年事项", year=2024)], code="LC2024-SCJG-001", year=2024)
    base = live_server.url
    log_in(page, base, "office", "pw-office")

    nav(page, "考核督查").click()
    page.wait_for_url(base + reverse("dashboard:dashboard"))
    page.locator("#id_year").select_option("2025")
    page.get_by_role("button", name="查询").click()
    page.get_by_role("heading", name="统计分析 · 2025年").wait_for()
    page.locator("#chart-tasks canvas").first.wait_for()
    page.locator("#chart-coverage_area canvas").first.wait_for()
    tasks = page.locator("#figure-tasks table").inner_text()
    assert "市场监管" in tasks and "卫健" in tasks
    page.screenshot(path=str(screenshot_dir / "dashboard-all.png"), full_page=True)

    page.locator("#id_department").select_option(label="县市场监督管理局")
    page.get_by_role("button", name="查询").click()
    page.wait_for_url("**department=*")
    page.locator("#chart-problems canvas").first.wait_for()
    assert "县市场监督管理局" in page.locator(".dash-scope").inner_text()
    tasks = page.locator("#figure-tasks table").inner_text()
    assert "卫健" not in tasks
    assert "25.0%" in page.locator("#figure-problems table").inner_text()
    page.screenshot(path=str(screenshot_dir / "dashboard-market.png"), full_page=True)

    with page.expect_download() as info:
        page.get_by_role("link", name="导出全部统计（Excel）").click()
    download = info.value
    assert download.suggested_filename == "双随机监管统计-2025年-市场监管.xlsx"
    path = tmp_path / "figures.xlsx"
    download.save_as(path)
    book = load_workbook(path)
    sheet = book["抽查任务进度"]
    assert "县市场监督管理局" in sheet["A3"].value
    header = [c.value for c in sheet[5]]
    rows = {r[0]: r for r in sheet.iter_rows(min_row=6, values_only=True)}
    assert set(rows) == {"市场监管", "合计"}
    assert rows["市场监管"][header.index("已完成（2025年）")] == 1
    assert rows["市场监管"][header.index("待实施（2024年）")] == 1
    problems = book["问题发现率"]
    header = [c.value for c in problems[5]]
    total = next(r for r in problems.iter_rows(min_row=6, values_only=True) if r[0] == "合计")
    assert total[header.index("检查结果数（2025年）")] == 4
    assert total[header.index("问题发现率（2025年）")] == 0.25

    # The same department's duty record, printed as the 尽职照单免责 evidence pack.
    page.locator(".subnav").get_by_role("link", name="履职记录").click()
    page.locator("#id_year").fill("2025")
    page.get_by_role("button", name="查询").click()
    page.get_by_role("link", name="县市场监督管理局").click()
    page.get_by_role("heading", name="履职记录 · 县市场监督管理局").wait_for()
    assert done.task.code in page.locator("main").inner_text()
    page.screenshot(path=str(screenshot_dir / "duty-record-market.png"), full_page=True)
    # The PDF opens inline in the browser's viewer, ready to print.
    with page.expect_response(lambda r: ".pdf" in r.url) as info:
        page.get_by_role("link", name="打印履职记录（PDF）").click()
    response = info.value
    assert response.ok and response.headers["content-type"] == "application/pdf"
    # The viewer replaces the page's body; fetch the same URL in the same session to read it.
    text = flat(embedded_pdf_text(page.context.request.get(response.url).body()))
    assert "履职记录" in text and "成员单位：县市场监督管理局" in text
    assert done.task.code in text and "期间：2025年度" in text
