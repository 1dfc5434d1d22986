"""一单两库: entities, items, inspectors, conflicts, accounts, reference rows and imports."""

from __future__ import annotations

from shuangsuiji.directory import services
from shuangsuiji.directory.importers import import_file
from shuangsuiji.directory.models import Area, Conflict, Department, Role
from shuangsuiji.directory.models import User as UserModel

from ...directory.factories import EntityFactory, InspectorFactory, ItemFactory
from ...directory.files import ENTITY_HEADER, GOOD_A, csv_bytes
from . import Env, Expect, audits

MARKET = "县市场监督管理局"
# A code whose check character is wrong (…R85 is right): only the office may accept it.
LEGACY = "91410324MA44XK7R86"


@audits("entity.create")
def entity_create(env: Env) -> Expect:
    entity = EntityFactory.build(uscc=GOOD_A, name="栾川县示例商贸有限公司")
    with env.watch:
        services.entity_save(actor=env.market, entity=entity)
    return Expect(env.market, "entity", GOOD_A)


@audits("entity.update")
def entity_update(env: Env) -> Expect:
    entity = EntityFactory(uscc=GOOD_A)
    entity.name = "栾川县示例商贸有限责任公司"
    with env.watch:
        services.entity_save(actor=env.market, entity=entity, reason="更名")
    return Expect(env.market, "entity", GOOD_A)


@audits("entity.tags")
def entity_tags(env: Env) -> Expect:
    entity = EntityFactory(uscc=GOOD_A)
    with env.watch:
        services.entity_tags_set(
            actor=env.market,
            entity=entity,
            department=Department.objects.get(name=MARKET),
            names=["食品生产"],
        )
    return Expect(env.market, "entity", GOOD_A)


@audits("entity.delete")
def entity_delete(env: Env) -> Expect:
    entity = EntityFactory(uscc=GOOD_A)
    with env.watch:
        services.entity_delete(actor=env.office, entity=entity, reason="重复录入")
    return Expect(env.office, "entity", GOOD_A)


@audits("legacy_code.accept")
def legacy_code_accept(env: Env) -> Expect:
    with env.watch:
        services.legacy_code_accept(actor=env.office, uscc=LEGACY, reason="2015年前发证")
    return Expect(env.office, "legacy_code", LEGACY)


@audits("item.create")
def item_create(env: Env) -> Expect:
    item = ItemFactory.build(name="营业执照规范使用检查")
    with env.watch:
        services.item_save(actor=env.market, item=item)
    return Expect(env.market, "item", item.pk)


@audits("item.update")
def item_update(env: Env) -> Expect:
    item = ItemFactory()
    item.legal_basis = "《市场主体登记管理条例》第三条"
    with env.watch:
        services.item_save(actor=env.market, item=item)
    return Expect(env.market, "item", item.pk)


@audits("item.publish")
def item_publish(env: Env) -> Expect:
    item = ItemFactory()
    with env.watch:
        services.item_publish(actor=env.market, item=item)
    return Expect(env.market, "item", item.pk)


@audits("item.new_version")
def item_new_version(env: Env) -> Expect:
    item = ItemFactory(state="published")
    with env.watch:
        draft = services.item_new_version(actor=env.market, item=item, reason="依据修订")
    assert draft.pk != item.pk
    return Expect(env.market, "item", draft.pk)


@audits("item.delete")
def item_delete(env: Env) -> Expect:
    item = ItemFactory()
    pk = item.pk
    with env.watch:
        services.item_delete(actor=env.market, item=item)
    return Expect(env.market, "item", pk)


@audits("inspector.create")
def inspector_create(env: Env) -> Expect:
    person = InspectorFactory.build(certificate_no="41032420250901")
    with env.watch:
        services.inspector_save(actor=env.market, inspector=person)
    return Expect(env.market, "inspector", "41032420250901")


@audits("inspector.update")
def inspector_update(env: Env) -> Expect:
    person = InspectorFactory(certificate_no="41032420250901")
    person.title = "副队长"
    with env.watch:
        services.inspector_save(actor=env.market, inspector=person)
    return Expect(env.market, "inspector", "41032420250901")


@audits("inspector.delete")
def inspector_delete(env: Env) -> Expect:
    person = InspectorFactory(certificate_no="41032420250901")
    with env.watch:
        services.inspector_delete(actor=env.market, inspector=person, reason="录入错误")
    return Expect(env.market, "inspector", "41032420250901")


@audits("conflict.add")
def conflict_add(env: Env) -> Expect:
    person, entity = InspectorFactory(), EntityFactory()
    with env.watch:
        made = services.conflict_add(
            actor=env.market, inspector=person, entity=entity, reason="近亲属任法定代表人"
        )
    return Expect(env.market, "conflict", made.pk)


@audits("conflict.remove")
def conflict_remove(env: Env) -> Expect:
    conflict = Conflict.objects.create(
        inspector=InspectorFactory(), entity=EntityFactory(), reason="近亲属"
    )
    pk = conflict.pk
    with env.watch:
        services.conflict_remove(actor=env.market, conflict=conflict, reason="亲属关系已解除")
    return Expect(env.market, "conflict", pk)


@audits("user.create")
def user_create(env: Env) -> Expect:
    with env.watch:
        user = services.user_create(
            actor=env.office,
            username="scjg_zhang",
            password="Lc-2025-strong!",
            department=Department.objects.get(name=MARKET),
            role=Role.DEPT_ADMIN,
        )
    return Expect(env.office, "user", user.pk)


@audits("user.update")
def user_update(env: Env) -> Expect:
    user = env.market
    user.full_name = "张三"
    with env.watch:
        services.user_update(actor=env.office, user=user, reason="更正姓名")
    return Expect(env.office, "user", user.pk)


@audits("user.password")
def user_password(env: Env) -> Expect:
    """Only the admin's password form performs it."""
    target = env.market
    client = env.client
    client.force_login(env.office)
    with env.watch:
        response = client.post(
            f"/admin/directory/user/{target.pk}/password/",
            {"password1": "Lc-2026-Another!", "password2": "Lc-2026-Another!"},
        )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert UserModel.objects.get(pk=target.pk).check_password("Lc-2026-Another!")
    return Expect(env.office, "user", target.pk)


@audits("department.create")
def department_create(env: Env) -> Expect:
    row = Department(name="县测试管理局", code="T99")
    with env.watch:
        services.reference_save(actor=env.office, row=row)
    return Expect(env.office, "department", row.pk)


@audits("department.update")
def department_update(env: Env) -> Expect:
    row = Department.objects.get(name=MARKET)
    row.short_name = "市场局"
    with env.watch:
        services.reference_save(actor=env.office, row=row)
    return Expect(env.office, "department", row.pk)


@audits("area.create")
def area_create(env: Env) -> Expect:
    row = Area(name="测试镇", code="410324999")
    with env.watch:
        services.reference_save(actor=env.office, row=row)
    return Expect(env.office, "area", row.pk)


@audits("area.update")
def area_update(env: Env) -> Expect:
    row = Area.objects.get(name="城关镇")
    row.sort_order += 1
    with env.watch:
        services.reference_save(actor=env.office, row=row)
    return Expect(env.office, "area", row.pk)


ITEM_HEADER = ["抽查类别", "抽查事项", "检查对象", "事项类别", "检查方式", "检查主体"]
ITEM_HEADER += ["检查依据", "抽查比例上限(%)", "抽查频次", "年度", "状态"]
ITEM_ROW = ["市场监管领域", "营业执照规范使用情况的检查", "企业", "一般", "现场", MARKET]
ITEM_ROW += ["《市场主体登记管理条例》", "5%", "每年1次", "2025", "草稿"]
INSPECTOR_HEADER = ["姓名", "单位", "执法证号", "执法证有效期至", "状态", "人员类型"]
INSPECTOR_ROW = ["李四", MARKET, "41032420190001", "2027-12-31", "在岗", "执法人员"]


def _import(env: Env, kind: str, data: bytes) -> Expect:
    with env.watch:
        report = import_file(kind=kind, filename=f"{kind}.csv", data=data, actor=env.office)
    assert report.created == 1
    return Expect(env.office, kind, "")


@audits("items.import")
def items_import(env: Env) -> Expect:
    return _import(env, "items", csv_bytes(ITEM_HEADER, [ITEM_ROW]))


@audits("entities.import")
def entities_import(env: Env) -> Expect:
    row = [GOOD_A, "栾川县示例商贸有限公司", "企业", "城关镇", "B", "2019-05-20"]
    return _import(env, "entities", csv_bytes(ENTITY_HEADER, [row]))


@audits("inspectors.import")
def inspectors_import(env: Env) -> Expect:
    return _import(env, "inspectors", csv_bytes(INSPECTOR_HEADER, [INSPECTOR_ROW]))
