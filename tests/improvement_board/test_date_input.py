"""The GOV.UK date input (improvement_board.forms.GovukDateField): day first, every
mistake named in GOV.UK's words, what was typed kept."""

import datetime

import pytest
from django import forms
from django.template import Context, Template
from django.utils import timezone

from improvement_board.forms import GovukDateField


class MeetingForm(forms.Form):
    date = GovukDateField(label="Date of the meeting")
    due = GovukDateField(label="Due date", noun="The due date", required=False)
    done = GovukDateField(label="Done on", allow_future=False, required=False)


def boxes(name: str, day: str, month: str, year: str) -> dict[str, str]:
    return {f"{name}-day": day, f"{name}-month": month, f"{name}-year": year}


def test_a_date_is_read_from_its_three_boxes():
    form = MeetingForm(boxes("date", "23", "4", "2020") | boxes("due", "", "", ""))
    assert form.is_valid(), form.errors
    assert form.cleaned_data == {"date": datetime.date(2020, 4, 23), "due": None, "done": None}


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        (("", "", ""), "This field is required."),
        (("23", "", "2020"), "Date of the meeting must include a month."),
        (("", "", "2020"), "Date of the meeting must include a day and month."),
        (("23", "April", "2020"), "Date of the meeting must be a real date, in numbers."),
        (("23", "4", "20"), "Year must include 4 numbers, for example 2020."),
        (("30", "2", "2020"), "Date of the meeting must be a real date."),
    ],
)
def test_each_mistake_is_named(typed, message):
    form = MeetingForm(boxes("date", *typed))
    assert form.errors["date"] == [message]


def test_the_noun_and_a_future_day_refused():
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    data = boxes("date", "1", "1", "2020") | boxes("due", "1", "13", "2020")
    data |= boxes("done", str(tomorrow.day), str(tomorrow.month), str(tomorrow.year))
    form = MeetingForm(data)
    assert form.errors == {
        "due": ["The due date must be a real date."],
        "done": ["Done on cannot be in the future."],
    }


TEMPLATE = Template(
    "{% load govuk_dates %}{% date_input form.date hint='For example, 23 4 2020.' %}"
)


def render(form) -> str:
    return TEMPLATE.render(Context({"form": form}))


def box(part: str, value: str) -> str:
    return f'name="date-{part}" type="text" inputmode="numeric" value="{value}"'


def test_the_boxes_keep_what_was_typed_and_the_error_leads_to_the_day():
    html = render(MeetingForm(boxes("date", "31", "2", "2021")))
    assert 'aria-describedby="id_date-hint id_date-error"' in html
    assert 'govuk-fieldset__legend--s">Date of the meeting</legend>' in html
    for part, value in (("day", "31"), ("month", "2"), ("year", "2021")):
        assert f'id="id_date-{part}" {box(part, value)}' in html
    assert html.count("govuk-input--error") == 3
    assert MeetingForm().fields["date"].widget.id_for_label("id_date") == "id_date-day"


def test_a_starting_value_is_shown_day_first():
    form = MeetingForm(initial={"date": datetime.date(2020, 4, 3)})
    html = render(form)
    assert box("day", "3") in html and box("month", "4") in html and box("year", "2020") in html
    # The same input drawn as Django's field group, for forms drawn that way.
    group = form["date"].as_field_group()
    assert "<legend" in group and box("day", "3") in group
