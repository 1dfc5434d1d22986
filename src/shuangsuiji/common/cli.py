"""Helpers shared by the management commands: acting user, output files, errors."""

from __future__ import annotations

import sys
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError

from shuangsuiji.common.errors import RowsRejected, ServiceError


def add_actor_argument(parser: ArgumentParser) -> None:
    parser.add_argument(
        "--user",
        dest="acting_user",
        default="",
        help="以该用户身份执行（适用其权限范围并记入审计日志）；省略时以“系统（命令行）”身份执行",
    )


def resolve_actor(username: str) -> Any:
    from shuangsuiji.directory.access import SYSTEM

    if not username:
        return SYSTEM
    user = get_user_model().objects.filter(username=username, is_active=True).first()
    if user is None:
        raise CommandError(f"用户 {username} 不存在或已停用")
    return user


def write_output(data: bytes, output: str) -> None:
    """Write to a file, or to stdout when no file is given."""
    if output and output != "-":
        Path(output).write_bytes(data)
    else:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()


def service_error(exc: ServiceError) -> CommandError:
    if isinstance(exc, RowsRejected):
        lines = [str(e) for e in exc.errors]
        return CommandError("\n".join([*lines, exc.message]))
    return CommandError(exc.message)
