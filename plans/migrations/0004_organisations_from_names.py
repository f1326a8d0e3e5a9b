"""Every plan's council, named as a string until now, becomes an Organisation (one per
distinct name). A migration of its own: PostgreSQL cannot alter a table in the
transaction that updated its rows."""

from django.db import migrations
from django.utils.text import slugify


def organisations_from_names(apps, schema_editor):
    Plan = apps.get_model("plans", "Plan")
    Organisation = apps.get_model("plans", "Organisation")
    made: dict[str, object] = {}
    for plan in Plan.objects.order_by("pk"):
        name = (plan.organisation_name or "").strip() or "Unnamed organisation"
        key = name.casefold()
        if key not in made:
            base = slugify(name)[:90] or "organisation"
            slug, n = base, 2
            while Organisation.objects.filter(slug=slug).exists():
                slug, n = f"{base}-{n}", n + 1
            made[key] = Organisation.objects.create(name=name, slug=slug)
        plan.organisation = made[key]
        plan.save(update_fields=["organisation"])


def names_from_organisations(apps, schema_editor):
    Plan = apps.get_model("plans", "Plan")
    for plan in Plan.objects.select_related("organisation"):
        plan.organisation_name = plan.organisation.name
        plan.save(update_fields=["organisation_name"])


class Migration(migrations.Migration):
    dependencies = [("plans", "0003_organisations")]

    operations = [
        migrations.RunPython(organisations_from_names, names_from_organisations),
    ]
