from __future__ import annotations

import datetime as dt

import pytest

from shuangsuiji.common.audit import audit_verify
from shuangsuiji.common.errors import PermissionDenied, RowsRejected
from shuangsuiji.common.models import AuditEntry
from shuangsuiji.common.uscc import check_char_17, complete
from shuangsuiji.directory.importers import import_file
from shuangsuiji.directory.models import Entity, EntityTag, User
from shuangsuiji.directory.services import legacy_code_accept

from .files import ENTITY_HEADER, GOOD_A, GOOD_B, csv_bytes, xlsx_bytes

pytestmark = pytest.mark.django_db


def code(n: int) -> str:
    org8 = f"{n:08d}"
    return complete("92410324" + org8 + check_char_17(org8))


def rows_ok() -> list[list[object]]:
    return [
        [GOOD_A, "栾川县示例商贸有限公司", "企业", "城关镇", "B", "2019-05-20"],
        [GOOD_B, "栾川县伊河饭店", "个体工商户", "潭头镇", "A", "2015/3/1"],
    ]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030"])
def test_import_csv_in_each_encoding(office_admin: User, encoding: str) -> None:
    data = csv_bytes(ENTITY_HEADER, rows_ok(), encoding)
    report = import_file(kind="entities", filename="对象.csv", data=data, actor=office_admin)
    assert (report.created, report.updated, report.unchanged) == (2, 0, 0)
    entity = Entity.objects.get(uscc=GOOD_B)
    assert entity.name == "栾川县伊河饭店"
    assert entity.area.name == "潭头镇"
    assert entity.established_on == dt.date(2015, 3, 1)
    assert entity.registration_status == "active"


def test_import_xlsx_with_excel_dates(office_admin: User) -> None:
    rows = rows_ok()
    rows[0][5] = dt.datetime(2019, 5, 20)
    data = xlsx_bytes(ENTITY_HEADER, rows)
    report = import_file(kind="entities", filename="对象.xlsx", data=data, actor=office_admin)
    assert report.created == 2
    assert Entity.objects.get(uscc=GOOD_A).established_on == dt.date(2019, 5, 20)


def test_import_writes_one_audit_entry_with_counts(office_admin: User) -> None:
    import_file(
        kind="entities",
        filename="a.csv",
        data=csv_bytes(ENTITY_HEADER, rows_ok()),
        actor=office_admin,
    )
    entries = list(AuditEntry.objects.filter(action="entities.import"))
    assert len(entries) == 1
    assert entries[0].after["created"] == 2
    assert entries[0].after["rows"] == 2
    assert audit_verify().ok


ACCEPTANCE_ROWS = [
    [GOOD_A, "好的一家", "企业", "城关镇", "B", "2019-05-20"],  # line 2 valid
    ["91410324MA44XK7R86", "校验错", "企业", "城关镇", "B", ""],  # 3 wrong check char
    ["91410324MA44XKIR85", "字母I", "企业", "城关镇", "B", ""],  # 4 letter I
    [GOOD_A, "重复", "企业", "城关镇", "B", ""],  # 5 repeated
    [code(1), "", "企业", "城关镇", "B", ""],  # 6 missing name
    [code(2), "日期错", "企业", "城关镇", "B", "2021-02-30"],  # 7 impossible date
    [code(3), "分类错", "企业", "城关镇", "E", ""],  # 8 unknown credit class
    ["9141032417167228", "短码", "企业", "城关镇", "A", ""],  # 9 short code
    [" ９１４１０３２４１７１６７２２８２ｑ ", "全角小写", "企业", "三川镇", "C", ""],  # 10 ok
]


def test_gbk_file_with_bad_rows_is_refused_whole_with_one_line_per_bad_row(
    office_admin: User,
) -> None:
    data = csv_bytes(ENTITY_HEADER, ACCEPTANCE_ROWS, "gbk")
    with pytest.raises(RowsRejected) as caught:
        import_file(kind="entities", filename="对象.csv", data=data, actor=office_admin)
    lines = [str(e) for e in caught.value.errors]
    assert [e.line for e in caught.value.errors] == [3, 4, 5, 6, 7, 8, 9]
    assert lines[0] == "第3行 统一社会信用代码: 第18位校验码应为 5，实际为 6"
    assert "不允许的字母 I" in lines[1]
    assert lines[2] == "第5行 统一社会信用代码: 与第2行重复"
    assert lines[3] == "第6行 名称: 不能为空"
    assert lines[4] == "第7行 成立日期: 日期“2021-02-30”不存在"
    assert lines[5].startswith("第8行 信用风险分类: 未知的信用风险分类“E”")
    assert lines[6] == "第9行 统一社会信用代码: 应为18位，实际16位"
    assert Entity.objects.count() == 0
    assert not AuditEntry.objects.exists()


def test_valid_rows_of_the_bad_file_alone_import(office_admin: User) -> None:
    data = csv_bytes(ENTITY_HEADER, [ACCEPTANCE_ROWS[0], ACCEPTANCE_ROWS[-1]], "gbk")
    report = import_file(kind="entities", filename="对象.csv", data=data, actor=office_admin)
    assert report.created == 2
    assert Entity.objects.get(uscc=GOOD_B).name == "全角小写"


def test_dry_run_validates_and_writes_nothing(office_admin: User) -> None:
    data = csv_bytes(ENTITY_HEADER, rows_ok())
    report = import_file(
        kind="entities", filename="a.csv", data=data, actor=office_admin, dry_run=True
    )
    assert report.dry_run and report.created == 2
    assert Entity.objects.count() == 0
    assert not AuditEntry.objects.exists()


def test_update_by_code_changes_only_present_columns(office_admin: User) -> None:
    import_file(
        kind="entities",
        filename="a.csv",
        data=csv_bytes(ENTITY_HEADER, rows_ok()),
        actor=office_admin,
    )
    Entity.objects.filter(uscc=GOOD_A).update(address="伊河路1号")
    data = csv_bytes(
        ["统一社会信用代码", "名称", "主体类型", "所属区域", "信用风险分类"],
        [
            [GOOD_A, "栾川县示例商贸有限公司", "企业", "城关镇", "D"],
            [GOOD_B, "栾川县伊河饭店", "个体工商户", "潭头镇", "A"],
        ],
    )
    report = import_file(kind="entities", filename="b.csv", data=data, actor=office_admin)
    assert (report.created, report.updated, report.unchanged) == (0, 1, 1)
    entity = Entity.objects.get(uscc=GOOD_A)
    assert entity.credit_risk == "D"
    assert entity.address == "伊河路1号"
    assert entity.established_on == dt.date(2019, 5, 20)


def test_unknown_columns_are_reported_and_ignored(office_admin: User) -> None:
    header = [*ENTITY_HEADER, "备注栏", "联系人"]
    rows = [[*r, "x", "y"] for r in rows_ok()]
    report = import_file(
        kind="entities", filename="a.csv", data=csv_bytes(header, rows), actor=office_admin
    )
    assert report.unknown_columns == ["备注栏", "联系人"]
    assert report.created == 2


def test_columns_in_any_order_and_english_names(office_admin: User) -> None:
    header = ["credit_risk", "area", "name", "entity_type", "uscc"]
    rows = [["A", "城关镇", "英文表头", "企业", GOOD_A]]
    import_file(kind="entities", filename="a.csv", data=csv_bytes(header, rows), actor=office_admin)
    assert Entity.objects.get(uscc=GOOD_A).name == "英文表头"


def test_missing_required_column_is_named_on_line_1(office_admin: User) -> None:
    header = ["统一社会信用代码", "名称", "主体类型", "所属区域"]
    with pytest.raises(RowsRejected) as caught:
        import_file(
            kind="entities",
            filename="a.csv",
            data=csv_bytes(header, [[GOOD_A, "甲", "企业", "城关镇"]]),
            actor=office_admin,
        )
    assert [str(e) for e in caught.value.errors] == ["第1行 信用风险分类: 缺少必填列"]


def test_blank_lines_keep_file_line_numbers(office_admin: User) -> None:
    rows = [rows_ok()[0], ["", "", "", "", "", ""], ["bad", "乙", "企业", "城关镇", "A", ""]]
    with pytest.raises(RowsRejected) as caught:
        import_file(
            kind="entities",
            filename="a.csv",
            data=csv_bytes(ENTITY_HEADER, rows),
            actor=office_admin,
        )
    assert caught.value.errors[0].line == 4


def test_unknown_township_and_entity_type_are_named(office_admin: User) -> None:
    rows = [[GOOD_A, "甲", "公司", "洛阳市", "A", ""]]
    with pytest.raises(RowsRejected) as caught:
        import_file(
            kind="entities",
            filename="a.csv",
            data=csv_bytes(ENTITY_HEADER, rows),
            actor=office_admin,
        )
    fields = {e.field for e in caught.value.errors}
    assert fields == {"主体类型", "所属区域"}


def test_flag_dates_need_the_flag(office_admin: User) -> None:
    header = [*ENTITY_HEADER, "经营异常名录", "列入经营异常名录日期"]
    rows = [[*rows_ok()[0], "否", "2024-01-01"]]
    with pytest.raises(RowsRejected) as caught:
        import_file(
            kind="entities", filename="a.csv", data=csv_bytes(header, rows), actor=office_admin
        )
    assert caught.value.errors[0].field == "列入经营异常名录日期"


def test_office_accepted_legacy_code_imports(office_admin: User) -> None:
    legacy = "91410324MA44XK7R86"
    legacy_code_accept(actor=office_admin, uscc=legacy, reason="登记机关历史赋码，经核实")
    rows = [[legacy, "历史代码企业", "企业", "城关镇", "A", ""]]
    report = import_file(
        kind="entities",
        filename="a.csv",
        data=csv_bytes(ENTITY_HEADER, rows),
        actor=office_admin,
    )
    assert report.created == 1


def test_department_admin_sets_only_own_tags(market_admin: User, office_admin: User) -> None:
    header = [*ENTITY_HEADER, "部门标签"]
    office_rows = [[*rows_ok()[0], "县卫生健康委/公共场所；县市场监督管理局/食品经营者"]]
    import_file(
        kind="entities",
        filename="a.csv",
        data=csv_bytes(header, office_rows),
        actor=office_admin,
    )
    rows = [[*rows_ok()[0], "特种设备使用单位；县卫生健康委/被改的"]]
    report = import_file(
        kind="entities", filename="b.csv", data=csv_bytes(header, rows), actor=market_admin
    )
    tags = sorted(str(t) for t in Entity.objects.get(uscc=GOOD_A).tags.all())
    assert tags == ["县卫生健康委/公共场所", "县市场监督管理局/特种设备使用单位"]
    assert report.updated == 1
    assert any("其他部门的标签" in n for n in report.notices)
    assert not EntityTag.objects.filter(name="被改的").exists()


def test_office_tag_without_department_is_an_error(office_admin: User) -> None:
    header = [*ENTITY_HEADER, "部门标签"]
    rows = [[*rows_ok()[0], "食品经营者"]]
    with pytest.raises(RowsRejected) as caught:
        import_file(
            kind="entities", filename="a.csv", data=csv_bytes(header, rows), actor=office_admin
        )
    assert "须写明部门" in str(caught.value.errors[0])


def test_inspector_role_cannot_import(market_inspector: User) -> None:
    with pytest.raises(PermissionDenied):
        import_file(
            kind="entities",
            filename="a.csv",
            data=csv_bytes(ENTITY_HEADER, rows_ok()),
            actor=market_inspector,
        )


def test_old_xls_and_garbage_are_refused_clearly(office_admin: User) -> None:
    from shuangsuiji.common.errors import ServiceError

    with pytest.raises(ServiceError, match=r"另存为 \.xlsx"):
        import_file(kind="entities", filename="a.xls", data=b"\xd0\xcf\x11\xe0", actor=office_admin)
    with pytest.raises(ServiceError, match="无法读取该 Excel"):
        import_file(kind="entities", filename="a.xlsx", data=b"PK\x03\x04junk", actor=office_admin)


def test_messy_excel_with_title_rows_markers_and_numeric_code(office_admin: User) -> None:
    """A sheet as an office sends it: a title line, a blank line, template `*` headers."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["栾川县检查对象名录（2025年）"])
    sheet.append([])
    sheet.append(
        ["统一社会信用代码*", " 名称* ", "主体类型*", "所属区域*", "信用风险分类*", "备注"]
    )
    sheet.append([GOOD_A, "栾川县（伊河）商贸有限公司", "企业", "城关镇", "b类", "无"])
    sheet.append([914103241716722820, "数字格式", "企业", "城关镇", "A", ""])
    import io

    out = io.BytesIO()
    workbook.save(out)
    with pytest.raises(RowsRejected) as caught:
        import_file(kind="entities", filename="名录.xlsx", data=out.getvalue(), actor=office_admin)
    assert [str(e) for e in caught.value.errors] == [
        "第5行 统一社会信用代码: 单元格是数字格式，18位代码已丢失精度："
        "请把该列设为“文本”格式后重新填写"
    ]
    sheet.delete_rows(5)
    out = io.BytesIO()
    workbook.save(out)
    report = import_file(
        kind="entities", filename="名录.xlsx", data=out.getvalue(), actor=office_admin
    )
    assert report.created == 1 and report.unknown_columns == ["备注"]
    entity = Entity.objects.get(uscc=GOOD_A)
    assert entity.name == "栾川县（伊河）商贸有限公司"
    assert entity.credit_risk == "B"
