"""Writes to 一单两库. Each service is atomic and writes its audit entry in the same transaction."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone

from shuangsuiji.common.audit import audit_record
from shuangsuiji.common.errors import PermissionDenied, ServiceError
from shuangsuiji.common.uscc import USCCError, normalize, validate
from shuangsuiji.common.validation import full_clean as _full_clean
from shuangsuiji.common.validation import snapshot

from .access import can_edit_department_rows, can_write_directory
from .models import (
    AcceptedLegacyCode,
    Area,
    Conflict,
    Department,
    Entity,
    EntityTag,
    InspectionItem,
    Inspector,
    ItemState,
    Role,
    User,
)


def uscc_check(code: str) -> str:
    """Normalise a 统一社会信用代码 and validate it, unless the office accepted it as legacy."""
    value = normalize(code)
    try:
        return validate(value)
    except USCCError:
        if AcceptedLegacyCode.objects.filter(uscc=value).exists():
            return value
        raise


# ---------------------------------------------------------------- entities


@transaction.atomic
def entity_save(*, actor: Any, entity: Entity, reason: str = "") -> Entity:
    """Create or update one entity after validating its code (GB 32100-2015)."""
    if not can_write_directory(actor):
        raise PermissionDenied("只有联席办管理员和部门管理员可以维护检查对象名录库")
    try:
        entity.uscc = uscc_check(entity.uscc)
    except USCCError as exc:
        raise ServiceError(f"统一社会信用代码: {exc}", field="uscc") from exc
    before = snapshot(Entity.objects.get(pk=entity.pk)) if entity.pk else None
    _full_clean(entity)
    entity.save()
    audit_record(
        actor=actor,
        action="entity.update" if before else "entity.create",
        object_type="entity",
        object_id=entity.uscc,
        object_repr=entity.name,
        before=before,
        after=snapshot(entity),
        reason=reason,
    )
    return entity


@transaction.atomic
def entity_tags_set(
    *, actor: Any, entity: Entity, department: Department, names: list[str]
) -> None:
    """Replace one department's tags on an entity; a department admin sets only its own."""
    if not can_edit_department_rows(actor, department.pk):
        raise PermissionDenied("只能维护本部门的标签")
    before = sorted(str(t) for t in entity.tags.all())
    keep = [t for t in entity.tags.all() if t.department_id != department.pk]
    new = [EntityTag.objects.get_or_create(department=department, name=n)[0] for n in names]
    entity.tags.set(keep + new)
    audit_record(
        actor=actor,
        action="entity.tags",
        object_type="entity",
        object_id=entity.uscc,
        object_repr=entity.name,
        before={"tags": before},
        after={"tags": sorted(str(t) for t in entity.tags.all())},
    )


@transaction.atomic
def entity_delete(*, actor: Any, entity: Entity, reason: str) -> None:
    """Remove an entity entered in error; the office only, with a reason."""
    if not actor.is_office_admin:
        raise PermissionDenied("只有联席办管理员可以删除检查对象")
    if not reason.strip():
        raise ServiceError("删除检查对象必须填写原因")
    before = snapshot(entity)
    uscc, name = entity.uscc, entity.name
    try:
        entity.delete()
    except ProtectedError as exc:
        raise ServiceError(f"{name} 已被抽中检查，抽取台账中有记录，不能删除") from exc
    audit_record(
        actor=actor,
        action="entity.delete",
        object_type="entity",
        object_id=uscc,
        object_repr=name,
        before=before,
        reason=reason,
    )


@transaction.atomic
def legacy_code_accept(*, actor: Any, uscc: str, reason: str) -> AcceptedLegacyCode:
    """The office accepts one legacy code that fails a check, with a recorded reason."""
    if not actor.is_office_admin:
        raise PermissionDenied("只有联席办管理员可以接受未通过校验的历史代码")
    if not reason.strip():
        raise ServiceError("接受历史代码必须填写理由")
    value = normalize(uscc)
    if len(value) != 18:
        raise ServiceError(f"统一社会信用代码应为18位，实际{len(value)}位")
    accepted = AcceptedLegacyCode.objects.create(uscc=value, reason=reason, accepted_by=actor)
    audit_record(
        actor=actor,
        action="legacy_code.accept",
        object_type="legacy_code",
        object_id=value,
        object_repr=value,
        after={"uscc": value},
        reason=reason,
    )
    return accepted


# ---------------------------------------------------------------- items


def _check_item_rules(item: InspectionItem) -> None:
    if item.category == "general" and item.ratio_cap is None:
        raise ServiceError("一般检查事项必须设置抽查比例上限", field="ratio_cap")
    if item.category == "key" and item.ratio_cap is not None:
        raise ServiceError("重点检查事项的抽查比例不设上限，请留空", field="ratio_cap")
    if not item.methods:
        raise ServiceError("至少选择一种检查方式", field="methods")


@transaction.atomic
def item_save(
    *, actor: Any, item: InspectionItem, partner_ids: list[int] | None = None, reason: str = ""
) -> InspectionItem:
    """Create or update a draft item; a published item is immutable (use item_new_version)."""
    if not can_edit_department_rows(actor, item.department_id):
        raise PermissionDenied("只能维护本部门的抽查事项")
    before = None
    if item.pk:
        stored = InspectionItem.objects.get(pk=item.pk)
        if stored.state == ItemState.PUBLISHED:
            raise ServiceError("已发布的抽查事项不可修改，请生成新版本后修改")
        before = snapshot(stored)
    _check_item_rules(item)
    _full_clean(item, exclude=["partner_departments"])
    item.save()
    if partner_ids is not None:
        item.partner_departments.set(partner_ids)
    audit_record(
        actor=actor,
        action="item.update" if before else "item.create",
        object_type="item",
        object_id=item.pk,
        object_repr=str(item),
        before=before,
        after=snapshot(item),
        reason=reason,
    )
    return item


@transaction.atomic
def item_publish(*, actor: Any, item: InspectionItem) -> InspectionItem:
    """Publish a draft: from now on it is immutable (seed 二(一): lists are made public)."""
    if not can_edit_department_rows(actor, item.department_id):
        raise PermissionDenied("只能发布本部门的抽查事项")
    item = InspectionItem.objects.select_for_update().get(pk=item.pk)
    if item.state == ItemState.PUBLISHED:
        raise ServiceError("该抽查事项已发布")
    _check_item_rules(item)
    item.state = ItemState.PUBLISHED
    item.published_at = timezone.now()
    item.save(update_fields=["state", "published_at", "updated_at"])
    audit_record(
        actor=actor,
        action="item.publish",
        object_type="item",
        object_id=item.pk,
        object_repr=str(item),
        after={"state": item.state, "version": item.version},
    )
    return item


@transaction.atomic
def item_new_version(*, actor: Any, item: InspectionItem, reason: str = "") -> InspectionItem:
    """Copy a published item into the next draft version, which can then be edited."""
    if not can_edit_department_rows(actor, item.department_id):
        raise PermissionDenied("只能修改本部门的抽查事项")
    key = {"department_id": item.department_id, "year": item.year, "name": item.name}
    if InspectionItem.objects.filter(**key, state=ItemState.DRAFT).exists():
        raise ServiceError("该抽查事项已有未发布的草稿版本")
    latest = InspectionItem.objects.filter(**key).order_by("-version").first()
    assert latest is not None
    partners = list(latest.partner_departments.values_list("pk", flat=True))
    draft = InspectionItem.objects.get(pk=latest.pk)
    draft.pk = None
    draft.version = latest.version + 1
    draft.state = ItemState.DRAFT
    draft.published_at = None
    draft.save()
    draft.partner_departments.set(partners)
    audit_record(
        actor=actor,
        action="item.new_version",
        object_type="item",
        object_id=draft.pk,
        object_repr=str(draft),
        after=snapshot(draft),
        reason=reason,
    )
    return draft


@transaction.atomic
def item_delete(*, actor: Any, item: InspectionItem) -> None:
    """Only a draft can be deleted; a published version stays as the record of what was public."""
    if not can_edit_department_rows(actor, item.department_id):
        raise PermissionDenied("只能删除本部门的抽查事项")
    if item.state == ItemState.PUBLISHED:
        raise ServiceError("已发布的抽查事项不可删除")
    before = snapshot(item)
    pk, label = item.pk, str(item)
    item.delete()
    audit_record(
        actor=actor,
        action="item.delete",
        object_type="item",
        object_id=pk or "",
        object_repr=label,
        before=before,
    )


# ---------------------------------------------------------------- inspectors


@transaction.atomic
def inspector_save(*, actor: Any, inspector: Inspector, reason: str = "") -> Inspector:
    """Create or update a person in a department's inspector directory (seed 二(四))."""
    if not can_edit_department_rows(actor, inspector.department_id):
        raise PermissionDenied("只能维护本部门的执法检查人员")
    before = None
    if inspector.pk:
        stored = Inspector.objects.get(pk=inspector.pk)
        if not can_edit_department_rows(actor, stored.department_id):
            raise PermissionDenied("只能维护本部门的执法检查人员")
        before = snapshot(stored)
    _full_clean(inspector)
    inspector.save()
    audit_record(
        actor=actor,
        action="inspector.update" if before else "inspector.create",
        object_type="inspector",
        object_id=inspector.certificate_no,
        object_repr=inspector.name,
        before=before,
        after=snapshot(inspector),
        reason=reason,
    )
    return inspector


@transaction.atomic
def inspector_delete(*, actor: Any, inspector: Inspector, reason: str) -> None:
    """Remove a person entered in error. People who leave are set to 调出/退休 instead."""
    if not can_edit_department_rows(actor, inspector.department_id):
        raise PermissionDenied("只能维护本部门的执法检查人员")
    if not reason.strip():
        raise ServiceError("删除人员必须填写原因；调出或退休请修改状态")
    before = snapshot(inspector)
    cert, name = inspector.certificate_no, inspector.name
    try:
        inspector.delete()
    except ProtectedError as exc:
        raise ServiceError(
            f"{name} 已列入抽取结果的检查组，不能删除；调出或退休请修改状态"
        ) from exc
    audit_record(
        actor=actor,
        action="inspector.delete",
        object_type="inspector",
        object_id=cert,
        object_repr=name,
        before=before,
        reason=reason,
    )


@transaction.atomic
def conflict_add(*, actor: Any, inspector: Inspector, entity: Entity, reason: str) -> Conflict:
    """Register that an inspector must step aside for an entity (回避, 行政处罚法 第四十三条)."""
    if not can_edit_department_rows(actor, inspector.department_id):
        raise PermissionDenied("只能为本部门人员登记回避")
    if not reason.strip():
        raise ServiceError("回避登记必须填写原因")
    conflict, created = Conflict.objects.get_or_create(
        inspector=inspector, entity=entity, defaults={"reason": reason, "recorded_by_id": actor.pk}
    )
    if not created:
        raise ServiceError(f"{inspector.name} 与 {entity.name} 的回避关系已登记")
    audit_record(
        actor=actor,
        action="conflict.add",
        object_type="conflict",
        object_id=conflict.pk,
        object_repr=str(conflict),
        after={"inspector": inspector.certificate_no, "entity": entity.uscc},
        reason=reason,
    )
    return conflict


@transaction.atomic
def conflict_remove(*, actor: Any, conflict: Conflict, reason: str) -> None:
    """Lift a registered conflict, with a reason."""
    if not can_edit_department_rows(actor, conflict.inspector.department_id):
        raise PermissionDenied("只能解除本部门人员的回避登记")
    if not reason.strip():
        raise ServiceError("解除回避必须填写原因")
    label, pk = str(conflict), conflict.pk
    before = {"inspector": conflict.inspector.certificate_no, "entity": conflict.entity.uscc}
    conflict.delete()
    audit_record(
        actor=actor,
        action="conflict.remove",
        object_type="conflict",
        object_id=pk or "",
        object_repr=label,
        before=before,
        reason=reason,
    )


# ---------------------------------------------------------------- accounts


@transaction.atomic
def user_create(
    *,
    actor: Any,
    username: str,
    password: str,
    department: Department,
    role: str,
    full_name: str = "",
    inspector: Inspector | None = None,
) -> User:
    """Create a staff account. The office creates any; a department admin only its own people."""
    if not actor.is_office_admin and not (
        actor.role == Role.DEPT_ADMIN and actor.department_id == department.pk
    ):
        raise PermissionDenied("只能为本部门创建账号")
    if role == Role.OFFICE_ADMIN and not department.is_office:
        raise ServiceError("联席办管理员必须属于联席会议办公室")
    user = User(
        username=username,
        full_name=full_name,
        department=department,
        role=role,
        inspector=inspector,
        is_staff=role != Role.INSPECTOR,
    )
    user.set_password(password)
    _full_clean(user)
    user.save()
    audit_record(
        actor=actor,
        action="user.create",
        object_type="user",
        object_id=user.pk,
        object_repr=username,
        after={"username": username, "department": department.name, "role": role},
    )
    return user


def _masked(data: dict[str, Any] | None) -> dict[str, Any] | None:
    if data is not None and "password" in data:
        data["password"] = "（已隐藏）"
    return data


@transaction.atomic
def user_update(*, actor: Any, user: User, reason: str = "") -> User:
    """Change an account's department, role or status; the password hash never enters the log.

    The office changes any account; a department admin only accounts of their department, and
    never into the office role. Inspectors have no back-office access (is_staff follows role).
    """
    stored = User.objects.get(pk=user.pk)
    if not actor.is_office_admin:
        own = actor.role == Role.DEPT_ADMIN and actor.department_id
        if not (own and stored.department_id == own and user.department_id == own):
            raise PermissionDenied("只能维护本部门的账号")
        if user.role == Role.OFFICE_ADMIN or user.is_superuser != stored.is_superuser:
            raise PermissionDenied("无权授予联席办管理员权限")
    if user.role == Role.OFFICE_ADMIN and not (user.department and user.department.is_office):
        raise ServiceError("联席办管理员必须属于联席会议办公室", field="role")
    before = _masked(snapshot(stored))
    user.is_staff = user.is_superuser or user.role != Role.INSPECTOR
    _full_clean(user, exclude=["password"])
    user.save()
    audit_record(
        actor=actor,
        action="user.update",
        object_type="user",
        object_id=user.pk,
        object_repr=user.username,
        before=before,
        after=_masked(snapshot(user)),
        reason=reason,
    )
    return user


@transaction.atomic
def reference_save(*, actor: Any, row: Department | Area, reason: str = "") -> Department | Area:
    """Departments and townships are reference data: only the office maintains them."""
    if not actor.is_office_admin:
        raise PermissionDenied("只有联席办管理员可以维护成员单位和乡镇")
    kind = "department" if isinstance(row, Department) else "area"
    before = snapshot(type(row).objects.get(pk=row.pk)) if row.pk else None
    _full_clean(row)
    row.save()
    if kind == "department":
        action = "department.update" if before else "department.create"
    else:
        action = "area.update" if before else "area.create"
    audit_record(
        actor=actor,
        action=action,
        object_type=kind,
        object_id=row.pk or "",
        object_repr=str(row),
        before=before,
        after=snapshot(row),
        reason=reason,
    )
    return row
