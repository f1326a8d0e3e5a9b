"""Importing a plan: all or nothing, idempotent, and every problem listed."""

import datetime
from collections import Counter

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from actions import services as action_services
from actions.models import Action, ActionUpdate, Rating
from plan_files.changes import NewPlan, PlanImportInvalid, PlanImportOutdated, plan_import_changes
from plan_files.layout import parse_plan_file
from plan_files.services import plan_import
from plans.models import Finding, Plan, Section
from plans.writable import PlanReadOnlyError
from reports.summary import plan_summary
from tests.factories import ActionFactory, PlanFactory, SectionFactory, UserFactory

from .sheets import action_row, row_counts, xlsx

pytestmark = pytest.mark.django_db

User = get_user_model()
RATINGS = ["Blue", "green", "AMBER", "Red", ""]


def new_plan(**overrides) -> NewPlan:
    values = {
        "title": "Improvement Plan",
        "organisation": "Exampleshire County Council",
        "start_date": timezone.localdate(),
    }
    values.update(overrides)
    return NewPlan(**values)


def import_new(data: bytes, filename="plan.xlsx", **kwargs):
    return plan_import(parsed=parse_plan_file(data, filename), new_plan=new_plan(), **kwargs)


def generated_rows(sections=8, actions=300, leads=()) -> list[dict]:
    rows = []
    for i in range(actions):
        section = i * sections // actions + 1
        rows.append(
            action_row(
                f"{section}.{i + 1:03d}",
                section=f"Section {section}: theme {section}",
                lead=leads[i % len(leads)] if leads else "",
                rating=RATINGS[i % len(RATINGS)],
                commentary=f"Progress note {i}" if RATINGS[i % len(RATINGS)] else "",
                recommendations=f"R{i % 6 + 1}",
            )
        )
    return rows


def test_a_generated_plan_of_8_sections_and_300_actions_imports_and_the_summary_matches(
    plan_manager,
):
    leads = [UserFactory(first_name="Priya", last_name="Raman").email, "Tom Whitfield", "Helen"]
    rows = generated_rows(leads=leads)
    changes = import_new(xlsx(rows), imported_by=plan_manager, default_lead=plan_manager)

    plan = changes.plan
    summary = plan_summary(plan, timezone.localdate())
    expected: dict[str, Counter] = {}
    for row in rows:
        counts = expected.setdefault(row["Section"], Counter())
        counts["total"] += 1
        if row["Rating"]:
            counts[row["Rating"].lower()] += 1
    # The service numbers sections itself: "Section 1: theme 1" is the section "theme 1".
    titles = [f"Section {n}: {r.title}" for n, r in enumerate(summary.rows, 1)]
    assert titles == list(expected)
    for summary_row, title in zip(summary.rows, titles, strict=True):
        counts = expected[title]
        assert summary_row.total == counts["total"]
        assert summary_row.counts == {r: counts[r] for r in Rating.values}
    assert summary.total.total == 300
    assert summary.total.not_rated == 60
    assert [s.number for s in plan.sections.all()] == list(range(1, 9))
    assert plan.findings.count() == 6
    assert plan_manager in plan.members.all()
    # The two leads without an account are placeholders; the one with an account is matched.
    placeholders = User.objects.filter(is_active=False)
    assert sorted(u.get_full_name() for u in placeholders) == ["Helen", "Tom Whitfield"]
    assert all(not u.has_usable_password() for u in placeholders)
    assert set(plan.members.all()) >= set(placeholders)
    assert User.objects.count() == 4


def test_a_workbook_with_five_different_errors_reports_all_five_and_writes_nothing(
    plan, plan_manager
):
    UserFactory(first_name="Sam", last_name="Jones")
    UserFactory(first_name="Sam", last_name="Jones")
    ActionFactory(section=SectionFactory(plan=plan), reference="9.01")
    rows = [
        action_row("1.01", rating="Green", commentary="Fine"),
        action_row("1.02", rating="Purple"),  # 1: unknown rating
        action_row("1.03", due_date="next March"),  # 2: unreadable date
        action_row("1.01"),  # 3: duplicate Ref
        action_row("1.05", lead="Sam Jones"),  # 4: a lead two people could be
        action_row("1.06", due_date="31.02.20"),  # 5: a day February does not have
    ]
    before = row_counts()
    with pytest.raises(PlanImportInvalid) as raised:
        plan_import(
            parsed=parse_plan_file(xlsx(rows), "plan.xlsx"),
            plan=plan,
            imported_by=plan_manager,
            default_lead=plan_manager,
        )
    problems = [(p.row, p.column, p.message) for p in raised.value.changes.problems]
    assert problems == [
        (
            4,
            "Due date (column G)",
            "'next March' has no year. Write it as 31/03/2020, March 2020 or Q2 2020/21, or "
            "'Ongoing'.",
        ),
        (5, "Ref (column B)", "Ref 1.01 is also on row 2. Each action needs its own Ref."),
        (
            6,
            "Lead (column D)",
            "2 people are called Sam Jones. Give the lead's email address instead.",
        ),
        (
            7,
            "Due date (column G)",
            "31.02.20 is not a date: February has 28 or 29 days.",
        ),
    ]
    # An unknown word is a question the plan manager answers, and it too stops the import.
    assert [(q.word, q.rows) for q in raised.value.changes.questions] == [("Purple", [3])]
    assert row_counts() == before


def test_importing_the_same_file_again_changes_nothing(plan, plan_manager):
    rows = generated_rows(sections=2, actions=12, leads=["New Person", "x@example.org"])
    data = xlsx(rows, recommendations=[(f"R{n}", f"Text {n}") for n in range(1, 7)])
    first = plan_import(
        parsed=parse_plan_file(data, "plan.xlsx"),
        plan=plan,
        imported_by=plan_manager,
        default_lead=plan_manager,
    )
    assert len(first.actions_new) == 12
    before = row_counts()

    again = plan_import_changes(parsed=parse_plan_file(data, "plan.xlsx"), plan=plan)
    assert not again.has_changes
    assert len(again.actions_unchanged) == 12
    plan_import(parsed=parse_plan_file(data, "plan.xlsx"), plan=plan, imported_by=plan_manager)
    assert row_counts() == before


def test_an_edited_file_updates_matching_actions_and_records_rating_changes(plan, plan_manager):
    section = SectionFactory(plan=plan, title="Quality of Practice")
    lead = UserFactory(email="rachel@example.org")
    kept = ActionFactory(section=section, reference="1.01", title="Relaunch QA", lead=lead)
    action_services.action_update_record(
        action=kept,
        author=lead,
        effective_date=datetime.date(2020, 1, 20),
        rating=Rating.GREEN,
        commentary="Audit tool agreed",
    )
    untouched = ActionFactory(section=section, reference="1.02", title="Not in the file")
    rows = [
        action_row(
            "1.01",
            section="Quality of Practice",
            lead="RACHEL@example.org",
            rating="Amber",
            commentary="Audit round paused",
            due_date=datetime.date(2020, 6, 30),
        ),
        action_row("2.01", section="Partnership working", rating="Red", commentary="Not started"),
    ]
    rows[0]["Action"] = "Relaunch the QA framework"
    changes = plan_import(
        parsed=parse_plan_file(xlsx(rows), "March update.xlsx"),
        plan=plan,
        imported_by=plan_manager,
        default_lead=plan_manager,
        as_at=datetime.date(2020, 3, 20),
    )

    [changed] = changes.actions_changed
    assert [(f.label, f.before, f.after) for f in changed.fields] == [
        ("Action", "Relaunch QA", "Relaunch the QA framework"),
        ("Due date", "31 March 2020", "30 June 2020"),
    ]
    assert [(c.reference, c.rating_before, c.rating) for c in changes.rating_changes] == [
        ("1.01", Rating.GREEN, Rating.AMBER),
        ("2.01", None, Rating.RED),
    ]
    assert changes.actions_missing == [untouched]
    assert changes.sections_new == ["Partnership working"]

    kept.refresh_from_db()
    assert kept.title == "Relaunch the QA framework"
    assert kept.original_due_date == kept.current_due_date == datetime.date(2020, 6, 30)
    assert kept.rating == Rating.AMBER
    latest = kept.updates.latest_first().first()
    assert latest.kind == ActionUpdate.Kind.IMPORTED
    assert latest.previous_rating == Rating.GREEN
    assert latest.commentary == "Audit round paused"
    assert latest.source == (
        "Import of March update.xlsx as at 20 March 2020; imported without a reason for slippage"
    )
    # The file is the record of what was known on its day.
    assert timezone.localtime(latest.recorded_at).date() == datetime.date(2020, 3, 20)
    assert latest.author == plan_manager
    assert latest.effective_date == datetime.date(2020, 3, 20)
    assert kept.updates.count() == 2
    # Detail changes are in the action's change history, as if edited in the app.
    assert sorted(
        kept.changes.filter(changed_by=plan_manager).values_list("field", "before", "after")
    ) == [
        ("current_due_date", "2020-03-31", "2020-06-30"),
        ("original_due_date", "2020-03-31", "2020-06-30"),
        ("title", "Relaunch QA", "Relaunch the QA framework"),
    ]
    untouched.refresh_from_db()
    assert untouched.title == "Not in the file" and untouched.updates.count() == 0
    new = Action.objects.get(plan=plan, reference="2.01")
    assert new.added_on == datetime.date(2020, 3, 20)
    assert new.lead == plan_manager
    assert new.section.number == section.number + 1


def test_columns_left_out_of_the_file_leave_details_alone(plan, plan_manager):
    action = ActionFactory(
        section=SectionFactory(plan=plan, title="S"), reference="1.01", partners="Health"
    )
    data = xlsx([["S", "1.01", action.title]], headers=["Section", "Ref", "Action"])
    changes = plan_import_changes(parsed=parse_plan_file(data, "p.xlsx"), plan=plan)
    assert not changes.has_changes


def test_leads_are_matched_by_email_or_full_name_in_any_case(plan, plan_manager):
    priya = UserFactory(first_name="Priya", last_name="Raman", email="priya@example.org")
    tom = UserFactory(first_name="Tom", last_name="Whitfield")
    rows = [action_row("1.01", lead="PRIYA@EXAMPLE.ORG"), action_row("1.02", lead="tom  whitfield")]
    changes = plan_import(
        parsed=parse_plan_file(xlsx(rows), "p.xlsx"), plan=plan, imported_by=plan_manager
    )
    assert [c.lead for c in changes.actions_new] == [priya, tom]
    assert changes.new_leads == []
    assert {priya, tom} <= set(plan.members.all())


def test_a_placeholder_lead_is_reused_on_the_next_import(plan, plan_manager):
    data = xlsx([action_row("1.01", lead="Jo Bloggs"), action_row("1.02", lead="jo bloggs")])
    changes = plan_import(parsed=parse_plan_file(data, "p.xlsx"), plan=plan)
    [lead] = changes.new_leads
    assert (lead.name, lead.references) == ("Jo Bloggs", ["1.01", "1.02"])
    placeholder = User.objects.get(first_name="Jo", last_name="Bloggs")
    assert not placeholder.is_active
    assert set(Action.objects.values_list("lead", flat=True)) == {placeholder.pk}

    data = xlsx([action_row("1.03", lead="Jo Bloggs")])
    again = plan_import(parsed=parse_plan_file(data, "p.xlsx"), plan=plan)
    assert again.new_leads == []
    assert User.objects.filter(last_name="Bloggs").count() == 1


def test_a_row_with_no_lead_needs_someone_to_default_to(plan):
    changes = plan_import_changes(parsed=parse_plan_file(xlsx([action_row()]), "p.xlsx"), plan=plan)
    assert [p.message for p in changes.problems] == [
        "The Lead is empty. Give the lead's name or email, or import as a person (the "
        "command's --user) who then leads the actions the file leaves open."
    ]


def test_a_failure_half_way_writes_nothing(plan_manager, monkeypatch):
    real = action_services.action_update_record
    calls = []

    def fail_on_the_150th(**kwargs):
        calls.append(kwargs["action"].reference)
        if len(calls) == 150:
            raise RuntimeError("database went away")
        return real(**kwargs)

    monkeypatch.setattr(action_services, "action_update_record", fail_on_the_150th)
    rows = [action_row(f"1.{i:03d}", rating="Green") for i in range(300)]
    before = row_counts()
    with pytest.raises(RuntimeError):
        import_new(xlsx(rows), imported_by=plan_manager, default_lead=plan_manager)
    assert len(calls) == 150
    assert row_counts() == before
    assert not Plan.objects.exists()


def test_an_import_checked_before_the_plan_changed_is_refused(plan, plan_manager):
    action = ActionFactory(section=SectionFactory(plan=plan, title="S"), reference="1.01")
    data = xlsx([action_row("1.01", section="S", rating="Green", lead=action.lead.email)])
    preview = plan_import_changes(parsed=parse_plan_file(data, "p.xlsx"), plan=plan)
    action_services.action_update_record(
        action=action,
        author=action.lead,
        effective_date=timezone.localdate(),
        rating=Rating.RED,
        commentary="Someone updated it meanwhile",
        slippage_reason="capacity",
    )
    before = row_counts()
    with pytest.raises(PlanImportOutdated):
        plan_import(
            parsed=parse_plan_file(data, "p.xlsx"),
            plan=plan,
            expected_fingerprint=preview.fingerprint(),
        )
    assert row_counts() == before


def test_a_superseded_plan_cannot_be_imported_into(plan, plan_manager):
    plan.status = Plan.Status.SUPERSEDED
    plan.save()
    before = row_counts()
    with pytest.raises(PlanReadOnlyError):
        plan_import(
            parsed=parse_plan_file(xlsx([action_row()]), "p.xlsx"),
            plan=plan,
            default_lead=plan_manager,
        )
    assert row_counts() == before


def test_recommendation_text_comes_from_the_sheet_or_is_marked_missing(plan_manager):
    rows = [action_row("1.01", recommendations="R1; R2")]
    changes = import_new(
        xlsx(rows, recommendations=[("R1", "Assessments")]), default_lead=plan_manager
    )
    texts = dict(Finding.objects.filter(plan=changes.plan).values_list("reference", "text"))
    assert texts == {
        "R1": "Assessments",
        "R2": "Text not given in the imported file: edit it to add it.",
    }
    action = Action.objects.get()
    assert sorted(action.recommendations.values_list("reference", flat=True)) == ["R1", "R2"]


def test_sections_are_created_in_first_seen_order(plan_manager):
    rows = [
        action_row("3.01", section="Partnership working"),
        action_row("1.01", section="Quality of Practice"),
        action_row("3.02", section="partnership  WORKING"),
    ]
    changes = import_new(xlsx(rows), default_lead=plan_manager)
    sections = Section.objects.filter(plan=changes.plan)
    assert [(s.number, s.title) for s in sections] == [
        (1, "Partnership working"),
        (2, "Quality of Practice"),
    ]
    assert sections[0].actions.count() == 2


def test_ratings_in_a_new_plan_count_from_its_start_when_that_is_later(plan_manager):
    start = timezone.localdate() + datetime.timedelta(days=10)
    changes = plan_import(
        parsed=parse_plan_file(xlsx([action_row(rating="Green")]), "p.xlsx"),
        new_plan=new_plan(start_date=start),
        default_lead=plan_manager,
    )
    update = ActionUpdate.objects.get()
    assert update.effective_date == start
    assert Action.objects.get().added_on == start
    # A new plan starts as a draft, made active by its managers when it is ready.
    assert changes.plan.status == Plan.Status.DRAFT


def test_a_new_plan_gets_a_slug_of_its_own(plan_manager):
    PlanFactory(slug="improvement-plan")
    changes = import_new(xlsx([action_row()]), default_lead=plan_manager)
    assert changes.plan.slug == "improvement-plan-2"
