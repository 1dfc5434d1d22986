from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from shuangsuiji.common.cli import add_actor_argument, resolve_actor, service_error, write_output
from shuangsuiji.common.errors import ServiceError
from shuangsuiji.directory.exporters import EXPORTS, JSON_EXPORTS, export_table
from shuangsuiji.directory.tabular import FORMATS


class Command(BaseCommand):
    help = (
        "导出成员单位、抽查事项、检查对象或执法检查人员（csv、xlsx 或 json），"
        "或全部抽取记录（draws，仅 json）；省略 -o 时写到标准输出"
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("kind", choices=[*EXPORTS, *JSON_EXPORTS])
        parser.add_argument(
            "--format", choices=FORMATS, default=None, help="默认 csv；draws 为 json"
        )
        parser.add_argument("-o", "--output", default="")
        parser.add_argument(
            "--auditor",
            action="store_true",
            help="仅 draws：导出含回避等非公开数据的审计版记录（需联席办权限）",
        )
        add_actor_argument(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        actor = resolve_actor(options["acting_user"])
        kind = options["kind"]
        try:
            if kind in JSON_EXPORTS:
                if (options["format"] or "json") != "json":
                    raise CommandError(
                        f"{JSON_EXPORTS[kind][0]}只能导出为 JSON：请使用 --format json"
                    )
                data = JSON_EXPORTS[kind][1](actor=actor, auditor=options["auditor"])
            else:
                if options["auditor"]:
                    raise CommandError("--auditor 只适用于 draws（抽取记录）")
                fmt = options["format"] or "csv"
                data = export_table(kind=kind, fmt=fmt, actor=actor)
        except ServiceError as exc:
            raise service_error(exc) from exc
        write_output(data, options["output"])
