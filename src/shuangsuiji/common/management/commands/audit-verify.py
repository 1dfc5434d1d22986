from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from shuangsuiji.common.audit import audit_verify


class Command(BaseCommand):
    help = "校验审计日志哈希链；完整时退出码为0，否则指出第一条被改动或删除的记录"

    def handle(self, *args: Any, **options: Any) -> None:
        report = audit_verify()
        if not report.ok:
            raise CommandError(report.message)
        self.stdout.write(report.message)
