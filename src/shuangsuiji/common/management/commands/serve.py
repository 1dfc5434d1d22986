from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "用 waitress 提供网页服务（静态文件由 whitenoise 提供）；Serve the site with waitress"

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--host", default="127.0.0.1", help="监听地址（默认 127.0.0.1）")
        parser.add_argument("--port", type=int, default=8000, help="端口（默认 8000）")
        parser.add_argument("--threads", type=int, default=8, help="工作线程数（默认 8）")

    def handle(self, *args: Any, **options: Any) -> None:
        host, port, threads = options["host"], options["port"], options["threads"]
        if not 0 < port < 65536:
            raise CommandError("--port 应在 1 到 65535 之间")
        if threads < 1:
            raise CommandError("--threads 至少为 1")
        shown = "127.0.0.1" if host in {"0.0.0.0", "::", ""} else host
        url = f"http://{f'[{shown}]' if ':' in shown else shown}:{port}/"
        self.stdout.write(f"双随机监管平台已启动，请在浏览器中打开 {url}（按 Ctrl+C 停止）")
        self.stdout.write(f"Serving 双随机监管平台 at {url} (press Ctrl+C to stop)")
        allowed = settings.ALLOWED_HOSTS
        if shown not in allowed and "*" not in allowed:
            self.stderr.write(
                f"提示：{shown} 不在 SSJ_ALLOWED_HOSTS（{','.join(allowed)}）中，"
                "通过该地址访问会被拒绝（400）。"
            )
        self.stdout.flush()
        # WhiteNoise warns at start-up when STATIC_ROOT is missing; files come via the finders.
        Path(settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)
        from waitress import serve

        from shuangsuiji.config.wsgi import application

        proxy: dict[str, Any] = {}
        if settings.HTTPS:
            # Behind the HTTPS proxy on this host: trust only its X-Forwarded-Proto.
            proxy = {"trusted_proxy": "127.0.0.1", "trusted_proxy_headers": {"x-forwarded-proto"}}
        serve(application, host=host, port=port, threads=threads, ident="shuangsuiji", **proxy)
