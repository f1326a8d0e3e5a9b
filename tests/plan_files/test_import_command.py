"""manage.py import_plan: the same import, from the command line."""

import datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from actions.models import Action, Rating
from improvement_board.models import AuditEvent
from plan_files.models import ImportChoices
from plans.models import Plan

from .sheets import action_row, csv_bytes, row_counts, xlsx

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = StringIO()
    call_command("import_plan", *args, stdout=out)
    return out.getvalue()


def test_it_imports_a_new_plan_and_a_second_run_changes_nothing(tmp_path, plan_manager):
    path = tmp_path / "plan.xlsx"
    path.write_bytes(
        xlsx([action_row("1.01", lead="pm@example.org", rating="Green", commentary="Fine")])
    )
    output = run(str(path), "--title", "Imported plan", "--organisation", "Medway Council")
    plan = Plan.objects.get()
    assert (plan.title, plan.organisation.name) == ("Imported plan", "Medway Council")
    assert "1 new actions" in output and "1 updates recorded (1 changing a rating)" in output
    assert Action.objects.get().lead == plan_manager
    [event] = AuditEvent.objects.filter(kind=AuditEvent.Kind.IMPORT)
    assert event.plan == plan and "from the command line" in event.detail

    before = row_counts()
    output = run(str(path), "--plan", plan.slug)
    assert "0 new actions, 0 changed, 1 unchanged" in output
    # Only the audit trail notes that the file was imported again.
    after = row_counts()
    assert (
        after.pop("improvement_board.AuditEvent") == before.pop("improvement_board.AuditEvent") + 1
    )
    assert after == before


def test_problems_and_questions_are_all_listed_and_nothing_is_written(tmp_path, plan):
    path = tmp_path / "plan.csv"
    path.write_bytes(csv_bytes([action_row("1.01", rating="Purple"), action_row("1.01")]))
    before = row_counts()
    with pytest.raises(CommandError) as raised:
        run(str(path), "--plan", plan.slug, "--user", "pm")
    assert str(raised.value).splitlines() == [
        "plan.csv: nothing was imported.",
        '  What does “Purple” mean (rows 2)? Answer with --rating "Purple=Amber" (or Blue, '
        "Green, Red, none).",
        "  The file, row 3, Ref (column B): Ref 1.01 is also on row 2. Each action needs its "
        "own Ref.",
    ]
    assert row_counts() == before


def test_dry_run_shows_how_the_file_was_read_and_writes_nothing(tmp_path, plan):
    path = tmp_path / "plan.xlsx"
    headings = ["Priority", "No.", "What?", "Who?", "When?", "RAG"]
    path.write_bytes(
        xlsx([["Front door", "1.01", "Relaunch the MASH", "", "Q2 2020/21", "A"]], headers=headings)
    )
    before = row_counts()
    output = run(str(path), "--plan", plan.slug, "--user", "pm", "--dry-run")
    assert output.splitlines()[:8] == [
        "Read the Actions sheet, headings in row 1.",
        "  Column A “Priority”: Section",
        "  Column B “No.”: Ref",
        "  Column C “What?”: Action",
        "  Column D “Who?”: Lead",
        "  Column E “When?”: Due date",
        "  Column F “RAG”: Rating",
        "  Read heading: row 1, Priority (column A): “Priority” as Section",
    ]
    assert "“Q2 2020/21” as 30 September 2020" in output
    assert "“A” as Amber" in output
    assert "Would import plan.xlsx" in output
    assert row_counts() == before


def test_answers_are_given_with_map_and_rating_and_remembered_for_the_plan(tmp_path, plan):
    path = tmp_path / "tracker.xlsx"
    headings = ["Ref", "Key deliverable", "RAG", "Owner notes"]
    path.write_bytes(xlsx([["1.01", "Audit 40 cases", "Amber E", "x"]], headers=headings))
    with pytest.raises(CommandError, match="No column is read as the Action"):
        run(str(path), "--plan", plan.slug, "--user", "pm")

    run(
        str(path),
        "--plan",
        plan.slug,
        "--user",
        "pm",
        "--map",
        "Key deliverable=title",
        "--map",
        "owner notes=ignore",
        "--rating",
        "Amber E=Amber",
    )
    action = Action.objects.get(plan=plan)
    assert (action.title, action.rating) == ("Audit 40 cases", Rating.AMBER)
    choices = ImportChoices.objects.get(plan=plan)
    assert choices.columns == {"key deliverable": "title", "owner notes": "ignore"}
    assert choices.rating_words == {"amber e": "amber"}

    # Next month's file needs no answers: the plan remembers them.
    path.write_bytes(xlsx([["1.01", "Audit 40 cases", "Amber E", "y"]], headers=headings))
    assert "0 new actions, 0 changed, 1 unchanged" in run(str(path), "--plan", plan.slug)


def test_bad_answers_and_dates_are_refused_with_the_form_to_use(tmp_path, plan):
    path = tmp_path / "plan.xlsx"
    path.write_bytes(xlsx([action_row()]))
    with pytest.raises(CommandError, match="write HEADING=FIELD, where FIELD is one of"):
        run(str(path), "--plan", plan.slug, "--map", "Owner=boss")
    with pytest.raises(CommandError, match="write WORD=RATING, where RATING is Blue"):
        run(str(path), "--plan", plan.slug, "--rating", "Amber E=orange")
    with pytest.raises(CommandError, match="'31/03/2020' is not a date: write it as YYYY-MM-DD"):
        run(str(path), "--plan", plan.slug, "--as-at", "31/03/2020")


def test_as_at_dates_the_ratings_in_the_file(tmp_path, plan, plan_manager):
    path = tmp_path / "january.xlsx"
    path.write_bytes(xlsx([action_row("1.01", rating="Green", commentary="On track")]))
    run(str(path), "--plan", plan.slug, "--user", "pm", "--as-at", "2020-01-31")
    update = Action.objects.get(plan=plan).updates.get()
    assert update.effective_date == datetime.date(2020, 1, 31)
    assert update.source == "Import of january.xlsx as at 31 January 2020"


def test_it_needs_a_plan_or_a_title(tmp_path):
    path = tmp_path / "plan.xlsx"
    path.write_bytes(xlsx([action_row()]))
    with pytest.raises(CommandError, match="Give --plan SLUG, or --title and --organisation"):
        run(str(path))
    with pytest.raises(CommandError, match="There is no plan with the slug 'nope'"):
        run(str(path), "--plan", "nope")
