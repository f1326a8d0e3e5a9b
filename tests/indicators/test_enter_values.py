import datetime
import logging
from decimal import Decimal

import pytest
from django.urls import reverse

from improvement_board.roles import Role
from indicators.models import IndicatorValue
from indicators.periods import add_months, current_period, period_key
from indicators.services import indicator_value_record
from tests.factories import IndicatorFactory, UserFactory
from tests.urls import plan_url

pytestmark = pytest.mark.django_db


def URL(plan=None) -> str:  # noqa: N802  (the page's address, as a constant was)
    return plan_url("indicators:enter", plan=plan)


MARCH = datetime.date(2020, 3, 1)


@pytest.fixture
def caseload(plan, action_owner):
    return IndicatorFactory(
        plan=plan,
        owner=action_owner,
        name="Average caseload",
        polarity="lower",
        target=Decimal("20"),
        tolerance=Decimal("2"),
    )


@pytest.fixture
def visits(plan, action_owner):
    return IndicatorFactory(
        plan=plan,
        owner=action_owner,
        name="Visits in timescale",
        unit="percent",
        polarity="higher",
        target=Decimal("95"),
        tolerance=Decimal("5"),
    )


@pytest.fixture
def someone_elses(plan):
    other = UserFactory(role=Role.ACTION_OWNER, first_name="Priya", last_name="Raman")
    plan.members.add(other)
    return IndicatorFactory(plan=plan, owner=other, name="Re-referrals")


def url(plan, period="2020-03") -> str:
    return f"{URL(plan)}?period={period}"


def post_data(*pairs) -> dict:
    data = {}
    for indicator, value, commentary in pairs:
        data[f"indicator-{indicator.pk}-value"] = value
        data[f"indicator-{indicator.pk}-commentary"] = commentary
        current = IndicatorValue.objects.current().filter(indicator=indicator, period=MARCH)
        data[f"indicator-{indicator.pk}-seen"] = str(current.first().pk) if current else ""
    return data


def test_it_requires_login(client, plan):
    response = client.get(url(plan))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_it_checks_membership(client, outsider, plan, caseload):
    client.force_login(outsider)
    assert client.get(url(plan)).status_code == 404
    assert client.post(url(plan), post_data((caseload, "19", ""))).status_code == 404
    assert not IndicatorValue.objects.exists()


def test_board_members_may_not_enter_and_are_logged(client, board_member, plan, caseload, caplog):
    client.force_login(board_member)
    assert client.get(url(plan)).status_code == 403
    with caplog.at_level(logging.WARNING, logger="improvement_board.security"):
        assert client.post(url(plan), post_data((caseload, "19", ""))).status_code == 403
    assert "write refused" in caplog.text
    assert not IndicatorValue.objects.exists()


def test_an_owner_sees_only_their_own_indicators(
    client, action_owner, plan, caseload, visits, someone_elses
):
    client.force_login(action_owner)
    response = client.get(url(plan))
    assert response.status_code == 200
    assert [form.indicator for form in response.context["sheet"].forms] == [caseload, visits]


def test_a_plan_manager_sees_every_indicator(
    client, plan_manager, plan, caseload, visits, someone_elses
):
    client.force_login(plan_manager)
    response = client.get(url(plan))
    assert len(response.context["sheet"].forms) == 3
    assert "Owner: Priya Raman" in response.content.decode()


def test_an_owner_with_no_indicators_is_told_so(client, plan, someone_elses):
    owner = UserFactory(role=Role.ACTION_OWNER)
    plan.members.add(owner)
    client.force_login(owner)
    response = client.get(url(plan))
    assert response.status_code == 200
    assert "You do not own any indicators in this plan" in response.content.decode()


def test_it_saves_the_month_for_all_my_indicators(client, action_owner, plan, caseload, visits):
    client.force_login(action_owner)
    response = client.post(
        url(plan), post_data((caseload, "19.3", ""), (visits, "88", "Covid-19: video visits."))
    )
    assert response.status_code == 302
    assert response.url == plan_url("indicators:scorecard", plan=plan)
    stored = {
        v.indicator: (v.value, v.commentary, v.entered_by)
        for v in IndicatorValue.objects.filter(period=MARCH)
    }
    assert stored == {
        caseload: (Decimal("19.3"), "", action_owner),
        visits: (Decimal("88"), "Covid-19: video visits.", action_owner),
    }
    page = client.get(response.url).content.decode()
    assert "Saved 2 values for March 2020." in page


def test_empty_values_are_left_for_later(client, action_owner, plan, caseload, visits):
    client.force_login(action_owner)
    response = client.post(url(plan), post_data((caseload, "19", ""), (visits, "", "")))
    assert response.status_code == 302
    assert list(IndicatorValue.objects.values_list("indicator", flat=True)) == [caseload.pk]


@pytest.mark.parametrize(
    ("caseload_value", "visits_value", "visits_commentary", "field", "message"),
    [
        (
            "thirty",
            "96",
            "",
            "caseload-value",
            "Enter Average caseload as a number, like 34 or 19.3",
        ),
        (
            "19",
            "101",
            "",
            "visits-value",
            "Visits in timescale is a percentage, so it must be 100 or less",
        ),
        ("19", "-4", "", "visits-value", "Visits in timescale cannot be negative"),
        (
            "19.333",
            "96",
            "",
            "caseload-value",
            "Enter Average caseload with no more than 2 decimal places",
        ),
        (
            "19",
            "89",
            "",
            "visits-commentary",
            "Give commentary for Visits in timescale: 89% is off target (target 95%)",
        ),
        (
            "",
            "",
            "A comment without a value",
            "visits-value",
            "Enter Visits in timescale for March 2020, or clear its commentary",
        ),
    ],
)
def test_bad_input_gets_a_clear_message_and_nothing_is_stored(
    client,
    action_owner,
    plan,
    caseload,
    visits,
    caseload_value,
    visits_value,
    visits_commentary,
    field,
    message,
):
    client.force_login(action_owner)
    response = client.post(
        url(plan),
        post_data(
            (caseload, caseload_value, "Typed text"), (visits, visits_value, visits_commentary)
        ),
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    indicator = caseload if field.startswith("caseload") else visits
    field_id = f"id_indicator-{indicator.pk}-{field.split('-')[1]}"
    assert f'<a href="#{field_id}">{message}</a>' in html
    assert f'id="{field_id}-error"' in html
    # What the user typed is still there.
    assert f'value="{caseload_value}"' in html
    assert "Typed text</textarea>" in html
    assert not IndicatorValue.objects.exists()


def test_a_future_month_is_refused(client, action_owner, plan, caseload):
    future = period_key(add_months(current_period(), 1))
    client.force_login(action_owner)
    response = client.get(url(plan, future))
    assert "is in the future" in response.content.decode()
    response = client.post(url(plan, future), post_data((caseload, "19", "")))
    assert response.status_code == 200
    assert "is in the future" in response.content.decode()
    assert not IndicatorValue.objects.exists()


def test_a_correction_keeps_the_earlier_value(client, action_owner, plan_manager, plan, caseload):
    first = indicator_value_record(
        indicator=caseload,
        period=MARCH,
        value=Decimal("21"),
        commentary="",
        entered_by=action_owner,
    )
    client.force_login(plan_manager)
    page = client.get(url(plan)).content.decode()
    assert f'name="indicator-{caseload.pk}-value" type="text"' in page
    assert 'value="21"' in page
    assert f'name="indicator-{caseload.pk}-seen" value="{first.pk}"' in page
    response = client.post(url(plan), post_data((caseload, "20.5", "Two cases closed late.")))
    assert response.status_code == 302
    current = IndicatorValue.objects.current().get(indicator=caseload, period=MARCH)
    assert (current.value, current.supersedes, current.entered_by) == (
        Decimal("20.5"),
        first,
        plan_manager,
    )
    assert "1 of them corrections" in client.get(response.url).content.decode()


def test_a_recorded_value_cannot_be_blanked(client, action_owner, plan, caseload):
    indicator_value_record(
        indicator=caseload,
        period=MARCH,
        value=Decimal("21"),
        commentary="",
        entered_by=action_owner,
    )
    client.force_login(action_owner)
    response = client.post(url(plan), post_data((caseload, "", "")))
    assert response.status_code == 200
    assert "can be corrected but not removed (it was 21)" in response.content.decode()
    assert IndicatorValue.objects.count() == 1


def test_unchanged_values_record_nothing(client, action_owner, plan, caseload):
    indicator_value_record(
        indicator=caseload,
        period=MARCH,
        value=Decimal("21"),
        commentary="",
        entered_by=action_owner,
    )
    client.force_login(action_owner)
    response = client.post(url(plan), post_data((caseload, "21", "")))
    assert response.status_code == 302
    assert "Nothing was changed for March 2020." in client.get(response.url).content.decode()
    assert IndicatorValue.objects.count() == 1


def test_someone_elses_change_is_never_overwritten(
    client, action_owner, plan_manager, plan, caseload, visits
):
    client.force_login(action_owner)
    data = post_data((caseload, "19", ""), (visits, "96", ""))  # opened with no values
    indicator_value_record(
        indicator=caseload,
        period=MARCH,
        value=Decimal("22"),
        commentary="",
        entered_by=plan_manager,
    )
    response = client.post(url(plan), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Average caseload for March 2020 was recorded as 22 by" in html
    assert 'value="19"' in html  # the owner's figure is kept for them
    assert IndicatorValue.objects.count() == 1  # and nothing of theirs was stored yet
    seen = IndicatorValue.objects.get().pk
    assert f'name="indicator-{caseload.pk}-seen" value="{seen}"' in html

    data[f"indicator-{caseload.pk}-seen"] = str(seen)
    assert client.post(url(plan), data).status_code == 302
    assert IndicatorValue.objects.current().get(indicator=caseload).value == Decimal("19")


def test_an_owner_cannot_enter_someone_elses_indicator(
    client, action_owner, plan, caseload, someone_elses
):
    client.force_login(action_owner)
    client.post(url(plan), post_data((caseload, "19", ""), (someone_elses, "12", "")))
    assert list(IndicatorValue.objects.values_list("indicator", flat=True)) == [caseload.pk]
