"""Assurance writes leave an audit event, as the plan's other writes do: an event added
or changed, a finding (or an inspection's recommendation) added or changed."""

import pytest
from django.urls import reverse

from improvement_board.models import AuditEvent
from plans.models import AssuranceEvent, Finding
from tests.factories import ActionFactory, SectionFactory

from .test_assurance import form_data, new_url

pytestmark = pytest.mark.django_db


def trail(plan) -> list[tuple[str, str, str]]:
    return [
        (event.kind, event.username, event.detail)
        for event in AuditEvent.objects.filter(plan=plan).order_by("pk")
    ]


def test_events_and_findings_written_through_the_pages_are_audited(client, plan, plan_manager):
    client.force_login(plan_manager)
    client.post(new_url(plan), form_data())
    event = AssuranceEvent.objects.get(plan=plan)
    edit = reverse("reports:assurance_event_edit", args=[plan.slug, event.pk])
    client.post(
        edit,
        form_data(status="postponed", postponed_reason="Covid-19, two days before the visit."),
    )
    action = ActionFactory(section=SectionFactory(plan=plan, number=2), reference="2.04")
    client.post(
        reverse("reports:assurance_finding_new", args=[plan.slug, event.pk]),
        {"reference": "MV1", "text": "Strategy meetings at the front door are late & thin."},
    )
    finding = Finding.objects.get(plan=plan, reference="MV1")
    client.post(
        reverse("reports:assurance_finding_edit", args=[plan.slug, finding.pk]),
        {"reference": "MV-1", "text": finding.text, "actions": [action.pk]},
    )
    who = plan_manager.username
    title = "Ofsted monitoring visit: help and protection, the front door"
    assert trail(plan) == [
        ("assurance", who, f"added monitoring visit “{title}”"),
        ("assurance", who, f"changed “{title}”: status, postponed_reason"),
        ("finding", who, f"added MV1 to {title}"),
        ("finding", who, "changed MV1, now MV-1"),
    ]
