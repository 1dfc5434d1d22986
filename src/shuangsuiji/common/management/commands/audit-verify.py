from __future__ import annotations

import json
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from shuangsuiji.common.audit import audit_verify
from shuangsuiji.common.audit_roots import audit_roots_check


class Command(BaseCommand):
    help = (
        "校验审计日志哈希链及已公布的每日链头哈希；完整时退出码为0，"
        "否则指出第一条被改动或删除的记录。--published 用公示平台下载的每日哈希文件核对"
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--published",
            default="",
            help="公示平台“审计链公示”下载的 JSON 文件（外部保存的副本），默认用库中已公布的值",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        report = audit_verify()
        if not report.ok:
            raise CommandError(report.message)
        roots = None
        if options["published"]:
            try:
                data = json.loads(Path(options["published"]).read_text("utf-8"))
                roots = data["roots"] if isinstance(data, dict) else data
            except (OSError, ValueError, KeyError) as exc:
                raise CommandError(f"无法读取每日哈希文件：{exc}") from exc
        check = audit_roots_check(roots)
        if not check.ok:
            raise CommandError("；".join(check.problems))
        self.stdout.write(report.message)
        self.stdout.write(f"已公布的每日链头哈希 {check.checked} 个，全部与当前审计链一致")
