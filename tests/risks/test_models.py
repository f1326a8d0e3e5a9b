import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from risks import rules
from risks.log import risk_log
from risks.models import Risk, RiskStatus
from tests.factories import recorded_on

from .factories import RiskFactory, RiskUpdateFactory

pytestmark = pytest.mark.django_db
DAY = datetime.date


@pytest.mark.parametrize("field", ["likelihood", "impact"])
@pytest.mark.parametrize("value", [0, 6])
def test_the_database_refuses_scores_outside_1_to_5(field, value):
    update = RiskUpdateFactory.build(risk=RiskFactory(), **{field: value})
    with pytest.raises(IntegrityError), transaction.atomic():
        update.save()


def test_the_database_refuses_half_a_score():
    with pytest.raises(IntegrityError), transaction.atomic():
        RiskUpdateFactory(likelihood=3, impact=None)


def test_history_is_append_only():
    update = RiskUpdateFactory()
    update.note = "Rewritten"
    with pytest.raises(ValidationError):
        update.save()
    with pytest.raises(ValidationError):
        update.delete()


def test_clean_refuses_a_review_before_the_risk_was_raised_and_scores_on_an_issue():
    issue = RiskFactory(kind=Risk.Kind.ISSUE, raised_on=DAY(2020, 3, 16))
    update = RiskUpdateFactory.build(
        risk=issue, likelihood=3, impact=3, review_date=DAY(2020, 3, 1)
    )
    with pytest.raises(ValidationError) as refused:
        update.full_clean()
    assert set(refused.value.message_dict) == {"likelihood", "impact", "review_date"}


def test_the_log_as_at_a_day_shows_what_was_known_at_the_end_of_it(plan):
    risk = RiskFactory(plan=plan, raised_on=DAY(2019, 11, 5))
    RiskUpdateFactory(risk=risk, likelihood=3, impact=4, review_date=DAY(2020, 1, 23))
    # Effective 18 February but typed in on 2 March: not known on 20 February.
    RiskUpdateFactory(
        risk=risk,
        effective_date=DAY(2020, 2, 18),
        recorded_at=recorded_on(DAY(2020, 3, 2)),
        likelihood=4,
        impact=5,
    )
    then = risk_log(plan, DAY(2020, 2, 20))[0]
    assert (then.score_as_at, then.trend) == (12, rules.NEW)
    assert then.review_overdue  # review date 23 January passed, still open
    known_now = risk_log(plan, DAY(2020, 2, 20), known_now=True)[0]
    assert (known_now.score_as_at, known_now.score_before, known_now.trend) == (20, 12, rules.UP)
    assert known_now.is_high


def test_a_risk_entered_later_is_not_in_the_log_as_known_then(plan):
    RiskFactory(plan=plan, raised_on=DAY(2020, 1, 6), created_at=recorded_on(DAY(2020, 4, 1)))
    assert risk_log(plan, DAY(2020, 3, 1)) == []
    assert len(risk_log(plan, DAY(2020, 3, 1), known_now=True)) == 1


def test_a_closed_risk_is_neither_high_nor_overdue(plan):
    risk = RiskFactory(plan=plan)
    RiskUpdateFactory(
        risk=risk, likelihood=5, impact=5, status=RiskStatus.CLOSED, review_date=DAY(2019, 11, 1)
    )
    row = risk_log(plan, DAY(2020, 1, 1))[0]
    assert row.score_as_at == 25
    assert not row.is_high and not row.review_overdue
