from __future__ import annotations

import datetime as dt

import pytest

from shuangsuiji.directory.models import User
from shuangsuiji.disclosure import selectors, services
from shuangsuiji.disclosure.models import ExemptionState
from shuangsuiji.plans import services as plan_services

from .builders import COMPLETED_ON, Publicized, completed_task

pytestmark = pytest.mark.django_db


def test_results_are_public_only_once_the_task_is_publicized(office_admin: User) -> None:
    p = completed_task()
    assert not selectors.public_results().exists()
    plan_services.task_publicize(actor=p.admin, task=p.task, on=dt.date(2025, 11, 3))
    rows = selectors.announcements(selectors.ResultFilters(task_code=p.task.code))
    assert {r.uscc for r in rows} == {r.entity.uscc for r in p.results}
    row = next(r for r in rows if r.uscc == p.problem.entity.uscc)
    assert (row.result_code, row.result_text) == ("2", "违反市场监管相关规定")
    assert row.authority == p.task.lead_department.name
    assert row.completed_on == COMPLETED_ON


def test_pending_exemption_blocks_publication_and_approved_one_hides_the_result(
    office_admin: User,
) -> None:
    p = completed_task()
    e = services.exemption_request(
        actor=p.admin, result=p.problem, reason="涉及国家秘密（保守国家秘密法第九条）"
    )
    with pytest.raises(Exception, match="不予公开申请待联席办审批"):
        plan_services.task_publicize(actor=p.admin, task=p.task, on=dt.date(2025, 11, 3))
    with pytest.raises(Exception, match="只有联席办管理员"):
        services.exemption_decide(actor=p.admin, exemption=e, approve=True)
    services.exemption_decide(actor=office_admin, exemption=e, approve=True)
    assert e.state == ExemptionState.APPROVED
    plan_services.task_publicize(actor=p.admin, task=p.task, on=dt.date(2025, 11, 3))
    public = {r.pk for r in selectors.public_results()}
    assert p.problem.pk not in public
    assert public == {r.pk for r in p.results} - {p.problem.pk}


def test_rejected_exemption_needs_a_note_and_may_be_requested_again(office_admin: User) -> None:
    p = completed_task()
    e = services.exemption_request(actor=p.admin, result=p.problem, reason="理由一")
    with pytest.raises(Exception, match="审批意见"):
        services.exemption_decide(actor=office_admin, exemption=e, approve=False)
    services.exemption_decide(actor=office_admin, exemption=e, approve=False, note="依据不足")
    with pytest.raises(Exception, match="说明理由"):
        services.exemption_request(actor=p.admin, result=p.problem, reason="  ")
    again = services.exemption_request(actor=p.admin, result=p.problem, reason="补充依据")
    assert again.pk == e.pk and again.state == ExemptionState.REQUESTED
    with pytest.raises(Exception, match="已有不予公开申请"):
        services.exemption_request(actor=p.admin, result=p.problem, reason="重复")


def test_publication_status_counts_twenty_working_days(publicized: Publicized) -> None:
    task = publicized.task
    # 2025-10-31 (Fri) + 20 working days = 2025-11-28.
    status = selectors.publication_status(task)
    assert (status.code, status.due) == ("on_time", dt.date(2025, 11, 28))
    task.publicized_on = dt.date(2025, 12, 1)
    assert selectors.publication_status(task).code == "late"
    task.publicized_on = None
    assert selectors.publication_status(task, today=dt.date(2025, 11, 27)).label == (
        "待公示（剩 1 个工作日）"
    )
    overdue = selectors.publication_status(task, today=dt.date(2025, 12, 2))
    assert (overdue.code, overdue.label) == ("overdue", "已逾期 2 个工作日")


def test_firm_history_lists_the_draw_and_its_published_results(publicized: Publicized) -> None:
    entity = publicized.problem.entity
    assert entity in selectors.entity_search(entity.uscc[:8])
    assert entity in selectors.entity_search(entity.name)
    [row] = selectors.entity_history(entity)
    assert row.draw.pk == publicized.draw.pk
    assert [a.result_code for a in row.results] == ["2"]
