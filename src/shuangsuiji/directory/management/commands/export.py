from __future__ import annotations

import datetime as dt
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from shuangsuiji.common.cli import add_actor_argument, resolve_actor, service_error, write_output
from shuangsuiji.common.errors import ServiceError
from shuangsuiji.directory.exporters import EXPORTS, LATER_EXPORTS, export_table
from shuangsuiji.directory.tabular import FORMATS

OPTION_FLAGS = {"auditor": "--auditor", "task": "--task", "since": "--since"}


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise CommandError(f"--since 日期格式应为 YYYY-MM-DD，收到“{text}”") from exc


class Command(BaseCommand):
    help = (
        "导出成员单位、抽查事项、检查对象或执法检查人员（csv、xlsx 或 json），"
        "全部抽取记录（draws，仅 json），或抽查结果公告（results，供公示系统归集）；"
        "省略 -o 时写到标准输出"
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("kind", choices=[*EXPORTS, *LATER_EXPORTS])
        parser.add_argument(
            "--format", choices=FORMATS, default=None, help="默认 csv；draws 为 json"
        )
        parser.add_argument("-o", "--output", default="")
        parser.add_argument(
            "--auditor",
            action="store_true",
            help="仅 draws：导出含回避等非公开数据的审计版记录（需联席办权限）",
        )
        parser.add_argument("--task", default="", help="仅 results：一个抽查任务的编号")
        parser.add_argument(
            "--since", default="", help="仅 results：完成日期在此日（YYYY-MM-DD）及以后的任务"
        )
        add_actor_argument(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        actor = resolve_actor(options["acting_user"])
        kind = options["kind"]
        given = {name for name in OPTION_FLAGS if options[name]}
        accepted = LATER_EXPORTS[kind].options if kind in LATER_EXPORTS else frozenset()
        for name in sorted(given - accepted):
            owners = "、".join(k for k, e in LATER_EXPORTS.items() if name in e.options)
            raise CommandError(f"{OPTION_FLAGS[name]} 只适用于 {owners}，不适用于 {kind}")
        try:
            if kind in LATER_EXPORTS:
                export = LATER_EXPORTS[kind]
                fmt = options["format"] or export.formats[0]
                if fmt not in export.formats:
                    allowed = "、".join(f.upper() for f in export.formats)
                    raise CommandError(f"{export.title}只能导出为 {allowed}：请使用 --format")
                extra: dict[str, Any] = {}
                if "auditor" in given:
                    extra["auditor"] = True
                if "task" in given:
                    extra["task_code"] = options["task"].strip()
                if "since" in given:
                    extra["since"] = _date(options["since"].strip())
                data = export.writer(actor=actor, fmt=fmt, **extra)
            else:
                data = export_table(kind=kind, fmt=options["format"] or "csv", actor=actor)
        except ServiceError as exc:
            raise service_error(exc) from exc
        write_output(data, options["output"])
