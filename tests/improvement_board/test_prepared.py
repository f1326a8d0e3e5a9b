"""Queries by keys compiled once per shape give the rows Django's own queries give."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from actions.models import Action, Rating
from improvement_board import prepared
from improvement_board.prepared import values_rows
from tests.factories import ActionFactory, PlanFactory, SectionFactory
from tests.reports.board_fixtures import rate

pytestmark = pytest.mark.django_db

FIELDS = ("rating_as_at", "pk", "due_date_as_at", "reference", "updated_on_as_at", "added_on")
KINDS = ("", "", "date", "", "date", "date")
DAY = datetime.date(2020, 4, 23)


@pytest.fixture
def actions():
    section = SectionFactory(plan=PlanFactory())
    made = [ActionFactory(section=section, reference=f"1.0{n}") for n in range(1, 6)]
    for n, action in enumerate(made):
        rate(action, datetime.date(2020, 1, 10 + n), [Rating.GREEN, Rating.AMBER][n % 2], "Said.")
    return made


def build(keys):
    """Annotations asked before fields, as the as-at pages ask them."""
    return (
        Action.objects.filter(pk__in=keys)
        .with_standing_as_at(DAY)
        .order_by("reference")
        .values_list(*FIELDS)
    )


def test_the_rows_are_djangos_for_any_keys_and_any_number_of_them(actions):
    prepared._compiled.clear()
    keys = [action.pk for action in actions]
    for chosen in ([keys[0]], keys[1:3], keys[::2], [keys[4]], keys):
        assert values_rows(("test", DAY), build, chosen, KINDS) == list(build(chosen))


def test_a_shape_is_compiled_once(actions):
    prepared._compiled.clear()
    values_rows(("test", DAY), build, [actions[0].pk], KINDS)
    with CaptureQueriesContext(connection) as queries:
        again = values_rows(("test", DAY), build, [actions[1].pk], KINDS)
    assert len(queries) == 1
    assert again == list(build([actions[1].pk]))
    assert len(prepared._compiled) == 1


def test_values_are_read_back_as_their_kinds():
    assert prepared.CONVERT["date"]("2020-04-23") == DAY
    assert prepared.CONVERT["date"](datetime.datetime(2020, 4, 23, 12)) == DAY
    assert prepared.CONVERT["date"](None) is None
    assert prepared.CONVERT["bool"](1) is True
    assert prepared.CONVERT["bool"](None) is None
