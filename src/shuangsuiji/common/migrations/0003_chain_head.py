from django.db import migrations

GENESIS_HASH = "0" * 64


def create_head(apps, schema_editor):
    apps.get_model("common", "AuditChainHead").objects.get_or_create(
        pk=1, defaults={"last_hash": GENESIS_HASH, "length": 0, "last_id": 0}
    )


class Migration(migrations.Migration):
    dependencies = [("common", "0002_initial")]
    operations = [migrations.RunPython(create_head, migrations.RunPython.noop)]
