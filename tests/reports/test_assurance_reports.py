"""External assurance on the dashboard and in the Board paper: the last and next events,
the findings needing attention, and the section "External assurance since the last
Board" drafted from the calendar as at the paper's date."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from actions.models import Action, Rating
from plans.models import AssuranceEvent, Finding
from reports.assurance import assurance_draft, assurance_findings, assurance_summary
from reports.models import BoardReport
from reports.recommendations import recommendation_coverage
from reports.report_content import report_document
from reports.services import board_report_finalise
from tests.factories import AssuranceEventFactory, FindingFactory
from tests.urls import plan_url

from .board_fixtures import *  # noqa: F403 - the fixtures
from .board_fixtures import BOARD_DATE, PREVIOUS_BOARD, rate

pytestmark = pytest.mark.django_db

POSTPONED_REASON = (
    "Postponed as a result of Covid-19, two days before inspectors were expected on site."
)


def at(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(17)))


@pytest.fixture
def calendar(rated_plan):
    """The plan's calendar around the April Board: a diagnostic in January, the monitoring
    visit of 18/19 March postponed on the 16th, a peer review done in the period, a peer
    review planned for June, and a visit put on record only after the Board."""
    plan = rated_plan
    actions = {a.reference: a for a in plan.actions.all()}
    january = AssuranceEventFactory(plan=plan, title="Essex diagnostic of Early Help")
    answered = FindingFactory(plan=plan, event=january, reference="EH1", text="Tier 3 help.")
    answered.actions.set([actions["1.01"]])
    FindingFactory(plan=plan, event=january, reference="EH2", text="An Early Help Hub.")
    visit = AssuranceEventFactory(
        plan=plan,
        kind=AssuranceEvent.Kind.MONITORING_VISIT,
        title="Ofsted monitoring visit",
        led_by="Ofsted",
        status=AssuranceEvent.Status.POSTPONED,
        planned_start=datetime.date(2020, 3, 18),
        planned_end=datetime.date(2020, 3, 19),
        actual_start=None,
        actual_end=None,
        postponed_reason=POSTPONED_REASON,
        recorded_at=at(datetime.date(2020, 3, 16)),
    )
    review = AssuranceEventFactory(
        plan=plan,
        kind=AssuranceEvent.Kind.PEER_REVIEW,
        title="Peer review of the front door, with the LGA and two neighbouring councils",
        led_by="Local Government Association",
        planned_start=datetime.date(2020, 4, 2),
        planned_end=datetime.date(2020, 4, 3),
    )
    at_risk = FindingFactory(plan=plan, event=review, reference="PR1", text="Thresholds vary.")
    at_risk.actions.set([actions["2.01"]])
    AssuranceEventFactory(
        plan=plan,
        kind=AssuranceEvent.Kind.PEER_REVIEW,
        title="Peer review of the Adolescent Service",
        status=AssuranceEvent.Status.PLANNED,
        planned_start=datetime.date(2020, 6, 10),
        planned_end=None,
        actual_start=None,
        actual_end=None,
        recorded_at=at(datetime.date(2020, 4, 1)),
    )
    AssuranceEventFactory(
        plan=plan,
        title="Diagnostic recorded after the Board",
        planned_start=datetime.date(2020, 4, 6),
        recorded_at=at(datetime.date(2020, 4, 24)),
    )
    rate(actions["2.01"], datetime.date(2020, 4, 10), Rating.RED, "Realignment stalled.")
    return {"visit": visit, "review": review, "at_risk": at_risk}


def summary_on(plan, day):
    """The dashboard's part as at ``day``, from the actions' ratings then."""
    ratings = dict(
        Action.objects.in_plan(plan)
        .in_plan_as_at(day)
        .with_rating_as_at(day, "rating_then")
        .values_list("pk", "rating_then")
    )
    return assurance_summary(assurance_findings(plan, day), ratings)


def test_the_summary_has_the_last_and_next_events_and_the_findings_needing_attention(calendar):
    summary = summary_on(calendar["visit"].plan, BOARD_DATE)
    assert [e.title for e in summary.next] == ["Peer review of the Adolescent Service"]
    assert [e.title for e in summary.last] == [
        "Peer review of the front door, with the LGA and two neighbouring councils",
        "Ofsted monitoring visit",
        "Essex diagnostic of Early Help",
    ]
    assert [(i.finding.reference, i.flag) for i in summary.flagged] == [
        ("EH2", "Unanswered"),
        ("PR1", "At risk"),
    ]
    assert (summary.flagged_total, summary.findings_total) == (2, 3)
    # A month earlier the peer review's action was not yet Red, nor the review on record.
    earlier = summary_on(calendar["visit"].plan, datetime.date(2020, 3, 20))
    assert [(i.finding.reference, i.flag) for i in earlier.flagged] == [("EH2", "Unanswered")]


@pytest.mark.parametrize("known_now", [False, True])
@pytest.mark.parametrize("day", [datetime.date(2020, 3, 20), BOARD_DATE, datetime.date(2020, 5, 1)])
def test_the_dashboards_ratings_alone_flag_and_count_as_the_full_actions_do(
    calendar, day, known_now
):
    """The dashboard reads only each answering action's rating (``ratings_only``): every
    finding's actions, flag and counts are those of the actions as the lists show them."""
    plan = calendar["visit"].plan

    def seen(**kwargs):
        return [
            (item.finding.reference, sorted(a.pk for a in item.actions), item.flag, item.counts)
            for item in recommendation_coverage(
                plan, day, known_now=known_now, findings=Finding.objects.all(), **kwargs
            )
        ]

    light = seen(ratings_only=True)
    assert light == seen()
    assert any(flag for _, _, flag, _ in light) and any(actions for _, actions, _, _ in light)


def test_the_dashboard_shows_them_at_a_flat_query_count(
    client, board_member, calendar, settings, django_assert_num_queries
):
    settings.PAGE_CACHE_SECONDS = 0
    plan = calendar["visit"].plan
    client.force_login(board_member)
    url = plan_url("reports:dashboard", plan=plan)
    client.get(url)
    with CaptureQueriesContext(connection) as first:
        html = client.get(url, {"as_at": BOARD_DATE}).content.decode()
    assert "External assurance" in html
    assert f"Postponed from 18/19 March 2020: {POSTPONED_REASON}" in html
    assert "Peer review of the Adolescent Service" in html
    assert "Diagnostic recorded after the Board" not in html
    assert "2 of 3 findings" in html and "EH2" in html and "PR1" in html
    for n in range(6):
        event = AssuranceEventFactory(plan=plan, planned_start=datetime.date(2020, 2, n + 1))
        for m in range(3):
            FindingFactory(plan=plan, event=event, reference=f"D{n}.{m}")
    with django_assert_num_queries(len(first)):
        client.get(url, {"as_at": BOARD_DATE})


def test_the_paper_drafts_each_event_since_the_last_board_and_those_still_postponed(calendar):
    draft = assurance_draft(calendar["visit"].plan, PREVIOUS_BOARD, BOARD_DATE)
    assert draft.splitlines() == [
        f"- Ofsted monitoring visit (Ofsted): postponed from 18/19 March 2020. {POSTPONED_REASON}",
        "- Peer review of the front door, with the LGA and two neighbouring councils (Local "
        "Government Association): took place 2/3 April 2020.",
        "    - PR1: Thresholds vary.",
    ]


def test_the_draft_prints_until_the_manager_edits_it_and_is_kept_when_final(
    client, report, plan_manager, calendar
):
    doc = report_document(report)
    part = next(p for p in doc.parts if p.key == "assurance")
    assert (part.number, part.heading) == (4, "External assurance since the last Board")
    assert "postponed from 18/19 March 2020" in part.narrative.html
    client.force_login(plan_manager)
    edit = client.get(reverse("reports:board_report_edit", args=[report.plan.slug, report.pk]))
    assert edit.context["form"]["assurance"].value().startswith("- Ofsted monitoring visit")

    final = board_report_finalise(report=report, user=plan_manager, expected_version=1)
    assert final.assurance.startswith("- Ofsted monitoring visit (Ofsted): postponed from")
    visit = calendar["visit"]
    visit.status, visit.actual_start = AssuranceEvent.Status.DONE, datetime.date(2020, 3, 18)
    visit.save()
    kept = report_document(final).section("assurance").html
    assert "postponed from 18/19 March 2020" in kept and POSTPONED_REASON in kept


def test_a_written_section_replaces_the_draft(report, calendar):
    report.assurance = "The monitoring visit will be rescheduled by Ofsted."
    report.save()
    html = report_document(report).section("assurance").html
    assert "rescheduled by Ofsted" in html and "18/19 March" not in html


def test_the_demo_paper_shows_the_monitoring_visit_postponed_with_its_reason(db):
    from demo.plan import demo_load

    demo_load()
    report = BoardReport.objects.get(kind=BoardReport.Kind.PROGRESS, as_at=BOARD_DATE)
    section = report_document(report).section("assurance").html
    assert (
        "Ofsted monitoring visit (Ofsted): postponed from 18/19 March 2020. Postponed as a "
        "result of Covid-19, two days before inspectors were expected on site." in section
    )
    assert "revisit to the Leaving Care service" in section
    assert "Essex Partner in Practice diagnostic" not in section  # January: before 19 March
