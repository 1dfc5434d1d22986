"""抽查频次 becomes a choice (每月/每季/每半年/每年) that drives a 重点 item's same-item window.

Existing free text is mapped by the words item lists use; text that names no frequency is
cleared and kept in the item's 备注, so nothing an office wrote is lost. The word table is a
copy of the one in directory.models.items as it stood when this migration was written.
"""

import re
import unicodedata

from django.db import migrations

WORDS = {
    "monthly": {"每月", "月", "按月", "月度", "每个月", "monthly", "month"},
    "quarterly": {"每季", "每季度", "季", "季度", "按季", "按季度", "每个季度", "quarterly"},
    "half_yearly": {
        "每半年",
        "半年",
        "按半年",
        "半年度",
        "每年2次",
        "每年两次",
        "每年二次",
        "half_yearly",
        "half-yearly",
        "semiannual",
        "semi-annual",
    },
    "yearly": {"每年", "年", "按年", "年度", "每年度", "yearly", "annual", "annually"},
}
LABELS = {"monthly": "每月", "quarterly": "每季", "half_yearly": "每半年", "yearly": "每年"}
ONCE = re.compile(r"(1|一)次$")


def meaning(text):
    raw = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text or "")).lower()
    if not raw:
        return ""
    for candidate in (raw, ONCE.sub("", raw)):
        for value, words in WORDS.items():
            if candidate == value or candidate in words:
                return value
    return None


def to_choices(apps, schema_editor):
    Item = apps.get_model("directory", "InspectionItem")
    for item in Item.objects.exclude(frequency=""):
        value = meaning(item.frequency)
        if value is None:
            kept = f"原抽查频次：{item.frequency}（无法识别为每月、每季、每半年或每年，已清空）"
            item.note = f"{item.note}\n{kept}" if item.note else kept
            item.frequency = ""
        else:
            item.frequency = value
        item.save(update_fields=["frequency", "note"])


def to_text(apps, schema_editor):
    Item = apps.get_model("directory", "InspectionItem")
    for item in Item.objects.exclude(frequency=""):
        item.frequency = LABELS.get(item.frequency, item.frequency)
        item.save(update_fields=["frequency"])


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0003_constraint_messages"),
    ]

    # The schema change is a migration of its own (0005): PostgreSQL refuses to alter a table
    # in the transaction that updated its rows while deferred constraint checks are pending.
    operations = [
        migrations.RunPython(to_choices, to_text),
    ]
