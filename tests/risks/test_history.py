"""A risk's details as at a day in the Board paper: the risk summary and section 3's
draft name a risk or issue as it was on the paper's date, not as renamed since."""

import datetime

import pytest
from django.utils import timezone

from reports.paper_risks import issues_draft, risk_summary
from risks.models import Risk
from risks.services import EDITABLE, risk_edit
from tests.factories import UserFactory

from .factories import RiskFactory, RiskUpdateFactory

pytestmark = pytest.mark.django_db
BOARD = datetime.date(2020, 4, 23)
BEFORE = datetime.date(2020, 3, 19)


def _renamed_in_may(risk, **values):
    risk_edit(
        risk=risk,
        request=None,
        values={name: getattr(risk, name) for name in EDITABLE} | values,
        actions=risk.actions.all(),
        expected_version=risk.version,
        changed_at=timezone.make_aware(datetime.datetime(2020, 5, 7, 16, 30)),
    )


def test_the_paper_names_risks_and_issues_as_they_were_on_its_date(plan):
    owner = UserFactory(first_name="Aoife", last_name="Ní Bhriain")
    risk = RiskFactory(plan=plan, owner=owner, reference="R2", title="Not enough foster carers")
    RiskUpdateFactory(risk=risk, likelihood=4, impact=4)
    issue = RiskFactory(
        plan=plan,
        kind=Risk.Kind.ISSUE,
        reference="I1",
        title="Covid-19 postponed the monitoring visit",
        description="Ofsted suspended routine visits on 17 March.",
        raised_on=datetime.date(2020, 3, 17),
    )
    RiskUpdateFactory(risk=issue)
    _renamed_in_may(
        risk, title="Placement sufficiency – in-house & IFA", owner=UserFactory(first_name="Dev")
    )
    _renamed_in_may(issue, title="Covid-19 (restated)", description="Restated in May.")
    [row] = risk_summary(plan, BOARD, BEFORE)
    assert (row.title, row.owner, row.score) == ("Not enough foster carers", str(owner), 16)
    draft = issues_draft(plan, BOARD, BEFORE)
    assert "**Covid-19 postponed the monitoring visit.** Ofsted suspended" in draft
    assert "restated" not in draft.lower()
    [row] = risk_summary(plan, datetime.date(2020, 5, 7), BEFORE)
    assert row.title == "Placement sufficiency – in-house & IFA"
