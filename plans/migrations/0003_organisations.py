"""Organisations become records of their own; plans point at theirs (filled in 0004)."""

from django.conf import settings
from django.db import migrations, models

import plans.models


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0002_plan_revision"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="Organisation",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "name",
                    models.CharField(
                        help_text="As it appears on Board papers.", max_length=200, unique=True
                    ),
                ),
                ("slug", models.SlugField(max_length=100, unique=True)),
                (
                    "board_name",
                    models.CharField(
                        default="Children's Improvement Board",
                        help_text="The Board's name, printed at the top of its papers.",
                        max_length=200,
                    ),
                ),
                (
                    "running_header",
                    models.CharField(
                        blank=True,
                        help_text="Printed at the top of every page of a paper, e.g. “Medway Council Children's Services”. Leave empty to print the organisation's name.",
                        max_length=200,
                    ),
                ),
                (
                    "logo",
                    models.ImageField(
                        blank=True,
                        help_text="The logo on the cover of the Board's papers, as a PNG or JPEG.",
                        max_length=300,
                        upload_to=plans.models.logo_upload_to,
                    ),
                ),
                (
                    "overseers",
                    models.ManyToManyField(
                        blank=True,
                        help_text="People who read every plan of this organisation and change nothing: regional or national advisers, commissioners.",
                        related_name="overseen_organisations",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={"ordering": ["name"]},
        ),
        migrations.RenameField(
            model_name="plan", old_name="organisation", new_name="organisation_name"
        ),
        migrations.AddField(
            model_name="plan",
            name="organisation",
            field=models.ForeignKey(
                null=True,
                on_delete=models.PROTECT,
                related_name="plans",
                to="plans.organisation",
            ),
        ),
    ]
