from django.db import migrations

from shuangsuiji.common.holidays import package_exceptions, package_version, package_years


def seed(apps, schema_editor):
    CalendarYear = apps.get_model("common", "CalendarYear")
    CalendarDay = apps.get_model("common", "CalendarDay")
    source = package_version()
    for year in package_years():
        CalendarYear.objects.get_or_create(year=year, defaults={"source": source})
    known = set(CalendarDay.objects.values_list("date", flat=True))
    CalendarDay.objects.bulk_create(
        [
            CalendarDay(date=day, is_workday=workday, name=name)
            for day, workday, name in package_exceptions()
            if day not in known
        ],
        batch_size=500,
    )


class Migration(migrations.Migration):
    dependencies = [("common", "0004_calendar")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
