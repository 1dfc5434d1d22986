"""Who may see and change what in 一单两库: one scoping rule per model.

Pages, the admin, exports, the API and commands all call these; nothing else filters by role.

- 联席办管理员 (and the CLI's system actor): everything.
- 部门管理员: their department's items (as 检查主体, 发起部门 or 配合部门) and inspectors; may
  change their own department's items and inspectors.
- 执法检查人员: the same rows as their department, read-only.
- The entity directory is the county's shared register: every staff account reads it; office
  and department admins maintain it, each department only its own tags.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from django.db.models import Q, QuerySet

from .models import Department, InspectionItem, Inspector, Role


class Actor(Protocol):
    pk: Any
    department: Department | None
    department_id: Any
    role: str

    @property
    def is_office_admin(self) -> bool: ...

    @property
    def display_name(self) -> str: ...


@dataclass(frozen=True)
class SystemActor:
    """The command line run on the server without --user: full scope, named in the audit."""

    display_name: str = "系统（命令行）"
    pk: None = None
    department: None = None
    department_id: None = None
    role: str = Role.OFFICE_ADMIN
    is_active: bool = True

    @property
    def is_office_admin(self) -> bool:
        return True

    @property
    def is_dept_admin(self) -> bool:
        return False

    def __str__(self) -> str:
        return self.display_name


SYSTEM = SystemActor()


def is_staff_member(actor: Any) -> bool:
    return bool(actor is SYSTEM or (getattr(actor, "is_active", False) and actor.pk))


def scope_items(qs: QuerySet[InspectionItem], actor: Any) -> QuerySet[InspectionItem]:
    if actor.is_office_admin:
        return qs
    if not actor.department_id:
        return qs.none()
    dept = actor.department_id
    mine = Q(department_id=dept) | Q(lead_department_id=dept) | Q(partner_departments__id=dept)
    ids = qs.filter(mine).values("id")
    return qs.filter(id__in=ids)


def scope_inspectors(qs: QuerySet[Inspector], actor: Any) -> QuerySet[Inspector]:
    if actor.is_office_admin:
        return qs
    if not actor.department_id:
        return qs.none()
    return qs.filter(department_id=actor.department_id)


def can_write_directory(actor: Any) -> bool:
    return actor.is_office_admin or actor.role == Role.DEPT_ADMIN


def can_edit_department_rows(actor: Any, department_id: Any) -> bool:
    """Items and inspectors: the office, or the admin of the owning department."""
    if actor.is_office_admin:
        return True
    return actor.role == Role.DEPT_ADMIN and actor.department_id == department_id
