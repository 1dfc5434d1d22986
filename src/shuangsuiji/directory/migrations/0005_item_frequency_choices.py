"""抽查频次 as a choice field; its values were mapped by 0004."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0004_item_frequency_words"),
    ]

    operations = [
        migrations.AlterField(
            model_name="inspectionitem",
            name="frequency",
            field=models.CharField(
                blank=True,
                choices=[
                    ("monthly", "每月"),
                    ("quarterly", "每季"),
                    ("half_yearly", "每半年"),
                    ("yearly", "每年"),
                ],
                default="",
                max_length=12,
                verbose_name="抽查频次",
            ),
        ),
    ]
