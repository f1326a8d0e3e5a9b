"""manage.py import_plan: the same import, from the command line."""

import pytest
from django.core.management import CommandError, call_command

from actions.models import Action
from plans.models import Plan

from .sheets import action_row, csv_bytes, row_counts, xlsx

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    from io import StringIO

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
    assert (plan.title, plan.organisation) == ("Imported plan", "Medway Council")
    assert "1 new actions" in output and "1 ratings recorded" in output
    assert Action.objects.get().lead == plan_manager

    before = row_counts()
    output = run(str(path), "--plan", plan.slug)
    assert "0 new actions, 0 changed, 1 unchanged" in output
    assert row_counts() == before


def test_problems_are_all_listed_and_nothing_is_written(tmp_path, plan):
    path = tmp_path / "plan.csv"
    path.write_bytes(csv_bytes([action_row("1.01", rating="Purple"), action_row("1.01")]))
    before = row_counts()
    with pytest.raises(CommandError) as raised:
        run(str(path), "--plan", plan.slug, "--lead", "pm")
    assert str(raised.value).splitlines() == [
        "plan.csv: 2 problem(s); nothing was imported.",
        "  row 2, Rating (column H): “Purple” is not a rating. Use Blue, Green, Amber or Red.",
        "  row 3, Ref (column B): Ref 1.01 is also on row 2. Each action needs its own Ref.",
    ]
    assert row_counts() == before


def test_dry_run_writes_nothing(tmp_path, plan):
    path = tmp_path / "plan.xlsx"
    path.write_bytes(xlsx([action_row("1.01")]))
    before = row_counts()
    output = run(str(path), "--plan", plan.slug, "--lead", "pm", "--dry-run")
    assert output.startswith("Would import plan.xlsx")
    assert row_counts() == before


def test_it_needs_a_plan_or_a_title(tmp_path):
    path = tmp_path / "plan.xlsx"
    path.write_bytes(xlsx([action_row()]))
    with pytest.raises(CommandError, match="Give --plan SLUG, or --title and --organisation"):
        run(str(path))
    with pytest.raises(CommandError, match="There is no plan with the slug 'nope'"):
        run(str(path), "--plan", "nope")
