import datetime

import pytest
from django.urls import reverse

from actions.models import Rating
from actions.services import action_update_record
from tests.factories import ActionFactory, PlanFactory, SectionFactory
from tests.html import table_rows
from tests.urls import plan_url

pytestmark = pytest.mark.django_db


def URL(plan=None) -> str:  # noqa: N802  (the page's address, as a constant was)
    return plan_url("reports:all_actions", plan=plan)


OCT = datetime.date(2019, 10, 20)


def references(response) -> list[str]:
    return [row.record.reference for row in response.context["table"].page]


@pytest.fixture
def two_sections(plan):
    first = SectionFactory(plan=plan, number=1, title="Quality of Practice")
    second = SectionFactory(plan=plan, number=2, title="Partnership working")
    for section, ref, rating in [
        (first, "1.01", Rating.GREEN),
        (first, "1.02", Rating.RED),
        (second, "2.01", Rating.RED),
    ]:
        action = ActionFactory(section=section, reference=ref)
        action_update_record(
            action=action,
            author=action.lead,
            effective_date=OCT,
            rating=rating,
            commentary="Baseline",
            slippage_reason="capacity" if rating == Rating.RED else "",
        )
    # Someone else's plan, which must never show.
    ActionFactory(section=SectionFactory(plan=PlanFactory()), reference="9.99")
    return plan


def test_it_lists_every_section_of_the_plan(client, board_member, two_sections):
    client.force_login(board_member)
    response = client.get(URL())
    assert response.status_code == 200
    assert references(response) == ["1.01", "1.02", "2.01"]
    rows = table_rows(response.content.decode(), "app-actions-table")
    assert rows[0][2] == "Section"
    assert rows[3][2] == "2. Partnership working"


def test_it_filters_by_section_as_well(client, board_member, two_sections):
    client.force_login(board_member)
    second = two_sections.sections.get(number=2)
    assert references(client.get(URL(), {"section": second.pk, "rating": "red"})) == ["2.01"]
    assert references(client.get(URL(), {"rating": "red"})) == ["1.02", "2.01"]
    response = client.get(URL(), {"section": "12345"})
    assert "“12345” is not a section of this plan" in response.content.decode()
    assert references(response) == ["1.01", "1.02", "2.01"]


def test_the_export_covers_the_whole_plan(client, board_member, two_sections):
    client.force_login(board_member)
    response = client.get(URL(), {"rating": "red", "export": "csv"})
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("Ref,Action,Section,Lead,Due,Rating,Last update,Completed,Since ")
    assert [line.split(",")[0] for line in lines[1:]] == ["1.02", "2.01"]
    assert two_sections.slug in response["Content-Disposition"]


def test_it_checks_membership(client, outsider, two_sections):
    client.force_login(outsider)
    assert client.get(URL()).status_code == 404
    assert client.get(URL(), {"plan": two_sections.slug}).status_code == 404


def test_it_requires_login(client):
    response = client.get(URL())
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_it_is_in_the_navigation(client, board_member, two_sections):
    client.force_login(board_member)
    html = client.get(URL()).content.decode()
    assert f'href="{URL()}" aria-current="page"' in html
