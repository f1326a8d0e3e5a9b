"""No lost edits: twenty people saving the same form version at once, on PostgreSQL."""

import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from actions.models import Action, ActionChange, ActionUpdate, Evidence, Rating
from actions.services import action_update_record
from tests.actions.form_data import update_data

THREADS = 20

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL: SQLite locks the whole database, so concurrent writers "
        "from separate connections cannot be raced (set DATABASE_URL to run it)",
    ),
]


def test_twenty_saves_from_one_form_version_one_wins_nineteen_see_the_conflict(
    action, action_owner
):
    action_update_record(
        action=action,
        author=action_owner,
        effective_date=action.plan.start_date,
        rating=Rating.GREEN,
        commentary="Baseline",
    )
    action.refresh_from_db()
    opened = update_data(action)  # every thread opened the form at this version
    before = {
        "updates": ActionUpdate.objects.count(),
        "changes": ActionChange.objects.count(),
        "evidence": Evidence.objects.count(),
        "version": action.version,
    }
    url = reverse("actions:update", args=[action.plan.slug, action.pk])
    start = threading.Barrier(THREADS)
    statuses: list[int] = []
    errors: list[BaseException] = []

    def save(n: int) -> None:
        try:
            client = Client()
            client.force_login(action_owner)
            data = {**opened, "rating": "amber", "slippage_reason": "capacity"}
            data["commentary"] = f"Update typed by person {n}"
            start.wait()
            statuses.append(client.post(url, data).status_code)
        except BaseException as error:  # reported below, not lost in the thread
            errors.append(error)
        finally:
            connection.close()  # each thread had its own connection

    threads = [threading.Thread(target=save, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert not errors
    assert sorted(statuses) == [302] + [409] * (THREADS - 1)
    action.refresh_from_db()
    assert ActionUpdate.objects.count() == before["updates"] + 1
    assert action.version == before["version"] + 1
    assert action.rating == Rating.AMBER
    winner = action.updates.latest_first().first()
    assert winner.commentary.startswith("Update typed by person ")
    assert winner.action_version == action.version
    assert ActionChange.objects.count() == before["changes"]
    assert Evidence.objects.count() == before["evidence"]
    assert Action.objects.count() == 1
