from django.db import migrations

from shuangsuiji.directory.reference import AREAS, MEMBER_UNITS, OFFICE


def load(apps, schema_editor):
    Department = apps.get_model("directory", "Department")
    Area = apps.get_model("directory", "Area")
    name, short, code = OFFICE
    Department.objects.update_or_create(
        code=code, defaults={"name": name, "short_name": short, "is_office": True, "sort_order": 0}
    )
    for order, (unit, short_name) in enumerate(MEMBER_UNITS, start=1):
        Department.objects.update_or_create(
            code=f"D{order:02d}",
            defaults={"name": unit, "short_name": short_name, "sort_order": order},
        )
    for order, area in enumerate(AREAS, start=1):
        Area.objects.update_or_create(
            code=f"A{order:02d}", defaults={"name": area, "sort_order": order}
        )


class Migration(migrations.Migration):
    dependencies = [("directory", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
