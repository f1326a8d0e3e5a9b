"""Every list, dashboard and report page makes as many queries for a plan four times the
size: what it costs does not grow with the plan.

The two sizes are the two plans of one generated database (the generator makes plans
from 0.4x to 1.6x the mean size), measured with the benchmark's own page list, so the
pages checked here are the pages ``make bench`` times.
"""

import io

import pytest
from django.core.management import call_command

from bench.pages import COUNTED_PAGES, KEPT_PAGES, PAGES, count_queries, find_pages
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
