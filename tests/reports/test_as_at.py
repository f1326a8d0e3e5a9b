"""As at means as at: a plan with history on three dates, read on each of them.

Every page (dashboard, section, all actions, recommendations, action) must show what
was known on the day asked for, say so, and let nothing from later leak in.
"""

import datetime
from zoneinfo import ZoneInfo

import pytest

from actions.models import ActionUpdate, Evidence, Rating
from actions.services import action_update_record
from tests.factories import (
    ActionFactory,
    RecommendationFactory,
    SectionFactory,
    UserFactory,
    recorded_on,
)
from tests.html import table_rows
from tests.urls import plan_url

pytestmark = pytest.mark.django_db

D1 = datetime.date(2019, 11, 20)
D2 = datetime.date(2020, 1, 20)
D3 = datetime.date(2020, 3, 20)


def record(action, when, rating, commentary, **kwargs):
    kwargs.setdefault("slippage_reason", "capacity" if rating in ("amber", "red") else "")
    action_update_record(
        action=action,
        author=action.lead,
        effective_date=when,
        recorded_at=recorded_on(when),
        rating=rating,
        commentary=commentary,
        **kwargs,
    )


@pytest.fixture
def history(plan):
    practice = SectionFactory(plan=plan, number=1, title="Quality of Practice")
    partners = SectionFactory(plan=plan, number=2, title="Partnership working")
    lead = UserFactory(first_name="Rachel", last_name="Danson")
    r1 = RecommendationFactory(plan=plan, reference="R1", text="Assessments")
    r2 = RecommendationFactory(plan=plan, reference="R2", text="Recruitment")
    r3 = RecommendationFactory(plan=plan, reference="R3", text="Early help")
    RecommendationFactory(plan=plan, reference="R4", text="Supervision")  # never answered

    training = ActionFactory(section=practice, reference="1.01", title="Train staff", lead=lead)
    recruit = ActionFactory(section=practice, reference="1.02", title="Recruit", lead=lead)
    hub = ActionFactory(
        section=partners,
        reference="2.01",
        title="Open the Hub",
        added_on=datetime.date(2020, 1, 1),
        original_due_date=datetime.date(2020, 2, 29),
    )
    strategy = ActionFactory(section=partners, reference="2.02", title="Agree the strategy")
    training.recommendations.add(r1)
    recruit.recommendations.add(r1, r2)
    hub.recommendations.add(r3)
    strategy.recommendations.add(r3)

    record(training, D1, Rating.GREEN, "Training booked")
    record(recruit, D1, Rating.AMBER, "Recruitment slow")
    record(strategy, D1, Rating.GREEN, "Workshop held")

    record(
        training,
        D2,
        Rating.AMBER,
        "Trainer withdrew",
        revised_due_date=datetime.date(2020, 6, 30),
    )
    record(recruit, D2, Rating.RED, "No applicants")
    record(hub, D2, Rating.GREEN, "Hub opening")

    Evidence.objects.create(
        action=training,
        title="Training register",
        url="https://example.org/register",
        added_by=lead,
        added_at=datetime.datetime(2020, 3, 20, 9, 0, tzinfo=ZoneInfo("Europe/London")),
    )
    record(training, D3, Rating.BLUE, "Training complete", kind=ActionUpdate.Kind.SIGNED_OFF)
    record(recruit, D3, Rating.RED, "Still no applicants")
    record(strategy, D3, Rating.GREEN, "Strategy drafted")
    return plan


def counts(html) -> list[list[str]]:
    return table_rows(html, "app-summary-table")[1:]


def refs(rows) -> list[str]:
    return [row[0].split(" ")[0] for row in rows[1:]]


def get(client, url, day, **params):
    response = client.get(url, {"as_at": day.isoformat(), **params})
    assert response.status_code == 200
    html = response.content.decode()
    assert f"as it stood on {day:%-d %B %Y}" in html
    return response, html


LATER_TEXTS = {
    D1: ["Trainer withdrew", "No applicants", "Hub opening", "Open the Hub", "Training complete"],
    D2: ["Training complete", "Still no applicants", "Strategy drafted", "Training register"],
    D3: [],
}


@pytest.mark.parametrize("day", [D1, D2, D3], ids=["D1", "D2", "D3"])
def test_dashboard(client, board_member, history, day):
    client.force_login(board_member)
    response, html = get(client, plan_url("reports:dashboard"), day)
    expected = {
        # Section, total, Blue, Green, Amber, Red
        D1: [
            ["Quality of Practice", "2", "0", "1", "1", "0"],
            ["Partnership working", "1", "0", "1", "0", "0"],
            ["Total", "3", "0", "2", "1", "0"],
        ],
        D2: [
            ["Quality of Practice", "2", "0", "0", "1", "1"],
            ["Partnership working", "2", "0", "2", "0", "0"],
            ["Total", "4", "0", "2", "1", "1"],
        ],
        D3: [
            ["Quality of Practice", "2", "1", "0", "0", "1"],
            ["Partnership working", "2", "0", "2", "0", "0"],
            ["Total", "4", "1", "2", "0", "1"],
        ],
    }[day]
    assert counts(html) == expected

    # Moves since one month earlier: every first rating at D1; at D2 the slips and the
    # new Hub; at D3 the completion.
    moved = {
        D1: [
            ["1.01", "Not rated", "Green"],
            ["1.02", "Not rated", "Amber"],
            ["2.02", "Not rated", "Green"],
        ],
        D2: [["1.01", "Green", "Amber"], ["1.02", "Amber", "Red"], ["2.01", "Not rated", "Green"]],
        D3: [["1.01", "Amber", "Blue"]],
    }[day]
    rows = table_rows(html, "app-moved-table")[1:]
    assert [[r[0].split(" ")[0], r[1], r[2].split(" ")[0]] for r in rows] == moved

    assert (
        refs(table_rows(html, "app-red-amber-table"))
        == {
            D1: ["1.02"],
            D2: ["1.02", "1.01"],  # Red first
            D3: ["1.02"],
        }[day]
    )
    assert refs(table_rows(html, "app-overdue-table")) == {D1: [], D2: [], D3: ["2.01"]}[day]
    assert refs(table_rows(html, "app-stale-table")) == {D1: [], D2: ["2.02"], D3: ["2.01"]}[day]
    if day == D2:
        assert "Trainer withdrew" in html and "30 Jun 2020" in html
    for text in LATER_TEXTS[day]:
        assert text not in html


@pytest.mark.parametrize("day", [D1, D2, D3], ids=["D1", "D2", "D3"])
def test_section_pages(client, board_member, history, day):
    client.force_login(board_member)
    practice, partners = history.sections.order_by("number")
    _, html = get(client, practice.get_absolute_url(), day)
    rows = table_rows(html, "app-actions-table")[1:]
    # Ref, due date and rating as at the day.
    assert [[r[0], r[3], r[4]] for r in rows] == {
        D1: [["1.01", "31 Mar 2020", "Green"], ["1.02", "31 Mar 2020", "Amber"]],
        D2: [["1.01", "30 Jun 2020", "Amber"], ["1.02", "31 Mar 2020", "Red"]],
        D3: [["1.01", "30 Jun 2020", "Blue"], ["1.02", "31 Mar 2020", "Red"]],
    }[day]
    assert [r[5] for r in rows] == [f"{day:%-d %b %Y}"] * 2  # last update

    _, html = get(client, partners.get_absolute_url(), day)
    assert [r[0] for r in table_rows(html, "app-actions-table")[1:]] == {
        D1: ["2.02"],
        D2: ["2.01", "2.02"],
        D3: ["2.01", "2.02"],
    }[day]
    for text in LATER_TEXTS[day]:
        assert text not in html


@pytest.mark.parametrize("day", [D1, D2, D3], ids=["D1", "D2", "D3"])
def test_all_actions_and_search(client, board_member, history, day):
    client.force_login(board_member)
    url = plan_url("reports:all_actions")
    response, html = get(client, url, day)
    assert [row.record.reference for row in response.context["table"].page] == {
        D1: ["1.01", "1.02", "2.02"],
        D2: ["1.01", "1.02", "2.01", "2.02"],
        D3: ["1.01", "1.02", "2.01", "2.02"],
    }[day]
    # Commentary written later cannot be found earlier.
    response, _ = get(client, url, day, q="applicants")
    assert [row.record.reference for row in response.context["table"].page] == {
        D1: [],
        D2: ["1.02"],
        D3: ["1.02"],
    }[day]
    response, _ = get(client, url, day, rating="red")
    assert len(response.context["table"].page) == {D1: 0, D2: 1, D3: 1}[day]
    for text in LATER_TEXTS[day]:
        assert text not in html


@pytest.mark.parametrize("day", [D1, D2, D3], ids=["D1", "D2", "D3"])
def test_recommendations(client, board_member, history, day):
    client.force_login(board_member)
    _, html = get(client, plan_url("reports:recommendations"), day)
    overview = table_rows(html, "app-recommendations-overview")[1:]
    # Recommendation, actions, Blue, Green, Amber, Red, flag
    assert (
        overview
        == {
            D1: [
                ["R1", "2", "0", "1", "1", "0", ""],
                ["R2", "1", "0", "0", "1", "0", ""],
                ["R3", "1", "0", "1", "0", "0", ""],
                ["R4", "0", "0", "0", "0", "0", "No action"],
            ],
            D2: [
                ["R1", "2", "0", "0", "1", "1", ""],
                ["R2", "1", "0", "0", "0", "1", "All Red"],
                ["R3", "2", "0", "2", "0", "0", ""],
                ["R4", "0", "0", "0", "0", "0", "No action"],
            ],
            D3: [
                ["R1", "2", "1", "0", "0", "1", ""],
                ["R2", "1", "0", "0", "0", "1", "All Red"],
                ["R3", "2", "0", "2", "0", "0", ""],
                ["R4", "0", "0", "0", "0", "0", "No action"],
            ],
        }[day]
    )
    for text in LATER_TEXTS[day]:
        assert text not in html


@pytest.mark.parametrize("day", [D1, D2, D3], ids=["D1", "D2", "D3"])
def test_action_page(client, board_member, history, day):
    client.force_login(board_member)
    training = history.actions.get(reference="1.01")
    _, html = get(client, training.get_absolute_url(), day)
    expected = {
        D1: ["on track", "Training booked", "31 March 2020"],
        D2: ["some progress but slippage", "Trainer withdrew", "30 June 2020"],
        D3: ["Training complete", "Training register"],
    }[day]
    for text in expected:
        assert text in html
    assert ("Blue" in html) == (day == D3)
    for text in LATER_TEXTS[day]:
        assert text not in html
