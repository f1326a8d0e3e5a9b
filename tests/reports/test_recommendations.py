import datetime

import pytest

from actions.models import Rating
from actions.services import action_update_record
from tests.factories import ActionFactory, RecommendationFactory, SectionFactory, recorded_on
from tests.html import table_rows
from tests.urls import plan_url

pytestmark = pytest.mark.django_db


def URL(plan=None) -> str:  # noqa: N802  (the page's address, as a constant was)
    return plan_url("reports:recommendations", plan=plan)


NOV = datetime.date(2019, 11, 20)
FEB = datetime.date(2020, 2, 20)


def record(action, when, rating):
    action_update_record(
        action=action,
        author=action.lead,
        effective_date=when,
        recorded_at=recorded_on(when),
        rating=rating,
        commentary=f"{rating} on {when}",
        slippage_reason="capacity" if rating in (Rating.AMBER, Rating.RED) else "",
    )


@pytest.fixture
def covered(plan):
    section = SectionFactory(plan=plan)
    r1 = RecommendationFactory(plan=plan, reference="R1", text="Assessments")
    r2 = RecommendationFactory(plan=plan, reference="R2", text="Thresholds")
    RecommendationFactory(plan=plan, reference="R10", text="Supervision")  # no action
    good = ActionFactory(section=section, reference="1.01", title="Train staff")
    slipping = ActionFactory(section=section, reference="1.02", title="Audit cases")
    late = ActionFactory(
        section=section,
        reference="1.03",
        title="Added in January",
        added_on=datetime.date(2020, 1, 1),
    )
    good.recommendations.add(r1)
    slipping.recommendations.add(r1, r2)
    late.recommendations.add(r2)
    record(good, NOV, Rating.GREEN)
    record(slipping, NOV, Rating.AMBER)
    record(slipping, FEB, Rating.RED)
    record(late, datetime.date(2020, 1, 10), Rating.RED)
    return plan


def test_every_recommendation_with_its_actions_and_ratings(client, board_member, covered):
    client.force_login(board_member)
    response = client.get(URL(), {"as_at": FEB})
    assert response.status_code == 200
    html = response.content.decode()
    overview = table_rows(html, "app-recommendations-overview")
    assert overview == [
        ["Recommendation", "Actions", "Blue", "Green", "Amber", "Red", "Flag"],
        ["R1", "2", "0", "1", "0", "1", ""],
        ["R2", "2", "0", "0", "0", "2", "All Red"],
        ["R10", "0", "0", "0", "0", "0", "No action"],
    ]
    # R1's table (table_rows reads on into the tables of R2 and R10).
    assert table_rows(html, "app-recommendation-table")[1:3] == [
        [
            "1.01 Train staff",
            "Green",
            "31 Mar 2020",
            str(covered.actions.get(reference="1.01").lead),
        ],
        ["1.02 Audit cases", "Red", "31 Mar 2020", str(covered.actions.get(reference="1.02").lead)],
    ]
    assert "No action in the plan answers this recommendation." in html
    assert "Every action for this recommendation is Red" in html
    assert "2 of 3 recommendations need attention" in html


def test_flags_are_as_at_the_date(client, board_member, covered):
    client.force_login(board_member)
    html = client.get(URL(), {"as_at": "2019-12-01"}).content.decode()
    overview = table_rows(html, "app-recommendations-overview")
    # In December R2 had one Amber action; the action added in January is not there yet.
    assert overview[2] == ["R2", "1", "0", "0", "1", "0", ""]
    assert "Added in January" not in html
    assert "1 of 3 recommendations needs attention" in html


def test_it_links_to_the_actions_filtered_by_recommendation(client, board_member, covered):
    client.force_login(board_member)
    html = client.get(URL(), {"as_at": FEB}).content.decode()
    r1 = covered.findings.get(reference="R1")
    actions = f"/plans/{r1.plan.slug}/actions/"
    assert f'{actions}?as_at=2020-02-20&amp;recommendation={r1.pk}"' in html


def test_a_date_before_the_plan_started_says_so(client, board_member, covered):
    client.force_login(board_member)
    response = client.get(URL(), {"as_at": "2019-01-01"})
    assert "The plan had not started on 1 January 2019" in response.content.decode()


def test_it_checks_membership(client, outsider, covered):
    client.force_login(outsider)
    assert client.get(URL()).status_code == 404


def test_it_requires_login(client):
    assert client.get(URL()).status_code == 302


def test_query_count_does_not_grow(client, board_member, covered, django_assert_num_queries):
    client.force_login(board_member)
    client.get(URL(covered))
    # session, user, plan, recommendations, their actions as at the day, role groups, the
    # plans the menu and switcher offer
    with django_assert_num_queries(7):
        client.get(URL(covered), {"as_at": FEB})
    section = covered.sections.first()
    for n in range(30):
        action = ActionFactory(section=section, reference=f"3.{n:02d}")
        action.recommendations.add(*covered.findings.all())
    with django_assert_num_queries(7):
        client.get(URL(covered), {"as_at": FEB})
