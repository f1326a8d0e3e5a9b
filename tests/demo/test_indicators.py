"""The demo's indicators carry the reference report's figures."""

import datetime
import io
from decimal import Decimal

import pytest
from django.db import transaction
from django.test import override_settings

from demo.indicators import INDICATORS, MONTHS, indicators_demo_load
from demo.plan import demo_load
from improvement_board.models import User
from indicators.models import Indicator, IndicatorValue
from tests.html import table_rows
from tests.urls import plan_url


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker):
    """Load the demo once for this module and roll it back after its last test."""
    hashers = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=hashers),
        transaction.atomic(),
    ):
        output = io.StringIO()
        plan = demo_load(stdout=output)
        yield plan, output.getvalue()
        transaction.set_rollback(True)


@pytest.fixture
def plan(loaded):
    return loaded[0]


def scorecard(client, as_at: str) -> list[list[str]]:
    client.force_login(User.objects.get(username="board"))
    response = client.get(plan_url("indicators:scorecard"), {"as_at": as_at})
    assert response.status_code == 200
    return table_rows(response.content.decode(), "app-scorecard")[1:]


def row_for(rows: list[list[str]], name: str) -> list[str]:
    """The row whose first cell (the name, then the owner) starts with the name."""
    return next(row for row in rows if row[0].startswith(name))


@pytest.mark.django_db
def test_the_scorecard_as_at_march_2020_shows_the_reference_caseloads(client, plan):
    rows = scorecard(client, "2020-03-31")
    expected = {
        # name: (latest, a year before)
        "Maximum caseload in assessment teams": ("34 March 2020", "46 in March 2019"),
        "Average caseload in assessment teams": ("20 March 2020", None),
        "Maximum caseload in post-assessment teams": ("23 March 2020", "37 in March 2019"),
        "Average caseload in post-assessment teams": ("19.3 March 2020", None),
    }
    for name, (latest, year_before) in expected.items():
        row = row_for(rows, name)
        assert row[1] == latest, name
        if year_before:
            assert f"Improving against {year_before}" in row[4], name
    assert row_for(rows, "Maximum caseload in assessment teams")[3] == "Off target"
    assert row_for(rows, "Average caseload in assessment teams")[3] == "On target"


@pytest.mark.django_db
def test_the_other_reference_figures(client, plan):
    march = scorecard(client, "2020-03-31")
    visits = row_for(march, "Statutory visits to children in care")
    assert visits[1] == "90% March 2020"
    assert visits[3] == "Within tolerance"
    orders = row_for(march, "Children subject to an Interim Care Order")
    assert orders[1] == "74 March 2020"
    assert "Up against 44 in March 2019" in orders[4]
    assert orders[3] == "No target"

    april = scorecard(client, "2020-04-30")
    audited = row_for(april, "Cases audited since November 2019")
    assert audited[1] == "412 April 2020"
    assert int(row_for(march, "Cases audited since November 2019")[1].split()[0]) < 400


@pytest.mark.django_db
def test_series_run_from_march_2019_to_april_2020_with_commentary(plan):
    assert Indicator.objects.filter(plan=plan).count() == len(INDICATORS) == 10
    values = IndicatorValue.objects.filter(indicator__plan=plan)
    assert min(v.period for v in values) == datetime.date(2019, 3, 1) == MONTHS[0]
    assert max(v.period for v in values) == datetime.date(2020, 4, 1) == MONTHS[-1]
    assert not values.filter(commentary="").exists()
    names = {i.name for i in Indicator.objects.filter(plan=plan)}
    for measure in ("within 45 working days", "Re-referrals", "second or subsequent time"):
        assert any(measure in name for name in names), measure
    audited = values.filter(indicator__name__startswith="Cases audited").order_by("period")
    assert audited.first().period == datetime.date(2019, 11, 1)
    # One value was corrected, and its first figure is kept.
    corrected = values.exclude(supersedes=None).get()
    assert (corrected.supersedes.value, corrected.value) == (Decimal("84"), Decimal("86"))


@pytest.mark.django_db
def test_every_indicator_is_owned_and_linked_to_the_plan(plan):
    for indicator in Indicator.objects.filter(plan=plan).prefetch_related("sections", "actions"):
        assert indicator.owner in plan.members.all()
        assert indicator.sections.exists() or indicator.actions.exists(), indicator.name
        assert all(action.plan_id == plan.pk for action in indicator.actions.all())


@pytest.mark.django_db
def test_loading_again_adds_nothing(plan, loaded):
    assert "Loaded 10 performance indicators with 133 monthly values" in loaded[1]
    before = IndicatorValue.objects.count()
    assert indicators_demo_load(plan) == 0
    demo_load(stdout=io.StringIO())
    assert IndicatorValue.objects.count() == before
