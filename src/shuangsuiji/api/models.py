"""API tokens: one per department system (财政局政府采购系统, 住建局招投标系统, …), revocable.

The key itself is shown once when created and never stored: only its SHA-256 hash and a short
visible prefix (so the office can tell tokens apart) are kept.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from shuangsuiji.directory.models import Department


class ApiToken(models.Model):
    department = models.ForeignKey(
        Department, verbose_name="所属部门", on_delete=models.PROTECT, related_name="api_tokens"
    )
    name = models.CharField("系统名称", max_length=100)
    prefix = models.CharField("密钥前缀", max_length=12)
    key_hash = models.CharField("密钥哈希（SHA-256）", max_length=64, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="创建人",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_by_name = models.CharField("创建人姓名", max_length=150)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    revoked_at = models.DateTimeField("吊销时间", null=True, blank=True)
    revoked_by_name = models.CharField("吊销人姓名", max_length=150, blank=True)
    revoke_reason = models.TextField("吊销原因", blank=True)
    last_used_at = models.DateTimeField("最近使用时间", null=True, blank=True)

    class Meta:
        verbose_name = "接口令牌"
        verbose_name_plural = "接口令牌"
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.name}（{self.department}，{self.prefix}…）"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
