from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="plan",
            name="revision",
            field=models.PositiveBigIntegerField(
                default=0,
                editable=False,
                help_text="Raised by every write that changes what the plan's pages show "
                "(plans/revisions.py); pages are kept per revision (reports/page_cache.py).",
            ),
        ),
    ]
