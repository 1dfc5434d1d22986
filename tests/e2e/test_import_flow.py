"""End to end in headless Chromium: import entities, fix a bad row, find them by code."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook

from shuangsuiji.common.models import AuditEntry
from shuangsuiji.directory import services
from shuangsuiji.directory.access import SYSTEM
from shuangsuiji.directory.models import Area, Department, Entity, InspectionItem, Inspector, User

# Departments and townships come from data migrations: restore them for this flushed test DB.
pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

GOOD = "91410324MA44XK7R85"
GOOD_2 = "91410324171672282Q"
BAD = "91410324MA44XK7R86"  # check character should be 5
HEADER = ["统一社会信用代码", "名称", "主体类型", "所属区域", "信用风险分类"]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def workbook(rows: list[list[Any]]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def log_in(page: Any, base_url: str, username: str, password: str) -> None:
    page.goto(base_url + "/")
    assert "/login/" in page.url
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(base_url + "/")


def nav(page: Any, name: str) -> Any:
    return page.get_by_role("navigation", name="主导航").get_by_role("link", name=name)


def upload(page: Any, name: str, data: bytes) -> None:
    page.get_by_label("检查对象").check()
    page.set_input_files("#id_file", files=[{"name": name, "mimeType": XLSX, "buffer": data}])
    page.get_by_role("button", name="开始导入").click()


def test_office_admin_fixes_a_bad_row_and_finds_the_entity(
    page: Any, live_server: Any, office_admin: User, screenshot_dir: Path
) -> None:
    base = live_server.url
    log_in(page, base, "office", "pw-office")
    assert page.locator(".topbar").inner_text().count("联席办管理员") == 1

    nav(page, "数据导入").click()
    page.wait_for_url(base + "/import/")

    # A file with one bad row: the page names the line, the column and the reason.
    bad_file = workbook(
        [
            [GOOD, "栾川县示例商贸有限公司", "企业", "城关镇", "B"],
            [BAD, "栾川县伊河宾馆", "企业", "庙子镇", "A"],
        ]
    )
    upload(page, "检查对象.xlsx", bad_file)
    result = page.locator('.import-result[data-outcome="rejected"]')
    result.wait_for()
    assert "文件有 1 处错误，未导入任何数据" in result.inner_text()
    row = result.locator("table.row-errors tbody tr").first
    cells = row.locator("td").all_inner_texts()
    assert cells[0] == "第3行" and cells[1] == "统一社会信用代码"
    assert "第18位校验码应为 5，实际为 6" in cells[2]
    assert "发现错误" in page.locator("#progress-stage").inner_text()
    assert not Entity.objects.exists()
    page.screenshot(path=str(screenshot_dir / "import-rejected.png"), full_page=True)

    # The corrected file goes in whole.
    fixed = workbook(
        [
            [GOOD, "栾川县示例商贸有限公司", "企业", "城关镇", "B"],
            [GOOD_2, "栾川县伊河宾馆", "企业", "庙子镇", "A"],
        ]
    )
    upload(page, "检查对象（已改）.xlsx", fixed)
    done = page.locator('.import-result[data-outcome="ok"]')
    done.wait_for()
    assert "导入成功" in done.inner_text()
    assert "已导入检查对象 2 行：新增 2" in done.inner_text()
    assert page.locator("#progress-stage").inner_text() == "完成"
    assert Entity.objects.count() == 2
    assert AuditEntry.objects.filter(action="entities.import", actor=office_admin).count() == 1
    page.screenshot(path=str(screenshot_dir / "import-done.png"), full_page=True)

    # The entity is found by its code (typed in lower case, with spaces) in the directory.
    nav(page, "检查对象名录库").click()
    page.get_by_label("名称或统一社会信用代码").fill(" 91410324171672282q ")
    page.get_by_role("button", name="查询").click()
    table = page.locator("table.data tbody")
    assert table.locator("tr").count() == 1
    assert GOOD_2 in table.inner_text() and "栾川县伊河宾馆" in table.inner_text()
    page.screenshot(path=str(screenshot_dir / "entity-search.png"), full_page=True)
    table.get_by_role("link", name="栾川县伊河宾馆").click()
    assert page.locator("h1").inner_text() == "栾川县伊河宾馆"
    assert "庙子镇" in page.locator("dl.fields").inner_text()


def test_list_pages_and_admin_render_in_chromium(
    page: Any,
    live_server: Any,
    office_admin: User,
    market_dept: Department,
    health_dept: Department,
    screenshot_dir: Path,
) -> None:
    area = Area.objects.get(name="城关镇")
    services.entity_save(
        actor=SYSTEM,
        entity=Entity(
            uscc=GOOD, name="栾川县示例商贸有限公司", entity_type="企业", area=area, credit_risk="C"
        ),
    )
    item = services.item_save(
        actor=SYSTEM,
        item=InspectionItem(
            check_category="市场监管领域",
            name="营业执照（登记证）规范使用情况的检查",
            targets=["企业", "个体工商户", "农民专业合作社"],
            category="general",
            methods=["onsite", "online"],
            department=market_dept,
            legal_basis="《市场主体登记管理条例》",
            ratio_cap=5,
            year=2025,
        ),
    )
    services.item_publish(actor=SYSTEM, item=item)
    for n, (dept, name) in enumerate([(market_dept, "李市场"), (health_dept, "王卫健")]):
        services.inspector_save(
            actor=SYSTEM,
            inspector=Inspector(
                name=name,
                department=dept,
                organization=dept.name,
                certificate_no=f"4103242019{n:04d}",
                certificate_valid_until="2027-12-31",
                specialties=["食品安全"],
                phone="13800000000",
            ),
        )
    base = live_server.url
    log_in(page, base, "office", "pw-office")
    # The stylesheet is served and applied (the top bar is the deep blue, not the default).
    background = page.locator(".topbar").evaluate("e => getComputedStyle(e).backgroundColor")
    assert background == "rgb(26, 79, 139)"
    page.screenshot(path=str(screenshot_dir / "home.png"), full_page=True)
    pages = {
        "items": ("/items/", "营业执照（登记证）规范使用情况的检查"),
        "entities": ("/entities/", "栾川县示例商贸有限公司"),
        "inspectors": ("/inspectors/", "王卫健"),
        "audit": ("/audit/?verify=1", "审计链完整"),
        "admin": ("/admin/directory/inspector/", "执法检查人员"),
    }
    for name, (path, expected) in pages.items():
        page.goto(base + path)
        assert expected in page.content(), name
        page.screenshot(path=str(screenshot_dir / f"{name}.png"), full_page=True)
