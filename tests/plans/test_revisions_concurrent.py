"""Revisions follow the order writes commit in, so a kept page never hides a write that
committed after a later one, on PostgreSQL."""

import threading

import pytest
from django.db import connection, transaction
from django.test import Client

from plans.models import Section
from tests.factories import ActionFactory, PlanFactory, SectionFactory, UserFactory
from tests.urls import plan_url

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL: SQLite takes one write lock for the whole database, so "
        "two writers cannot overlap (set DATABASE_URL to run it)",
    ),
]


def test_a_write_that_commits_last_shows_even_if_it_started_first():
    # A member with no role: the roles' groups, made by a migration, may have been
    # flushed by an earlier test that committed; reading the dashboard needs none.
    reader = UserFactory()
    plan = PlanFactory(members=[reader])
    first = SectionFactory(plan=plan, number=1, title="Quality of Practice")
    ActionFactory(section=first)
    client = Client()
    client.force_login(reader)
    url = plan_url("reports:dashboard")
    client.get(url)

    saved, release = threading.Event(), threading.Event()
    second_done = threading.Event()
    errors: list[BaseException] = []

    def slow_writer():
        # Renames the section, then holds its transaction open.
        try:
            with transaction.atomic():
                section = Section.objects.get(pk=first.pk)
                section.title = "Quality of Practice and Supervision"
                section.save()
                saved.set()
                release.wait(10)
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    def quick_writer():
        # Adds a section to the same plan and commits straight away, if it can.
        try:
            saved.wait(10)
            SectionFactory(plan=plan, number=2, title="Partnership working")
            second_done.set()
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=slow_writer), threading.Thread(target=quick_writer)]
    for thread in threads:
        thread.start()
    saved.wait(10)
    # The quick writer waits for the slow one: its revision comes after, not before.
    assert not second_done.wait(1)
    client.get(url)  # a view meanwhile keeps the page as it was
    release.set()
    for thread in threads:
        thread.join(20)
    assert not errors
    assert second_done.is_set()

    html = client.get(url).content.decode()
    assert "Quality of Practice and Supervision" in html
    assert "Partnership working" in html
