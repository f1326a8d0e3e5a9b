"""The plans list, a plan's management page and its export."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from plans.models import Plan
from tests.factories import ActionFactory, PlanFactory, SectionFactory
from tests.html import table_rows

pytestmark = pytest.mark.django_db

LIST = reverse("plans:plan_list")


def test_the_list_shows_the_plans_a_manager_belongs_to(client, plan, plan_manager):
    ActionFactory(section=SectionFactory(plan=plan))
    PlanFactory(title="Someone else's plan")
    client.force_login(plan_manager)
    rows = table_rows(client.get(LIST).content.decode(), "app-plan-list")
    assert rows[1:] == [[plan.title, plan.organisation.name, "Active", "1 October 2019", "1"]]


def test_the_list_costs_the_same_queries_for_more_plans(
    client, plan_manager, django_assert_num_queries
):
    client.force_login(plan_manager)
    PlanFactory(members=[plan_manager])
    # session, user, roles, plans with predecessors and action counts, the menu's plans
    with django_assert_num_queries(5):
        client.get(LIST)
    for _ in range(5):
        PlanFactory(members=[plan_manager], predecessor=PlanFactory())
    with django_assert_num_queries(5):
        client.get(LIST)


def test_the_plans_item_is_in_the_navigation_for_plan_managers_only(
    client, plan, plan_manager, board_member
):
    client.force_login(plan_manager)
    labels = [item.label for item in client.get(LIST).context["navigation"]]
    assert "Plans" in labels
    client.force_login(board_member)
    labels = [item.label for item in client.get("/", follow=True).context["navigation"]]
    assert "Plans" not in labels


def test_the_manage_page_offers_what_the_plan_allows(client, plan, plan_manager):
    client.force_login(plan_manager)
    url = reverse("plans:manage", args=[plan.slug])
    html = client.get(url).content.decode()
    assert reverse("plan_files:refresh", args=[plan.slug]) in html
    assert reverse("plan_files:import", args=[plan.slug]) in html
    plan.status = Plan.Status.SUPERSEDED
    plan.save()
    html = client.get(url).content.decode()
    assert reverse("plan_files:refresh", args=[plan.slug]) not in html
    assert reverse("plan_files:import", args=[plan.slug]) not in html
    assert reverse("plan_files:export_xlsx", args=[plan.slug]) in html


def test_export_downloads_the_whole_plan(client, plan, plan_manager):
    ActionFactory(section=SectionFactory(plan=plan), reference="1.01", title="Relaunch QA")
    client.force_login(plan_manager)
    response = client.get(reverse("plan_files:export_xlsx", args=[plan.slug]))
    assert response["Content-Disposition"].startswith(f'attachment; filename="{plan.slug}-')
    rows = list(load_workbook(io.BytesIO(response.content))["Actions"].iter_rows(values_only=True))
    assert rows[1][1:3] == ("1.01", "Relaunch QA")
    response = client.get(reverse("plan_files:export_csv", args=[plan.slug]))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "Relaunch QA" in response.content.decode("utf-8-sig")


def test_permissions(client, plan, action_owner, board_member, outsider):
    urls = [
        reverse("plans:manage", args=[plan.slug]),
        reverse("plan_files:export_xlsx", args=[plan.slug]),
        reverse("plan_files:export_csv", args=[plan.slug]),
    ]
    for url in [LIST, *urls]:
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith(reverse("login"))
    client.force_login(outsider)
    for url in urls:
        assert client.get(url).status_code == 404
    for user in (action_owner, board_member):
        client.force_login(user)
        for url in [LIST, *urls]:
            assert client.get(url).status_code == 403
