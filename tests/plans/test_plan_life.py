"""A plan's life: made active, archived (read-only, out of lists, still readable) and
brought back; a draft with no Board papers deleted after a page naming what goes."""

import datetime

import pytest
from django.urls import reverse

from improvement_board.models import AuditEvent
from plans.models import Plan
from reports.models import BoardMeeting, BoardReport, PdfBuild
from tests.factories import (
    ActionFactory,
    ActionUpdateFactory,
    FindingFactory,
    PlanFactory,
    SectionFactory,
)

pytestmark = pytest.mark.django_db


def url(name: str, plan: Plan) -> str:
    return reverse(name, args=[plan.slug])


@pytest.fixture
def manager_client(client, plan_manager):
    client.force_login(plan_manager)
    return client


def test_archiving_makes_the_plan_read_only_and_keeps_it_readable(
    manager_client, plan, plan_manager, board_member, client_for
):
    action = ActionFactory(section=SectionFactory(plan=plan))
    page = manager_client.get(url("plans:archive", plan))
    assert "Archive the plan" in page.content.decode()
    response = manager_client.post(url("plans:archive", plan))
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.status == Plan.Status.ARCHIVED
    assert AuditEvent.objects.filter(kind=AuditEvent.Kind.PLAN_ARCHIVED, plan=plan).exists()

    # Nobody changes it now: the write is refused with the reason.
    refused = manager_client.get(reverse("actions:update", args=[plan.slug, action.pk]))
    assert refused.status_code == 403
    assert "has been archived" in refused.content.decode()

    # Still readable, by its members, as at any date.
    board = client_for(board_member)
    assert board.get(url("reports:dashboard", plan)).status_code == 200
    assert board.get(url("reports:all_actions", plan), {"as_at": "2020-01-31"}).status_code == 200
    # Out of the lists people choose from: the home page lists it apart.
    home = board.get(reverse("reports:home"), {"list": "all"}).content.decode()
    assert "Archived plans (1)" in home


def test_an_archived_plan_can_be_brought_back(manager_client, plan):
    Plan.objects.filter(pk=plan.pk).update(status=Plan.Status.ARCHIVED)
    page = manager_client.get(url("plans:archive", plan)).content.decode()
    assert "Bring the plan back" in page
    manager_client.post(url("plans:archive", plan))
    plan.refresh_from_db()
    assert plan.status == Plan.Status.ACTIVE


def test_archiving_waits_for_a_paper_being_built(manager_client, plan, plan_manager):
    meeting = BoardMeeting.objects.create(plan=plan, date=datetime.date(2020, 4, 23))
    report = BoardReport.objects.create(
        meeting=meeting,
        title="Progress update",
        as_at=meeting.date,
        period_start=plan.start_date,
        authors="A Person, Director",
        created_by=plan_manager,
    )
    PdfBuild.objects.create(report=report, requested_by=plan_manager)
    response = manager_client.post(url("plans:archive", plan))
    assert response.status_code == 400
    assert "still being built" in response.content.decode()
    plan.refresh_from_db()
    assert plan.status == Plan.Status.ACTIVE


def test_a_draft_plan_is_deleted_after_a_page_naming_what_goes(manager_client, plan_manager):
    draft = PlanFactory(status=Plan.Status.DRAFT, members=[plan_manager], title="Test import")
    section = SectionFactory(plan=draft)
    for _ in range(3):
        ActionUpdateFactory(action=ActionFactory(section=section))
    # A finding of one of its assurance events goes with the plan, as the event does.
    FindingFactory(plan=draft).actions.set(draft.actions.all()[:2])
    page = manager_client.get(url("plans:delete", draft)).content.decode()
    assert "3 actions" in page and "1 section" in page and "3 action updates" in page
    response = manager_client.post(url("plans:delete", draft))
    assert response.status_code == 302
    assert not Plan.objects.filter(pk=draft.pk).exists()
    event = AuditEvent.objects.get(kind=AuditEvent.Kind.PLAN_DELETED)
    assert event.plan is None and event.plan_label == f"Test import ({draft.slug})"
    assert "3 actions" in event.detail and "Exampleshire County Council" in event.detail


def test_a_plan_with_papers_or_not_a_draft_is_not_deleted(manager_client, plan, plan_manager):
    response = manager_client.post(url("plans:delete", plan))
    assert response.status_code == 400
    assert "Only a draft plan can be deleted" in response.content.decode()
    draft = PlanFactory(status=Plan.Status.DRAFT, members=[plan_manager])
    meeting = BoardMeeting.objects.create(plan=draft, date=datetime.date(2020, 4, 23))
    BoardReport.objects.create(
        meeting=meeting,
        title="Progress update",
        as_at=meeting.date,
        period_start=draft.start_date,
        authors="A Person, Director",
        created_by=plan_manager,
    )
    response = manager_client.post(url("plans:delete", draft))
    assert response.status_code == 400
    assert "Board paper" in response.content.decode()
    assert Plan.objects.filter(pk__in=[plan.pk, draft.pk]).count() == 2


def test_a_draft_is_made_active_by_its_manager(manager_client, plan_manager):
    draft = PlanFactory(status=Plan.Status.DRAFT, members=[plan_manager])
    manager_client.post(url("plans:activate", draft))
    draft.refresh_from_db()
    assert draft.status == Plan.Status.ACTIVE


def test_only_the_plans_managers_archive_or_delete(client_for, plan, board_member):
    board = client_for(board_member)
    assert board.post(url("plans:archive", plan)).status_code == 403
    assert board.post(url("plans:delete", plan)).status_code == 403
    plan.refresh_from_db()
    assert plan.status == Plan.Status.ACTIVE
