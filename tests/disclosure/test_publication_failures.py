"""Publication (已公示) and the 不予公开 request and decision fail partway without leaving
anything: no task state, no exemption, no audit entry remains.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from shuangsuiji.common.models import AuditChainHead, AuditEntry
from shuangsuiji.directory.models import User
from shuangsuiji.disclosure import services
from shuangsuiji.disclosure.models import ResultExemption
from shuangsuiji.inspections.models import Result
from shuangsuiji.plans import services as tasks
from shuangsuiji.plans.models import Task

from ..failures import (
    AuditWrite,
    FailurePoint,
    Service,
    SqlWrite,
    check_nothing_remains,
    failure_cases,
    on_fixture_day,
)
from .builders import PUBLICIZED_ON, completed_task

pytestmark = pytest.mark.django_db

AUDIT = (AuditEntry, AuditChainHead)


@pytest.fixture(autouse=True)
def fixture_day() -> Iterator[None]:
    with on_fixture_day():
        yield


def publicize_case(office: User) -> Callable[[], Any]:
    p = completed_task(n_entities=2)
    return lambda: tasks.task_publicize(
        actor=p.admin, task=Task.objects.get(pk=p.task.pk), on=PUBLICIZED_ON
    )


def request_case(office: User) -> Callable[[], Any]:
    p = completed_task(n_entities=2)
    pk = p.problem.pk
    return lambda: services.exemption_request(
        actor=p.admin, result=Result.objects.get(pk=pk), reason="涉及正在查处的案件（条例第十四条）"
    )


def decide_case(office: User) -> Callable[[], Any]:
    p = completed_task(n_entities=2)
    e = services.exemption_request(actor=p.admin, result=p.problem, reason="涉及正在查处的案件")
    return lambda: services.exemption_decide(
        actor=office, exemption=ResultExemption.objects.get(pk=e.pk), approve=True
    )


SERVICES: dict[str, Service] = {
    "task_publicize": Service(
        publicize_case,
        frozenset({Task, *AUDIT}),
        (SqlWrite(Task, "UPDATE"), AuditWrite("task.publicize")),
    ),
    "exemption_request": Service(
        request_case,
        frozenset({ResultExemption, *AUDIT}),
        (SqlWrite(ResultExemption), AuditWrite("result_exemption.request")),
    ),
    "exemption_decide": Service(
        decide_case,
        frozenset({ResultExemption, *AUDIT}),
        (SqlWrite(ResultExemption, "UPDATE"), AuditWrite("result_exemption.decide")),
    ),
}


@pytest.mark.parametrize(("name", "point"), failure_cases(SERVICES))
def test_failed_publication_write_leaves_nothing(
    name: str, point: FailurePoint, office_admin: User
) -> None:
    service = SERVICES[name]
    check_nothing_remains(service.setup(office_admin), point, set(service.writes))
