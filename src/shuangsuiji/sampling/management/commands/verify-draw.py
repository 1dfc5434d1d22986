from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from shuangsuiji.sampling.verify import verify_file


class Command(BaseCommand):
    help = "核验抽取记录（单条或 export draws 导出的列表）：不需要数据库，从记录本身复算抽取结果"
    requires_system_checks: list[str] = []
    requires_migrations_checks = False

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("file")

    def handle(self, *args: Any, **options: Any) -> None:
        status = verify_file(Path(options["file"]), self.stdout, self.stderr)
        if status:
            raise CommandError(
                "核验不通过" if status == 1 else "无法读取抽取记录", returncode=status
            )
