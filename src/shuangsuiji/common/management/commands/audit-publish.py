from __future__ import annotations

import datetime as dt
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from shuangsuiji.common.audit_roots import audit_roots_publish


class Command(BaseCommand):
    help = "公布此前各日的审计链头哈希（供 cron 每日零时后运行；重复运行不会重复公布）"

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--until", default="", help="只公布此日（YYYY-MM-DD，不含）以前的日期，默认今天"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        until = None
        if options["until"]:
            try:
                until = dt.date.fromisoformat(options["until"])
            except ValueError as exc:
                raise CommandError(f"--until 日期格式应为 YYYY-MM-DD：{options['until']}") from exc
        made = audit_roots_publish(until=until)
        for root in made:
            self.stdout.write(f"{root.day}  {root.length} 条  {root.root_hash}")
        self.stdout.write(f"新公布 {len(made)} 个每日链头哈希")
