"""`shuangsuiji recheck freeze|draw|list|record`: 抽样复查 from the command line, through the
same audited services as the 抽样复查 pages (office only)."""

from __future__ import annotations

import datetime as dt
from argparse import ArgumentParser
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from shuangsuiji.common.cli import add_actor_argument, resolve_actor, service_error, write_output
from shuangsuiji.common.errors import ServiceError
from shuangsuiji.directory.models import Department
from shuangsuiji.plans.models import Task
from shuangsuiji.sampling import record
from shuangsuiji.sampling.records import record_bytes

from ...models import Recheck
from ...recheck import recheck_draw, recheck_freeze
from ...recheck_inputs import recheck_record


def _department(code: str) -> Department:
    found = Department.objects.filter(code=code.strip()).first()
    if found is None:
        raise CommandError(f"没有编码为 {code} 的部门")
    return found


def _recheck(code: str) -> Recheck:
    found = Recheck.objects.filter(code=code.strip()).first()
    if found is None:
        raise CommandError(f"没有编号为 {code} 的抽样复查")
    return found


class Command(BaseCommand):
    help = "抽样复查：freeze 冻结名单、draw 见证抽取、list 列出、record 导出可核验的记录"

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        freeze = sub.add_parser("freeze", help="冻结复查名单，打印承诺值")
        freeze.add_argument("--year", type=int, required=True)
        freeze.add_argument("--share", required=True, help="复查比例（%%），如 5")
        freeze.add_argument("--team-department", required=True, help="复查组所属部门编码")
        freeze.add_argument("--due", required=True, help="复查截止日期 YYYY-MM-DD")
        freeze.add_argument("--department", default="", help="只复查该部门发起的任务（编码）")
        freeze.add_argument("--task", default="", help="只复查该任务（任务编号）")
        draw = sub.add_parser("draw", help="用见证人的公开随机数抽取")
        draw.add_argument("code", help="复查编号，如 FC2025-001")
        draw.add_argument("--entropy", required=True, help="见证随机数")
        draw.add_argument("--source", required=True, help="随机数来源")
        draw.add_argument("--witness", required=True, help="见证人")
        sub.add_parser("list", help="列出全部抽样复查")
        rec = sub.add_parser("record", help="导出抽取记录（JSON，可用 verify-draw 核验）")
        rec.add_argument("code")
        rec.add_argument("--auditor", action="store_true", help="审计版（含回避和原检查组）")
        rec.add_argument("-o", "--output", default="", help="输出文件；省略时写到标准输出")
        for p in (freeze, draw, rec, sub.choices["list"]):
            add_actor_argument(p)

    def handle(self, *args: Any, **options: Any) -> None:
        actor = resolve_actor(options["acting_user"])
        if not getattr(actor, "is_office_admin", False):
            raise CommandError("抽样复查由联席办组织，只有联席办管理员可以操作")
        try:
            getattr(self, f"_{options['action']}")(actor, options)
        except ServiceError as exc:
            raise service_error(exc) from exc

    def _freeze(self, actor: Any, options: dict[str, Any]) -> None:
        try:
            share_bp = int(Decimal(options["share"]) * 100)
            due = dt.date.fromisoformat(options["due"])
        except (InvalidOperation, ValueError) as exc:
            raise CommandError("复查比例应为数字，截止日期应为 YYYY-MM-DD") from exc
        task = None
        if options["task"]:
            task = Task.objects.filter(code=options["task"].strip()).first()
            if task is None:
                raise CommandError(f"没有编号为 {options['task']} 的任务")
        made = recheck_freeze(
            actor=actor,
            year=options["year"],
            share_bp=share_bp,
            team_department=_department(options["team_department"]),
            due_on=due,
            scope_department=_department(options["department"]) if options["department"] else None,
            scope_task=task,
        )
        quota = made.frozen["strata"][0]["quota"]
        self.stdout.write(f"{made.code}：名单 {made.population_size} 户，应抽 {quota} 户")
        self.stdout.write(f"承诺值：{made.commitment}")

    def _draw(self, actor: Any, options: dict[str, Any]) -> None:
        done = recheck_draw(
            recheck=_recheck(options["code"]),
            witness_entropy=options["entropy"],
            witness_source=options["source"],
            witness_name=options["witness"],
            actor=actor,
        )
        assert done.record is not None
        self.stdout.write(f"{done.code}：抽中 {len(done.record['selected'])} 户，种子 {done.seed}")

    def _list(self, actor: Any, options: dict[str, Any]) -> None:
        rounds = Recheck.objects.defer("population", "matching", "record", "frozen")
        if not rounds:
            self.stdout.write("还没有抽样复查。")
        for r in rounds.order_by("year", "code"):
            self.stdout.write(
                f"{r.code}\t{r.year}\t{r.share_percent}\t{r.population_size} 户\t"
                f"{r.get_state_display()}\t{r.commitment}"
            )

    def _record(self, actor: Any, options: dict[str, Any]) -> None:
        kind = record.AUDITOR if options["auditor"] else record.PUBLIC
        data = recheck_record(_recheck(options["code"]), kind=kind)
        write_output(record_bytes(data), options["output"])
