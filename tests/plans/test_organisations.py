"""Councils on one deployment: people of one never see another's plans; an overseer reads
the plans of the organisations given to them and changes nothing; home and the switcher
list what a person may read."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from improvement_board.roles import Role
from plans.access import default_plan
from plans.models import Organisation, Plan
from plans.organisations import organisation_for_new_plan, organisation_refusal
from tests.factories import (
    ActionFactory,
    ActionUpdateFactory,
    OrganisationFactory,
    PlanFactory,
    SectionFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def councils(plan_manager, board_member):
    medway = OrganisationFactory(name="Medway Council")
    kent = OrganisationFactory(name="Kent County Council")
    ours = PlanFactory(organisation=medway, members=[plan_manager, board_member], title="Ours")
    theirs_manager = UserFactory(username="kent-pm", role=Role.PLAN_MANAGER)
    theirs = PlanFactory(organisation=kent, members=[theirs_manager], title="Theirs")
    action = ActionFactory(section=SectionFactory(plan=theirs))
    ActionUpdateFactory(action=action)
    return {"medway": medway, "kent": kent, "ours": ours, "theirs": theirs, "action": action}


def test_another_councils_plan_does_not_exist_for_a_member(client_for, councils, plan_manager):
    client = client_for(plan_manager)
    theirs, action = councils["theirs"], councils["action"]
    for address in (
        reverse("reports:dashboard", args=[theirs.slug]),
        reverse("reports:all_actions", args=[theirs.slug]),
        reverse("actions:detail", args=[theirs.slug, action.pk]),
        # Another council's action under our own plan's address is no better.
        reverse("actions:detail", args=[councils["ours"].slug, action.pk]),
        reverse("reports:report_list", args=[theirs.slug]),
        reverse("plans:manage", args=[theirs.slug]),
        reverse("reports:dashboard", args=["no-such-plan"]),
    ):
        assert client.get(address).status_code == 404, address
    home = client.get(reverse("reports:home"), {"list": "all"}).content.decode()
    assert "Ours" in home and "Theirs" not in home


def test_an_overseer_reads_the_councils_given_and_changes_nothing(client_for, councils):
    overseer = UserFactory(username="adviser", role=Role.OVERSEER)
    councils["kent"].overseers.add(overseer)
    client = client_for(overseer)
    theirs, action = councils["theirs"], councils["action"]
    assert client.get(reverse("reports:dashboard", args=[theirs.slug])).status_code == 200
    assert client.get(reverse("actions:detail", args=[theirs.slug, action.pk])).status_code == 200
    assert client.get(reverse("reports:dashboard", args=[councils["ours"].slug])).status_code == 404
    # Writes are refused, even to an overseer who also holds a role that writes elsewhere.
    overseer.groups.add(*UserFactory(role=Role.PLAN_MANAGER).groups.all())
    overseer = type(overseer).objects.get(pk=overseer.pk)
    client = client_for(overseer)
    refused = client.post(reverse("actions:update", args=[theirs.slug, action.pk]))
    assert refused.status_code == 403
    assert client.get(reverse("plans:manage", args=[theirs.slug])).status_code == 403
    assert client.post(reverse("reports:board_meeting_add", args=[theirs.slug])).status_code == 403


def test_home_lands_on_the_only_plan_or_lists_several(client_for, councils, board_member):
    response = client_for(board_member).get("/", {"as_at": "2020-01-31"})
    assert response.status_code == 302
    assert response.url == f"/plans/{councils['ours'].slug}/?as_at=2020-01-31"
    overseer = UserFactory(username="adviser", role=Role.OVERSEER)
    for council in ("medway", "kent"):
        councils[council].overseers.add(overseer)
    page = client_for(overseer).get("/")
    assert page.status_code == 200
    rows = [item.plan.title for item in page.context["figures"]]
    assert sorted(rows) == ["Ours", "Theirs"]
    theirs = next(item for item in page.context["figures"] if item.plan.title == "Theirs")
    assert theirs.one_line == "1 action: 0 Blue, 1 Green, 0 Amber, 0 Red"


def test_home_costs_the_same_queries_however_many_plans(client_for, councils):
    overseer = UserFactory(username="adviser", role=Role.OVERSEER)
    councils["kent"].overseers.add(overseer)
    client = client_for(overseer)
    client.get("/", {"list": "all"})
    with CaptureQueriesContext(connection) as few:
        client.get("/", {"list": "all"})
    for n in range(8):
        council = OrganisationFactory(name=f"Council {n}")
        council.overseers.add(overseer)
        ActionFactory(section=SectionFactory(plan=PlanFactory(organisation=council)))
    with CaptureQueriesContext(connection) as many:
        client.get("/", {"list": "all"})
    assert len(many) == len(few)


def test_old_addresses_lead_to_the_plan_they_meant(client_for, councils, board_member):
    client = client_for(board_member)
    ours = councils["ours"]
    response = client.get("/all-actions/", {"plan": ours.slug, "rating": "amber"})
    assert response.url == f"/plans/{ours.slug}/actions/?rating=amber"
    action = ActionFactory(section=SectionFactory(plan=ours))
    assert client.get(f"/actions/{action.pk}/").url == f"/plans/{ours.slug}/actions/{action.pk}/"
    # Another council's objects stay hidden behind their old addresses too.
    assert client.get(f"/actions/{councils['action'].pk}/").status_code == 404
    assert client.get("/all-actions/", {"plan": councils["theirs"].slug}).status_code == 404


def test_the_default_plan_is_the_newest_active_plan_one_is_a_member_of(councils, board_member):
    PlanFactory(organisation=councils["medway"], members=[board_member], status=Plan.Status.DRAFT)
    assert default_plan(board_member) == councils["ours"]


def test_a_new_plan_joins_its_councils_organisation_only_for_its_people(councils, plan_manager):
    assert (
        organisation_for_new_plan(name="  medway   council ", user=plan_manager)
        == councils["medway"]
    )
    assert "already uses this service" in organisation_refusal("Kent County Council", plan_manager)
    made = organisation_for_new_plan(name="Northbrook Borough Council", user=plan_manager)
    assert made.slug == "northbrook-borough-council"
    assert Organisation.objects.count() == 3


def test_a_superuser_sets_a_councils_board_wording_in_the_admin(admin_client, councils):
    medway = councils["medway"]
    change = reverse("admin:plans_organisation_change", args=[medway.pk])
    assert admin_client.get(change).status_code == 200
    response = admin_client.post(
        change,
        {
            "name": medway.name,
            "slug": medway.slug,
            "board_name": "Medway Children's Improvement Board",
            "running_header": "Medway Council Children's Services",
        },
    )
    assert response.status_code == 302
    medway.refresh_from_db()
    assert medway.board_name == "Medway Children's Improvement Board"
    assert medway.paper_header == "Medway Council Children's Services"
