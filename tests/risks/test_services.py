import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from improvement_board.models import AuditEvent
from plans.models import Plan
from risks.models import Risk, RiskUpdate
from risks.services import StaleRiskError, risk_create, risk_edit, risk_update

from .factories import RiskFactory, RiskUpdateFactory

pytestmark = pytest.mark.django_db
DAY = datetime.date


def _raise(plan, request, **overrides):
    values = {
        "kind": Risk.Kind.RISK,
        "reference": "R7",
        "title": "Covid-19 staff absence means children of greatest concern are not seen",
        "owner": request.user,
        "raised_on": DAY(2020, 3, 16),
        "likelihood": 4,
        "impact": 5,
        "review_date": DAY(2020, 3, 31),
        "mitigation": "Daily tracker of visits to children rated red.",
    }
    return risk_create(plan=plan, request=request, **(values | overrides))


def test_raising_a_risk_writes_its_first_assessment_its_actions_and_an_audit_event(
    plan, plan_manager, plan_actions, request_of
):
    risk = _raise(plan, request_of(plan_manager), actions=plan_actions)
    first = risk.updates.get()
    assert (first.effective_date, first.score, first.recorded_by) == (
        DAY(2020, 3, 16),
        20,
        plan_manager,
    )
    assert set(risk.actions.all()) == set(plan_actions)
    event = AuditEvent.objects.get(kind=AuditEvent.Kind.RISK)
    assert event.plan == plan and "R7" in event.detail


def test_an_action_of_another_plan_is_refused_and_nothing_is_written(
    plan, plan_manager, other_plan_action, request_of
):
    with pytest.raises(ValidationError) as refused:
        _raise(plan, request_of(plan_manager), actions=[other_plan_action])
    assert "actions" in refused.value.message_dict
    assert not Risk.objects.exists() and not RiskUpdate.objects.exists()


def test_an_update_keeps_the_dates_in_order_and_the_version_guards_against_lost_edits(
    plan, action_owner, request_of
):
    risk = RiskFactory(plan=plan, owner=action_owner, raised_on=DAY(2019, 11, 5))
    RiskUpdateFactory(risk=risk, effective_date=DAY(2020, 2, 18))
    request = request_of(action_owner)
    with pytest.raises(ValidationError) as refused:
        risk_update(
            risk=risk,
            request=request,
            effective_date=DAY(2020, 1, 1),
            status="open",
            likelihood=3,
            impact=3,
            note="Back-dated",
            expected_version=risk.version,
        )
    assert "effective_date" in refused.value.message_dict
    seen = risk.version
    risk_update(
        risk=risk,
        request=request,
        effective_date=DAY(2020, 3, 2),
        status="managed",
        likelihood=3,
        impact=4,
        note="Go-live moved back a month.",
        expected_version=seen,
    )
    with pytest.raises(StaleRiskError):
        risk_update(
            risk=Risk.objects.get(pk=risk.pk),
            request=request,
            effective_date=DAY(2020, 3, 3),
            status="open",
            likelihood=5,
            impact=5,
            note="Typed in a form opened before the last save.",
            expected_version=seen,
        )
    assert risk.updates.count() == 2


def test_editing_details_names_what_changed(plan, plan_manager, plan_actions, request_of):
    risk = RiskFactory(plan=plan, owner=plan_manager, actions=plan_actions[:1])
    RiskUpdateFactory(risk=risk)
    changed = risk_edit(
        risk=risk,
        request=request_of(plan_manager),
        values={
            "reference": "R99",
            "title": risk.title,
            "description": risk.description,
            "owner": plan_manager,
            "raised_on": risk.raised_on,
        },
        actions=plan_actions,
        expected_version=risk.version,
    )
    assert changed == ["reference", "actions"]
    risk.refresh_from_db()
    assert risk.reference == "R99" and risk.actions.count() == 2


def test_an_archived_plan_refuses_every_write(plan, plan_manager, request_of):
    risk = RiskFactory(plan=plan, owner=plan_manager)
    Plan.objects.filter(pk=plan.pk).update(status=Plan.Status.ARCHIVED)
    plan.refresh_from_db()
    request = request_of(plan_manager)
    with pytest.raises(PermissionDenied):
        _raise(plan, request)
    with pytest.raises(PermissionDenied):
        risk_update(
            risk=risk,
            request=request,
            effective_date=DAY(2020, 1, 1),
            status="open",
            likelihood=2,
            impact=2,
            note="Too late",
        )
