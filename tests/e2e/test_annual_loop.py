"""The year's loop in headless Chromium, as its users walk it (issue 4's acceptance).

The office publishes a plan with a joint task (卫健 leads, 市场监管 joins); the lead department
freezes and draws; both officers of the team enter and confirm results, one a problem with a
责令改正 follow-up; the department completes the task on 2026-09-18, and the page shows the
publication due date 2026-10-22: 20 working days across 国庆 with its 调休 days.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine

from shuangsuiji.directory.models import Department, Role
from shuangsuiji.inspections.models import FollowUp, Result
from shuangsuiji.plans.models import Plan, Task, TaskState
from shuangsuiji.sampling.models import Draw

from ..conftest import make_user
from ..sampling import builders as b
from .test_import_flow import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

COMPLETED = dt.date(2026, 9, 18)
SHANGHAI = ZoneInfo("Asia/Shanghai")


def test_plan_to_published_due_date(browser: Any, live_server: Any, screenshot_dir: Path) -> None:
    health = Department.objects.get(name="县卫生健康委")
    market = Department.objects.get(name="县市场监督管理局")
    office = make_user("lxb", Department.objects.get(is_office=True), Role.OFFICE_ADMIN)
    health_admin = make_user("wjw_admin", health, Role.DEPT_ADMIN)
    item = b.item(
        department=health,
        name="餐具饮具集中消毒服务单位的检查",
        year=2026,
        ratio_cap=None,
        category="key",
    )
    b.entities(2, credit_risk="A")
    (health_officer,) = b.officers(
        1, department=health, certificate_valid_until=dt.date(2028, 1, 1)
    )
    (market_officer,) = b.officers(
        1, department=market, certificate_valid_until=dt.date(2028, 1, 1)
    )
    inspectors = []
    for officer in (health_officer, market_officer):
        user = make_user(f"zf{officer.pk}", officer.department, Role.INSPECTOR)
        user.inspector = officer
        user.save()
        inspectors.append(user)
    base = live_server.url
    page = browser.new_page()

    # 1. The office drafts the 2026 plan, adds the joint task, approves and publishes it.
    log_in(page, base, office.username, "pw-lxb")
    page.goto(base + "/plans/")
    page.get_by_label("年度").fill("2026")
    page.get_by_role("button", name="建立计划草稿").click()
    plan = Plan.objects.get(year=2026)
    page.wait_for_url(f"{base}/plans/{plan.pk}/")
    page.goto(f"{base}/plans/{plan.pk}/tasks/add/")
    page.get_by_label("任务编号").fill("LC2026-WJW-001")
    page.get_by_label("任务名称").fill("2026年餐具饮具集中消毒服务单位部门联合抽查")
    page.get_by_label("发起部门").select_option(label=health.name)
    page.get_by_label("配合部门").select_option(label=market.name)
    page.get_by_label("抽查事项").select_option(str(item.pk))
    page.get_by_label("检查开始日期").fill("2026-06-01")
    page.get_by_label("检查结束日期").fill("2026-09-30")
    page.get_by_role("button", name="添加").click()
    page.wait_for_url(f"{base}/plans/{plan.pk}/")
    page.get_by_role("button", name="审批计划").click()
    page.get_by_role("button", name="发布计划").click()
    page.get_by_text("已发布").first.wait_for()
    task = Task.objects.get(code="LC2026-WJW-001")
    assert task.state == TaskState.PUBLISHED and task.plan_id == plan.pk
    page.context.clear_cookies()

    # 2. The lead department freezes the population and draws with the witness's entropy.
    log_in(page, base, health_admin.username, "pw-wjw_admin")
    page.goto(f"{base}/tasks/{task.pk}/")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="冻结名单并生成承诺值").click()
    page.get_by_test_id("commitment").wait_for()
    page.get_by_label("见证随机数").fill(b.WITNESS)
    page.get_by_label("随机数来源").fill("中国体育彩票超级大乐透开奖号码")
    page.get_by_label("见证人").fill("王见证")
    page.get_by_role("button", name="抽取检查对象并匹配检查人员").click()
    draw = Draw.objects.get(task=task)
    page.wait_for_url(f"{base}/draws/{draw.pk}/")
    (entity,) = [s.entity for s in draw.selections.select_related("entity")]
    page.context.clear_cookies()

    # 3. Both officers of the team record and confirm; the first records a problem and a
    #    责令改正 follow-up.
    prefix = f"#id_i{item.pk}-"
    for number, user in enumerate(inspectors):
        log_in(page, base, user.username, f"pw-{user.username}")
        page.goto(base + "/workbench/")
        page.get_by_role("link", name=entity.name).click()
        if number == 0:
            page.locator(prefix + "method").select_option("onsite")
            page.locator(prefix + "inspected_on").fill("2026-06-10")
            page.locator(prefix + "category").select_option("A")
            # A (待后续处理) names the problem it stands for.
            page.get_by_label("2 违反市场监管相关规定", exact=True).check()
            page.locator(prefix + "findings").fill("消毒记录不全，出厂检验报告缺失")
            page.get_by_role("button", name="保存结果").click()
            page.get_by_text("待两名执法人员确认").wait_for()
        page.get_by_role("button", name="确认此结果").click()
        page.get_by_text("已确认").first.wait_for()
        if number == 0:
            page.get_by_text("登记后续处置", exact=True).click()
            follow = f"#id_f{item.pk}-"
            page.locator(follow + "action").select_option("correction")
            page.locator(follow + "due_on").fill("2026-07-31")
            page.locator(follow + "correction_deadline").fill("2026-07-10")
            page.get_by_role("button", name="保存后续处置").click()
            page.get_by_text("已登记后续处置：责令改正").wait_for()
        page.context.clear_cookies()
    result = Result.objects.get()
    assert result.category == "A" and result.confirmations.count() == 2
    assert FollowUp.objects.get().action == "correction"

    # 4. The lead department starts and completes the task on 2026-09-18; the page shows the
    #    publication due date: 20 working days later, across 国庆 and its 调休 days.
    log_in(page, base, health_admin.username, "pw-wjw_admin")
    page.goto(f"{base}/tasks/{task.pk}/")
    page.get_by_role("button", name="开始检查").click()
    page.get_by_role("button", name="完成任务").wait_for()
    with time_machine.travel(dt.datetime.combine(COMPLETED, dt.time(10), SHANGHAI), tick=True):
        page.get_by_role("button", name="完成任务").click()
        page.get_by_text("结果公示期限").wait_for()
    facts = page.locator("main").inner_text()
    assert "2026-09-18" in facts and "2026-10-22" in facts
    task.refresh_from_db()
    assert task.state == TaskState.COMPLETED and task.completed_on == COMPLETED
    page.screenshot(path=str(screenshot_dir / "task-completed.png"), full_page=True)
