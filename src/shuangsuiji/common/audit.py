"""Writing and verifying the audit trail.

Every service calls ``audit_record`` inside its own transaction, so the change and its entry
commit or roll back together (architecture.md). Entries form a SHA-256 chain: each entry's hash
covers its fields and the previous entry's hash, and a one-row head keeps the newest hash.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from .context import current_origin
from .models import AuditChainHead, AuditEntry

GENESIS_HASH = "0" * 64


def to_jsonable(value: Any) -> Any:
    """Make before/after values JSON-stable so a hash recomputed from the database matches."""
    if isinstance(value, dict):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        items = [to_jsonable(v) for v in value]
        return sorted(items, key=str) if isinstance(value, set | frozenset) else items
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal | float):
        return str(value)
    if value is None or isinstance(value, str | int | bool):
        return value
    return str(value)


def _entry_payload(entry: AuditEntry) -> dict[str, Any]:
    created = entry.created_at.astimezone(dt.UTC).isoformat(timespec="microseconds")
    return {
        "created_at": created,
        "actor_id": entry.actor_id,
        "actor_name": entry.actor_name,
        "department_name": entry.department_name,
        "action": entry.action,
        "object_type": entry.object_type,
        "object_id": entry.object_id,
        "object_repr": entry.object_repr,
        "before": entry.before,
        "after": entry.after,
        "request_id": entry.request_id,
        "command": entry.command,
        "reason": entry.reason,
        "prev_hash": entry.prev_hash,
    }


def compute_hash(entry: AuditEntry) -> str:
    canonical = json.dumps(
        _entry_payload(entry), sort_keys=True, ensure_ascii=False, separators=(",", ":")
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _lock_head() -> AuditChainHead:
    head = AuditChainHead.objects.select_for_update().filter(pk=1).first()
    if head is None:
        AuditChainHead.objects.get_or_create(pk=1, defaults={"last_hash": GENESIS_HASH})
        head = AuditChainHead.objects.select_for_update().get(pk=1)
    return head


def audit_record(
    *,
    actor: Any | None,
    action: str,
    object_type: str,
    object_id: str | int = "",
    object_repr: str = "",
    before: Any = None,
    after: Any = None,
    reason: str = "",
) -> AuditEntry:
    """Append one entry to the chain, in the caller's transaction.

    ``action`` must be one of AUDIT_ACTIONS: a name nobody registered is a programming error,
    refused before anything is written.
    """
    if action not in AUDIT_ACTIONS:
        raise ValueError(f"audit action {action!r} is not registered in AUDIT_ACTIONS")
    with transaction.atomic():
        head = _lock_head()
        origin = current_origin()
        department = getattr(actor, "department", None) if actor is not None else None
        entry = AuditEntry(
            created_at=timezone.now(),
            actor=actor if actor is not None and getattr(actor, "pk", None) else None,
            actor_name=(getattr(actor, "display_name", "") or str(actor)) if actor else "系统",
            department_name=str(department) if department else "",
            action=action,
            object_type=object_type,
            object_id=str(object_id),
            object_repr=object_repr[:255],
            before=to_jsonable(before),
            after=to_jsonable(after),
            request_id=origin.request_id,
            command=origin.command,
            reason=reason,
            prev_hash=head.last_hash,
        )
        entry.entry_hash = compute_hash(entry)
        entry.save()
        head.last_id = entry.pk
        head.last_hash = entry.entry_hash
        head.length += 1
        head.save(update_fields=["last_id", "last_hash", "length"])
    return entry


@dataclass(frozen=True)
class ChainReport:
    ok: bool
    checked: int
    message: str
    first_broken_id: int | None = None


def _entries() -> Iterator[AuditEntry]:
    return AuditEntry.objects.order_by("id").iterator(chunk_size=2000)


def audit_verify() -> ChainReport:
    """Walk the chain from the start; name the first entry that was edited or follows a gap."""
    expected_prev = GENESIS_HASH
    checked = 0
    last: AuditEntry | None = None
    for entry in _entries():
        if entry.prev_hash != expected_prev:
            return ChainReport(
                False,
                checked,
                f"审计日志 #{entry.pk} 的前一条哈希与链不符：其前面的记录被删除或修改",
                entry.pk,
            )
        if compute_hash(entry) != entry.entry_hash:
            return ChainReport(
                False, checked, f"审计日志 #{entry.pk} 的内容与其哈希不符：该记录被修改", entry.pk
            )
        expected_prev = entry.entry_hash
        checked += 1
        last = entry
    head = AuditChainHead.objects.filter(pk=1).first()
    head_hash = head.last_hash if head else GENESIS_HASH
    head_length = head.length if head else 0
    if head_hash != expected_prev or head_length != checked:
        after = f"#{last.pk} 之后" if last else "链首"
        return ChainReport(
            False,
            checked,
            f"审计链头记录 {head_length} 条、最新哈希 {head_hash[:12]}…，"
            f"实际 {checked} 条：{after}的记录被删除",
            (head.last_id if head else None),
        )
    return ChainReport(True, checked, f"审计链完整：共 {checked} 条，最新哈希 {expected_prev}")


# Every action a service may write, with its reading on the audit-log page. audit_record refuses
# any other name, and tests/common/test_audit_actions.py checks this list against the action
# names in the code and holds one test per action, so an action is added here with its test.
AUDIT_ACTIONS: dict[str, str] = {
    "entity.create": "新增检查对象",
    "entity.update": "修改检查对象",
    "entity.tags": "设置检查对象标签",
    "entity.delete": "删除检查对象",
    "legacy_code.accept": "接受历史代码",
    "item.create": "新增抽查事项",
    "item.update": "修改抽查事项",
    "item.publish": "发布抽查事项",
    "item.new_version": "生成抽查事项新版本",
    "item.delete": "删除抽查事项",
    "inspector.create": "新增执法检查人员",
    "inspector.update": "修改执法检查人员",
    "inspector.delete": "删除执法检查人员",
    "conflict.add": "登记回避",
    "conflict.remove": "解除回避",
    "user.create": "新增账号",
    "user.update": "修改账号",
    "user.password": "重设账号密码",
    "department.create": "新增成员单位",
    "department.update": "修改成员单位",
    "area.create": "新增乡镇",
    "area.update": "修改乡镇",
    "items.import": "批量导入抽查事项",
    "entities.import": "批量导入检查对象",
    "inspectors.import": "批量导入执法检查人员",
    "calendar.create": "新增节假日安排",
    "calendar.update": "修改节假日安排",
    "plan.create": "新增抽查计划",
    "plan.approve": "批准抽查计划",
    "plan.publish": "发布抽查计划",
    "plan.amend": "修订抽查计划",
    "plan.task_attach": "将任务纳入抽查计划",
    "task.create": "新增抽查任务",
    "task.update": "修改抽查任务",
    "task.publish": "发布抽查任务",
    "task.state": "变更抽查任务状态",
    "task.start": "开始检查",
    "task.complete": "完成抽查任务",
    "task.publicize": "登记结果公示",
    "task.terminate": "终止抽查任务",
    "joint_request.submit": "报送联合检查申请",
    "joint_request.approve": "批准联合检查申请",
    "joint_request.return": "退回联合检查申请",
    "remind.send": "发送提醒",
    "draw_config.save": "保存抽取配置",
    "population.freeze": "冻结抽取名单",
    "draw.run": "执行抽取",
    "draw.redraw": "重新抽取",
    "team.assign": "直接委派检查组",
    "adjacency.approve": "批准相邻乡镇",
    "adjacency.revoke": "撤销相邻乡镇",
    "result.create": "新增检查结果",
    "result.update": "修改检查结果",
    "result.confirm": "确认检查结果",
    "followup.create": "新增后续处置",
    "followup.close": "办结后续处置",
    "abnormal_list.enter": "列入经营异常名录",
    "abnormal_list.remove": "移出经营异常名录",
    "crime.mark": "标记涉嫌犯罪",
    "crime_hint.dismiss": "排除涉嫌犯罪提示",
    "visit.propose": "提出合并检查",
    "visit.confirm": "确认合并检查",
    "visit.cancel": "取消合并检查",
    "result_exemption.request": "申请结果不予公开",
    "result_exemption.decide": "审批结果不予公开申请",
    "api_token.create": "发放接口令牌",
    "api_token.revoke": "吊销接口令牌",
    "recheck.freeze": "冻结抽样复查名单",
    "recheck.draw": "抽取抽样复查对象",
    "recheck.assign_team": "指定复查组",
    "recheck.outcome": "登记复查结论",
    "accountability_review.open": "登记问责/免责审查",
    "accountability_review.claim": "提出免责申请",
    "accountability_review.decide": "作出问责/免责决定",
}


def action_label(action: str) -> str:
    """A Chinese reading of an action code such as ``item.publish`` (发布抽查事项)."""
    return AUDIT_ACTIONS.get(action, action)
