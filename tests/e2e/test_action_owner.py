"""An action owner's month: an Amber update, evidence, a proposed completion, a conflict."""

import datetime

import pytest
from django.utils import timezone

from tests.e2e.conftest import tiny_png

pytestmark = pytest.mark.django_db(transaction=True)


def fill_date(page, legend: str, day: datetime.date):
    group = page.get_by_role("group", name=legend)
    group.get_by_label("Day").fill(str(day.day))
    group.get_by_label("Month").fill(str(day.month))
    group.get_by_label("Year").fill(str(day.year))


@pytest.mark.parametrize("visitor", [True, False], ids=["with-js", "without-js"], indirect=True)
def test_action_owner_updates_adds_evidence_and_proposes_completion(
    demo, visitor, media_root, tmp_path
):
    from actions.models import Action, ActionUpdate, Rating
    from actions.services import action_update_record

    page = visitor.page
    actions = Action.objects.filter(plan=demo)
    visitor.sign_in("owner")
    assert page.get_by_role("heading", level=1).inner_text() == "My actions"
    visitor.check("my actions")

    # An Amber update: first sent without what Amber needs, to see the errors.
    visitor.follow("Update 1.02", check="update form")
    page.get_by_label("Amber").check()
    visitor.submit("Save update")
    summary = page.locator(".govuk-error-summary")
    assert "Choose the reason for slippage" in summary.inner_text()
    assert "Enter commentary" in summary.inner_text()
    assert page.title().startswith("Error:")
    assert page.get_by_label("Amber").is_checked(), "the rating chosen was lost"
    visitor.check("update form with errors")

    revised = timezone.localdate() + datetime.timedelta(days=61)
    page.get_by_label("Capacity and recruitment").check()
    page.get_by_label("Commentary").fill(
        "Two assessment team managers left; interim cover starts next month."
    )
    fill_date(page, "Revised due date", revised)
    visitor.submit("Save update")
    assert page.get_by_role("heading", level=1).inner_text().endswith("single assessments")
    visitor.check("action 1.02 after the update")
    action = actions.get(reference="1.02")
    assert action.rating == Rating.AMBER
    assert action.current_due_date == revised
    latest = action.updates.order_by("-pk").first()
    assert latest.slippage_reason == "capacity"
    assert "interim cover" in latest.commentary

    # Evidence on another action, then completion proposed against it.
    visitor.goto("/my-actions/", check=False)
    visitor.follow("1.06 Strengthen management oversight at every key decision point", exact=False)
    visitor.check("action 1.06")
    visitor.follow("Add evidence", check="evidence form")
    page.get_by_label("Title").fill("Supervision audit, October 2026")
    page.get_by_label("Upload a file").set_input_files(str(tiny_png(tmp_path / "audit.png")))
    visitor.submit("Add evidence")
    assert "Supervision audit, October 2026" in page.locator("main").inner_text()
    visitor.check("action 1.06 with evidence")
    evidence = actions.get(reference="1.06").evidence.get()
    assert evidence.media_type == "image/png" and evidence.file_name.endswith(".png")

    visitor.follow("Post an update", check="update form for 1.06")
    page.get_by_label("Blue").check()
    page.get_by_label("Commentary").fill(
        "Supervision audit shows monthly supervision for 96% of staff."
    )
    visitor.submit("Save update")
    visitor.check("action 1.06 with completion proposed")
    action = actions.get(reference="1.06")
    assert action.updates.order_by("-pk").first().kind == ActionUpdate.Kind.COMPLETION_PROPOSED
    assert action.rating != Rating.BLUE, "completion counts only once it is signed off"

    # Someone else saves an update while the owner is still writing theirs.
    action = actions.get(reference="1.05")
    visitor.goto(f"/actions/{action.pk}/update/", check=False)
    page.get_by_label("Green").check()
    page.get_by_label("Commentary").fill(
        "Strategy discussions held within a day for 94% of children."
    )
    action_update_record(
        action=action,
        author=action.lead,
        effective_date=timezone.localdate(),
        rating=Rating.AMBER,
        slippage_reason="partner",
        commentary="Police attendance at strategy discussions has fallen.",
        expected_version=action.version,
    )
    visitor.submit("Save update")
    assert "is not saved yet" in page.get_by_role("heading", level=1).inner_text()
    assert "Police attendance" in page.locator("main").inner_text()
    assert page.get_by_label("Commentary").input_value().startswith("Strategy discussions")
    visitor.check("conflict page")
    visitor.submit("Save my update")
    visitor.check("action 1.05 after the conflict")
    assert actions.get(reference="1.05").rating == Rating.GREEN
