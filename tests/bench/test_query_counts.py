"""Every list, dashboard and report page makes as many queries for a plan four times the
size: what it costs does not grow with the plan.

The two sizes are the two plans of one generated database (the generator makes plans
from 0.4x to 1.6x the mean size), measured with the benchmark's own page list, so the
pages checked here are the pages ``make bench`` times.
"""

import io

import pytest
from django.core.management import call_command

from actions.models import ActionUpdate
from bench.pages import (
    COUNTED_PAGES,
    FIRST_VIEWS,
    KEPT_PAGES,
    PAGES,
    OwnerUpdates,
    count_after_update,
    count_queries,
    find_pages,
)
from tests.module_data import kept_for_the_module

pytestmark = pytest.mark.django_db

LIST_PAGES = [spec for spec in PAGES if spec[0] not in ("baseline", "layout")] + COUNTED_PAGES


@pytest.fixture(scope="module")
def two_plans(django_db_setup, django_db_blocker):
    """Generated once for every page: each test's requests are rolled back after it."""
    with kept_for_the_module(django_db_blocker):
        call_command(
            "generate_scale_data",
            plans=2,
            actions=100,
            updates=1200,
            evidence=100,
            seed=7,
            stdout=io.StringIO(),
        )
        yield


@pytest.mark.parametrize("key", [key for key, _, _ in LIST_PAGES])
def test_query_count_does_not_grow_with_the_plan(two_plans, key):
    pages, fixtures = find_pages(LIST_PAGES)
    page = next(page for page in pages if page.key == key)
    assert not page.skipped, page.skipped
    assert fixtures.large.n >= 3 * fixtures.small.n

    large = count_queries(page.path, page.username)
    small = count_queries(page.small_path, page.small_username)

    # (computed, kept): both the same whatever the plan's size.
    assert large == small, f"{page.label}: {large} queries on the large plan, {small} on the small"
    computed, kept = large
    if key in KEPT_PAGES:
        assert kept < computed, f"{page.label}: kept, it should not be computed again"
    else:
        assert kept == computed


@pytest.mark.parametrize("key", FIRST_VIEWS)
def test_the_first_view_after_an_update_does_not_grow_with_the_plan(two_plans, key):
    pages, fixtures = find_pages(PAGES)
    page = next(page for page in pages if page.key == key)
    assert not page.skipped, page.skipped
    updates = {plan: OwnerUpdates(plan, seed=7) for plan in (fixtures.large, fixtures.small)}
    updated_before = ActionUpdate.objects.count()

    large = count_after_update(page.path, page.username, updates[fixtures.large])
    small = count_after_update(page.small_path, page.small_username, updates[fixtures.small])

    # Each count is of one request just after an update recorded on the plan it shows.
    assert ActionUpdate.objects.count() == updated_before + 2
    assert large == small, f"{page.label}: {large} queries on the large plan, {small} on the small"
    computed, _ = count_queries(page.path, page.username)
    # At most one more than computing it all: the query asking which actions changed.
    assert large <= computed + 1, (
        f"{page.label}: {large} queries after an update, {computed} computed"
    )


def test_owner_updates_are_recorded_by_the_lead_and_the_same_each_run(two_plans):
    _, fixtures = find_pages(PAGES[:1])
    made = []
    for _ in range(2):
        updates = OwnerUpdates(fixtures.large, seed=7)
        for _ in range(3):
            updates.make()
        recorded = ActionUpdate.objects.order_by("-pk")[:3]
        made.append([(u.action_id, u.rating, u.slippage_reason) for u in recorded])
        for update in recorded:
            assert update.author_id == update.action.lead_id
            assert update.action.plan_id == fixtures.large.pk
            assert bool(update.slippage_reason) == (update.rating in ("amber", "red"))
    assert made[0] == made[1]
