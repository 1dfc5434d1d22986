"""`shuangsuiji token create|list|revoke`: API tokens for department systems, from the
command line, through the same audited services as the 接口令牌 page."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from shuangsuiji.api.models import ApiToken
from shuangsuiji.api.services import token_create, token_revoke
from shuangsuiji.common.cli import add_actor_argument, resolve_actor, service_error
from shuangsuiji.common.errors import ServiceError
from shuangsuiji.directory.models import Department


class Command(BaseCommand):
    help = "管理数据接口令牌：create 发放（令牌只显示一次）、list 列出、revoke 吊销"

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="为一个部门的业务系统发放令牌")
        create.add_argument("--department", required=True, help="部门编码")
        create.add_argument("--name", required=True, help="系统名称，如“财政局政府采购系统”")
        add_actor_argument(create)
        listing = sub.add_parser("list", help="列出全部令牌（不显示令牌本身）")
        add_actor_argument(listing)
        revoke = sub.add_parser("revoke", help="吊销令牌")
        revoke.add_argument("token_id", type=int, help="令牌 ID（见 list）")
        revoke.add_argument("--reason", required=True, help="吊销原因")
        add_actor_argument(revoke)

    def handle(self, *args: Any, **options: Any) -> None:
        actor = resolve_actor(options["acting_user"])
        if not getattr(actor, "is_office_admin", False):
            raise CommandError("只有联席办管理员可以管理接口令牌")
        try:
            getattr(self, f"_{options['action']}")(actor, options)
        except ServiceError as exc:
            raise service_error(exc) from exc

    def _create(self, actor: Any, options: dict[str, Any]) -> None:
        department = Department.objects.filter(code=options["department"].strip()).first()
        if department is None:
            raise CommandError(f"没有编码为 {options['department']} 的部门")
        token, key = token_create(actor=actor, department=department, name=options["name"])
        self.stdout.write(f"已为{department.name}的“{token.name}”发放令牌（ID {token.pk}）。")
        self.stdout.write("令牌只显示这一次，请妥善交付：")
        self.stdout.write(key)

    def _list(self, actor: Any, options: dict[str, Any]) -> None:
        tokens = ApiToken.objects.select_related("department").order_by("pk")
        if not tokens:
            self.stdout.write("尚未发放令牌。")
        for t in tokens:
            state = f"已吊销 {t.revoked_at:%Y-%m-%d %H:%M}" if t.revoked_at else "有效"
            used = f"{t.last_used_at:%Y-%m-%d %H:%M}" if t.last_used_at else "从未使用"
            self.stdout.write(
                f"{t.pk}\t{t.prefix}…\t{t.department.code}\t{t.name}\t{state}\t最近使用：{used}"
            )

    def _revoke(self, actor: Any, options: dict[str, Any]) -> None:
        token = ApiToken.objects.filter(pk=options["token_id"]).first()
        if token is None:
            raise CommandError(f"没有 ID 为 {options['token_id']} 的令牌")
        token_revoke(actor=actor, token=token, reason=options["reason"])
        self.stdout.write(f"已吊销令牌 {token.pk}（{token.name}）。")
