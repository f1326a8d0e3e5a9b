"""Export writes the import format: exporting then importing reproduces the plan."""

import datetime
import io

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from actions.models import Action, Rating
from actions.services import action_update_record
from plan_files.changes import NewPlan, plan_import_changes
from plan_files.exporting import plan_csv, plan_workbook, template_workbook
from plan_files.layout import parse_plan_file
from plan_files.services import plan_import
from plan_files.template import COLUMNS
from tests.factories import ActionFactory, RecommendationFactory, SectionFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def full_plan(plan):
    """A plan with the details an export must carry: every column, in two sections."""
    first = SectionFactory(plan=plan, number=1, title="Quality of Practice")
    second = SectionFactory(plan=plan, number=2, title="Partnership working")
    r1 = RecommendationFactory(plan=plan, reference="R1", text="Assessments must improve.")
    r2 = RecommendationFactory(plan=plan, reference="R2", text="Plans must be specific.")
    named = UserFactory(first_name="Tom", last_name="Whitfield", email="")
    a = ActionFactory(
        section=first,
        reference="1.01",
        title="Adopt Signs of Safety",
        description="- One framework for all teams\n- =Training for every manager",
        success_measures="Safety plans seen on files.",
        partners="+ Essex; @trainers",
        start_date=datetime.date(2019, 10, 1),
        original_due_date=datetime.date(2020, 3, 31),
        current_due_date=datetime.date(2020, 3, 31),
    )
    a.recommendations.set([r1, r2])
    action_update_record(
        action=a,
        author=a.lead,
        effective_date=datetime.date(2019, 11, 20),
        rating=Rating.GREEN,
        commentary="Training commissioned.",
    )
    action_update_record(
        action=a,
        author=a.lead,
        effective_date=datetime.date(2020, 3, 20),
        rating=Rating.AMBER,
        commentary="Training paused for Covid-19.\nRe-planned online.",
        slippage_reason="external",
        revised_due_date=datetime.date(2020, 9, 30),
    )
    b = ActionFactory(section=second, reference="5.01", title="Edge of Care service", lead=named)
    b.recommendations.set([r2])
    action_update_record(
        action=b,
        author=named,
        effective_date=datetime.date(2020, 2, 20),
        rating=Rating.BLUE,
        commentary="Service launched.",
    )
    c = ActionFactory(section=second, reference="5.02", title="Not rated yet", start_date=None)
    plan.members.add(a.lead, b.lead, c.lead)
    return plan


def snapshot(plan) -> list[tuple]:
    actions = Action.objects.filter(plan=plan).order_by("reference")
    return [
        (
            a.section.number,
            a.section.title,
            a.reference,
            a.title,
            a.description,
            a.success_measures,
            a.partners,
            a.lead_id,
            a.start_date,
            a.original_due_date,
            a.current_due_date,
            a.rating,
            a.updates.latest_first().first().commentary if a.updates.exists() else None,
            sorted((r.reference, r.text) for r in a.recommendations.all()),
        )
        for a in actions
    ]


@pytest.mark.parametrize("write, filename", [(plan_workbook, "plan.xlsx"), (plan_csv, "plan.csv")])
def test_export_then_import_into_a_new_plan_reproduces_it(full_plan, plan_manager, write, filename):
    parsed = parse_plan_file(write(full_plan), filename)
    assert parsed.problems == []
    changes = plan_import(
        parsed=parsed,
        new_plan=NewPlan(
            title="Copy", organisation=full_plan.organisation.name, start_date=full_plan.start_date
        ),
        imported_by=plan_manager,
    )
    copy = changes.plan
    assert changes.new_leads == []
    original, copied = snapshot(full_plan), snapshot(copy)
    if filename.endswith(".csv"):
        # CSV holds only the Actions sheet: recommendation texts are not in it.
        original = [row[:-1] for row in original]
        copied = [row[:-1] for row in copied]
    assert copied == original


def test_export_then_import_into_the_same_plan_changes_nothing(full_plan):
    for write, name in ((plan_workbook, "p.xlsx"), (plan_csv, "p.csv")):
        changes = plan_import_changes(
            parsed=parse_plan_file(write(full_plan), name), plan=full_plan
        )
        assert not changes.has_changes, name
        assert len(changes.actions_unchanged) == 3


def test_the_export_is_readable_in_excel_terms(full_plan):
    workbook = load_workbook(io.BytesIO(plan_workbook(full_plan)))
    assert workbook.sheetnames == ["Actions", "Recommendations", "Notes"]
    sheet = workbook["Actions"]
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == [c.header for c in COLUMNS]
    first = dict(zip(rows[0], rows[1], strict=True))
    assert first["Ref"] == "1.01"
    assert first["Rating"] == "Amber"
    assert first["Due date"] == datetime.datetime(2020, 3, 31)
    assert first["Revised due date"] == datetime.datetime(2020, 9, 30)
    assert first["Recommendations"] == "R1; R2"
    assert sheet["G2"].number_format == "dd/mm/yyyy"


def test_the_template_has_headings_an_example_row_and_notes_on_every_column(plan_manager):
    data = template_workbook()
    workbook = load_workbook(io.BytesIO(data))
    actions = list(workbook["Actions"].iter_rows(values_only=True))
    assert list(actions[0]) == [c.header for c in COLUMNS]
    assert actions[1][1] == "1.01"
    notes = {row[0]: row for row in workbook["Notes"].iter_rows(values_only=True) if row[0]}
    for column in COLUMNS:
        assert notes[column.header][1] == ("Required" if column.required else "Optional")
        assert notes[column.header][2] == column.notes

    # The example imports as it is.
    changes = plan_import(
        parsed=parse_plan_file(data, "template.xlsx"),
        new_plan=NewPlan(title="T", organisation="C", start_date=timezone.localdate()),
        default_lead=plan_manager,
    )
    assert len(changes.actions_new) == 1
    assert [lead.name for lead in changes.new_leads] == ["jo.bloggs@example.org"]


def test_the_demo_plan_exported_and_imported_back_changes_nothing(db):
    """Signed-off actions included: the export's commentary is the owner's, as on every page,
    not the plan manager's sign-off note."""
    from demo.plan import demo_load

    plan = demo_load()
    changes = plan_import_changes(parsed=parse_plan_file(plan_workbook(plan), "p.xlsx"), plan=plan)
    assert [c.reference for c in changes.actions_changed] == []
    assert not changes.has_changes
