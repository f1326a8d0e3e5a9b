"""Each rule of actions/rules.py in its two forms, kept in step on the same actions.

Overdue, stale, moved and the completion date are checked against a replay of random
histories in tests/reports/test_replay.py; here, the rest.
"""

import datetime

import pytest

from actions import rules
from actions.models import Action, ActionUpdate, Rating
from actions.reporting import ReportingMonth
from actions.services import action_update_record
from tests.factories import ActionFactory, SectionFactory, recorded_on

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2020, 4, 23)


def record(action, when, rating, kind=ActionUpdate.Kind.PROGRESS):
    action_update_record(
        action=action,
        author=action.lead,
        effective_date=when,
        recorded_at=recorded_on(when),
        rating=rating,
        commentary=f"{kind} {rating}",
        slippage_reason="capacity" if rating in (Rating.AMBER, Rating.RED) else "",
        kind=kind,
    )


@pytest.fixture
def actions(plan):
    section = SectionFactory(plan=plan)
    made = {
        name: ActionFactory(section=section, reference=f"1.{n:02d}")
        for n, name in enumerate(
            ["updated", "quiet", "done", "late_added", "proposed", "returned"], 1
        )
    }
    record(made["updated"], datetime.date(2020, 4, 2), Rating.GREEN)
    record(made["quiet"], datetime.date(2020, 3, 20), Rating.AMBER)
    record(made["done"], datetime.date(2020, 3, 1), Rating.BLUE, ActionUpdate.Kind.IMPORTED)
    Action.objects.filter(pk=made["late_added"].pk).update(added_on=datetime.date(2020, 5, 1))
    record(made["proposed"], datetime.date(2020, 3, 2), Rating.GREEN)
    record(made["proposed"], datetime.date(2020, 3, 20), Rating.BLUE, "proposed")
    record(made["returned"], datetime.date(2020, 3, 2), Rating.GREEN)
    record(made["returned"], datetime.date(2020, 3, 20), Rating.BLUE, "proposed")
    record(made["returned"], datetime.date(2020, 3, 21), Rating.BLUE, "returned")
    return made


def test_needs_an_update_is_the_same_rule_in_the_database_and_in_python(actions):
    month = ReportingMonth.containing(TODAY)
    in_database = set(
        Action.objects.needing_update(month.start, TODAY).values_list("pk", flat=True)
    )
    annotated = Action.objects.with_reporting_month(month.start)
    in_python = {action.pk for action in annotated if month.needs_update(action)}
    assert in_database == in_python
    assert in_database == {actions[name].pk for name in ("quiet", "proposed", "returned")}


def test_pending_completion_is_the_same_rule_in_the_database_and_in_python(actions):
    in_database = set(
        Action.objects.with_completion_state()
        .filter(rules.pending_completion_q())
        .values_list("pk", flat=True)
    )
    in_python = {
        action.pk
        for action in Action.objects.all()
        if rules.pending_completion_in(action.updates.latest_first()) is not None
    }
    assert in_database == in_python == {actions["proposed"].pk}


def test_the_completion_date_is_the_same_in_the_database_and_in_python(actions):
    done = actions["done"]
    record(done, datetime.date(2020, 3, 10), Rating.BLUE)  # a later Blue keeps the date
    annotated = Action.objects.with_words_as_at(TODAY).get(pk=done.pk)
    assert annotated.completed_on_as_at == datetime.date(2020, 3, 1)
    assert rules.completed_on(done.updates.all(), TODAY) == datetime.date(2020, 3, 1)
    record(done, datetime.date(2020, 3, 15), Rating.GREEN)  # reopened, then complete again
    record(done, datetime.date(2020, 3, 30), Rating.BLUE, ActionUpdate.Kind.IMPORTED)
    annotated = Action.objects.with_words_as_at(TODAY).get(pk=done.pk)
    assert annotated.completed_on_as_at == datetime.date(2020, 3, 30)
    assert rules.completed_on(done.updates.all(), TODAY) == datetime.date(2020, 3, 30)


@pytest.mark.parametrize(
    ("rating", "reason", "before", "gaps"),
    [
        (Rating.GREEN, "", Rating.AMBER, []),
        (Rating.AMBER, "", Rating.GREEN, [rules.IMPORTED_WITHOUT_REASON]),
        (Rating.RED, "capacity", Rating.GREEN, []),
        (Rating.BLUE, "", Rating.GREEN, [rules.IMPORTED_WITHOUT_SIGN_OFF]),
        (Rating.BLUE, "", None, [rules.IMPORTED_WITHOUT_SIGN_OFF]),
        (Rating.BLUE, "", Rating.BLUE, []),
    ],
)
def test_an_update_needs_what_the_forms_ask_for(rating, reason, before, gaps):
    assert rules.update_rule_gaps(rating=rating, slippage_reason=reason, rating_before=before) == (
        gaps
    )
