"""Recording monthly values: corrections keep the earlier value, nothing is overwritten."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from improvement_board.roles import Role
from indicators.models import IndicatorValue
from indicators.services import (
    StaleValueError,
    indicator_value_record,
    indicator_values_record,
)
from indicators.values import ValueEntry
from tests.factories import IndicatorFactory, UserFactory

pytestmark = pytest.mark.django_db
MARCH = datetime.date(2020, 3, 1)


@pytest.fixture
def indicator(plan, action_owner):
    return IndicatorFactory(plan=plan, owner=action_owner, name="Average caseload")


def record(indicator, user, value, commentary="", **kwargs):
    return indicator_value_record(
        indicator=indicator,
        period=kwargs.pop("period", MARCH),
        value=Decimal(value),
        commentary=commentary,
        entered_by=user,
        **kwargs,
    )


def test_a_correction_keeps_the_earlier_value(indicator, action_owner, plan_manager):
    first = record(indicator, action_owner, "19")
    second = record(indicator, plan_manager, "21.5", "Late cases added.")
    assert second.supersedes == first
    assert list(IndicatorValue.objects.current()) == [second]
    assert IndicatorValue.objects.filter(indicator=indicator, period=MARCH).count() == 2
    first.refresh_from_db()
    assert first.value == Decimal("19")
    assert first.superseded_by == second


def test_the_same_value_and_commentary_again_records_nothing(indicator, action_owner):
    record(indicator, action_owner, "19", "Steady.")
    assert record(indicator, action_owner, "19.00", " Steady. ") is None
    assert IndicatorValue.objects.count() == 1


def test_values_cannot_be_changed_or_deleted(indicator, action_owner):
    value = record(indicator, action_owner, "19")
    value.value = Decimal("1")
    with pytest.raises(ValidationError):
        value.save()
    with pytest.raises(ValidationError):
        value.delete()


def test_the_database_allows_one_original_value_a_month(indicator, action_owner):
    record(indicator, action_owner, "19")
    with pytest.raises(IntegrityError), transaction.atomic():
        IndicatorValue.objects.create(
            indicator=indicator, period=MARCH, value=Decimal("20"), entered_by=action_owner
        )


def test_a_value_can_be_corrected_only_once(indicator, action_owner):
    first = record(indicator, action_owner, "19")
    record(indicator, action_owner, "20")
    with pytest.raises(IntegrityError), transaction.atomic():
        IndicatorValue.objects.create(
            indicator=indicator,
            period=MARCH,
            value=Decimal("21"),
            entered_by=action_owner,
            supersedes=first,
        )


def test_off_target_needs_commentary(indicator, action_owner):
    with pytest.raises(ValidationError) as error:
        record(indicator, action_owner, "22.01")  # target 20, tolerance 2
    assert "commentary" in error.value.message_dict
    assert record(indicator, action_owner, "22") is not None  # within tolerance


@pytest.mark.parametrize(
    ("unit", "value", "field", "message"),
    [
        ("percent", "100.01", "value", "must be 100 or less"),
        ("number", "-1", "value", "cannot be negative"),
    ],
)
def test_impossible_values_are_refused(plan, action_owner, unit, value, field, message):
    indicator = IndicatorFactory(plan=plan, owner=action_owner, unit=unit, target=None)
    with pytest.raises(ValidationError) as error:
        record(indicator, action_owner, value)
    assert message in " ".join(error.value.message_dict[field])
    assert not IndicatorValue.objects.exists()


def test_a_future_month_is_refused(indicator, action_owner):
    future = datetime.date.today().replace(day=1) + datetime.timedelta(days=40)
    with pytest.raises(ValidationError) as error:
        record(indicator, action_owner, "19", period=future.replace(day=1))
    assert "in the future" in error.value.message_dict["period"][0]


def test_a_stale_form_is_refused(indicator, action_owner, plan_manager):
    seen = record(indicator, action_owner, "19")
    record(indicator, plan_manager, "20")
    with pytest.raises(StaleValueError) as error:
        record(indicator, action_owner, "18", expected_current=seen.pk)
    assert error.value.current.value == Decimal("20")
    assert IndicatorValue.objects.current().get(period=MARCH).value == Decimal("20")

    # Someone enters February while the owner has the empty form open.
    february = datetime.date(2020, 2, 1)
    record(indicator, plan_manager, "18", period=february)
    with pytest.raises(StaleValueError):
        record(indicator, action_owner, "17", period=february, expected_current=None)
    assert IndicatorValue.objects.current().get(period=february).value == Decimal("18")


def test_only_owners_and_plan_managers_may_enter(indicator, plan, board_member):
    other_owner = UserFactory(role=Role.ACTION_OWNER)
    plan.members.add(other_owner)
    for user in (board_member, other_owner):
        with pytest.raises(PermissionDenied):
            record(indicator, user, "19")
    assert not IndicatorValue.objects.exists()


def test_several_values_are_stored_all_or_nothing(plan, action_owner):
    good = IndicatorFactory(plan=plan, owner=action_owner)
    bad = IndicatorFactory(plan=plan, owner=action_owner, unit="percent", target=None)
    entries = [
        ValueEntry(indicator=good, period=MARCH, value=Decimal("19"), commentary=""),
        ValueEntry(indicator=bad, period=MARCH, value=Decimal("101"), commentary=""),
    ]
    with pytest.raises(ValidationError):
        indicator_values_record(entries=entries, entered_by=action_owner)
    assert not IndicatorValue.objects.exists()

    result = indicator_values_record(entries=entries[:1], entered_by=action_owner)
    assert (result.added, result.corrected, result.unchanged) == (1, 0, 0)
    corrected = ValueEntry(indicator=good, period=MARCH, value=Decimal("18"), commentary="")
    result = indicator_values_record(entries=[corrected, entries[0]], entered_by=action_owner)
    assert (result.added, result.corrected, result.written) == (0, 2, 2)
