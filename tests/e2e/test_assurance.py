"""The assurance calendar in a browser: a Board member reads the calendar and an event as
at the Board's date; a plan manager records a visit, is refused a postponement without a
reason, and adds a finding answered by an action. Every page is checked with axe."""

import pytest

pytestmark = pytest.mark.django_db(transaction=True)


def test_board_member_reads_the_calendar_and_an_event(demo, visitor):
    page = visitor.page
    visitor.sign_in("board")
    visitor.follow("Assurance", check="assurance calendar")
    visitor.goto(f"/plans/{demo.slug}/assurance/?as_at=2020-04-23", check=False)
    visitor.check("assurance calendar as at 2020-04-23")
    main = page.locator("main").inner_text()
    assert "Postponed from 18/19 March 2020" in main
    assert "Add an event" not in main
    visitor.follow("Essex Partner in Practice diagnostic of Early Help", check="event page")
    main = page.locator("main").inner_text()
    assert "EH1" in main and "5.02" in main
    assert "as it stood on 23 April 2020" in page.content()


def test_plan_manager_records_a_visit_and_a_finding(demo, visitor):
    from plans.models import AssuranceEvent, Finding

    page = visitor.page
    visitor.sign_in("manager")
    visitor.goto(f"/plans/{demo.slug}/assurance/", check=False)
    visitor.follow("Add an event", check="new event form")
    page.get_by_label("What kind of event", exact=True).select_option(label="Monitoring visit")
    page.get_by_label("Title", exact=True).fill(
        "Ofsted monitoring visit, rescheduled: children in need"
    )
    page.get_by_label("Led by", exact=True).fill("Ofsted")
    page.get_by_label("Postponed", exact=True).check()
    visitor.fill_date("Planned from", "15/9/2020")
    visitor.submit("Add the event")
    assert "Say why it was postponed." in page.locator(".govuk-error-summary").inner_text()
    assert (
        page.get_by_label("Title", exact=True).input_value().startswith("Ofsted monitoring visit")
    )
    visitor.check("new event form with errors")
    page.get_by_label("Why it was postponed", exact=True).fill(
        "Ofsted paused visits during Covid-19."
    )
    visitor.submit("Add the event", check="the new event")
    event = AssuranceEvent.objects.get(plan=demo, title__contains="rescheduled")
    assert event.status == "postponed"

    visitor.follow("Add a finding", check="new finding form")
    page.get_by_label("Reference", exact=True).fill("MV1")
    page.get_by_label("Finding", exact=True).fill("Management oversight of children in need plans.")
    page.get_by_label(
        "1.06 Strengthen management oversight at every key decision point", exact=True
    ).check()
    visitor.submit("Add the finding", check="the event with its finding")
    finding = Finding.objects.get(plan=demo, reference="MV1")
    assert [a.reference for a in finding.actions.all()] == ["1.06"]
    assert "MV1" in page.locator("main").inner_text()
