"""Who may see and change tasks: one scoping rule, used by pages, the admin and exports.

- 联席办管理员 (and the CLI's system actor): every task.
- 部门管理员 and 执法检查人员: tasks where their department is the lead or a partner.
- Creating and changing a task, and running its draw: the office, or the lead department's
  admin. A redraw needs the office (sampling.services).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from shuangsuiji.directory.models import Role

from .models import Task


def scope_tasks(qs: QuerySet[Task], actor: Any) -> QuerySet[Task]:
    if actor.is_office_admin:
        return qs
    dept = getattr(actor, "department_id", None)
    if not dept:
        return qs.none()
    ids = qs.filter(Q(lead_department_id=dept) | Q(partner_departments__id=dept)).values("id")
    return qs.filter(id__in=ids)


def can_manage_task(actor: Any, lead_department_id: Any) -> bool:
    """The office, or the admin of the task's lead department (谁发起、谁组织, seed 五(一))."""
    if actor.is_office_admin:
        return True
    return actor.role == Role.DEPT_ADMIN and actor.department_id == lead_department_id
