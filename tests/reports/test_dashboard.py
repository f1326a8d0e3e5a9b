import datetime
import re

import pytest
from django.urls import reverse

from actions.models import Rating
from actions.services import action_update_record
from reports.demo import DEMO_PLAN_SLUG
from reports.models import BoardMeeting
from tests.actions.form_data import date_fields
from tests.factories import ActionFactory, PlanFactory, SectionFactory, recorded_on
from tests.html import table_rows
from tests.urls import plan_url

pytestmark = pytest.mark.django_db


def URL(plan=None) -> str:  # noqa: N802  (the page's address, as a constant was)
    return plan_url("reports:dashboard", plan=plan)


FEB = datetime.date(2020, 2, 20)
MAR = datetime.date(2020, 3, 20)
APR = datetime.date(2020, 4, 23)


def record(action, when, rating, commentary=None, **kwargs):
    kwargs.setdefault("slippage_reason", "external" if rating in ("amber", "red") else "")
    return action_update_record(
        action=action,
        author=action.lead,
        effective_date=when,
        recorded_at=recorded_on(when),
        rating=rating,
        commentary=commentary or f"{rating} on {when}",
        **kwargs,
    )


@pytest.fixture
def rated_plan(plan):
    section = SectionFactory(plan=plan, number=1, title="Quality of Practice")
    action = ActionFactory(section=section)
    record(action, datetime.date(2019, 10, 20), Rating.GREEN, "Started")
    record(action, datetime.date(2020, 3, 20), Rating.AMBER, "Covid-19")
    return plan


@pytest.fixture
def moving_plan(plan):
    """Two sections; between February and April one action slips, one completes."""
    first = SectionFactory(plan=plan, number=1, title="Quality of Practice")
    second = SectionFactory(plan=plan, number=2, title="Partnership working")
    slipping = ActionFactory(
        section=first, reference="1.01", title="Train every social worker", lead__first_name="Ann"
    )
    finished = ActionFactory(section=first, reference="1.02", title="Open the Hub")
    steady = ActionFactory(
        section=second,
        reference="2.01",
        title="Agree the strategy",
        original_due_date=datetime.date(2020, 12, 31),
    )
    silent = ActionFactory(
        section=second, reference="2.02", title="Refresh the protocol", original_due_date=MAR
    )
    for action in (slipping, finished, steady, silent):
        record(action, FEB, Rating.GREEN)
    record(
        slipping,
        MAR,
        Rating.AMBER,
        "Trainers withdrew because of Covid-19",
        revised_due_date=datetime.date(2020, 9, 30),
    )
    record(finished, MAR, Rating.BLUE, "Hub open and staffed")
    record(slipping, APR, Rating.RED, "No trainer found yet", slippage_reason="capacity")
    record(steady, APR, Rating.GREEN, "Strategy drafted")
    plan.actions_by_ref = {a.reference: a for a in (slipping, finished, steady, silent)}
    return plan


def test_it_requires_login(client):
    response = client.get(URL())
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_it_shows_the_summary_in_the_board_wording(client, board_member, rated_plan):
    client.force_login(board_member)
    response = client.get(URL())
    assert response.status_code == 200
    html = response.content.decode()
    for header in [
        "Section of Plan",
        "Total number of actions",
        "Blue – completed",
        "Green – on track",
        "Amber – some progress but slippage",
        "Red – not progressed as planned",
    ]:
        assert header in html
    assert "Quality of Practice" in html
    assert response.context["summary"].total.counts[Rating.AMBER] == 1


def test_it_shows_the_plan_as_at_a_past_date(client, board_member, rated_plan):
    client.force_login(board_member)
    response = client.get(URL(), {"as_at": "2019-12-01"})
    summary = response.context["summary"]
    assert summary.as_at == datetime.date(2019, 12, 1)
    assert summary.total.counts[Rating.GREEN] == 1
    assert summary.total.counts[Rating.AMBER] == 0
    assert "as it stood on 1 December 2019" in response.content.decode()


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("soon/4/2020", "The date must be a real date, in numbers."),
        ("30/2/2020", "The date must be a real date."),
        ("/4/2020", "The date must include a day."),
        ("1/1/2999", "cannot be in the future"),
    ],
)
def test_a_bad_date_gets_a_message_not_an_error(client, board_member, rated_plan, typed, message):
    client.force_login(board_member)
    response = client.get(URL(), date_fields("as_at", typed), follow=True)
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert "govuk-error-summary" in html
    # What was typed is kept in its boxes, to be corrected.
    for part, text in zip(("day", "month", "year"), typed.split("/"), strict=True):
        assert f'name="as_at-{part}" type="text" inputmode="numeric" value="{text}"' in html
    assert response.context["as_at"].is_today


def test_a_date_typed_in_the_boxes_becomes_the_pages_address(client, board_member, rated_plan):
    client.force_login(board_member)
    response = client.get(URL(), {**date_fields("as_at", "1/12/2019"), "since-day": ""})
    assert response.status_code == 302 and response.url == f"{URL()}?as_at=2019-12-01"


def test_a_date_in_the_address_that_is_not_one_says_so(client, board_member, rated_plan):
    client.force_login(board_member)
    html = client.get(URL(), {"as_at": "not-a-date"}).content.decode()
    assert "The date must be a real date, for example 23 4 2020. Showing today instead." in html


def test_a_date_before_the_plan_started_says_so(client, board_member, rated_plan):
    client.force_login(board_member)
    response = client.get(URL(), {"as_at": "2019-09-01"})
    assert response.status_code == 200
    assert "The plan had not started on 1 September 2019" in response.content.decode()


def test_it_checks_membership(client, outsider, rated_plan):
    client.force_login(outsider)
    assert client.get(URL(rated_plan)).status_code == 404
    assert client.get("/", {"plan": rated_plan.slug}).status_code == 404


def test_it_shows_the_plan_in_its_address_and_switches_to_the_others(
    client, board_member, rated_plan
):
    other = PlanFactory(title="Second plan", members=[board_member])
    client.force_login(board_member)
    response = client.get(URL(other))
    assert response.context["plan"] == other
    switcher = [p.title for p in response.context["plan_choices"].shown()]
    assert sorted(switcher) == sorted([rated_plan.title, other.title])
    # The first plan's dashboard still shows the first plan: adding one changed nothing.
    assert client.get(URL(rated_plan)).context["plan"] == rated_plan
    # Its old address, /?plan=slug, leads to it.
    assert client.get("/", {"plan": other.slug}).url == URL(other)


# --- Counts link to the actions they count ------------------------------------------


def test_each_count_links_to_the_list_of_those_actions(client, board_member, moving_plan):
    client.force_login(board_member)
    html = client.get(URL(), {"as_at": APR}).content.decode()
    first = moving_plan.sections.get(number=1)
    link = re.search(rf'href="([^"]*section={first.pk}&amp;rating=red)"', html)
    assert link, "the Red count of section 1 is a link"
    listed = client.get(link.group(1).replace("&amp;", "&"))
    assert [row.record.reference for row in listed.context["table"].page] == ["1.01"]
    assert listed.context["as_at"].date == APR  # the list is as at the same day

    actions = f"/plans/{moving_plan.slug}/actions/"
    total_blue = re.search(rf'href="({actions}\?[^"]*&amp;rating=blue)"', html).group(1)
    listed = client.get(total_blue.replace("&amp;", "&"))
    assert [row.record.reference for row in listed.context["table"].page] == ["1.02"]


def test_zero_counts_are_not_links(client, board_member, moving_plan):
    client.force_login(board_member)
    html = client.get(URL(), {"as_at": APR}).content.decode()
    second = moving_plan.sections.get(number=2)
    assert f"section={second.pk}&amp;rating=red" not in html
    assert f"section={second.pk}&amp;rating=green" in html


# --- Percentage complete and the stacked bars ----------------------------------------


def test_it_shows_percent_complete_per_section_and_overall(client, board_member, moving_plan):
    client.force_login(board_member)
    html = client.get(URL(), {"as_at": APR}).content.decode()
    assert "25% complete</strong> overall" in html
    assert "1 of 2 actions complete (50%)" in html  # Quality of Practice
    assert "0 of 2 actions complete (0%)" in html  # Partnership working


def test_each_section_has_a_stacked_bar_that_states_its_numbers(client, board_member, moving_plan):
    client.force_login(board_member)
    html = client.get(URL(), {"as_at": APR}).content.decode()
    bars = re.findall(r"<svg class=\"app-bar__svg\".*?</svg>", html, flags=re.S)
    assert len(bars) == 2
    first = bars[0]
    assert 'role="img"' in first
    assert re.search(
        r"<title[^>]*>Quality of Practice: 2 actions; 1 Blue – completed; "
        r"1 Red – not progressed as planned\.</title>",
        first,
    )
    # One segment per rating present, coloured by the classes the rating tags use.
    assert re.findall(r'class="app-bar__segment app-bar__segment--(\w+)"', first) == [
        "blue",
        "red",
    ]
    assert 'width="50.000"' in first
    # The numbers are also written out beside the bar, and nothing is styled inline.
    assert "Red – not progressed as planned: 1" in html
    assert "style=" not in html


# --- Direction of travel ------------------------------------------------------------


def test_the_default_comparison_is_one_month_earlier(client, board_member, moving_plan):
    client.force_login(board_member)
    response = client.get(URL(), {"as_at": APR})
    assert response.context["comparison"].date == datetime.date(2020, 3, 23)
    assert "Compared with 23 March 2020 (one month earlier)" in response.content.decode()


def test_the_default_comparison_is_the_previous_board_meeting(client, board_member, moving_plan):
    BoardMeeting.objects.create(plan=moving_plan, date=datetime.date(2020, 2, 27))
    BoardMeeting.objects.create(plan=moving_plan, date=APR)  # the day itself is not "previous"
    client.force_login(board_member)
    response = client.get(URL(), {"as_at": APR})
    assert response.context["comparison"].date == datetime.date(2020, 2, 27)
    html = response.content.decode()
    assert "Direction of travel since 27 February 2020" in html
    assert "the previous Board meeting" in html


def test_direction_of_travel_per_section_and_per_action(client, board_member, moving_plan):
    client.force_login(board_member)
    response = client.get(URL(), {"as_at": APR, "since": "2020-02-21"})
    html = response.content.decode()
    rows = table_rows(html, "app-changes-table")
    assert rows[0] == [
        "Section of Plan",
        "Blue – completed",
        "Green – on track",
        "Amber – some progress but slippage",
        "Red – not progressed as planned",
    ]
    assert rows[1] == ["Quality of Practice", "+1 0 to 1", "−2 2 to 0", "0 0 to 0", "+1 0 to 1"]
    assert rows[2] == ["Partnership working", "0 0 to 0", "0 2 to 2", "0 0 to 0", "0 0 to 0"]
    assert rows[3] == ["Total", "+1 0 to 1", "−2 4 to 2", "0 0 to 0", "+1 0 to 1"]

    moved = table_rows(html, "app-moved-table")
    assert moved[1:] == [
        [
            "1.01 Train every social worker",
            "Green",
            "Red ↓ Worsened from Green",
            "No trainer found yet 23 April 2020",
        ],
        [
            "1.02 Open the Hub",
            "Green",
            "Blue ↑ Improved from Green",
            "Hub open and staffed 20 March 2020",
        ],
    ]


@pytest.mark.parametrize(
    ("since", "message"),
    [
        ("soon/4/2020", "The comparison date must be a real date, in numbers."),
        ("23/4/2020", "must be before 23 April 2020"),
        ("1/5/2020", "must be before 23 April 2020"),
    ],
)
def test_a_bad_comparison_date_falls_back_with_a_message(
    client, board_member, moving_plan, since, message
):
    client.force_login(board_member)
    response = client.get(URL(), {"as_at": APR, **date_fields("since", since)}, follow=True)
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert "Comparing with 23 March 2020 (one month earlier) instead" in html
    day, month, year = since.split("/")
    assert f'name="since-day" type="text" inputmode="numeric" value="{day}"' in html
    assert f'name="since-month" type="text" inputmode="numeric" value="{month}"' in html
    assert response.context["comparison"].date == datetime.date(2020, 3, 23)


# --- Exceptions ---------------------------------------------------------------------


def test_exceptions_show_why_and_when(client, board_member, moving_plan):
    client.force_login(board_member)
    html = client.get(URL(), {"as_at": APR}).content.decode()
    red_amber = table_rows(html, "app-red-amber-table")
    assert red_amber[1] == [
        "1.01 Train every social worker Lead: " + str(moving_plan.actions_by_ref["1.01"].lead),
        "Red",
        "No trainer found yet 23 April 2020",
        "Capacity and recruitment",
        "30 Sep 2020 revised from 31 Mar 2020",
    ]
    assert len(red_amber) == 2
    overdue = table_rows(html, "app-overdue-table")
    # 2.02 was due on 20 March and is still Green.
    assert [row[0] for row in overdue[1:]] == ["2.02 Refresh the protocol"]
    assert overdue[1][3] == "34"  # days overdue
    stale = table_rows(html, "app-stale-table")
    assert [row[0] for row in stale[1:]] == ["2.02 Refresh the protocol"]


def test_long_lists_are_cut_short_with_a_link_to_the_rest(client, board_member, plan):
    section = SectionFactory(plan=plan)
    for n in range(23):
        record(ActionFactory(section=section, reference=f"1.{n:02d}"), FEB, Rating.RED)
    client.force_login(board_member)
    html = client.get(URL(), {"as_at": MAR}).content.decode()
    assert len(table_rows(html, "app-red-amber-table")) == 1 + 20
    assert "See all 23 Red and Amber actions" in html
    assert "rating=red&amp;rating=amber" in html


def test_board_members_see_no_edit_controls(client, board_member, moving_plan):
    client.force_login(board_member)
    html = client.get(URL(), {"as_at": APR}).content.decode()
    # The only form that posts is "Sign out".
    assert html.count('method="post"') == 1
    assert "/update/" not in html and "/edit/" not in html and "/admin/" not in html


# --- What waits for a plan manager, and the demo -----------------------------------


def test_a_plan_manager_sees_completions_waiting_at_no_extra_query(
    client, plan_manager, board_member, rated_plan, django_assert_num_queries
):
    for reference in ("1.08", "1.09"):
        action = ActionFactory(section=rated_plan.sections.get(), reference=reference)
        record(action, datetime.date(2020, 4, 1), Rating.GREEN)
        record(action, datetime.date(2020, 4, 20), Rating.BLUE, kind="proposed")

    client.force_login(board_member)
    client.get(URL(rated_plan))
    # Session, user, the plan with the person's membership, its last Board, latest paper
    # (and for a plan manager the count, in the same query), role groups, the switcher's
    # plans: the plan's data part is kept from the first view.
    with django_assert_num_queries(6):
        html = client.get(URL(rated_plan)).content.decode()
    assert "waiting for sign-off" not in html

    client.force_login(plan_manager)
    client.get(URL(rated_plan))
    with django_assert_num_queries(6):
        html = client.get(URL(rated_plan)).content.decode()
    assert "2 completions are waiting for sign-off." in html
    assert f'href="{reverse("actions:my_actions")}#sign-off-caption"' in html


def test_the_demo_seen_today_links_to_its_board_day(client, board_member, rated_plan):
    rated_plan.slug = DEMO_PLAN_SLUG
    rated_plan.save()
    client.force_login(board_member)
    html = client.get(URL()).content.decode()
    assert "This is the demo plan." in html
    assert (
        '<a class="govuk-link" href="?as_at=2020-04-23">See the plan as at 23 April 2020</a>'
        in html
    )
    assert (
        "This is the demo plan." not in client.get(URL(), {"as_at": "2020-04-23"}).content.decode()
    )


def test_another_plan_seen_today_has_no_demo_note(client, board_member, rated_plan):
    client.force_login(board_member)
    assert "This is the demo plan." not in client.get(URL()).content.decode()
