"""The ``shuangsuiji`` console command: Django's manage.py with the settings preset."""

from __future__ import annotations

import os
import shlex
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shuangsuiji.config.settings")
    from django.core.management import execute_from_command_line

    from shuangsuiji.common.context import set_command

    args = ["shuangsuiji", *(sys.argv[1:] if argv is None else argv)]
    set_command(shlex.join(args))
    execute_from_command_line(args)


if __name__ == "__main__":
    main()
