"""The dashboard, section and all-actions pages cost the same number of queries for a
plan of 20 actions as for one of 2,000 actions with 20 updates each."""

import datetime

import pytest

from actions.models import Action, ActionUpdate, Rating, SlippageReason
from plans.assurance import starting_inspection
from plans.models import Finding
from reports.models import BoardMeeting
from tests.factories import PLAN_START, SectionFactory, UserFactory, recorded_on
from tests.urls import plan_url

pytestmark = pytest.mark.django_db


def main_content(response) -> str:
    """The page's <main> element: what the page shows, without the header's sign-out form
    (whose CSRF token differs from request to request)."""
    html = response.content.decode()
    return html[html.index("<main") : html.index("</main>")]


UPDATES_PER_ACTION = 20
# The 20th update is dated 20 May 2021; the Board met on 27 April, after the 19th.
AS_AT = datetime.date(2021, 5, 31)
BOARD_MEETING = datetime.date(2021, 4, 27)
CYCLE = [Rating.GREEN, Rating.AMBER, Rating.RED, Rating.GREEN, Rating.BLUE]


def build_plan(plan, n_actions: int) -> None:
    """A plan of ``n_actions`` with monthly history, written in bulk: the history rules in
    ``action_update_record`` matter less here than the shape and size of the data."""
    sections = [SectionFactory(plan=plan, number=n, title=f"Section {n}") for n in range(1, 6)]
    leads = [UserFactory() for _ in range(8)]
    inspection = starting_inspection(plan)
    recommendations = Finding.objects.bulk_create(
        Finding(plan=plan, event=inspection, reference=f"R{n}", text=f"Recommendation {n}")
        for n in range(1, 12)
    )
    actions = Action.objects.bulk_create(
        Action(
            plan=plan,
            # Blocks of five in each section, so each section has every rating.
            section=sections[i // 5 % 5],
            reference=f"{i // 5 % 5 + 1}.{i:04d}",
            title=f"Action {i}",
            description="Improve practice so that children are safer.",
            lead=leads[i % 8],
            added_on=PLAN_START,
            start_date=PLAN_START,
            original_due_date=datetime.date(2020, 3 + i % 9, 1),
            current_due_date=datetime.date(2020, 3 + i % 9, 1),
            rating=CYCLE[(i + UPDATES_PER_ACTION - 1) % 5],
        )
        for i in range(n_actions)
    )
    through = Action.recommendations.through
    through.objects.bulk_create(
        through(action_id=action.pk, finding_id=recommendations[i % 11].pk)
        for i, action in enumerate(actions)
    )
    updates = []
    for i, action in enumerate(actions):
        for month in range(UPDATES_PER_ACTION):
            rating = CYCLE[(i + month) % 5]
            updates.append(
                ActionUpdate(
                    action_id=action.pk,
                    author_id=action.lead_id,
                    effective_date=(
                        effective := datetime.date(
                            2019 + (9 + month) // 12, (9 + month) % 12 + 1, 20
                        )
                    ),
                    recorded_at=recorded_on(effective),
                    rating=rating,
                    commentary=f"Month {month}: {rating}",
                    slippage_reason=SlippageReason.CAPACITY
                    if rating in (Rating.AMBER, Rating.RED)
                    else "",
                    revised_due_date=datetime.date(2021, 12, 31) if month == 15 else None,
                )
            )
    ActionUpdate.objects.bulk_create(updates, batch_size=5000)
    BoardMeeting.objects.create(plan=plan, date=BOARD_MEETING)


@pytest.fixture(params=[20, pytest.param(2000, marks=pytest.mark.slow)], ids=["20", "2000"])
def big_plan(request, plan):
    build_plan(plan, request.param)
    plan.n_actions = request.param
    return plan


@pytest.fixture
def signed_in(client, board_member):
    client.force_login(board_member)
    client.get(plan_url("reports:dashboard"))  # the session exists before counting
    return client


# Every request pays for: 1 the session, 2 the user, plus the user's role groups for
# the navigation and the plans the menu and the plan switcher offer. (The session is
# written only when its idle limit is renewed, at most once a minute: not within these
# tests.) That leaves each page four or five of its own.
BUDGET = 8
# The same page again at the same plan revision (read with the plan): its data part is
# kept (reports/page_cache.py), only the page around it is drawn.
KEPT_BUDGET = 5


def test_each_page_keeps_to_its_budget(big_plan, signed_in, django_assert_num_queries):
    n_actions = big_plan.n_actions

    # Dashboard: session, user, plan, its last Board meeting and latest paper, sections,
    # where every action stands on both days, the actions shown in full, the open issues
    # and high risks, role groups, the plans the menu and switcher offer; and its external
    # assurance: the events, their changes since the day, their findings and the actions
    # answering them (reports/assurance.py).
    with django_assert_num_queries(BUDGET + 2 + 4):
        response = signed_in.get(plan_url("reports:dashboard", plan=big_plan), {"as_at": AS_AT})
    assert response.status_code == 200
    board = response.context["board"]
    assert board.since == BOARD_MEETING
    assert board.summary.total.total == n_actions
    assert board.moved.total == n_actions  # the cycle moves every action every month
    assert len(board.moved.shown) == min(20, n_actions)
    # Again: session, user, plan, visible plans, role groups.
    with django_assert_num_queries(KEPT_BUDGET + 1):
        again = signed_in.get(plan_url("reports:dashboard", plan=big_plan), {"as_at": AS_AT})
    assert main_content(again) == main_content(response)

    # Section page: session, user, section with its plan, filter choices, previous Board
    # meeting, one page of actions with the total count, role groups; and the keys of the
    # section's actions, which its list is kept by across revisions (an update elsewhere in
    # the plan leaves it kept).
    section = big_plan.sections.get(number=1)
    with django_assert_num_queries(BUDGET + 1):
        response = signed_in.get(
            section.get_absolute_url(),
            {"as_at": AS_AT, "rating": ["red", "amber"], "q": "month", "sort": "-due_date_as_at"},
        )
    assert response.status_code == 200
    # Again: session, user, section with its plan, role groups.
    with django_assert_num_queries(KEPT_BUDGET):
        again = signed_in.get(
            section.get_absolute_url(),
            {"sort": "-due_date_as_at", "q": "month", "rating": ["red", "amber"], "as_at": AS_AT},
        )
    assert main_content(again) == main_content(response)
    table = response.context["table"]
    # Section 1 holds 5 of 20 actions or 400 of 2,000; two in five of those Red or Amber.
    assert table.paginator.count == {20: 2, 2000: 160}[n_actions]
    assert len(table.page.object_list) == min(25, table.paginator.count)

    # All actions: as the section page, with the plan instead of the section.
    with django_assert_num_queries(BUDGET):
        response = signed_in.get(
            plan_url("reports:all_actions", plan=big_plan),
            {"as_at": AS_AT, "moved": "yes", "rating": "blue", "sort": "lead"},
        )
    assert response.status_code == 200
    assert response.context["table"].paginator.count == n_actions // 5


def test_unknown_filter_values_cost_nothing_extra(plan, signed_in, django_assert_num_queries):
    build_plan(plan, 20)
    # As above; an unknown rating or lead is dropped with a message, not retried.
    with django_assert_num_queries(BUDGET):
        response = signed_in.get(
            plan_url("reports:all_actions", plan=plan),
            {"as_at": AS_AT, "rating": "purple", "lead": "x"},
        )
    assert response.context["table"].paginator.count == 20
