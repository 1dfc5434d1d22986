from __future__ import annotations

import datetime as dt

import pytest

from shuangsuiji.common.errors import RowsRejected
from shuangsuiji.directory.importers import import_file
from shuangsuiji.directory.models import Inspector, User

from .files import csv_bytes

pytestmark = pytest.mark.django_db

HEADER = [
    "姓名",
    "单位",
    "所属部门",
    "职务",
    "业务专长",
    "执法证号",
    "执法证有效期至",
    "执法资质",
    "所属区域",
    "状态",
    "人员类型",
    "专家来源",
    "联系电话",
]
OFFICER = [
    "李四",
    "县市场监督管理局",
    "",
    "科员",
    "食品安全、特种设备",
    "41032420190001",
    "2027-12-31",
    "食品安全执法",
    "城关镇",
    "在岗",
    "执法人员",
    "",
    "13800000000",
]
EXPERT = [
    "王五",
    "洛阳市特种设备检验所",
    "县市场监督管理局",
    "工程师",
    "压力容器",
    "ZJ-2025-001",
    "",
    "",
    "",
    "在岗",
    "专家",
    "检测机构",
    "",
]
HEALTH = [
    "赵六",
    "县卫生健康委",
    "",
    "科长",
    "公共场所卫生",
    "41032420190002",
    "2026-12-31",
    "",
    "",
    "在岗",
    "",
    "",
    "",
]


def test_import_officers_and_experts(office_admin: User) -> None:
    data = csv_bytes(HEADER, [OFFICER, EXPERT, HEALTH], "gbk")
    report = import_file(kind="inspectors", filename="人员.csv", data=data, actor=office_admin)
    assert report.created == 3
    officer = Inspector.objects.get(certificate_no="41032420190001")
    assert officer.department.name == "县市场监督管理局"
    assert officer.specialties == ["食品安全", "特种设备"]
    assert officer.certificate_valid_until == dt.date(2027, 12, 31)
    expert = Inspector.objects.get(certificate_no="ZJ-2025-001")
    assert (expert.kind, expert.expert_source) == ("expert", "testing_body")
    assert expert.organization == "洛阳市特种设备检验所"
    assert Inspector.objects.get(name="赵六").kind == "law_enforcement"


def test_update_by_certificate_number_sets_status(market_admin: User) -> None:
    import_file(
        kind="inspectors", filename="a.csv", data=csv_bytes(HEADER, [OFFICER]), actor=market_admin
    )
    moved = [*OFFICER]
    moved[9] = "调出"
    report = import_file(
        kind="inspectors", filename="b.csv", data=csv_bytes(HEADER, [moved]), actor=market_admin
    )
    assert report.updated == 1
    assert Inspector.objects.get().status == "transferred"


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ([*EXPERT[:11], "", ""], "第2行 专家来源: 专家必须填写专家来源"),
        ([*OFFICER[:6], "", *OFFICER[7:]], "第2行 执法证有效期至: 执法人员必须填写执法证有效期"),
        ([*OFFICER[:9], "休假", *OFFICER[10:]], "第2行 状态: 未知的状态“休假”"),
        ([OFFICER[0], "县宣传部", *OFFICER[2:]], "第2行 单位: 未知的部门“县宣传部”"),
    ],
)
def test_bad_inspector_rows_are_named(office_admin: User, row: list[str], message: str) -> None:
    with pytest.raises(RowsRejected) as caught:
        import_file(
            kind="inspectors", filename="a.csv", data=csv_bytes(HEADER, [row]), actor=office_admin
        )
    assert str(caught.value.errors[0]).startswith(message)
    assert not Inspector.objects.exists()


def test_department_admin_cannot_import_or_take_over_other_departments_people(
    office_admin: User, health_admin: User
) -> None:
    with pytest.raises(RowsRejected, match="1 处错误") as caught:
        import_file(
            kind="inspectors",
            filename="a.csv",
            data=csv_bytes(HEADER, [OFFICER]),
            actor=health_admin,
        )
    assert "无权维护县市场监督管理局的人员" in str(caught.value.errors[0])
    import_file(
        kind="inspectors", filename="a.csv", data=csv_bytes(HEADER, [OFFICER]), actor=office_admin
    )
    hijack = [OFFICER[0], "县卫生健康委", *OFFICER[2:]]
    with pytest.raises(RowsRejected) as caught:
        import_file(
            kind="inspectors",
            filename="b.csv",
            data=csv_bytes(HEADER, [hijack]),
            actor=health_admin,
        )
    assert "该证号已属于县市场监督管理局的人员" in str(caught.value.errors[0])
    assert Inspector.objects.get().department.name == "县市场监督管理局"


def test_repeated_certificate_in_file(office_admin: User) -> None:
    with pytest.raises(RowsRejected) as caught:
        import_file(
            kind="inspectors",
            filename="a.csv",
            data=csv_bytes(HEADER, [OFFICER, OFFICER]),
            actor=office_admin,
        )
    assert str(caught.value.errors[0]) == "第3行 执法证号: 与第2行重复"
