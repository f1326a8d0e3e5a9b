"""The overseer role's group; audit events that name their plan in words (so a deleted
draft plan's events still say which it was), and the plan's life events."""

from django.db import migrations, models


def create_overseers(apps, schema_editor):
    apps.get_model("auth", "Group").objects.get_or_create(name="Overseers")


def remove_overseers(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name="Overseers", user__isnull=True).delete()


def label_events(apps, schema_editor):
    AuditEvent = apps.get_model("improvement_board", "AuditEvent")
    for event in AuditEvent.objects.filter(plan__isnull=False).select_related("plan"):
        AuditEvent.objects.filter(pk=event.pk).update(
            plan_label=f"{event.plan.title} ({event.plan.slug})"[:320]
        )


class Migration(migrations.Migration):
    dependencies = [
        ("improvement_board", "0005_merge_0004_audit_event_plan_0004_two_step_audit_kinds"),
        ("plans", "0005_plan_organisation_required"),
    ]

    operations = [
        migrations.RunPython(create_overseers, remove_overseers),
        migrations.AddField(
            model_name="auditevent",
            name="plan_label",
            field=models.CharField(blank=True, max_length=320),
        ),
        migrations.RunPython(label_events, migrations.RunPython.noop),
    ]
