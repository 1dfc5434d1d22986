from __future__ import annotations

import datetime as dt
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from shuangsuiji.plans.reminders import remind_send


class Command(BaseCommand):
    help = (
        "发送当日提醒（检查期限将至、结果公示将到期或逾期等）；每天运行一次，重复运行不会重复发送"
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--date", help="按该日期计算（YYYY-MM-DD），默认今天")

    def handle(self, *args: Any, **options: Any) -> None:
        day = None
        if options["date"]:
            try:
                day = dt.date.fromisoformat(options["date"])
            except ValueError as exc:
                raise CommandError(f"日期格式应为 YYYY-MM-DD：{options['date']}") from exc
        sent = remind_send(day=day)
        for message in sent:
            to = message.user or message.department
            self.stdout.write(f"{message.sent_on} → {to}：{message.text}")
        self.stdout.write(f"共发送 {len(sent)} 条提醒")
