from __future__ import annotations

import sys
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from shuangsuiji.common.cli import add_actor_argument, resolve_actor, service_error
from shuangsuiji.common.errors import ServiceError
from shuangsuiji.directory.importers import KINDS, import_file


class Command(BaseCommand):
    help = "导入抽查事项、检查对象或执法检查人员（.xlsx 或 .csv）；任一行有误则不写入任何数据"

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("kind", choices=list(KINDS))
        parser.add_argument("file")
        parser.add_argument("--dry-run", action="store_true", help="只校验，不写入")
        parser.add_argument("--no-progress", action="store_true", help="不显示进度条")
        add_actor_argument(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"文件不存在：{path}")
        actor = resolve_actor(options["acting_user"])
        bars: dict[str, tqdm[Any]] = {}
        show = not options["no_progress"]

        def progress(stage: str, done: int, total: int) -> None:
            if not show or total < 1000:
                return
            bar = bars.get(stage)
            if bar is None:
                bar = bars[stage] = tqdm(total=total, desc=stage, unit="行", file=sys.stderr)
            bar.update(done - bar.n)

        try:
            report = import_file(
                kind=options["kind"],
                filename=path.name,
                data=path.read_bytes(),
                actor=actor,
                dry_run=options["dry_run"],
                progress=progress,
            )
        except ServiceError as exc:
            raise service_error(exc) from exc
        finally:
            for bar in bars.values():
                bar.close()
        if report.unknown_columns:
            self.stderr.write(f"未识别的列（已忽略）：{'、'.join(report.unknown_columns)}")
        for notice in report.notices:
            self.stderr.write(notice)
        self.stdout.write(report.summary())
