"""Assurance events: what a plan manager records, what the form refuses, who may do it,
and the calendar and event pages as at a day."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from actions.models import Rating
from plans.assurance import assurance_event_create, assurance_event_update, starting_inspection
from plans.models import AssuranceEvent, Finding, days_label
from plans.writable import PlanReadOnlyError
from tests.factories import (
    ActionFactory,
    ActionUpdateFactory,
    AssuranceEventFactory,
    FindingFactory,
    PlanFactory,
    RecommendationFactory,
    SectionFactory,
)

pytestmark = pytest.mark.django_db

APRIL = datetime.date(2020, 4, 23)


def new_url(plan) -> str:
    return reverse("reports:assurance_event_new", args=[plan.slug])


def form_data(**changes) -> dict:
    """The form as a plan manager fills it in for the Ofsted monitoring visit."""
    data = {
        "kind": "monitoring_visit",
        "title": "Ofsted monitoring visit: help and protection, the front door",
        "led_by": "Ofsted",
        "status": "planned",
        "planned_start-day": "18",
        "planned_start-month": "3",
        "planned_start-year": "2020",
        "planned_end-day": "19",
        "planned_end-month": "3",
        "planned_end-year": "2020",
        "postponed_reason": "",
        "summary": "The first monitoring visit since the inspection.",
    }
    return data | changes


def test_a_plan_manager_records_a_postponed_visit(client, plan, plan_manager):
    client.force_login(plan_manager)
    response = client.post(
        new_url(plan),
        form_data(status="postponed", postponed_reason="Covid-19, two days before the visit."),
    )
    event = AssuranceEvent.objects.get(plan=plan)
    assert response.status_code == 302
    assert response["Location"] == reverse("reports:assurance_event", args=[plan.slug, event.pk])
    assert (event.status, event.planned_start, event.planned_end) == (
        "postponed",
        datetime.date(2020, 3, 18),
        datetime.date(2020, 3, 19),
    )
    assert event.dates_label == "18/19 March 2020"


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"status": "postponed"},
            "postponed_reason",
            "Say why it was postponed.",
        ),
        (
            {"planned_end-day": "17"},
            "planned_end",
            "The end date must be the same as or after the start date.",
        ),
        (
            {
                "status": "done",
                "actual_start-day": "1",
                "actual_start-month": "1",
                "actual_start-year": str(timezone.localdate().year + 1),
            },
            "actual_start",
            "An event cannot be done on a date in the future. Choose another status or "
            "correct the date.",
        ),
        (
            {
                "status": "done",
                "planned_start-year": str(timezone.localdate().year + 1),
                "planned_end-year": str(timezone.localdate().year + 1),
            },
            "planned_start",
            "An event cannot be done on a date in the future. Choose another status or "
            "correct the date.",
        ),
        ({"title": "  "}, "title", "Enter the event's title."),
    ],
)
def test_bad_input_is_refused_on_the_form_with_the_input_kept(
    client, plan, plan_manager, changes, field, message
):
    client.force_login(plan_manager)
    data = form_data(**changes)
    response = client.post(new_url(plan), data)
    assert response.status_code == 200
    assert response.context["form"].errors[field] == [message]
    html = response.content.decode()
    assert "There is a problem" in html and message.replace("'", "&#x27;") in html
    assert 'value="Ofsted"' in html  # what they typed is still there
    assert not AssuranceEvent.objects.exists()


def test_the_service_refuses_what_the_form_does(plan):
    with pytest.raises(ValidationError) as error:
        assurance_event_create(
            plan=plan,
            kind="monitoring_visit",
            title="Ofsted monitoring visit",
            status="postponed",
            planned_start=datetime.date(2020, 3, 18),
        )
    assert error.value.message_dict == {"postponed_reason": ["Say why it was postponed."]}
    with pytest.raises(TypeError):
        assurance_event_create(plan=plan, title="x", started_plan=True)


def test_editing_an_event_keeps_its_findings(client, plan, plan_manager):
    finding = FindingFactory(plan=plan)
    event = finding.event
    client.force_login(plan_manager)
    url = reverse("reports:assurance_event_edit", args=[plan.slug, event.pk])
    assert client.get(url).context["form"]["title"].value() == event.title
    client.post(url, form_data(status="cancelled", title="Diagnostic called off"))
    event.refresh_from_db()
    assert (event.status, event.title) == ("cancelled", "Diagnostic called off")
    assert list(event.findings.all()) == [finding]


def test_a_change_saved_meanwhile_is_not_overwritten_and_the_typing_is_kept(
    client, plan, plan_manager
):
    event = AssuranceEventFactory(plan=plan, title="Essex diagnostic of Early Help")
    client.force_login(plan_manager)
    url = reverse("reports:assurance_event_edit", args=[plan.slug, event.pk])
    seen = client.get(url).context["form"]["fingerprint"].value()
    assert seen
    # Another manager postpones it while this form is open.
    assurance_event_update(
        event=event,
        status="postponed",
        postponed_reason="Essex's team moved to Covid-19 work.",
        planned_start=datetime.date(2020, 4, 20),
        planned_end=datetime.date(2020, 4, 24),
    )
    mine = form_data(title="Essex diagnostic of Early Help and Assessment", fingerprint=seen)
    page = client.post(url, mine)
    assert page.status_code == 200
    assert "Someone else changed this event since you opened it" in page.content.decode()
    assert page.context["form"]["title"].value() == mine["title"]
    event.refresh_from_db()
    assert (event.status, event.title) == ("postponed", "Essex diagnostic of Early Help")
    # Having looked, they save theirs over it with the fingerprint the page now carries.
    again = page.context["form"]["fingerprint"].value()
    assert again != seen
    client.post(url, {**mine, "fingerprint": again})
    event.refresh_from_db()
    assert event.title == mine["title"]


def test_a_read_only_plan_refuses_event_writes(plan):
    event = AssuranceEventFactory(plan=plan)
    plan.status = plan.Status.SUPERSEDED
    plan.save()
    with pytest.raises(PlanReadOnlyError):
        assurance_event_update(event=event, title="Changed")


def test_a_finding_linked_to_another_plans_action_is_a_form_error(client, plan, plan_manager):
    event = AssuranceEventFactory(plan=plan)
    own = ActionFactory(section=SectionFactory(plan=plan, number=1), reference="1.01")
    other_plan = PlanFactory(organisation=plan.organisation, members=[plan_manager])
    theirs = ActionFactory(section=SectionFactory(plan=other_plan, number=1), reference="1.01")
    client.force_login(plan_manager)
    url = reverse("reports:assurance_finding_new", args=[plan.slug, event.pk])
    data = {"reference": "EH1", "text": "Target help at Tier 3.", "actions": [own.pk, theirs.pk]}
    response = client.post(url, data)
    assert response.status_code == 200
    assert response.context["form"].errors["actions"] == [
        "Choose actions of this plan only: one you chose is not in it (it may have been "
        "removed). Choose again."
    ]
    assert 'value="EH1"' in response.content.decode()
    assert not Finding.objects.exists()
    response = client.post(url, data | {"actions": [own.pk]})
    finding = Finding.objects.get()
    assert (finding.event, list(finding.actions.all())) == (event, [own])


def test_a_findings_reference_is_unique_in_the_plan(client, plan, plan_manager):
    RecommendationFactory(plan=plan, reference="R1")
    event = AssuranceEventFactory(plan=plan)
    client.force_login(plan_manager)
    url = reverse("reports:assurance_finding_new", args=[plan.slug, event.pk])
    response = client.post(url, {"reference": "R1", "text": "Again."})
    assert response.context["form"].errors["reference"] == [
        "Finding R1 already exists in this plan. Use another reference."
    ]


def test_another_plans_event_is_not_under_this_plans_address(client, plan, plan_manager):
    other = AssuranceEventFactory(plan=PlanFactory(organisation=plan.organisation))
    finding = FindingFactory(plan=other.plan, event=other)
    client.force_login(plan_manager)
    for name, pk in (
        ("reports:assurance_event", other.pk),
        ("reports:assurance_event_edit", other.pk),
        ("reports:assurance_finding_new", other.pk),
        ("reports:assurance_finding_edit", finding.pk),
    ):
        assert client.get(reverse(name, args=[plan.slug, pk])).status_code == 404


def test_the_starting_inspection_is_made_once_from_what_the_plan_knows():
    plan = PlanFactory(
        inspection="Ofsted ILACS inspection", inspection_date=datetime.date(2019, 7, 19)
    )
    first = starting_inspection(plan)
    assert starting_inspection(plan) == first
    assert (first.kind, first.status, first.led_by, first.actual_start, first.title) == (
        "inspection",
        "done",
        "Ofsted",
        datetime.date(2019, 7, 19),
        "Ofsted ILACS inspection",
    )
    bare = starting_inspection(PlanFactory())
    assert (bare.title, bare.actual_start) == ("The inspection that started the plan", None)


@pytest.mark.parametrize(
    ("first", "last", "label"),
    [
        (datetime.date(2020, 3, 18), datetime.date(2020, 3, 19), "18/19 March 2020"),
        (datetime.date(2020, 1, 13), datetime.date(2020, 1, 17), "13 to 17 January 2020"),
        (
            datetime.date(2019, 11, 4),
            datetime.date(2020, 4, 17),
            "4 November 2019 to 17 April 2020",
        ),
        (datetime.date(2020, 4, 6), None, "6 April 2020"),
        (None, None, "Date not recorded"),
    ],
)
def test_days_are_said_as_a_reader_says_them(first, last, label):
    assert days_label(first, last) == label


def test_the_calendar_as_at_a_day_leaves_out_what_was_recorded_later(client, plan, board_member):
    AssuranceEventFactory(plan=plan, title="Essex diagnostic of Early Help")
    later = AssuranceEventFactory(
        plan=plan,
        title="Peer review of the Adolescent Service",
        kind="peer_review",
        status="planned",
        planned_start=datetime.date(2020, 6, 1),
        planned_end=None,
        actual_start=None,
        actual_end=None,
    )
    later.recorded_at = timezone.make_aware(datetime.datetime(2020, 5, 1, 9))
    later.save()
    client.force_login(board_member)
    url = reverse("reports:assurance", args=[plan.slug])
    html = client.get(url, {"as_at": "2020-04-23"}).content.decode()
    assert "Essex diagnostic of Early Help" in html
    assert "Peer review of the Adolescent Service" not in html
    calendar = client.get(url, {"as_at": "2020-05-02"}).context["calendar"]
    assert [e.title for e in calendar.upcoming] == ["Peer review of the Adolescent Service"]
    assert "Add an event" not in html  # Board members read only


def test_the_event_page_rates_the_answering_actions_as_at_the_day(client, plan, board_member):
    section = SectionFactory(plan=plan, number=1, title="Quality of practice")
    red = ActionFactory(section=section, reference="1.01", title="Early Help Hub at the front door")
    ActionUpdateFactory(action=red, effective_date=datetime.date(2020, 3, 20), rating=Rating.RED)
    ActionUpdateFactory(action=red, effective_date=datetime.date(2020, 4, 30), rating=Rating.GREEN)
    at_risk = FindingFactory(plan=plan, reference="EH2")
    at_risk.actions.set([red])
    unanswered = FindingFactory(plan=plan, event=at_risk.event, reference="EH3")
    client.force_login(board_member)
    url = reverse("reports:assurance_event", args=[plan.slug, at_risk.event.pk])
    coverage = client.get(url, {"as_at": APRIL}).context["coverage"]
    assert [(item.finding, item.flag) for item in coverage] == [
        (at_risk, "At risk"),
        (unanswered, "Unanswered"),
    ]
    coverage = client.get(url, {"as_at": "2020-05-01"}).context["coverage"]
    assert [item.flag for item in coverage] == ["", "Unanswered"]


def test_the_pages_cost_the_same_queries_for_more_events_and_findings(
    client, plan, board_member, django_assert_num_queries
):
    section = SectionFactory(plan=plan, number=1)
    actions = [ActionFactory(section=section, reference=f"1.{n:02d}") for n in range(3)]

    def add(n):
        event = AssuranceEventFactory(plan=plan)
        for _ in range(n):
            FindingFactory(plan=plan, event=event).actions.set(actions)
        # Renamed in May: the pages as at April undo it, at no cost per event.
        assurance_event_update(
            event=event,
            title=f"{event.title} (restated)",
            changed_at=timezone.make_aware(datetime.datetime(2020, 5, 4, 10)),
        )
        return event

    event = add(2)
    client.force_login(board_member)
    calendar = reverse("reports:assurance", args=[plan.slug])
    page = reverse("reports:assurance_event", args=[plan.slug, event.pk])
    client.get(calendar)
    counts = []
    for url in (calendar, page):
        with CaptureQueriesContext(connection) as captured:
            client.get(url, {"as_at": APRIL})
        counts.append(len(captured))
    for _ in range(6):
        add(0)
    for n in range(8):
        FindingFactory(plan=plan, event=event, reference=f"X{n}").actions.set(actions)
    for url, before in zip((calendar, page), counts, strict=True):
        with django_assert_num_queries(before):
            client.get(url, {"as_at": APRIL})
    # session, user, plan, roles, the menu's plans; then the events and their changes
    # since (calendar), or the event, its changes since, its findings and their actions
    assert counts == [7, 9]
