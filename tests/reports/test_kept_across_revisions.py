"""Pages kept across revisions: after a change a service confined to some actions (an
owner's update, evidence), the next view recomputes those actions alone, and shows
exactly what computing everything afresh shows; any other change has everything
computed again."""

import datetime
import random

import pytest
from django.db import transaction
from django.test import Client

from actions.models import Action, Rating
from actions.services import action_update_record, evidence_add
from api.services import api_token_create
from plans.models import Plan
from plans.revisions import revise
from reports.page_cache import action_records, changed_actions, kept_unless_changed
from tests.factories import ActionFactory, PlanFactory, SectionFactory, recorded_on
from tests.urls import plan_url

from .board_fixtures import *  # noqa: F403 - the fixtures
from .board_fixtures import BOARD_DATE, rate

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def keeping(settings):
    settings.PAGE_CACHE_SECONDS = 600


def fresh(plan: Plan) -> Plan:
    return Plan.objects.get(pk=plan.pk)


def test_an_update_marks_its_action_and_leaves_the_rest_of_the_plan_as_it_was(rated_plan):
    slipping, steady = (rated_plan.actions.get(reference=ref) for ref in ("1.02", "2.01"))
    before = fresh(rated_plan)
    rate(slipping, datetime.date(2020, 4, 1), Rating.RED, "Stopped.")
    after = fresh(rated_plan)
    assert after.revision == before.revision + 1
    assert after.plan_wide_revision == before.plan_wide_revision
    assert Action.objects.get(pk=slipping.pk).changed_in_revision == after.revision
    assert Action.objects.get(pk=steady.pk).changed_in_revision < after.revision
    assert changed_actions(after, before.revision) == {slipping.pk}
    assert changed_actions(after, after.revision) == frozenset()


def test_evidence_marks_its_action_alone(rated_plan, action_owner):
    steady = rated_plan.actions.get(reference="2.01")
    before = fresh(rated_plan)
    evidence_add(action=steady, added_by=action_owner, title="Minutes", url="https://example.org/m")
    assert changed_actions(fresh(rated_plan), before.revision) == {steady.pk}


def test_any_other_change_reaches_the_whole_plan(rated_plan):
    before = fresh(rated_plan)
    section = rated_plan.sections.get(number=1)
    section.title = "Practice"
    section.save()  # no service: through the model signals
    assert fresh(rated_plan).plan_wide_revision > before.revision
    assert changed_actions(fresh(rated_plan), before.revision) is None


def test_a_whole_plan_change_after_an_action_one_in_one_transaction_widens_it(rated_plan):
    action = rated_plan.actions.get(reference="1.01")
    before = fresh(rated_plan)
    with transaction.atomic():
        revise(rated_plan, because="an update", actions=[action.pk])
        revise(rated_plan, because="a section renamed")
        revise(rated_plan, because="another update", actions=[action.pk])
    after = fresh(rated_plan)
    assert after.revision == before.revision + 1  # raised once
    assert after.plan_wide_revision == after.revision
    assert changed_actions(after, before.revision) is None


def test_actions_named_by_nested_services_are_all_marked(rated_plan):
    first, second = rated_plan.actions.all()[:2]
    before = fresh(rated_plan)
    with transaction.atomic():
        revise(rated_plan, because="an update", actions=[first.pk])
        revise(rated_plan, because="evidence", actions=[second.pk])
    after = fresh(rated_plan)
    assert after.revision == before.revision + 1
    assert changed_actions(after, before.revision) == {first.pk, second.pk}


def test_only_actions_of_the_plan_revised_can_be_named(rated_plan):
    elsewhere = ActionFactory(section=SectionFactory(plan=PlanFactory()))
    with pytest.raises(ValueError), transaction.atomic():
        revise(rated_plan, because="a mistake", actions=[elsewhere.pk])


def _counting(computed: list):
    def compute(keys):
        computed.append(keys)
        actions = Action.objects.order_by("section__number", "reference")
        if keys is not None:
            actions = actions.filter(pk__in=keys)
        return {action.pk: (action.reference, action.rating) for action in actions}

    return compute


def test_records_are_computed_again_for_the_actions_changed_alone(rated_plan):
    slipping = rated_plan.actions.get(reference="1.02")
    computed = []
    ask = {"name": "test", "day": BOARD_DATE, "mode": "known-then", "compute": _counting(computed)}
    first = action_records(plan=fresh(rated_plan), **ask)
    again = action_records(plan=fresh(rated_plan), **ask)
    assert computed == [None] and again == first
    rate(slipping, datetime.date(2020, 4, 22), Rating.RED, "Stopped.")
    after = action_records(plan=fresh(rated_plan), **ask)
    assert computed == [None, {slipping.pk}]
    assert list(after) == list(first)  # each action keeps its place
    assert after[slipping.pk] == ("1.02", Rating.RED)
    section = rated_plan.sections.get(number=2)
    section.title = "Workforce"
    section.save()
    action_records(plan=fresh(rated_plan), **ask)
    assert computed[-1] is None


def test_records_are_computed_every_time_when_keeping_is_off(rated_plan, settings):
    settings.PAGE_CACHE_SECONDS = 0
    computed = []
    for _ in range(2):
        action_records(
            plan=fresh(rated_plan),
            name="test",
            day=BOARD_DATE,
            mode="known-then",
            compute=_counting(computed),
        )
    assert computed == [None, None]


def test_a_part_is_kept_until_an_action_it_reads_changes(rated_plan):
    done, slipping = (rated_plan.actions.get(reference=ref) for ref in ("1.01", "1.02"))
    computed = []

    def part():
        computed.append(1)
        return f"drawn {len(computed)}", frozenset({done.pk})

    ask = {"name": "test", "day": BOARD_DATE, "mode": "known-then", "compute": part}
    assert kept_unless_changed(plan=fresh(rated_plan), **ask) == "drawn 1"
    rate(slipping, datetime.date(2020, 4, 22), Rating.RED, "Stopped.")
    assert kept_unless_changed(plan=fresh(rated_plan), **ask) == "drawn 1"
    rate(done, datetime.date(2020, 4, 22), Rating.GREEN, "Reopened.")
    assert kept_unless_changed(plan=fresh(rated_plan), **ask) == "drawn 2"


def _main(response) -> str:
    html = response.content.decode()
    return html[html.index("<main") : html.index("</main>")]


PAGES = [
    ("reports:dashboard", {}),
    ("reports:dashboard", {"as_at": "2020-04-23"}),
    ("reports:dashboard", {"as_at": "2020-04-23", "known": "now"}),
    ("reports:dashboard", {"as_at": "2020-04-23", "since": "2019-12-01"}),
]


def test_after_each_update_the_kept_pages_are_what_computing_afresh_shows(
    client, board_member, rated_plan, settings
):
    """Updates on random actions and days, some back-dated (restating what was known):
    after each, every page from what was kept (the dashboards, each section's list, the
    filtered list, the API's) equals the page computed with nothing kept."""
    client.force_login(board_member)
    api = Client(HTTP_AUTHORIZATION=f"Token {api_token_create(user=board_member, name='BI').key}")
    api_url = f"/api/plans/{rated_plan.slug}/actions/"
    rng = random.Random(7)
    actions = list(rated_plan.actions.all()) + [
        ActionFactory(section=rated_plan.sections.get(number=2), reference=f"2.0{n}")
        for n in range(2, 6)
    ]
    for action in actions[3:]:
        rate(action, datetime.date(2019, 11, 1), Rating.GREEN, "Started.")
    urls = (
        [(plan_url(name, plan=rated_plan), query) for name, query in PAGES]
        + [
            (plan_url("reports:section", section.pk, plan=rated_plan), query)
            for section in rated_plan.sections.all()
            for query in ({}, {"as_at": "2020-04-23", "rating": ["amber", "red"]})
        ]
        + [(plan_url("reports:all_actions", plan=rated_plan), {"rating": "amber"})]
    )
    api_queries = [{"as_at": "2020-04-23"}, {"as_at": "2020-04-23", "since": "2020-01-01"}, {}]

    def pages():
        shown = [_main(client.get(url, query)) for url, query in urls]
        answers = [api.get(api_url, query).json() for query in api_queries]
        return shown, answers

    pages()  # kept from here on
    for step in range(4):
        action = Action.objects.get(pk=rng.choice(actions).pk)
        day = datetime.date(2020, 4, 1) + datetime.timedelta(days=rng.randrange(0, 40))
        rating = rng.choice([Rating.GREEN, Rating.AMBER, Rating.RED])
        action_update_record(
            action=action,
            author=action.lead,
            effective_date=day,
            recorded_at=recorded_on(max(day, datetime.date(2020, 4, 30))),
            rating=rating,
            commentary=f"Step {step}: {rating.label}.",
            slippage_reason="capacity" if rating in (Rating.AMBER, Rating.RED) else "",
        )
        kept = pages()
        settings.PAGE_CACHE_SECONDS = 0
        computed = pages()
        settings.PAGE_CACHE_SECONDS = 600
        assert kept == computed, f"after step {step}"
