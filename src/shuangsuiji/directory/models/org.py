"""Departments, townships and the people who use the system."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models


class Department(models.Model):
    """A member unit of the joint conference (成员单位), or the office itself (联席会议办公室)."""

    name = models.CharField("名称", max_length=100, unique=True)
    short_name = models.CharField("简称", max_length=30, blank=True)
    code = models.CharField("部门编码", max_length=20, unique=True)
    is_office = models.BooleanField("联席会议办公室", default=False)
    sort_order = models.PositiveIntegerField("排序", default=0)

    class Meta:
        verbose_name = "成员单位"
        verbose_name_plural = "成员单位"
        ordering = ["sort_order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_office"],
                condition=models.Q(is_office=True),
                name="department_single_office",
                violation_error_message="只能有一个联席会议办公室",
            )
        ]

    def __str__(self) -> str:
        return self.name


class Area(models.Model):
    """A township (乡镇) of the county; entities and inspectors belong to one."""

    name = models.CharField("名称", max_length=50, unique=True)
    code = models.CharField("编码", max_length=12, unique=True)
    sort_order = models.PositiveIntegerField("排序", default=0)

    class Meta:
        verbose_name = "所属区域"
        verbose_name_plural = "所属区域"
        ordering = ["sort_order", "id"]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    OFFICE_ADMIN = "office_admin", "联席办管理员"
    DEPT_ADMIN = "dept_admin", "部门管理员"
    INSPECTOR = "inspector", "执法检查人员"


class CreditRisk(models.TextChoices):
    A = "A", "A类（信用风险低）"
    B = "B", "B类（信用风险一般）"
    C = "C", "C类（信用风险较高）"
    D = "D", "D类（信用风险高）"


class User(AbstractUser):
    """A staff account: it belongs to one department and has one role."""

    full_name = models.CharField("姓名", max_length=50, blank=True)
    department = models.ForeignKey(
        Department, verbose_name="所属部门", on_delete=models.PROTECT, null=True, blank=True
    )
    role = models.CharField("角色", max_length=20, choices=Role.choices, default=Role.INSPECTOR)
    inspector = models.OneToOneField(
        "directory.Inspector",
        verbose_name="对应执法检查人员",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="user",
    )

    class Meta:
        verbose_name = "用户"
        verbose_name_plural = "用户"

    @property
    def display_name(self) -> str:
        return self.full_name or self.username

    @property
    def is_office_admin(self) -> bool:
        return self.is_superuser or self.role == Role.OFFICE_ADMIN

    @property
    def is_dept_admin(self) -> bool:
        return self.role == Role.DEPT_ADMIN
