"""factory_boy factories for 一单两库 rows."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import factory

from shuangsuiji.common.uscc import check_char_17, complete
from shuangsuiji.directory.models import Area, Department, Entity, InspectionItem, Inspector


def uscc_for(n: int, kind: str = "91") -> str:
    org8 = f"{n:08d}"
    return complete(f"{kind}410324{org8}{check_char_17(org8)}")


class EntityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Entity

    uscc = factory.Sequence(lambda n: uscc_for(n + 1))
    name = factory.Sequence(lambda n: f"栾川县测试{n}有限公司")
    entity_type = "企业"
    area = factory.LazyFunction(lambda: Area.objects.get(name="城关镇"))
    credit_risk = "A"


class InspectorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Inspector

    name = factory.Sequence(lambda n: f"检查员{n}")
    department = factory.LazyFunction(lambda: Department.objects.get(name="县市场监督管理局"))
    organization = factory.LazyAttribute(lambda o: o.department.name)
    certificate_no = factory.Sequence(lambda n: f"4103242025{n:04d}")
    certificate_valid_until = dt.date(2028, 12, 31)
    phone = "13900000000"


class ItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InspectionItem

    check_category = "市场监管领域"
    name = factory.Sequence(lambda n: f"抽查事项{n}")
    targets: Any = factory.LazyFunction(lambda: ["企业"])
    category = "general"
    methods: Any = factory.LazyFunction(lambda: ["onsite"])
    department = factory.LazyFunction(lambda: Department.objects.get(name="县市场监督管理局"))
    legal_basis = "《市场主体登记管理条例》"
    ratio_cap = Decimal("5")
    year = 2025
