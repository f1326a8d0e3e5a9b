"""Fixtures for the Board report tests: a small rated plan, a meeting and a draft report."""

import datetime

import pytest

from actions.models import Rating
from actions.services import action_update_record
from tests.factories import (
    ActionFactory,
    BoardMeetingFactory,
    BoardReportFactory,
    SectionFactory,
    recorded_on,
)

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
BOARD_DATE = datetime.date(2020, 4, 23)
PREVIOUS_BOARD = datetime.date(2020, 3, 19)


@pytest.fixture
def pdf_settings(settings, tmp_path):
    """PDFs stored under a temporary folder; background tasks run as they are queued."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.TASKS = IMMEDIATE
    return settings


def rate(action, day, rating, commentary, reason=""):
    if rating in (Rating.AMBER, Rating.RED) and not reason:
        reason = "capacity"
    action_update_record(
        action=action,
        author=action.lead,
        effective_date=day,
        recorded_at=recorded_on(day),
        rating=rating,
        commentary=commentary,
        slippage_reason=reason,
    )


@pytest.fixture
def rated_plan(plan):
    """Two sections; between the March and April Boards one action completes, one slips."""
    practice = SectionFactory(plan=plan, number=1, title="Quality of Practice")
    workforce = SectionFactory(plan=plan, number=2, title="Capacity and capability of workforce")
    done = ActionFactory(section=practice, reference="1.01", title="Track every child in PLO")
    slipping = ActionFactory(section=practice, reference="1.02", title="Improve assessments")
    steady = ActionFactory(section=workforce, reference="2.01", title="Realign the service")
    for action in (done, slipping, steady):
        rate(action, datetime.date(2019, 10, 20), Rating.GREEN, "Started.")
    rate(done, datetime.date(2020, 4, 20), Rating.BLUE, "Tracker live; every child reviewed.")
    rate(slipping, datetime.date(2020, 3, 25), Rating.AMBER, "Paused for Covid-19.", "external")
    return plan


@pytest.fixture
def meeting(rated_plan):
    BoardMeetingFactory(plan=rated_plan, date=PREVIOUS_BOARD)
    return BoardMeetingFactory(plan=rated_plan, date=BOARD_DATE)


@pytest.fixture
def report(meeting, plan_manager):
    return BoardReportFactory(
        meeting=meeting,
        as_at=BOARD_DATE,
        period_start=PREVIOUS_BOARD,
        created_by=plan_manager,
        running_header="Exampleshire Children's Services",
        introduction="The plan answers the **inspection** of 2019.",
        recommendations="note the progress\nagree the refresh",
    )
