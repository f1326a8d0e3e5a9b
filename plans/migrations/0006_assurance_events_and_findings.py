"""Inspection recommendations become the findings of assurance events.

``Recommendation`` is renamed ``Finding`` (its rows, and the links from the actions that
answer them, stay as they are) and gains the event that made it. Each plan with
recommendations gets the inspection that started it (done, led by Ofsted, on the
plan's inspection date if it knows one), and its recommendations become that
inspection's findings. Backwards, the events go and the findings are recommendations
again, nothing lost.
"""

import datetime

import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models

KINDS = [
    ("inspection", "Inspection"),
    ("monitoring_visit", "Monitoring visit"),
    ("peer_review", "Peer review"),
    ("pip_diagnostic", "Partner in Practice diagnostic"),
    ("commissioner_review", "Commissioner review"),
    ("external_audit", "External audit"),
    ("other", "Other"),
]
STATUSES = [
    ("planned", "Planned"),
    ("postponed", "Postponed"),
    ("done", "Done"),
    ("cancelled", "Cancelled"),
]


def starting_inspections(apps, schema_editor):
    Plan = apps.get_model("plans", "Plan")
    Finding = apps.get_model("plans", "Finding")
    AssuranceEvent = apps.get_model("plans", "AssuranceEvent")
    for plan in Plan.objects.filter(pk__in=Finding.objects.values("plan_id")).order_by("pk"):
        title = plan.inspection or "The inspection that started the plan"
        event = AssuranceEvent.objects.create(
            plan=plan,
            kind="inspection",
            title=title[:200],
            led_by="Ofsted",
            actual_start=plan.inspection_date,
            planned_start=plan.inspection_date,
            status="done",
            started_plan=True,
            # Known before the plan began, so its pages show it as at any day of the plan.
            recorded_at=datetime.datetime.combine(
                plan.start_date, datetime.time(), tzinfo=datetime.UTC
            ),
        )
        Finding.objects.filter(plan=plan).update(event=event)


def no_events(apps, schema_editor):
    """Backwards: the findings lose their event (the field goes next)."""
    Finding = apps.get_model("plans", "Finding")
    Finding.objects.update(event=None)


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0005_plan_organisation_required"),
        ("actions", "0005_progress_notes_and_timescales_as_written"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="recommendation", name="recommendation_reference_unique_in_plan"
        ),
        migrations.RenameModel(old_name="Recommendation", new_name="Finding"),
        migrations.AlterField(
            model_name="finding",
            name="plan",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="findings",
                to="plans.plan",
            ),
        ),
        migrations.AddConstraint(
            model_name="finding",
            constraint=models.UniqueConstraint(
                fields=("plan", "reference"), name="finding_reference_unique_in_plan"
            ),
        ),
        migrations.CreateModel(
            name="AssuranceEvent",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("kind", models.CharField(choices=KINDS, max_length=30)),
                ("title", models.CharField(max_length=200)),
                (
                    "led_by",
                    models.CharField(
                        blank=True,
                        help_text="For example Ofsted or Essex County Council.",
                        max_length=200,
                        verbose_name="Led by",
                    ),
                ),
                (
                    "planned_start",
                    models.DateField(blank=True, null=True, verbose_name="Planned from"),
                ),
                ("planned_end", models.DateField(blank=True, null=True, verbose_name="Planned to")),
                (
                    "actual_start",
                    models.DateField(blank=True, null=True, verbose_name="Took place from"),
                ),
                (
                    "actual_end",
                    models.DateField(blank=True, null=True, verbose_name="Took place to"),
                ),
                ("status", models.CharField(choices=STATUSES, default="planned", max_length=20)),
                (
                    "postponed_reason",
                    models.TextField(blank=True, verbose_name="Why it was postponed"),
                ),
                (
                    "summary",
                    models.TextField(blank=True, help_text="What it looked at and what it found."),
                ),
                (
                    "started_plan",
                    models.BooleanField(
                        default=False,
                        help_text="The inspection whose recommendations the plan answers.",
                    ),
                ),
                (
                    "recorded_at",
                    models.DateTimeField(default=django.utils.timezone.now, editable=False),
                ),
                (
                    "plan",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="assurance_events",
                        to="plans.plan",
                    ),
                ),
            ],
            options={"ordering": ["plan", "planned_start", "pk"]},
        ),
        migrations.AddConstraint(
            model_name="assuranceevent",
            constraint=models.UniqueConstraint(
                condition=models.Q(("started_plan", True)),
                fields=("plan",),
                name="assurance_event_one_starting_inspection_per_plan",
            ),
        ),
        migrations.AddConstraint(
            model_name="assuranceevent",
            constraint=models.CheckConstraint(
                condition=models.Q(("status", "postponed"), _negated=True)
                | models.Q(("postponed_reason", ""), _negated=True),
                name="assurance_event_postponed_says_why",
            ),
        ),
        migrations.AddField(
            model_name="finding",
            name="event",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="findings",
                to="plans.assuranceevent",
            ),
        ),
        migrations.RunPython(starting_inspections, no_events),
        migrations.AlterField(
            model_name="finding",
            name="event",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="findings",
                to="plans.assuranceevent",
            ),
        ),
    ]
