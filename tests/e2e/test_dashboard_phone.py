"""The dashboard on a phone (390 CSS px): nothing scrolls sideways, the Board's table
included, and every count can be read with the words of its column."""

import pytest
from django.utils import timezone

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_dashboard_fits_a_phone(demo, visitor):
    page = visitor.page
    page.set_viewport_size({"width": 390, "height": 844})
    visitor.sign_in("board")
    visitor.goto("/?as_at=2020-04-23")

    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0
    container = page.locator(".app-summary-table-container")
    assert container.evaluate("el => el.scrollWidth - el.clientWidth") <= 0
    caption = page.locator("#summary-caption")
    assert caption.inner_text() == (
        "RAG ratings for actions in each section of the plan as at 23 April 2020"
    )
    box = caption.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390

    # Each section is a block of its own: its name, then its counts, each named.
    total = page.locator(".app-summary-table tfoot tr")
    assert total.inner_text().split() == ["Total", "62", "14", "22", "16", "10"]
    # Each count is named by its column, the header row being out of sight.
    named = total.locator("td").evaluate_all(
        "cells => cells.map(c => getComputedStyle(c, '::before').content + c.innerText)"
    )
    assert named == ['"Total "62', '"Blue "14', '"Green "22', '"Amber "16', '"Red "10']
    first = page.locator(".app-summary-table tbody tr").first
    heading, counts = first.locator("th"), first.locator("td").first
    assert heading.bounding_box()["y"] < counts.bounding_box()["y"]
    visitor.check("dashboard at 390 px")


def test_a_plan_manager_is_told_of_completions_waiting(demo, visitor):
    from actions.models import Action, Rating
    from actions.services import action_update_post, evidence_add

    action = Action.objects.get(plan=demo, reference="1.06")
    evidence_add(action=action, added_by=action.lead, title="Audit", url="https://example.org/a")
    action_update_post(
        action=action,
        author=action.lead,
        effective_date=timezone.localdate(),
        rating=Rating.BLUE,
        commentary="Done.",
        expected_version=action.version,
    )
    page = visitor.page
    page.set_viewport_size({"width": 390, "height": 844})
    visitor.sign_in("manager")
    visitor.goto("/")
    banner = page.locator(".govuk-notification-banner")
    assert "1 completion is waiting for sign-off" in banner.inner_text()
    # The demo, seen today, points to the day it is best seen as at.
    note = page.locator(".app-demo-note")
    assert "See the plan as at 23 April 2020" in note.inner_text()
    visitor.check("dashboard with a completion waiting")
    banner.get_by_role("link", name="Sign off or return it").click()
    page.wait_for_load_state()
    assert "Completions waiting for sign-off" in page.locator("main").inner_text()
