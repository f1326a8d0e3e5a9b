"""The kept pages' store in each process keeps values as they are, within its limits."""

import pytest
from django.core.cache import caches

from improvement_board.cache import ProcessMemoryCache


@pytest.fixture
def store():
    cache = ProcessMemoryCache("test-store", {"OPTIONS": {"MAX_ENTRIES": 3}})
    cache.clear()
    return cache


def test_a_value_is_kept_as_it_is_not_copied(store):
    records = {1: ("1.01", "green")}
    store.set("key", records, 60)
    assert store.get("key") is records
    assert store.get_many(["key", "other"]) == {"key": records}


def test_it_expires_culls_and_clears_as_the_local_memory_cache_does(store):
    store.set("gone", 1, -1)
    assert store.get("gone") is None
    assert store.add("a", 1) and not store.add("a", 2)
    assert store.incr("a", 4) == 5
    for key in "bcdef":
        store.set(key, key, 60)
    assert len(store._cache) <= 3
    store.clear()
    assert store.get("f") is None


def test_the_pages_are_kept_there_without_a_cache_url():
    assert isinstance(caches["pages"], ProcessMemoryCache)
