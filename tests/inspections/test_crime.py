"""涉嫌犯罪 as a fact (seed 三(四): 对涉嫌犯罪的要及时移送司法机关; 四(二) 追责): the checkbox with
the offence, the 移送 it requires, and the text hint the handler ticks or dismisses."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from shuangsuiji.common.errors import PermissionDenied, ServiceError
from shuangsuiji.common.models import AuditEntry
from shuangsuiji.directory.models import User
from shuangsuiji.inspections import crime, services
from shuangsuiji.inspections.checks import completion_blockers
from shuangsuiji.inspections.models import Result

from ..conftest import pinned_today
from .builders import DAY, Drawn

pytestmark = pytest.mark.django_db


def confirmed(drawn: Drawn, category: str = "2", **kw: Any) -> Result:
    first, second = drawn.users[:2]
    result = services.result_save(
        actor=first,
        draw_id=drawn.draw.pk,
        entity_id=drawn.entity.pk,
        item=drawn.task.items.get(),
        method="onsite",
        inspected_on=DAY,
        category=category,
        **kw,
    )
    services.result_confirm(actor=first, result=result)
    services.result_confirm(actor=second, result=result)
    return result


def crime_reasons(drawn: Drawn) -> list[str]:
    return [r for r in completion_blockers(drawn.task) if "涉嫌犯罪" in r]


def test_a_ticked_result_names_its_offence_and_requires_a_transfer(drawn: Drawn) -> None:
    """Seed 三(四): a suspected crime is transferred to the police or the procuratorate."""
    with pytest.raises(ServiceError, match="须填写涉嫌罪名") as unnamed:
        confirmed(drawn, suspected_crime=True)
    assert unnamed.value.field == "suspected_offence"
    result = confirmed(drawn, suspected_crime=True, suspected_offence="涉嫌非法经营罪")
    assert result.suspected_on == pinned_today()  # recorded on the day it is ticked
    services.follow_up_create(
        actor=drawn.users[0], result=result, action="case", due_on=dt.date(2025, 7, 31)
    )
    [reason] = crime_reasons(drawn)
    assert "须登记“移送公安/司法机关”" in reason
    with pytest.raises(ServiceError, match="移送机关") as nowhere:
        services.follow_up_create(
            actor=drawn.users[0], result=result, action="transfer", due_on=dt.date(2025, 7, 31)
        )
    assert nowhere.value.field == "transfer_to"
    services.follow_up_create(
        actor=drawn.users[0],
        result=result,
        action="transfer",
        transfer_to="procuratorate",
        due_on=dt.date(2025, 7, 31),
    )
    assert crime_reasons(drawn) == []


def test_a_ticked_follow_up_requires_a_transfer_too(drawn: Drawn, market_admin: User) -> None:
    result = confirmed(drawn)
    case = services.follow_up_create(
        actor=drawn.users[0], result=result, action="case", due_on=dt.date(2025, 7, 31)
    )
    services.follow_up_close(
        actor=market_admin,
        follow_up=case,
        closure_note="案值达到刑事立案追诉标准",
        suspected_crime=True,
        suspected_offence="涉嫌生产、销售伪劣产品罪",
    )
    assert crime.is_suspected(Result.objects.get(pk=result.pk))
    assert crime_reasons(drawn)


@pytest.mark.parametrize(
    "words", ["检查中发现当事人涉嫌犯罪", "存在犯罪嫌疑，待核实", "涉嫌刑事犯罪"]
)
def test_words_raise_a_hint_the_handler_dismisses_with_a_reason(
    drawn: Drawn, market_admin: User, words: str
) -> None:
    """The pattern is only a hint: dismissing it is audited, and new words raise it again."""
    result = confirmed(drawn, findings=words)
    assert crime.hint_texts(result) == [f"检查情况：{words}"]
    assert crime_reasons(drawn) == []  # a hint is not a fact: it blocks nothing
    with pytest.raises(ServiceError, match="排除理由") as bare:
        crime.crime_hint_dismiss(actor=market_admin, result=result, reason=" ")
    assert bare.value.field == "crime_hint_dismissal"
    crime.crime_hint_dismiss(
        actor=market_admin, result=result, reason="系转述举报人说法，经核实不成立"
    )
    result.refresh_from_db()
    assert crime.hint_texts(result) == []
    entry = AuditEntry.objects.get(action="crime_hint.dismiss")
    assert entry.reason == "系转述举报人说法，经核实不成立" and entry.after["texts"]
    with pytest.raises(ServiceError, match="没有待处理"):
        crime.crime_hint_dismiss(actor=market_admin, result=result, reason="再次排除")
    services.follow_up_create(
        actor=drawn.users[0],
        result=result,
        action="case",
        due_on=dt.date(2025, 7, 31),
        note="立案后发现当事人涉嫌犯罪",
    )
    result.refresh_from_db()
    assert crime.hint_texts(result) == [
        f"检查情况：{words}",
        "立案查处说明：立案后发现当事人涉嫌犯罪",
    ]


def test_ticking_answers_the_hint_and_is_audited(drawn: Drawn, market_admin: User) -> None:
    result = confirmed(drawn)
    case = services.follow_up_create(
        actor=drawn.users[0],
        result=result,
        action="case",
        due_on=dt.date(2025, 7, 31),
        note="当事人存在犯罪嫌疑",
    )
    assert crime.hint_texts(result)
    with pytest.raises(ServiceError, match="涉嫌罪名"):
        crime.crime_mark(actor=market_admin, result=result, offence="")
    crime.crime_mark(
        actor=market_admin, result=result, follow_up=case, offence="涉嫌生产、销售伪劣产品罪"
    )
    result.refresh_from_db()
    assert crime.hint_texts(result) == [] and crime.is_suspected(result)
    entry = AuditEntry.objects.get(action="crime.mark")
    assert entry.after["follow_up"] == case.pk
    assert entry.after["suspected_offence"] == "涉嫌生产、销售伪劣产品罪"
    with pytest.raises(ServiceError, match="已标记"):
        crime.crime_mark(actor=market_admin, result=result, follow_up=case, offence="x")


def test_an_outsider_can_neither_tick_nor_dismiss(drawn: Drawn, health_admin: User) -> None:
    result = confirmed(drawn, findings="当事人涉嫌犯罪")
    with pytest.raises(PermissionDenied):
        crime.crime_hint_dismiss(actor=health_admin, result=result, reason="不成立")
    with pytest.raises(PermissionDenied):
        crime.crime_mark(actor=health_admin, result=result, offence="涉嫌非法经营罪")
    assert not AuditEntry.objects.filter(action__startswith="crime").exists()
