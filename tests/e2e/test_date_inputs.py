"""Every date a person types is a GOV.UK date input, day first: no browser date picker
(which Chromium shows as mm/dd/yyyy) anywhere, mistakes explained with the boxes kept."""

import datetime

import pytest

pytestmark = pytest.mark.django_db(transaction=True)

# A page of each form with a date, as a plan manager sees it.
PAGES_WITH_DATES = [
    ("/", ["Show the plan as at", "Compare with"]),
    ("/all-actions/", ["As at", "Compare with"]),
    ("/recommendations/", ["Show the plan as at"]),
    ("/indicators/", ["Show the plan as at"]),
    ("/board-reports/meetings/add/", ["Date of the meeting"]),
    ("/board-reports/new/", ["Figures as at", "Movement counted from"]),
    ("/plans/medway-improvement-plan/refresh/", ["Start date"]),
]


def date_boxes(page) -> list[str]:
    """Each date input's legend, and the labels of its boxes in order."""
    return page.evaluate(
        """() => [...document.querySelectorAll('.govuk-date-input')].map(input =>
            input.closest('fieldset').querySelector('legend').innerText.trim() + ': ' +
            [...input.querySelectorAll('label')].map(l => l.innerText.trim()).join(' '))"""
    )


def test_every_date_is_typed_day_month_year(demo, visitor):
    page = visitor.page
    visitor.sign_in("manager")
    for path, legends in PAGES_WITH_DATES:
        visitor.goto(path)
        assert page.locator("input[type=date]").count() == 0, path
        assert date_boxes(page) == [f"{legend}: Day Month Year" for legend in legends], path
        hints = page.locator("main").inner_text()
        assert "2020-04-23" not in hints and "mm/dd" not in hints, path

    action = demo.actions.get(reference="1.02")
    for path in (f"/actions/{action.pk}/update/", f"/actions/{action.pk}/edit/"):
        visitor.goto(path)
        assert page.locator("input[type=date]").count() == 0, path
        assert all(boxes.endswith("Day Month Year") for boxes in date_boxes(page)), path


def test_a_wrong_date_is_explained_and_kept_then_corrected(demo, visitor):
    page = visitor.page
    visitor.sign_in("manager")
    visitor.goto("/board-reports/meetings/add/")

    visitor.fill_date("Date of the meeting", "31/2/2021")
    visitor.submit("Add the meeting")
    summary = page.locator(".govuk-error-summary")
    assert "Date of the meeting must be a real date" in summary.inner_text()
    group = page.get_by_role("group", name="Date of the meeting")
    boxes = [group.get_by_label(box, exact=True) for box in ("Day", "Month", "Year")]
    assert [box.input_value() for box in boxes] == ["31", "2", "2021"]
    visitor.check("meeting form with a date that is not real")
    # The summary's link takes the reader to the first box.
    summary.get_by_role("link").first.click()
    assert page.evaluate("document.activeElement.id") == "id_date-day"

    visitor.fill_date("Date of the meeting", "21//2021")
    visitor.submit("Add the meeting")
    assert "Date of the meeting must include a month" in summary.inner_text()

    visitor.fill_date("Date of the meeting", "21/5/2021")
    visitor.submit("Add the meeting")
    from reports.models import BoardMeeting

    assert BoardMeeting.objects.filter(plan=demo, date=datetime.date(2021, 5, 21)).exists()


def test_the_as_at_date_goes_into_the_address_and_a_wrong_one_comes_back(demo, visitor):
    page = visitor.page
    visitor.sign_in("board")
    visitor.fill_date("Show the plan as at", "23/4/2020")
    page.get_by_role("button", name="Show", exact=True).click()
    page.wait_for_load_state()
    assert page.url.endswith("/?as_at=2020-04-23")
    assert "as it stood on 23 April 2020" in page.content()
    group = page.get_by_role("group", name="Show the plan as at")
    assert group.get_by_label("Day", exact=True).input_value() == "23"

    visitor.fill_date("Show the plan as at", "30/2/2020")
    page.get_by_role("button", name="Show", exact=True).click()
    page.wait_for_load_state()
    assert "The date must be a real date" in page.locator(".govuk-error-summary").inner_text()
    assert group.get_by_label("Day", exact=True).input_value() == "30"
    visitor.check("dashboard with a date that is not real")
