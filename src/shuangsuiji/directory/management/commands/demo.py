from __future__ import annotations

import time
import unicodedata
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from shuangsuiji.common.cli import service_error
from shuangsuiji.common.errors import ServiceError
from shuangsuiji.directory import demo
from shuangsuiji.directory.models import Entity


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


def account_table(rows: list[tuple[str, str, str, str]]) -> str:
    """A plain-text table that lines up in a terminal with Chinese (double-width) characters."""
    header = ("用户名", "部门", "角色", "密码")
    widths = [max(_width(r[i]) for r in [header, *rows]) for i in range(4)]
    lines = ["  ".join(_pad(cell, w) for cell, w in zip(r, widths, strict=True)) for r in rows]
    rule = "  ".join("-" * w for w in widths)
    head = "  ".join(_pad(cell, w) for cell, w in zip(header, widths, strict=True))
    return "\n".join([head, rule, *lines])


class Command(BaseCommand):
    help = (
        "载入栾川县演示数据（抽查事项、约3万户检查对象、执法检查人员、回避登记、各部门账号，"
        "以及2025年已完成抽取的抽查任务），"
        "全部经导入与服务层写入并记入审计日志；重复执行不会新增任何数据"
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--if-empty", action="store_true", help="检查对象名录库已有数据时什么也不做"
        )
        parser.add_argument("--seed", type=int, default=demo.DEFAULT_SEED, help="随机种子")
        parser.add_argument(
            "--entities", type=int, default=demo.DEFAULT_ENTITIES, help="检查对象数量"
        )
        parser.add_argument(
            "--inspectors", type=int, default=demo.DEFAULT_INSPECTORS, help="执法人员数量"
        )
        parser.add_argument("--experts", type=int, default=demo.DEFAULT_EXPERTS, help="专家数量")
        parser.add_argument(
            "--conflicts", type=int, default=demo.DEFAULT_CONFLICTS, help="回避登记数量"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["if_empty"] and Entity.objects.exists():
            self.stdout.write("检查对象名录库已有数据，跳过演示数据载入。")
            return
        for name in ("entities", "inspectors", "experts", "conflicts"):
            if options[name] < 0:
                raise CommandError(f"--{name} 不能为负数")
        started = time.perf_counter()
        try:
            result = demo.load_demo(
                seed=options["seed"],
                entities=options["entities"],
                inspectors=options["inspectors"],
                experts=options["experts"],
                conflicts=options["conflicts"],
                say=self.stdout.write,
            )
        except ServiceError as exc:
            raise service_error(exc) from exc
        if result.accounts:
            self.stdout.write("")
            self.stdout.write("已创建以下账号（密码只显示这一次，请妥善保存）：")
            self.stdout.write(account_table(result.accounts))
            self.stdout.write("")
        if result.accounts_existing:
            self.stdout.write(f"演示账号已存在（{result.accounts_existing} 个），密码不再显示。")
        elapsed = time.perf_counter() - started
        if result.wrote_anything:
            self.stdout.write(self.style.SUCCESS(f"演示数据已载入，用时 {elapsed:.1f} 秒。"))
        else:
            self.stdout.write(f"演示数据均已存在，未写入任何数据（用时 {elapsed:.1f} 秒）。")
