"""The demo's Board paper of 23 April 2020 against its data: completions dated by their
sign-off, the owners' commentary, and indicator values only once they were entered."""

import datetime
import io

import pytest
from django.db import transaction
from django.test import override_settings

from actions.models import Action
from demo.plan import demo_load
from indicators.scorecard import scorecard_rows
from reports.models import BoardReport
from reports.paper_figures import report_figures
from reports.report_content import report_document

pytestmark = pytest.mark.django_db

BOARD = datetime.date(2020, 4, 23)


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    hashers = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=hashers),
        transaction.atomic(),
    ):
        yield demo_load(stdout=io.StringIO())
        transaction.set_rollback(True)


def test_the_demo_papers_completions_are_dated_by_their_sign_off(demo):
    report = BoardReport.objects.get(meeting__plan=demo, kind=BoardReport.Kind.PROGRESS)
    figures = report_document(report).figures
    completed = {action.reference: action.completed_on_as_at for action in figures.completed}
    expected = {
        "2.01": datetime.date(2020, 3, 20),
        "3.01": datetime.date(2020, 3, 20),
        "4.01": datetime.date(2020, 3, 23),
        "4.02": datetime.date(2020, 3, 20),
        "5.01": datetime.date(2020, 3, 20),
    }
    assert {ref: completed[ref] for ref in expected} == expected
    # Each is the day its completion was signed off.
    for reference, day in expected.items():
        action = Action.objects.get(plan=demo, reference=reference)
        sign_off = action.updates.filter(kind="signed_off").latest_first().first()
        assert sign_off.effective_date == day


def test_the_latest_commentary_is_the_owners_not_the_sign_off_note(demo):
    figures = report_figures(plan=demo, as_at=BOARD, since=BOARD, appendix=True)
    by_reference = {a.reference: a for section in figures.appendix for a in section.actions}
    for reference in ("2.04", "4.05", "5.07"):
        action = by_reference[reference]
        assert not action.commentary_as_at.startswith("Completion signed off"), reference
        assert action.decision_kind_as_at == "signed_off"
        assert action.decision_note_as_at.startswith("Completion signed off")


def test_the_demo_indicators_hide_april_before_it_was_entered(demo):
    rows = scorecard_rows(demo, datetime.date(2020, 4, 2))
    assert all(row.latest.period < datetime.date(2020, 4, 1) for row in rows if row.latest)
    now = scorecard_rows(demo, datetime.date(2020, 4, 2), known_now=True)
    assert any(row.latest.period == datetime.date(2020, 4, 1) for row in now if row.latest)
