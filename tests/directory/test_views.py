"""Staff pages of 一单两库: rendering per role, scoping, exports and the import page."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook

from shuangsuiji.common.models import AuditEntry
from shuangsuiji.common.uscc import check_char_17, complete
from shuangsuiji.directory import services
from shuangsuiji.directory.access import SYSTEM
from shuangsuiji.directory.models import (
    Area,
    Department,
    Entity,
    InspectionItem,
    Inspector,
    ItemState,
    User,
)

pytestmark = pytest.mark.django_db

GOOD_CODE = "91410324MA44XK7R85"
GOOD_CODE_2 = "91410324171672282Q"
BAD_CODE = "91410324MA44XK7R86"  # wrong check character


def uscc(n: int) -> str:
    """A valid made-up Luanchuan code numbered n."""
    org = f"{n:08d}"
    return complete("91410324" + org + check_char_17(org))


def make_item(department: Department, name: str, **extra: Any) -> InspectionItem:
    partners = extra.pop("partners", None)
    values: dict[str, Any] = {
        "check_category": "市场监管领域",
        "name": name,
        "targets": ["企业"],
        "category": "general",
        "methods": ["onsite", "online"],
        "department": department,
        "legal_basis": "《市场主体登记管理条例》",
        "ratio_cap": 5,
        "year": 2025,
    }
    values.update(extra)
    partner_ids = [d.pk for d in partners] if partners else None
    if partners:
        values.update(in_joint_list=True, lead_department=department)
    item = services.item_save(actor=SYSTEM, item=InspectionItem(**values), partner_ids=partner_ids)
    return item


def make_inspector(department: Department, name: str, cert: str, **extra: Any) -> Inspector:
    values: dict[str, Any] = {
        "name": name,
        "department": department,
        "organization": department.name,
        "certificate_no": cert,
        "certificate_valid_until": "2027-12-31",
        "phone": "13800000000",
        "specialties": ["食品安全"],
    }
    values.update(extra)
    return services.inspector_save(actor=SYSTEM, inspector=Inspector(**values))


def make_entity(code: str, name: str, **extra: Any) -> Entity:
    values: dict[str, Any] = {
        "uscc": code,
        "name": name,
        "entity_type": "企业",
        "area": Area.objects.get(name="城关镇"),
        "credit_risk": "B",
    }
    values.update(extra)
    return services.entity_save(actor=SYSTEM, entity=Entity(**values))


@pytest.fixture
def data(market_dept: Department, health_dept: Department) -> dict[str, Any]:
    """One item, inspector and entity per department, a joint item and a conflict."""
    market_item = make_item(market_dept, "营业执照（登记证）规范使用情况的检查")
    health_item = make_item(health_dept, "游泳场（馆）许可及卫生管理检查")
    joint_item = make_item(health_dept, "餐具饮具集中消毒服务单位的检查", partners=[market_dept])
    market_person = make_inspector(market_dept, "李市场", "MARKET001")
    health_person = make_inspector(health_dept, "王卫健", "HEALTH001", phone="13911112222")
    entity = make_entity(GOOD_CODE, "栾川县示例商贸有限公司")
    other = make_entity(GOOD_CODE_2, "栾川县伊河宾馆", area=Area.objects.get(name="庙子镇"))
    conflict = services.conflict_add(
        actor=SYSTEM, inspector=health_person, entity=other, reason="近亲属任该单位负责人"
    )
    return {
        "market_item": market_item,
        "health_item": health_item,
        "joint_item": joint_item,
        "market_person": market_person,
        "health_person": health_person,
        "entity": entity,
        "other_entity": other,
        "conflict": conflict,
    }


def login(client: Client, user: User) -> Client:
    client.force_login(user)
    return client


def text(response: Any) -> str:
    return response.content.decode()


# ---------------------------------------------------------------- access


PAGES = [
    "home",
    "directory:item_list",
    "directory:entity_list",
    "directory:inspector_list",
    "directory:import",
    "audit_log",
]


@pytest.mark.parametrize("name", PAGES)
def test_anonymous_is_sent_to_login(client: Client, name: str) -> None:
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_login_page_is_chinese_and_logs_in(client: Client, office_admin: User) -> None:
    page = client.get(reverse("login"))
    assert "登录" in text(page) and "用户名" in text(page) and "密码" in text(page)
    response = client.post(reverse("login"), {"username": "office", "password": "pw-office"})
    assert response.status_code == 302 and response["Location"] == reverse("home")
    bad = Client().post(reverse("login"), {"username": "office", "password": "wrong"})
    assert bad.status_code == 200 and "正确的用户名和密码" in text(bad)


def test_logout_is_a_post(client: Client, office_admin: User) -> None:
    login(client, office_admin)
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 302


@pytest.mark.parametrize(
    "role", ["office_admin", "market_admin", "health_admin", "market_inspector"]
)
def test_every_page_renders_for_every_role(
    client: Client, request: pytest.FixtureRequest, role: str, data: dict[str, Any]
) -> None:
    user: User = request.getfixturevalue(role)
    login(client, user)
    for name in [
        "home",
        "directory:item_list",
        "directory:entity_list",
        "directory:inspector_list",
    ]:
        response = client.get(reverse(name))
        assert response.status_code == 200, name
        assert "双随机监管平台" in text(response)
        assert user.display_name in text(response)
    entity = client.get(reverse("directory:entity_detail", args=[data["entity"].pk]))
    assert entity.status_code == 200 and GOOD_CODE in text(entity)
    # Every role reads the pages with filters applied too.
    filtered = client.get(
        reverse("directory:item_list"), {"year": "2025", "category": "general", "joint": "0"}
    )
    assert filtered.status_code == 200
    importing = client.get(reverse("directory:import"))
    assert importing.status_code == (403 if role == "market_inspector" else 200)
    audit = client.get(reverse("audit_log"))
    assert audit.status_code == (200 if role == "office_admin" else 403)


def test_nav_shows_role_specific_links(
    client: Client, office_admin: User, market_inspector: User
) -> None:
    office_home = text(login(client, office_admin).get(reverse("home")))
    assert "审计日志" in office_home and "后台管理" in office_home and "数据导入" in office_home
    assert "联席办管理员" in office_home
    inspector_home = text(login(client, market_inspector).get(reverse("home")))
    assert "审计日志" not in inspector_home
    assert "后台管理" not in inspector_home
    assert "数据导入" not in inspector_home
    assert "县市场监督管理局" in inspector_home


def test_forbidden_page_is_chinese(client: Client, market_inspector: User) -> None:
    response = login(client, market_inspector).get(reverse("directory:import"))
    assert response.status_code == 403
    assert "无权访问" in text(response)


# ---------------------------------------------------------------- items


def test_item_list_shows_labels_and_filters(
    client: Client, office_admin: User, data: dict[str, Any], health_dept: Department
) -> None:
    login(client, office_admin)
    page = text(client.get(reverse("directory:item_list")))
    assert "营业执照（登记证）规范使用情况的检查" in page
    assert "现场、网络" in page and "5%" in page and "草稿" in page
    only_health = text(client.get(reverse("directory:item_list"), {"department": health_dept.pk}))
    assert "营业执照（登记证）" not in only_health
    assert "游泳场（馆）" in only_health
    joint = text(client.get(reverse("directory:item_list"), {"joint": "1"}))
    assert "餐具饮具集中消毒" in joint and "游泳场（馆）" not in joint


def test_department_admin_sees_only_own_and_partner_items(
    client: Client, market_admin: User, data: dict[str, Any]
) -> None:
    login(client, market_admin)
    page = text(client.get(reverse("directory:item_list")))
    assert "营业执照（登记证）" in page
    assert "餐具饮具集中消毒" in page  # market is a partner of this joint item
    assert "游泳场（馆）" not in page
    detail = client.get(reverse("directory:item_detail", args=[data["health_item"].pk]))
    assert detail.status_code == 404
    assert "页面不存在" in text(detail)


def test_department_admin_cannot_publish_another_departments_item(
    client: Client, market_admin: User, data: dict[str, Any]
) -> None:
    login(client, market_admin)
    hidden = client.post(reverse("directory:item_publish", args=[data["health_item"].pk]))
    assert hidden.status_code == 404
    # A partner sees the joint item but may not publish it: the service refuses.
    joint = data["joint_item"]
    detail = text(client.get(reverse("directory:item_detail", args=[joint.pk])))
    assert "item_publish" not in detail and ">发布<" not in detail
    response = client.post(reverse("directory:item_publish", args=[joint.pk]), follow=True)
    assert "只能发布本部门的抽查事项" in text(response)
    joint.refresh_from_db()
    assert joint.state == ItemState.DRAFT
    assert InspectionItem.objects.get(pk=data["health_item"].pk).state == ItemState.DRAFT


def test_publish_then_new_version_from_the_detail_page(
    client: Client, market_admin: User, data: dict[str, Any]
) -> None:
    login(client, market_admin)
    item = data["market_item"]
    detail = text(client.get(reverse("directory:item_detail", args=[item.pk])))
    assert ">发布</button>" in detail
    response = client.post(reverse("directory:item_publish", args=[item.pk]), follow=True)
    assert "已发布" in text(response)
    item.refresh_from_db()
    assert item.state == ItemState.PUBLISHED
    again = client.post(reverse("directory:item_publish", args=[item.pk]), follow=True)
    assert "该抽查事项已发布" in text(again)
    response = client.post(reverse("directory:item_new_version", args=[item.pk]), follow=True)
    draft = InspectionItem.objects.get(name=item.name, version=2)
    assert draft.state == ItemState.DRAFT
    assert "已生成第2版草稿" in text(response)
    assert AuditEntry.objects.filter(action="item.new_version", actor=market_admin).exists()


def test_inspector_role_sees_no_write_buttons(
    client: Client, market_inspector: User, data: dict[str, Any]
) -> None:
    login(client, market_inspector)
    item = data["market_item"]
    detail = text(client.get(reverse("directory:item_detail", args=[item.pk])))
    assert ">发布</button>" not in detail and "生成新版本" not in detail
    response = client.post(reverse("directory:item_publish", args=[item.pk]), follow=True)
    assert "只能发布本部门的抽查事项" in text(response)
    item.refresh_from_db()
    assert item.state == ItemState.DRAFT
    listing = text(client.get(reverse("directory:item_list")))
    assert "下载导入模板" not in listing and "导出全部" in listing


# ---------------------------------------------------------------- entities


def test_entity_search_by_name_partial_and_unnormalised_code(
    client: Client, market_inspector: User, data: dict[str, Any]
) -> None:
    login(client, market_inspector)
    url = reverse("directory:entity_list")
    by_name = text(client.get(url, {"q": "伊河"}))
    assert "栾川县伊河宾馆" in by_name and "示例商贸" not in by_name
    by_prefix = text(client.get(url, {"q": " 91410324ma44 "}))
    assert "示例商贸" in by_prefix and "伊河宾馆" not in by_prefix
    full_width = text(client.get(url, {"q": "９１４１０３２４１７１６７２２８２Ｑ"}))
    assert "伊河宾馆" in full_width
    by_area = text(client.get(url, {"area": Area.objects.get(name="庙子镇").pk}))
    assert "伊河宾馆" in by_area and "示例商贸" not in by_area
    by_risk = text(client.get(url, {"credit_risk": "D"}))
    assert "没有符合条件的检查对象" in by_risk


def test_entity_list_paginates_fifty_per_page(client: Client, office_admin: User) -> None:
    area = Area.objects.get(name="城关镇")
    Entity.objects.bulk_create(
        Entity(
            uscc=uscc(n), name=f"分页测试{n:03d}", entity_type="企业", area=area, credit_risk="A"
        )
        for n in range(1, 121)
    )
    login(client, office_admin)
    first = text(client.get(reverse("directory:entity_list")))
    assert first.count("分页测试") == 50 and "共 <strong>120</strong> 条" in first
    last = text(client.get(reverse("directory:entity_list"), {"page": 3, "q": "分页"}))
    assert last.count("分页测试") == 20
    assert "q=%E5%88%86%E9%A1%B5&amp;page=2" in last


def test_entity_detail_shows_fields_and_tags(
    client: Client, market_admin: User, market_dept: Department, data: dict[str, Any]
) -> None:
    entity = data["entity"]
    services.entity_tags_set(
        actor=market_admin, entity=entity, department=market_dept, names=["食品经营者"]
    )
    page = text(
        login(client, market_admin).get(reverse("directory:entity_detail", args=[entity.pk]))
    )
    assert "食品经营者" in page and "B类（信用风险一般）" in page and "城关镇" in page


# ---------------------------------------------------------------- inspectors


def test_department_admin_sees_only_own_inspectors(
    client: Client, market_admin: User, data: dict[str, Any]
) -> None:
    login(client, market_admin)
    page = text(client.get(reverse("directory:inspector_list")))
    assert "李市场" in page and "王卫健" not in page
    assert "联系电话" in page and "13800000000" in page
    detail = client.get(reverse("directory:inspector_detail", args=[data["health_person"].pk]))
    assert detail.status_code == 404


def test_inspector_role_does_not_see_phone_numbers(
    client: Client, market_inspector: User, data: dict[str, Any]
) -> None:
    login(client, market_inspector)
    page = text(client.get(reverse("directory:inspector_list")))
    assert "李市场" in page and "13800000000" not in page and "联系电话" not in page
    detail = text(
        client.get(reverse("directory:inspector_detail", args=[data["market_person"].pk]))
    )
    assert "13800000000" not in detail


def test_office_filters_inspectors_by_department_and_sees_conflicts(
    client: Client, office_admin: User, health_dept: Department, data: dict[str, Any]
) -> None:
    login(client, office_admin)
    page = text(client.get(reverse("directory:inspector_list"), {"department": health_dept.pk}))
    assert "王卫健" in page and "李市场" not in page
    detail = text(
        client.get(reverse("directory:inspector_detail", args=[data["health_person"].pk]))
    )
    assert "近亲属任该单位负责人" in detail and "栾川县伊河宾馆" in detail


def test_department_filter_is_office_only(
    client: Client, market_admin: User, health_dept: Department, data: dict[str, Any]
) -> None:
    login(client, market_admin)
    page = text(client.get(reverse("directory:inspector_list"), {"department": health_dept.pk}))
    assert "王卫健" not in page
    assert 'name="department"' not in page


# ---------------------------------------------------------------- exports


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "json"])
def test_exports_download_in_every_format(
    client: Client, office_admin: User, data: dict[str, Any], fmt: str
) -> None:
    response = login(client, office_admin).get(reverse("directory:export", args=["entities", fmt]))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    assert "%E6%A3%80%E6%9F%A5%E5%AF%B9%E8%B1%A1" in response["Content-Disposition"]


def test_export_is_scoped_to_the_department(
    client: Client, market_admin: User, data: dict[str, Any]
) -> None:
    login(client, market_admin)
    people = json.loads(
        client.get(reverse("directory:export", args=["inspectors", "json"])).content
    )
    assert [p["姓名"] for p in people] == ["李市场"]
    items = json.loads(client.get(reverse("directory:export", args=["items", "json"])).content)
    names = {i["抽查事项"] for i in items}
    assert "游泳场（馆）许可及卫生管理检查" not in names
    assert "营业执照（登记证）规范使用情况的检查" in names


def test_export_rejects_unknown_kind(client: Client, office_admin: User) -> None:
    response = login(client, office_admin).get(reverse("directory:export", args=["users", "csv"]))
    assert response.status_code == 404


def test_import_template_download(client: Client, market_admin: User) -> None:
    response = login(client, market_admin).get(
        reverse("directory:import_template", args=["entities"])
    )
    assert response.status_code == 200
    assert response.content[:2] == b"PK"


# ---------------------------------------------------------------- import


def xlsx(rows: list[list[Any]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


HEADER = ["统一社会信用代码", "名称", "主体类型", "所属区域", "信用风险分类"]


def entity_file(*codes: str, extra_column: bool = False) -> io.BytesIO:
    header = [*HEADER, "备用列"] if extra_column else HEADER
    rows = [header]
    for n, code in enumerate(codes):
        row = [code, f"导入测试{n}", "企业", "城关镇", "A"]
        rows.append([*row, "x"] if extra_column else row)
    upload = io.BytesIO(xlsx(rows))
    upload.name = "检查对象.xlsx"
    return upload


def test_import_shows_every_row_error_and_writes_nothing(
    client: Client, office_admin: User
) -> None:
    login(client, office_admin)
    audits = AuditEntry.objects.count()
    response = client.post(
        reverse("directory:import"),
        {"kind": "entities", "file": entity_file(GOOD_CODE, BAD_CODE, "123")},
    )
    page = text(response)
    assert response.status_code == 200
    assert "文件有 2 处错误，未导入任何数据" in page
    assert "第3行" in page and "统一社会信用代码" in page and "第18位校验码应为" in page
    assert "第4行" in page and "应为18位" in page
    assert Entity.objects.count() == 0
    assert AuditEntry.objects.count() == audits


def test_import_dry_run_writes_nothing(client: Client, market_admin: User) -> None:
    login(client, market_admin)
    response = client.post(
        reverse("directory:import"),
        {"kind": "entities", "file": entity_file(GOOD_CODE, GOOD_CODE_2), "dry_run": "on"},
    )
    page = text(response)
    assert "试导入通过" in page and "新增 2" in page
    assert Entity.objects.count() == 0
    assert not AuditEntry.objects.filter(action="entities.import").exists()


def test_import_success_reports_summary_progress_and_unknown_columns(
    client: Client, office_admin: User
) -> None:
    login(client, office_admin)
    token = "a" * 32
    response = client.post(
        reverse("directory:import"),
        {
            "kind": "entities",
            "file": entity_file(GOOD_CODE, GOOD_CODE_2, extra_column=True),
            "token": token,
        },
    )
    page = text(response)
    assert "导入成功" in page and "已导入检查对象 2 行：新增 2" in page
    assert "备用列" in page and "已忽略" in page
    assert Entity.objects.count() == 2
    entry = AuditEntry.objects.get(action="entities.import")
    assert entry.actor == office_admin
    progress = client.get(reverse("directory:import_progress", args=[token])).json()
    assert progress == {"stage": "完成", "done": 2, "total": 2}


def test_import_progress_is_private_to_the_uploader(
    client: Client, office_admin: User, market_admin: User
) -> None:
    cache.set(f"ssj:import-progress:{office_admin.pk}:{'b' * 32}", {"stage": "校验"}, 60)
    login(client, market_admin)
    response = client.get(reverse("directory:import_progress", args=["b" * 32]))
    assert response.json()["stage"] == ""
    assert client.get(reverse("directory:import_progress", args=["nope"])).status_code == 404


def test_import_by_xhr_returns_the_result_fragment(client: Client, office_admin: User) -> None:
    login(client, office_admin)
    response = client.post(
        reverse("directory:import"),
        {"kind": "entities", "file": entity_file(BAD_CODE)},
        headers={"X-Requested-With": "XMLHttpRequest"},
    )
    page = text(response)
    assert page.lstrip().startswith('<div class="import-result"')
    assert 'data-outcome="rejected"' in page and "<html" not in page
    assert "第2行" in page


def test_import_of_another_departments_inspectors_is_rejected(
    client: Client, market_admin: User
) -> None:
    rows = [
        ["姓名", "单位", "执法证号", "执法证有效期至"],
        ["张卫健", "县卫生健康委", "H-0001", "2027-12-31"],
    ]
    upload = io.BytesIO(xlsx(rows))
    upload.name = "人员.xlsx"
    response = login(client, market_admin).post(
        reverse("directory:import"), {"kind": "inspectors", "file": upload}
    )
    assert "无权维护县卫生健康委的人员" in text(response)
    assert not Inspector.objects.exists()


def test_import_rejects_wrong_file_type(client: Client, office_admin: User) -> None:
    upload = io.BytesIO(b"hello")
    upload.name = "notes.txt"
    response = login(client, office_admin).post(
        reverse("directory:import"), {"kind": "entities", "file": upload}
    )
    assert "请上传 .xlsx 或 .csv 文件" in text(response)
