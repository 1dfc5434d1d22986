"""The office's 节假日与调休 page: list of covered years and entering a new year."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from shuangsuiji.common.calendar import CalendarNotCovered, publication_due
from shuangsuiji.common.calendar_views import parse_days
from shuangsuiji.common.models import CalendarYear
from shuangsuiji.directory.models import User

pytestmark = pytest.mark.django_db
URL = "/calendar/"


def test_only_the_office_sees_the_page(client: Client, market_admin: User) -> None:
    assert reverse("calendar_years") == URL
    client.force_login(market_admin)
    assert client.get(URL).status_code == 403
    assert client.post(URL, {"year": 2027}).status_code == 403


def test_office_enters_2027_and_a_2027_date_computes_after_erroring_before(
    client: Client, office_admin: User
) -> None:
    client.force_login(office_admin)
    page = client.get(URL).content.decode()
    assert "2026" in page and "chinese-calendar" in page
    with pytest.raises(CalendarNotCovered, match="2027年的法定节假日和调休安排尚未录入"):
        publication_due(dt.date(2027, 2, 1))
    response = client.post(
        URL,
        {
            "year": "2027",
            "notice": "国办发明电〔2026〕7号",
            "rest_days": "2027-02-08 春节\n2027-02-09 春节\n\n2027-02-10 春节\n2027-02-11 春节\n"
            "2027-02-12 春节",
            "work_days": "2027-02-06 春节调休\n2027-02-20 春节调休",
        },
    )
    assert response.status_code == 302
    assert CalendarYear.objects.get(year=2027).notice == "国办发明电〔2026〕7号"
    # 2027-02-01 (Mon) + 20 working days: 02-06 is worked, 02-08..12 are off, 02-20 is worked
    assert publication_due(dt.date(2027, 2, 1)) == dt.date(2027, 3, 4)
    assert "国办发明电〔2026〕7号" in client.get(URL).content.decode()


def test_bad_lines_and_service_refusals_are_shown_in_chinese(
    client: Client, office_admin: User
) -> None:
    client.force_login(office_admin)
    page = client.post(URL, {"year": "2027", "notice": "x", "rest_days": "2027/02/08 春节"})
    assert "休息日第1行：日期应写作 YYYY-MM-DD" in page.content.decode()
    page = client.post(URL, {"year": "2027", "notice": "x", "rest_days": "2027-02-06 周六"})
    assert "是周末，本就休息" in page.content.decode()
    assert not CalendarYear.objects.filter(year=2027).exists()


def test_parse_days_keeps_names_and_skips_blank_lines() -> None:
    assert parse_days("2027-10-01 国庆节\n\n 2027-10-04", "x") == [
        (dt.date(2027, 10, 1), "国庆节"),
        (dt.date(2027, 10, 4), ""),
    ]
