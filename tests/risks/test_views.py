import datetime

import pytest
from django.urls import reverse

from improvement_board.roles import Role
from risks.models import Risk
from risks.services import EDITABLE, risk_edit
from tests.factories import UserFactory, recorded_on

from .factories import RiskFactory, RiskUpdateFactory

pytestmark = pytest.mark.django_db
DAY = datetime.date


def _new_form(owner, actions, **overrides) -> dict:
    data = {
        "kind": "risk",
        "reference": "R4",
        "title": "Not enough local foster placements for children who need permanence",
        "description": "Placement sufficiency limits choices for children in long-term care.",
        "owner": str(owner.pk),
        "raised_on-day": "21",
        "raised_on-month": "10",
        "raised_on-year": "2019",
        "actions": [str(action.pk) for action in actions],
        "status": "open",
        "likelihood": "3",
        "impact": "3",
        "mitigation": "Refresh the sufficiency strategy.",
        "review_date-day": "23",
        "review_date-month": "1",
        "review_date-year": "2020",
    }
    return data | overrides


def test_a_plan_manager_raises_a_risk(client_for, plan, plan_manager, action_owner, plan_actions):
    url = reverse("risks:new", args=[plan.slug])
    response = client_for(plan_manager).post(url, _new_form(action_owner, plan_actions))
    risk = Risk.objects.get()
    assert response.status_code == 302 and response.url == risk.get_absolute_url()
    assert risk.owner == action_owner and risk.updates.get().score == 9


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"likelihood": "7"}, "likelihood", "Likelihood must be a whole number from 1 to 5."),
        ({"impact": "0"}, "impact", "Impact must be a whole number from 1 to 5."),
        (
            {"review_date-day": "1", "review_date-month": "9", "review_date-year": "2019"},
            "review_date",
            "The review date cannot be before the day it was raised.",
        ),
        ({"kind": "issue"}, "likelihood", "An issue has already happened: leave likelihood empty."),
    ],
)
def test_bad_input_is_explained_kept_and_nothing_written(
    client_for, plan, plan_manager, action_owner, plan_actions, overrides, field, message
):
    url = reverse("risks:new", args=[plan.slug])
    data = _new_form(action_owner, plan_actions, **overrides)
    response = client_for(plan_manager).post(url, data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "govuk-error-summary" in page and message in page
    assert f'href="#id_{field}' in page
    assert data["title"] in page  # the input is kept
    assert not Risk.objects.exists()


def test_an_action_of_another_plan_is_refused(
    client_for, plan, plan_manager, action_owner, other_plan_action
):
    url = reverse("risks:new", args=[plan.slug])
    data = _new_form(action_owner, [other_plan_action])
    response = client_for(plan_manager).post(url, data)
    assert response.status_code == 400
    assert "Choose only actions of this plan." in response.content.decode()
    assert not Risk.objects.exists()


def test_an_owner_updates_their_own_risk_and_not_anothers(
    client_for, plan, action_owner, plan_manager
):
    mine = RiskFactory(plan=plan, owner=action_owner, raised_on=DAY(2019, 11, 5))
    RiskUpdateFactory(risk=mine)
    theirs = RiskFactory(plan=plan, owner=plan_manager)
    client = client_for(action_owner)
    today = datetime.date.today()
    form = {
        "version": str(mine.version),
        "status": "managed",
        "likelihood": "2",
        "impact": "4",
        "mitigation": "Conversion offer to agency staff.",
        "note": "Seven agency social workers have taken permanent posts.",
        "effective_date-day": str(today.day),
        "effective_date-month": str(today.month),
        "effective_date-year": str(today.year),
    }
    response = client.post(reverse("risks:update", args=[plan.slug, mine.pk]), form)
    assert response.status_code == 302
    assert mine.updates.latest_first().first().score == 8
    refused = client.post(reverse("risks:update", args=[plan.slug, theirs.pk]), form)
    assert refused.status_code == 403
    assert not theirs.updates.exists()


def test_a_conflicting_update_keeps_the_form_and_says_what_changed(client_for, plan, action_owner):
    risk = RiskFactory(plan=plan, owner=action_owner, raised_on=DAY(2019, 11, 5))
    RiskUpdateFactory(risk=risk, risk_version=1)
    today = datetime.date.today()
    form = {
        "version": str(risk.version),
        "status": "open",
        "likelihood": "5",
        "impact": "5",
        "note": "Police and health colleagues redeployed.",
        "effective_date-day": str(today.day),
        "effective_date-month": str(today.month),
        "effective_date-year": str(today.year),
    }
    url = reverse("risks:update", args=[plan.slug, risk.pk])
    client = client_for(action_owner)
    assert client.post(url, form | {"note": "First save."}).status_code == 302
    response = client.post(url, form)
    assert response.status_code == 409
    page = response.content.decode()
    assert "First save." in page and "Police and health colleagues redeployed." in page
    assert risk.updates.count() == 2


def test_the_log_filters_sorts_and_reads_as_at(client_for, plan, board_member, action_owner):
    high = RiskFactory(plan=plan, owner=action_owner, reference="R1")
    RiskUpdateFactory(risk=high, likelihood=4, impact=5)
    low = RiskFactory(plan=plan, reference="R2")
    RiskUpdateFactory(risk=low, likelihood=1, impact=2)
    issue = RiskFactory(plan=plan, kind=Risk.Kind.ISSUE, reference="I1", raised_on=DAY(2020, 3, 16))
    RiskUpdateFactory(risk=issue)
    client = client_for(board_member)
    url = reverse("risks:log", args=[plan.slug])
    rows = client.get(url, {"sort": "score"}).context["risks"]
    assert [risk.reference for risk in rows] == ["R1", "R2", "I1"]
    assert [r.reference for r in client.get(url, {"kind": "issue"}).context["risks"]] == ["I1"]
    RiskUpdateFactory(risk=low, effective_date=DAY(2020, 2, 1), status="managed")
    still_open = client.get(url, {"status": "open"}).context["risks"]
    assert [r.reference for r in still_open] == ["I1", "R1"]
    mine = client.get(url, {"owner": str(action_owner.pk)}).context["risks"]
    assert [r.reference for r in mine] == ["R1"]
    before_covid = client.get(url, {"as_at": "2020-03-01"}).context["risks"]
    assert "I1" not in [risk.reference for risk in before_covid]


def _many_risks(plan, n):
    owners = [UserFactory(role=Role.ACTION_OWNER) for _ in range(3)]
    for i in range(n):
        risk = RiskFactory(plan=plan, owner=owners[i % 3])
        RiskUpdateFactory(risk=risk, likelihood=1 + i % 5, impact=5)
        RiskUpdateFactory(risk=risk, effective_date=DAY(2020, 2, 1), likelihood=5, impact=3)
        # Each risk renamed and handed on after the day the log is read as at.
        _edit(
            risk,
            recorded_on(DAY(2020, 5, 1 + i)),
            title=f"{risk.title}, restated",
            owner=owners[(i + 1) % 3],
        )


def _edit(risk, at, actions=None, **values):
    return risk_edit(
        risk=risk,
        request=None,
        values={name: getattr(risk, name) for name in EDITABLE} | values,
        actions=risk.actions.all() if actions is None else actions,
        expected_version=risk.version,
        changed_at=at,
        changed_by=risk.owner,
    )


def test_a_risks_details_read_as_at_a_day_and_as_known_now_marked_restated(
    client_for, plan, board_member, action_owner, plan_actions
):
    risk = RiskFactory(
        plan=plan,
        owner=action_owner,
        reference="R7",
        title="Agency social workers leave before the training programme ends",
        description="High turnover undoes training.",
        actions=[plan_actions[0]],
    )
    RiskUpdateFactory(risk=risk)
    deputy = UserFactory(first_name="Marcus", last_name="Chen-O'Hara", role=Role.ACTION_OWNER)
    changed = _edit(
        risk,
        recorded_on(DAY(2020, 3, 2)),
        actions=[plan_actions[1]],
        title="Agency & locum social workers leave before the 'Signs of Safety' training ends",
        description="Turnover of 31% in the Assessment teams; exit interviews say caseloads.",
        owner=deputy,
    )
    assert changed == ["title", "description", "owner", "actions"]
    client = client_for(board_member)
    before = client.get(risk.get_absolute_url(), {"as_at": "2020-03-01"})
    page = before.content.decode()
    assert "Agency social workers leave before the training programme ends" in page
    assert "High turnover undoes training." in page and "Chen-O" not in page
    assert [a.reference for a in before.context["actions"]] == ["1.02"]
    assert "Restated since" not in page
    after = client.get(risk.get_absolute_url(), {"as_at": "2020-03-02"}).content.decode()
    assert "Signs of Safety" in after and "Turnover of 31%" in after and "Chen-O" in after
    now = client.get(risk.get_absolute_url(), {"as_at": "2020-03-01", "known": "now"})
    assert [a.reference for a in now.context["actions"]] == ["1.13"]
    assert "Restated since" in now.content.decode()
    assert now.context["risk"].restated == ["actions", "description", "owner", "title"]
    url = reverse("risks:log", args=[plan.slug])
    [row] = client.get(url, {"as_at": "2020-03-01"}).context["risks"]
    assert row.shown["title"].startswith("Agency social workers") and not row.restated
    assert row.shown["owner"] == str(action_owner)
    [row] = client.get(url, {"as_at": "2020-03-01", "known": "now"}).context["risks"]
    assert row.shown["owner"] == deputy and "owner" in row.restated


@pytest.mark.parametrize("n", [2, 12])
def test_the_log_and_a_risk_page_cost_the_same_whatever_the_number_of_risks(
    client_for, plan, board_member, plan_actions, n, django_assert_max_num_queries
):
    _many_risks(plan, n)
    client = client_for(board_member)
    url = reverse("risks:log", args=[plan.slug])
    client.get(url)
    # Session, user, plan (with membership), the rows, their details changed since, the
    # owners filter, role groups, the plans of the menu: the same for 2 risks or 12.
    with django_assert_max_num_queries(9):
        response = client.get(url, {"as_at": "2020-04-23", "sort": "review"})
    assert len(response.context["risks"]) == n
    assert all(not row.shown["title"].endswith("restated") for row in response.context["risks"])
    risk = Risk.objects.first()
    risk.actions.set(plan_actions)
    with django_assert_max_num_queries(12):
        assert client.get(risk.get_absolute_url(), {"as_at": "2020-04-23"}).status_code == 200
