"""The migration that makes inspection recommendations the findings of the inspection
that started each plan: forwards nothing is lost, backwards neither."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [
    ("plans", "0005_plan_organisation_required"),
    ("actions", "0005_progress_notes_and_timescales_as_written"),
]
AFTER = [("plans", "0006_assurance_events_and_findings")]

# Migrating back and forth drops and re-creates tables; with the database's first rows
# restored before and nothing re-created after, the content types keep their ids for the
# tests that restore them after this one (tests/reports/test_worker.py).
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture
def old_world(transactional_db):
    """Two plans as they were before assurance events: one with an inspection date and
    recommendations answered by actions, one knowing no inspection, and one with no
    recommendations at all."""
    apps = migrate(BEFORE)
    User = apps.get_model("improvement_board", "User")
    Organisation = apps.get_model("plans", "Organisation")
    Plan = apps.get_model("plans", "Plan")
    Section = apps.get_model("plans", "Section")
    Recommendation = apps.get_model("plans", "Recommendation")
    Action = apps.get_model("actions", "Action")
    lead = User.objects.create(username="lead", first_name="Priya", last_name="Raman")
    council = Organisation.objects.create(name="Medway Council", slug="medway")
    dated = Plan.objects.create(
        title="Children's Services Improvement Plan",
        slug="dated",
        organisation=council,
        inspection="Ofsted inspection of local authority children's services (ILACS)",
        inspection_date=datetime.date(2019, 7, 19),
        start_date=datetime.date(2019, 10, 1),
    )
    undated = Plan.objects.create(
        title="Refreshed plan",
        slug="undated",
        organisation=council,
        start_date=datetime.date(2020, 5, 1),
    )
    Plan.objects.create(
        title="Nothing to answer",
        slug="empty",
        organisation=council,
        start_date=datetime.date(2020, 5, 1),
    )
    section = Section.objects.create(plan=dated, number=1, title="Quality of practice")
    hub = Action.objects.create(
        plan=dated,
        section=section,
        reference="1.03",
        title="Early Help Hub",
        lead=lead,
        added_on=datetime.date(2019, 10, 1),
    )
    texts = {
        dated: [("R1", "The quality and timeliness of assessments."), ("R4", "Thresholds.")],
        undated: [("R1", "Management oversight of practice, with * and _ in its text.")],
    }
    for plan, rows in texts.items():
        for reference, text in rows:
            Recommendation.objects.create(plan=plan, reference=reference, text=text)
    hub.recommendations.set(Recommendation.objects.filter(plan=dated))
    yield
    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())


def snapshot(apps, model_name):
    model = apps.get_model("plans", model_name)
    Action = apps.get_model("actions", "Action")
    rows = sorted(model.objects.values_list("pk", "plan__slug", "reference", "text"))
    links = sorted(
        (action.reference, sorted(r.reference for r in action.recommendations.all()))
        for action in Action.objects.all()
    )
    return rows, links


def test_recommendations_become_findings_of_the_starting_inspection_and_back(old_world):
    before = snapshot(migrate(BEFORE), "Recommendation")

    apps = migrate(AFTER)
    assert snapshot(apps, "Finding") == before
    Event = apps.get_model("plans", "AssuranceEvent")
    events = {e.plan.slug: e for e in Event.objects.select_related("plan")}
    assert set(events) == {"dated", "undated"}  # a plan with no recommendations gets none
    dated, undated = events["dated"], events["undated"]
    assert (dated.kind, dated.status, dated.led_by, dated.started_plan) == (
        "inspection",
        "done",
        "Ofsted",
        True,
    )
    assert dated.title == "Ofsted inspection of local authority children's services (ILACS)"
    assert dated.actual_start == datetime.date(2019, 7, 19)
    assert (undated.title, undated.actual_start) == ("The inspection that started the plan", None)
    Finding = apps.get_model("plans", "Finding")
    assert {(f.plan.slug, f.event_id) for f in Finding.objects.select_related("plan")} == {
        ("dated", dated.pk),
        ("undated", undated.pk),
    }

    back = migrate(BEFORE)
    assert snapshot(back, "Recommendation") == before
