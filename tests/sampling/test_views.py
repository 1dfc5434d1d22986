"""The 抽取 pages and downloads: each one scoped by role, each action through the services."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from shuangsuiji.common.audit import action_label
from shuangsuiji.directory.models import User
from shuangsuiji.plans.models import TaskState
from shuangsuiji.sampling import record
from shuangsuiji.sampling.models import Draw, DrawConfig, Freeze, Selection

from . import builders as b

pytestmark = pytest.mark.django_db


@pytest.fixture
def task() -> object:
    b.entities(12)
    b.entities(2, abnormal_list=True)
    b.officers(4)
    return b.task([b.item(ratio_cap=None, category="key")])


def test_configure_preview_freeze_and_draw_through_the_pages(
    client: Client, task: object, market_admin: User
) -> None:
    client.force_login(market_admin)
    url = f"/tasks/{task.pk}/"  # type: ignore[attr-defined]
    form = {
        "mode_a": "ratio", "value_a": "25", "mode_b": "ratio", "value_b": "2",
        "mode_c": "count", "value_c": "1", "mode_d": "ratio", "value_d": "30",
        "full_abnormal": "on", "full_complaints": "on", "complaint_threshold": "5",
        "active_only": "on", "exclude_recent_same_item": "on", "recent_months": "12",
        "key_item_rule": "frequency", "cap_exempt_full_groups": "on",
        "yearly_cap": "2", "team_size": "2", "experts": "0", "area_rule": "",
        "batch_size": "5", "wanted_specialties": "食品安全、特种设备",
    }  # fmt: skip
    response = client.post(f"{url}draw/config/", form)
    assert response.status_code == 302 and "preview=1" in response["Location"]
    preview = client.get(url + "?preview=1").content.decode()
    assert "名单户数" in preview and "25%" in preview and "1 户" in preview
    assert "经营异常名录" in preview and "100%" in preview
    client.post(f"{url}draw/freeze/")
    freeze = Freeze.objects.get()
    page = client.get(url).content.decode()
    assert freeze.commitment in page
    assert freeze.secret not in page  # hidden until the draw
    response = client.post(
        f"{url}draw/run/",
        {"witness_entropy": b.WITNESS, "witness_source": "大乐透", "witness_name": "王见证"},
    )
    draw = Draw.objects.get()
    assert response["Location"] == f"/draws/{draw.pk}/"
    result = client.get(response["Location"]).content.decode()
    assert freeze.secret in result  # revealed after the draw
    selections = list(Selection.objects.filter(draw=draw).select_related("entity"))
    # Twelve class-A firms at 25 % (ceil 3) and both abnormal-list firms at 100 %.
    assert len(selections) == 3 + 2
    assert sum(s.entity.abnormal_list for s in selections) == 2
    for selection in selections:
        assert selection.entity.uscc in result
    download = client.get(f"/draws/{draw.pk}/record.json")
    assert "attachment" in download["Content-Disposition"]
    assert record.verify_record(json.loads(download.content)).ok


def test_bad_ratio_shows_the_cap_message(client: Client, market_admin: User) -> None:
    b.entities(5)
    t = b.task([b.item(ratio_cap=5, name="营业执照（登记证）规范使用情况的检查")])
    # A spec stored above the cap (say, before the item's cap was lowered) is still refused.
    DrawConfig.objects.create(task=t, ratio_c_bp=1000)
    client.force_login(market_admin)
    page = client.get(f"/tasks/{t.pk}/?preview=1").content.decode()
    assert "C类（信用风险较高）的抽取比例 10% 超过上限" in page


def test_pages_and_downloads_are_scoped_by_role(
    client: Client,
    task: object,
    market_inspector: User,
    health_admin: User,
    office_admin: User,
) -> None:
    draw = b.freeze_and_draw(task)
    pages = [f"/draws/{draw.pk}/", f"/draws/{draw.pk}/record.json"]
    client.force_login(health_admin)  # not the lead, not a partner
    for path in pages:
        assert client.get(path).status_code == 404
    client.force_login(market_inspector)  # reads, never operates
    for path in pages:
        assert client.get(path).status_code == 200
    assert client.get(f"/draws/{draw.pk}/auditor.json").status_code == 404
    detail = client.get(f"/tasks/{task.pk}/").content.decode()  # type: ignore[attr-defined]
    assert "重新抽取（联席办管理员）" not in detail and "冻结名单并生成承诺值" not in detail
    client.post(f"/tasks/{task.pk}/draw/redraw/", {"reason": "试图重抽"})  # type: ignore[attr-defined]
    assert Draw.objects.get().is_current
    client.force_login(office_admin)
    auditor = client.get(f"/draws/{draw.pk}/auditor.json")
    data = json.loads(auditor.content)
    assert data["kind"] == record.AUDITOR and record.verify_record(data).ok
    assert "重新抽取（联席办管理员）" in client.get(f"/tasks/{task.pk}/").content.decode()  # type: ignore[attr-defined]


def test_redraw_page_keeps_both_draws_in_the_ledger(
    client: Client, task: object, office_admin: User
) -> None:
    first = b.freeze_and_draw(task)
    client.force_login(office_admin)
    url = f"/tasks/{task.pk}/"  # type: ignore[attr-defined]
    client.post(f"{url}draw/redraw/", {"reason": ""})
    assert Draw.objects.get().is_current  # a reason is required
    client.post(f"{url}draw/redraw/", {"reason": "见证人未按时到场"})
    task.refresh_from_db()  # type: ignore[attr-defined]
    assert task.state == TaskState.FROZEN  # type: ignore[attr-defined]
    client.post(
        f"{url}draw/run/",
        {"witness_entropy": "第25049期 01 02 03", "witness_source": "大乐透", "witness_name": "李"},
    )
    page = client.get(url).content.decode()
    assert "已被重新抽取替代" in page and "当前有效" in page and "见证人未按时到场" in page
    old = client.get(f"/draws/{first.pk}/").content.decode()
    assert "本次抽取已被重新抽取替代" in old


def test_direct_assignment_form_for_teams_that_need_it(client: Client, market_admin: User) -> None:
    b.entities(2, area=b.area("潭头镇"))
    b.officers(1, area=b.area("城关镇"))
    t = b.task([b.item(ratio_cap=None, category="key")])
    b.configure(t, cross_area=True)
    draw = b.freeze_and_draw(t)
    client.force_login(market_admin)
    task_page = client.get(f"/tasks/{t.pk}/").content.decode()
    assert "有 1 户因执法人员不足未能随机匹配检查组，需直接委派" in task_page
    page = client.get(f"/draws/{draw.pk}/").content.decode()
    assert "人员不足，需直接委派" in page and "直接委派检查组" in page
    entity = Selection.objects.filter(draw=draw).first().entity  # type: ignore[union-attr]
    helper = b.officers(1, area=b.area("三川镇"))[0]
    officer = b.officers(1, area=b.area("城关镇"))[0]
    prefix = f"e{entity.pk}"
    response = client.post(
        f"/draws/{draw.pk}/assign/",
        {
            "entity": entity.pk,
            f"{prefix}-inspectors": [helper.pk, officer.pk],
            f"{prefix}-reason": "",
        },
    )
    assert response.status_code == 302 and not draw.direct_assignments.exists()
    client.post(
        f"/draws/{draw.pk}/assign/",
        {
            "entity": entity.pk,
            f"{prefix}-inspectors": [helper.pk, officer.pk],
            f"{prefix}-reason": "本乡镇以外人员不足",
        },
    )
    assert draw.direct_assignments.count() == 1
    assert "需直接委派：" not in client.get(f"/tasks/{t.pk}/").content.decode()
    page = client.get(f"/draws/{draw.pk}/?fallback=1").content.decode()
    assert "本乡镇以外人员不足" in page and helper.certificate_no in page


def test_draw_actions_read_in_chinese_in_the_audit_log() -> None:
    assert action_label("task.create") == "新增抽查任务"
    assert action_label("population.freeze") == "冻结抽取名单"
    assert action_label("draw.run") == "执行抽取"
    assert action_label("draw.redraw") == "重新抽取"
    assert action_label("team.assign") == "直接委派检查组"
    assert action_label("adjacency.approve") == "批准相邻乡镇"
    assert action_label("task.state") == "变更抽查任务状态"
