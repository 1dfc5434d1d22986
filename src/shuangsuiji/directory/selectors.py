"""Reads of 一单两库, always through the scoping rules in access.py."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet

from shuangsuiji.common.uscc import normalize

from .access import scope_inspectors, scope_items
from .models import Conflict, Department, Entity, InspectionItem, Inspector, Role


@dataclass(frozen=True)
class EntityFilters:
    q: str = ""
    area_id: int | None = None
    credit_risk: str = ""
    registration_status: str = ""
    entity_type: str = ""
    tag_id: int | None = None
    abnormal_list: bool | None = None
    serious_dishonesty_list: bool | None = None


@dataclass(frozen=True)
class InspectorFilters:
    q: str = ""
    department_id: int | None = None
    status: str = ""
    kind: str = ""
    specialty: str = ""


@dataclass(frozen=True)
class ItemFilters:
    q: str = ""
    department_id: int | None = None
    year: int | None = None
    category: str = ""
    state: str = ""
    in_joint_list: bool | None = None


def department_list(*, actor: Any) -> QuerySet[Department]:
    """All departments: the list of member units is itself public (seed 二(二))."""
    return Department.objects.all()


def may_see_phone(actor: Any) -> bool:
    """联系电话 is private: only the office and department admins see it, never the public."""
    return bool(actor.is_office_admin or actor.role == Role.DEPT_ADMIN)


def item_list(*, actor: Any, filters: ItemFilters | None = None) -> QuerySet[InspectionItem]:
    """Items the actor may see, newest year first; search by name or 抽查类别."""
    qs = scope_items(InspectionItem.objects.select_related("department"), actor)
    f = filters or ItemFilters()
    if f.q:
        qs = qs.filter(Q(name__icontains=f.q) | Q(check_category__icontains=f.q))
    if f.department_id:
        qs = qs.filter(department_id=f.department_id)
    if f.year:
        qs = qs.filter(year=f.year)
    if f.category:
        qs = qs.filter(category=f.category)
    if f.state:
        qs = qs.filter(state=f.state)
    if f.in_joint_list is not None:
        qs = qs.filter(in_joint_list=f.in_joint_list)
    return qs.order_by("-year", "department__sort_order", "name", "-version")


def entity_search_q(q: str) -> Q:
    """A name fragment, or a (possibly partial, unnormalised) 统一社会信用代码."""
    code = normalize(q)
    condition = Q(name__icontains=q.strip())
    if code.isalnum() and len(code) >= 4:
        condition |= Q(uscc__startswith=code) if len(code) < 18 else Q(uscc=code)
    return condition


def entity_list(*, actor: Any, filters: EntityFilters | None = None) -> QuerySet[Entity]:
    """The shared entity register, readable by every staff account."""
    qs = Entity.objects.all()
    f = filters or EntityFilters()
    if f.q.strip():
        qs = qs.filter(entity_search_q(f.q))
    if f.area_id:
        qs = qs.filter(area_id=f.area_id)
    if f.credit_risk:
        qs = qs.filter(credit_risk=f.credit_risk)
    if f.registration_status:
        qs = qs.filter(registration_status=f.registration_status)
    if f.entity_type:
        qs = qs.filter(entity_type=f.entity_type)
    if f.tag_id:
        qs = qs.filter(tags__id=f.tag_id)
    if f.abnormal_list is not None:
        qs = qs.filter(abnormal_list=f.abnormal_list)
    if f.serious_dishonesty_list is not None:
        qs = qs.filter(serious_dishonesty_list=f.serious_dishonesty_list)
    return qs.order_by("uscc")


def inspector_list(*, actor: Any, filters: InspectorFilters | None = None) -> QuerySet[Inspector]:
    """Inspectors of the actor's department (all of them for the office)."""
    qs = scope_inspectors(Inspector.objects.select_related("department", "area"), actor)
    f = filters or InspectorFilters()
    if f.q.strip():
        q = f.q.strip()
        qs = qs.filter(Q(name__icontains=q) | Q(certificate_no__icontains=q))
    if f.department_id:
        qs = qs.filter(department_id=f.department_id)
    if f.status:
        qs = qs.filter(status=f.status)
    if f.kind:
        qs = qs.filter(kind=f.kind)
    if f.specialty:
        qs = qs.filter(specialties__icontains=f.specialty)
    return qs.order_by("department__sort_order", "name")


def conflict_list(*, actor: Any) -> QuerySet[Conflict]:
    """The conflict register, scoped like the inspectors it names; never public."""
    visible = scope_inspectors(Inspector.objects.all(), actor).values("id")
    return Conflict.objects.filter(inspector_id__in=visible).select_related("inspector", "entity")
