from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand

from shuangsuiji.common.cli import add_actor_argument, resolve_actor, service_error, write_output
from shuangsuiji.common.errors import ServiceError
from shuangsuiji.directory.exporters import EXPORTS, export_table
from shuangsuiji.directory.tabular import FORMATS


class Command(BaseCommand):
    help = (
        "导出成员单位、抽查事项、检查对象或执法检查人员"
        "（csv、xlsx 或 json；省略 -o 时写到标准输出）"
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("kind", choices=list(EXPORTS))
        parser.add_argument("--format", choices=FORMATS, default="csv")
        parser.add_argument("-o", "--output", default="")
        add_actor_argument(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        actor = resolve_actor(options["acting_user"])
        try:
            data = export_table(kind=options["kind"], fmt=options["format"], actor=actor)
        except ServiceError as exc:
            raise service_error(exc) from exc
        write_output(data, options["output"])
