from __future__ import annotations

from decimal import Decimal

import pytest

from shuangsuiji.common.errors import RowsRejected, ServiceError
from shuangsuiji.directory.importers import import_file
from shuangsuiji.directory.models import InspectionItem, User
from shuangsuiji.directory.services import item_new_version, item_publish, item_save

from .files import csv_bytes, xlsx_bytes

pytestmark = pytest.mark.django_db

HEADER = [
    "抽查类别",
    "抽查事项",
    "检查对象",
    "事项类别",
    "检查方式",
    "检查主体",
    "检查依据",
    "抽查比例上限(%)",
    "抽查频次",
    "年度",
    "触发式部门联合抽查事项",
    "发起部门",
    "配合部门",
    "状态",
]
LICENCE = [
    "市场监管领域",
    "营业执照（登记证）规范使用情况的检查",
    "企业、个体工商户、农民专业合作社",
    "一般",
    "现场、网络",
    "县市场监督管理局",
    "《市场主体登记管理条例》",
    "5%",
    "每年1次",
    "2025",
    "否",
    "",
    "",
    "已发布",
]
WASTE = [
    "生态环境领域",
    "危险废物经营单位监督检查",
    "危废经营单位",
    "重点",
    "现场",
    "市生态环境局栾川分局",
    "《固体废物污染环境防治法》",
    "",
    "每年1次",
    "2025",
    "否",
    "",
    "",
    "草稿",
]
ANNUAL = [
    "市场监管领域",
    "年度报告公示信息的检查",
    "企业",
    "一般",
    "书面、网络、现场",
    "县市场监督管理局",
    "《企业信息公示暂行条例》",
    "0.5",
    "每年1次",
    "2025",
    "是",
    "",
    "县人力资源和社会保障局、县工业信息化和商务局、国家税务总局栾川县税务局",
    "已发布",
]


def test_import_items_with_joint_partners(office_admin: User) -> None:
    data = xlsx_bytes(HEADER, [LICENCE, WASTE, ANNUAL])
    report = import_file(kind="items", filename="清单.xlsx", data=data, actor=office_admin)
    assert report.created == 3
    licence = InspectionItem.objects.get(name=LICENCE[1])
    assert licence.ratio_cap == Decimal("5.00")
    assert licence.methods == ["onsite", "online"]
    assert licence.state == "published" and licence.published_at
    assert licence.targets == ["企业", "个体工商户", "农民专业合作社"]
    waste = InspectionItem.objects.get(name=WASTE[1])
    assert waste.ratio_cap is None and waste.state == "draft"
    annual = InspectionItem.objects.get(name=ANNUAL[1])
    assert annual.lead_department == annual.department
    assert sorted(d.short_name for d in annual.partner_departments.all()) == [
        "人社",
        "工信商务",
        "税务",
    ]


def test_reimporting_a_changed_published_item_makes_a_new_version(office_admin: User) -> None:
    import_file(
        kind="items", filename="a.csv", data=csv_bytes(HEADER, [LICENCE]), actor=office_admin
    )
    again = import_file(
        kind="items", filename="a.csv", data=csv_bytes(HEADER, [LICENCE]), actor=office_admin
    )
    assert again.unchanged == 1
    changed = [*LICENCE]
    changed[7] = "3"
    changed[13] = "草稿"
    report = import_file(
        kind="items", filename="b.csv", data=csv_bytes(HEADER, [changed]), actor=office_admin
    )
    assert report.created == 1
    versions = InspectionItem.objects.filter(name=LICENCE[1]).order_by("version")
    assert [(v.version, v.state, v.ratio_cap) for v in versions] == [
        (1, "published", Decimal("5.00")),
        (2, "draft", Decimal("3.00")),
    ]


def test_reimporting_a_draft_updates_it_in_place(office_admin: User) -> None:
    import_file(kind="items", filename="a.csv", data=csv_bytes(HEADER, [WASTE]), actor=office_admin)
    changed = [*WASTE]
    changed[6] = "《固体废物污染环境防治法》第十九条"
    report = import_file(
        kind="items", filename="b.csv", data=csv_bytes(HEADER, [changed]), actor=office_admin
    )
    assert report.updated == 1
    assert InspectionItem.objects.get(name=WASTE[1], version=1).legal_basis.endswith("第十九条")


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        (7, "", "第2行 抽查比例上限: 一般检查事项必须设置抽查比例上限"),
        (7, "150", "第2行 抽查比例上限: 应大于0且不超过100（单位为%）"),
        (3, "特别", "第2行 事项类别: 未知的事项类别“特别”"),
        (4, "现场、飞检", "第2行 检查方式: 未知的检查方式“飞检”"),
        (5, "县宣传部", "第2行 检查主体: 未知的部门“县宣传部”"),
        (9, "25", "第2行 年度: 应为四位年份"),
    ],
)
def test_bad_item_cells_are_named(
    office_admin: User, column: int, value: str, message: str
) -> None:
    row = [*LICENCE]
    row[column] = value
    with pytest.raises(RowsRejected) as caught:
        import_file(
            kind="items", filename="a.csv", data=csv_bytes(HEADER, [row]), actor=office_admin
        )
    assert str(caught.value.errors[0]).startswith(message)
    assert not InspectionItem.objects.exists()


def test_key_item_with_a_cap_is_refused(office_admin: User) -> None:
    row = [*WASTE]
    row[7] = "10"
    with pytest.raises(RowsRejected, match="1 处错误") as caught:
        import_file(
            kind="items", filename="a.csv", data=csv_bytes(HEADER, [row]), actor=office_admin
        )
    assert "重点检查事项的抽查比例不设上限" in str(caught.value.errors[0])


def test_same_item_twice_in_a_file_is_an_error(office_admin: User) -> None:
    with pytest.raises(RowsRejected) as caught:
        import_file(
            kind="items",
            filename="a.csv",
            data=csv_bytes(HEADER, [LICENCE, LICENCE]),
            actor=office_admin,
        )
    assert str(caught.value.errors[0]) == "第3行 抽查事项: 与第2行重复"


def test_department_admin_cannot_import_another_departments_items(health_admin: User) -> None:
    with pytest.raises(RowsRejected) as caught:
        import_file(
            kind="items", filename="a.csv", data=csv_bytes(HEADER, [LICENCE]), actor=health_admin
        )
    assert "无权维护县市场监督管理局的抽查事项" in str(caught.value.errors[0])
    assert not InspectionItem.objects.exists()


def test_published_item_is_immutable_and_versions(market_admin: User) -> None:
    import_file(
        kind="items", filename="a.csv", data=csv_bytes(HEADER, [LICENCE]), actor=market_admin
    )
    item = InspectionItem.objects.get()
    item.legal_basis = "改了"
    with pytest.raises(ServiceError, match="已发布的抽查事项不可修改"):
        item_save(actor=market_admin, item=item)
    draft = item_new_version(
        actor=market_admin, item=InspectionItem.objects.get(), reason="法规修订"
    )
    assert draft.version == 2 and draft.state == "draft"
    draft.legal_basis = "《市场主体登记管理条例》第三十六条"
    item_save(actor=market_admin, item=draft)
    item_publish(actor=market_admin, item=draft)
    assert InspectionItem.objects.get(pk=item.pk).legal_basis == "《市场主体登记管理条例》"
    with pytest.raises(ServiceError, match="已发布"):
        item_publish(actor=market_admin, item=draft)


@pytest.mark.parametrize(
    ("written", "stored"),
    [
        ("每月1次", "monthly"),
        ("每月", "monthly"),
        ("每季度1次", "quarterly"),
        ("每季", "quarterly"),
        ("每年2次", "half_yearly"),
        ("每半年", "half_yearly"),
        ("每年1次", "yearly"),
        ("每年", "yearly"),
        ("yearly", "yearly"),
        ("", ""),
    ],
)
def test_item_frequency_is_read_from_the_words_lists_use(
    office_admin: User, written: str, stored: str
) -> None:
    """抽查频次 drives a 重点 item's same-item window in the draw (seed 二(一)), so it is one of
    每月/每季/每半年/每年; the usual ways item lists write it are accepted."""
    row = [*WASTE]
    row[8] = written
    import_file(kind="items", filename="a.csv", data=csv_bytes(HEADER, [row]), actor=office_admin)
    assert InspectionItem.objects.get(name=WASTE[1]).frequency == stored


def test_an_unknown_frequency_is_refused_with_its_row_and_column(office_admin: User) -> None:
    row = [*WASTE]
    row[8] = "视情况而定"
    with pytest.raises(RowsRejected) as caught:
        import_file(
            kind="items", filename="a.csv", data=csv_bytes(HEADER, [row]), actor=office_admin
        )
    assert str(caught.value.errors[0]) == (
        "第2行 抽查频次: 未知的抽查频次“视情况而定”，可选：每月、每季、每半年、每年"
        "（也可写作每月1次、每季度1次、每年2次）"
    )
    assert not InspectionItem.objects.exists()


def test_an_exported_frequency_imports_unchanged(office_admin: User) -> None:
    from shuangsuiji.directory.exporters import item_rows

    row = [*WASTE]
    row[8] = "每月1次"
    import_file(kind="items", filename="a.csv", data=csv_bytes(HEADER, [row]), actor=office_admin)
    header, rows = item_rows(office_admin)
    exported = next(iter(rows))
    assert exported[header.index("抽查频次")] == "每月"
    again = import_file(
        kind="items",
        filename="b.csv",
        data=csv_bytes(header[:-2], [exported[:-2]]),
        actor=office_admin,
    )
    assert again.unchanged == 1
