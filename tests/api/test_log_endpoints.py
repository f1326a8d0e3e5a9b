"""The API's risk and issue log and assurance calendar: as at a date, with the details
and statuses known then, in JSON or CSV, for the same queries whatever their number."""

import csv
import datetime
import io

import pytest
from django.core.cache import caches
from django.test import Client
from django.utils import timezone

from plans.assurance import assurance_event_update
from risks.services import EDITABLE, risk_edit
from tests.factories import AssuranceEventFactory, UserFactory, recorded_on
from tests.reports.board_fixtures import BOARD_DATE, PREVIOUS_BOARD
from tests.risks.factories import RiskFactory, RiskUpdateFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(board_member, rated_plan, meeting, token_for) -> Client:
    return token_for(board_member)


def url(plan, path: str, **params) -> str:
    query = "&".join(f"{name}={value}" for name, value in params.items())
    return f"/api/plans/{plan.slug}/{path}" + (f"?{query}" if query else "")


def _risk(plan, n: int, owner):
    risk = RiskFactory(plan=plan, owner=owner, reference=f"R{n}")
    RiskUpdateFactory(risk=risk, likelihood=3, impact=5)
    RiskUpdateFactory(risk=risk, effective_date=datetime.date(2020, 4, 20), likelihood=4)
    return risk


def _postponed_later(plan, n: int):
    event = AssuranceEventFactory(
        plan=plan,
        title=f"Ofsted monitoring visit {n}: help & protection, 'the front door'",
        status="planned",
        planned_start=datetime.date(2020, 5, 18),
        planned_end=datetime.date(2020, 5, 19),
        actual_start=None,
        actual_end=None,
        recorded_at=recorded_on(datetime.date(2020, 1, 6)),
    )
    assurance_event_update(
        event=event,
        status="postponed",
        postponed_reason="Postponed as a result of Covid-19.",
        changed_at=timezone.make_aware(datetime.datetime(2020, 5, 4, 9)),
    )
    return event


def test_the_risk_log_as_at_a_day_shows_what_was_known_then(api, rated_plan, board_member):
    owner = UserFactory(first_name="Siobhán", last_name="O'Neill")
    risk = _risk(rated_plan, 1, owner)
    first_title = risk.title
    handed_on = UserFactory(first_name="Marcus", last_name="Chen")
    risk_edit(
        risk=risk,
        request=None,
        values={name: getattr(risk, name) for name in EDITABLE}
        | {"title": "Agency staff leave – restated", "owner": handed_on},
        actions=[],
        expected_version=risk.version,
        changed_at=timezone.make_aware(datetime.datetime(2020, 5, 1, 9)),
    )
    [before] = api.get(url(rated_plan, "risks/", as_at=PREVIOUS_BOARD)).json()
    assert before["title"] == first_title
    assert (before["owner"], before["score"], before["trend"]) == ("Siobhán O'Neill", 15, "new")
    [then] = api.get(url(rated_plan, "risks/", as_at=BOARD_DATE)).json()
    assert (then["score"], then["score_before"], then["trend"], then["high"]) == (
        16,
        15,
        "up",
        True,
    )
    [now] = api.get(url(rated_plan, "risks/")).json()
    assert (now["title"], now["owner"]) == ("Agency staff leave – restated", "Marcus Chen")
    rows = list(
        csv.DictReader(
            io.StringIO(
                api.get(url(rated_plan, "risks/", as_at=BOARD_DATE, format="csv"))
                .content.decode()
                .removeprefix("\ufeff")
            )
        )
    )
    assert list(rows[0]) == list(then) and rows[0]["high"] == "true"


def test_the_calendar_as_at_a_day_shows_each_event_as_it_stood(api, rated_plan):
    _postponed_later(rated_plan, 1)
    [april] = api.get(url(rated_plan, "assurance-events/", as_at=BOARD_DATE)).json()
    assert (april["status"], april["postponed_reason"], april["upcoming"]) == ("planned", "", True)
    [today] = api.get(url(rated_plan, "assurance-events/")).json()
    assert (today["status"], today["upcoming"]) == ("postponed", False)
    assert api.get(url(rated_plan, "assurance-events/", as_at="2019-01-01")).status_code == 400


@pytest.mark.parametrize("path", ["risks/", "assurance-events/"])
def test_each_costs_the_same_queries_for_any_number_of_rows(
    api, rated_plan, path, django_assert_num_queries
):
    owner = UserFactory()
    _risk(rated_plan, 1, owner)
    _postponed_later(rated_plan, 1)
    address = url(rated_plan, path, as_at=BOARD_DATE)
    api.get(address)
    for rows in (1, 9):
        caches["pages"].clear()
        # The token with its person; the plan; the rows; their changes since the day.
        with django_assert_num_queries(4):
            assert len(api.get(address).json()) == rows
        if rows == 1:
            for n in range(2, 10):
                _risk(rated_plan, n, owner)
                _postponed_later(rated_plan, n)
    with django_assert_num_queries(2):  # kept (reports/page_cache.py): token, person, plan
        api.get(address)
