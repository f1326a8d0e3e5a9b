from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("plans", "0004_organisations_from_names")]

    operations = [
        migrations.RemoveField(model_name="plan", name="organisation_name"),
        migrations.AlterField(
            model_name="plan",
            name="organisation",
            field=models.ForeignKey(
                help_text="The council or trust whose plan this is.",
                on_delete=models.PROTECT,
                related_name="plans",
                to="plans.organisation",
            ),
        ),
        migrations.AlterField(
            model_name="plan",
            name="status",
            field=models.CharField(
                choices=[
                    ("draft", "Draft"),
                    ("active", "Active"),
                    ("superseded", "Superseded"),
                    ("archived", "Archived"),
                ],
                default="draft",
                max_length=20,
            ),
        ),
    ]
