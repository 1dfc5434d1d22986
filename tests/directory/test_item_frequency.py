"""抽查频次 as a choice: the words it is read from, and the migration of free text written
before it was one (nothing an office wrote is lost: unknown text moves to 备注)."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps

from shuangsuiji.directory.models import InspectionItem, frequency_from_text

from .factories import ItemFactory

migration = importlib.import_module("shuangsuiji.directory.migrations.0004_item_frequency_words")


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("每月1次", "monthly"),
        ("每月一次", "monthly"),
        ("按月", "monthly"),
        ("Monthly", "monthly"),
        ("每 季 度 1 次", "quarterly"),
        ("季度", "quarterly"),
        ("每年２次", "half_yearly"),  # a full-width digit
        ("每年两次", "half_yearly"),
        ("half_yearly", "half_yearly"),
        ("每年一次", "yearly"),
        ("年度", "yearly"),
        ("  ", ""),
        ("", ""),
        ("视情况", None),
        ("每年3次", None),
        ("每两年1次", None),
    ],
)
def test_frequency_words(text: str, value: str | None) -> None:
    assert frequency_from_text(text) == value
    assert migration.meaning(text) == value


@pytest.mark.django_db
def test_the_migration_maps_free_text_and_keeps_what_it_cannot_read() -> None:
    # Rows as they stood before the migration: free text (the column was a 50-character text).
    monthly = ItemFactory(frequency="每月1次", note="")
    twice = ItemFactory(frequency="每年2次", note="")
    unknown = ItemFactory(frequency="按上级要求", note="全覆盖")
    blank = ItemFactory(frequency="", note="")
    migration.to_choices(apps, None)
    got = {i.pk: (i.frequency, i.note) for i in InspectionItem.objects.all()}
    assert got == {
        monthly.pk: ("monthly", ""),
        twice.pk: ("half_yearly", ""),
        unknown.pk: (
            "",
            "全覆盖\n原抽查频次：按上级要求（无法识别为每月、每季、每半年或每年，已清空）",
        ),
        blank.pk: ("", ""),
    }
    migration.to_text(apps, None)
    assert InspectionItem.objects.get(pk=monthly.pk).frequency == "每月"
    assert InspectionItem.objects.get(pk=twice.pk).frequency == "每半年"
