"""The summary across councils at /oversight/: who may read it, what it shows, its
downloads, and its query count whatever the number of councils."""

import csv
import datetime
import io

import pytest
from django.core.cache import caches
from django.urls import reverse
from openpyxl import load_workbook

from actions.models import Rating
from improvement_board.models import AuditEvent
from improvement_board.roles import Role
from plans.models import Organisation, Plan
from reports.across_plans import plan_standings
from tests.factories import PlanFactory, UserFactory
from tests.html import table_rows
from tests.reports.board_fixtures import rate
from tests.reports.oversight_world import AS_AT_DAYS, councils

pytestmark = pytest.mark.django_db

URL = reverse("reports:oversight")
AS_AT = AS_AT_DAYS[1]


def overseer_of(*names: str, **kwargs):
    user = UserFactory(role=Role.OVERSEER, **kwargs)
    for name in names:
        Organisation.objects.get(name=name).overseers.add(user)
    return user


def signed_in(client, user):
    client.force_login(user)
    return client


def rows_of(response) -> list[list[str]]:
    return table_rows(response.content.decode(), "app-oversight-table")


@pytest.fixture
def world():
    """Three councils of two plans each, one plan archived."""
    plans = councils(3, plans_each=2)
    Plan.objects.filter(pk=plans[1].pk).update(status=Plan.Status.ARCHIVED)
    return plans


# --- Who may read it ---------------------------------------------------------------


def test_an_overseer_sees_the_plans_of_the_councils_they_oversee_only(client, world):
    overseer = overseer_of("Council 1", "Council 3")
    response = signed_in(client, overseer).get(URL, {"as_at": AS_AT.isoformat()})
    assert response.status_code == 200
    rows = rows_of(response)
    councils_shown = [row[0] for row in rows[1:]]
    # Council 1's archived plan is left out of the default list.
    assert councils_shown == ["Council 1", "Council 3", "Council 3"]
    assert "Council 2" not in response.content.decode()
    titles = {row[1] for row in rows[1:]}
    assert titles == {world[0].title, world[4].title, world[5].title}


def test_archived_plans_are_listed_when_asked_for(client, world):
    overseer = overseer_of("Council 1")
    response = signed_in(client, overseer).get(URL, {"archived": "yes"})
    rows = rows_of(response)
    assert [(row[1], row[2]) for row in rows[1:]] == [
        (world[0].title, "Active"),
        (world[1].title, "Archived"),
    ]


def test_a_member_who_does_not_oversee_is_refused(client, world):
    manager = UserFactory(role=Role.PLAN_MANAGER)
    world[0].members.add(manager)
    response = signed_in(client, manager).get(URL)
    assert response.status_code == 403
    assert "Only overseers" in response.content.decode()


def test_signing_in_comes_first(client):
    for method in (client.get, client.post):
        response = method(URL)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_it_only_reads(client, world):
    overseer = overseer_of("Council 1")
    assert signed_in(client, overseer).post(URL).status_code == 405
    assert client.head(URL).status_code == 200


def test_the_role_without_an_organisation_shows_nothing(client, world):
    response = signed_in(client, overseer_of()).get(URL)
    assert response.status_code == 200
    assert rows_of(response)[1:] == [["There are no plans in the organisations you oversee."]]


def test_a_superuser_oversees_every_council(client, world):
    admin = UserFactory(is_superuser=True, is_staff=True)
    rows = rows_of(signed_in(client, admin).get(URL))
    assert [row[0] for row in rows[1:]] == ["Council 1", "Council 2", "Council 2"] + [
        "Council 3"
    ] * 2


def test_the_menu_links_to_it_for_overseers_only(client, world):
    overseer = overseer_of("Council 1")
    page = signed_in(client, overseer).get(world[0].get_absolute_url()).content.decode()
    assert f'href="{URL}"' in page
    member = UserFactory(role=Role.BOARD_MEMBER)
    world[0].members.add(member)
    page = signed_in(client, member).get(world[0].get_absolute_url()).content.decode()
    assert f'href="{URL}"' not in page


# --- What it shows -----------------------------------------------------------------


def test_each_row_shows_the_plans_figures(client, world):
    overseer = overseer_of("Council 2")
    response = signed_in(client, overseer).get(URL, {"as_at": AS_AT.isoformat()})
    header, *rows = rows_of(response)
    assert header[:10] == [
        "Council",
        "Plan",
        "Status",
        "Blue",
        "Green",
        "Amber",
        "Red",
        "Not yet rated",
        "Total",
        "% complete",
    ]
    standings = plan_standings(Plan.objects.filter(pk__in=[world[2].pk, world[3].pk]), AS_AT)
    for standing in standings:
        (row,) = [row for row in rows if row[1] == standing.plan.title]
        now = standing.now
        assert row[3:10] == [
            str(n)
            for n in (
                now.counts["blue"],
                now.counts["green"],
                now.counts["amber"],
                now.counts["red"],
                now.not_rated,
                now.total,
                now.percent_complete,
            )
        ]
        cells = dict(zip(header, row, strict=True))
        assert cells["Overdue"] == str(standing.overdue)
        assert cells["Improved"] == str(standing.moved["improved"])
        assert cells["Compared with"].startswith(f"{standing.comparison.date:%-d %b %Y}")
        assert standing.comparison.basis in cells["Compared with"]
    # The plan links to its own dashboard on the same day.
    assert f'href="{world[2].get_absolute_url()}?as_at={AS_AT.isoformat()}"' in (
        response.content.decode()
    )


def test_sorting_by_a_column(client, world):
    admin = UserFactory(is_superuser=True)
    client = signed_in(client, admin)
    day = AS_AT.isoformat()
    reds = [int(row[6]) for row in rows_of(client.get(URL, {"as_at": day, "sort": "red"}))[1:]]
    assert reds == sorted(reds) and len(set(reds)) > 1
    reds = [int(row[6]) for row in rows_of(client.get(URL, {"as_at": day, "sort": "-red"}))[1:]]
    assert reds == sorted(reds, reverse=True)
    # Plans with no Board yet sort together, not with an error; an unknown column or one
    # that cannot be sorted leaves the council order.
    assert client.get(URL, {"sort": "last_board"}).status_code == 200
    for sort in ("no_such_column", "changes", "-plan__organisation__pk"):
        rows = rows_of(client.get(URL, {"sort": sort}))
        assert [row[0] for row in rows[1:]] == sorted(row[0] for row in rows[1:])


def test_a_bad_date_is_explained_and_today_shown(client, world):
    overseer = overseer_of("Council 1")
    response = signed_in(client, overseer).get(URL, {"as_at": "2020-02-31"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert "Showing today instead." in page
    assert len(rows_of(response)) == 2
    # Nor is anything downloaded for a day that could not be used.
    response = client.get(URL, {"as_at": "not a date", "export": "csv"})
    assert response["Content-Type"].startswith("text/html")
    assert "Showing today instead." in response.content.decode()
    assert not AuditEvent.objects.filter(kind=AuditEvent.Kind.EXPORT).exists()


def test_a_day_in_the_future_is_explained(client, world):
    overseer = overseer_of("Council 1")
    tomorrow = datetime.date.today() + datetime.timedelta(days=2)
    response = signed_in(client, overseer).get(URL, {"as_at": tomorrow.isoformat()})
    assert response.status_code == 200
    assert "cannot be in the future" in response.content.decode()


# --- Downloads ---------------------------------------------------------------------


def test_the_csv_download_has_every_column_and_is_recorded(client, world):
    overseer = overseer_of("Council 1", "Council 2", username="adviser")
    Plan.objects.filter(pk=world[2].pk).update(title='=HYPERLINK("http://x")')
    response = signed_in(client, overseer).get(
        URL, {"as_at": AS_AT.isoformat(), "export": "csv", "sort": "-total"}
    )
    assert response["Content-Disposition"] == (
        f'attachment; filename="councils-{AS_AT.isoformat()}.csv"'
    )
    header, *rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert header[:3] == ["Council", "Plan", "Status"]
    assert {"Compared with (why)", "Blue change", "Red change", "Last Board"} <= set(header)
    cells = [dict(zip(header, row, strict=True)) for row in rows]
    assert [int(c["Total"]) for c in cells] == sorted(
        (int(c["Total"]) for c in cells), reverse=True
    )
    # Formula text is neutralised, as in every download.
    assert '\'=HYPERLINK("http://x")' in [c["Plan"] for c in cells]
    standings = {
        s.plan.pk: s
        for s in plan_standings(
            Plan.objects.filter(pk__in=[world[0].pk, world[2].pk, world[3].pk]), AS_AT
        )
    }
    by_title = {s.plan.title: s for s in standings.values()}
    by_title['\'=HYPERLINK("http://x")'] = standings[world[2].pk]
    for c in cells:
        standing = by_title[c["Plan"]]
        assert c["Compared with"] == standing.comparison.date.isoformat()
        assert c["Compared with (why)"] == standing.comparison.basis
        assert int(c["Blue change"]) == standing.changes[0].delta
        assert int(c["Worsened"]) == standing.moved["worsened"]
        assert c["Last Board"] == (standing.last_board.isoformat() if standing.last_board else "")
    event = AuditEvent.objects.get(kind=AuditEvent.Kind.EXPORT)
    assert event.username == "adviser"
    assert (
        event.detail
        == f"Summary across councils: 3 plans of 2 councils as councils-{AS_AT.isoformat()}.csv"
    )


def test_the_excel_download_holds_numbers_and_dates(client, world):
    overseer = overseer_of("Council 3")
    response = signed_in(client, overseer).get(
        URL, {"as_at": AS_AT.isoformat(), "known": "now", "export": "xlsx"}
    )
    assert response["Content-Disposition"] == (
        f'attachment; filename="councils-{AS_AT.isoformat()}-known-now.xlsx"'
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    header, *rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert len(rows) == 2
    cells = [dict(zip(header, row, strict=True)) for row in rows]
    standings = {
        s.plan.title: s
        for s in plan_standings(
            Plan.objects.filter(organisation__name="Council 3"), AS_AT, known_now=True
        )
    }
    for c in cells:
        standing = standings[c["Plan"]]
        assert c["Total"] == standing.now.total
        assert c["Red"] == standing.now.counts["red"]
        assert c["Compared with"].date() == standing.comparison.date
    assert AuditEvent.objects.filter(kind=AuditEvent.Kind.EXPORT).count() == 1


# --- Queries -----------------------------------------------------------------------


@pytest.mark.parametrize("export", ["", "csv"])
def test_the_query_count_does_not_grow_with_the_councils(client, export, django_assert_num_queries):
    """The same count for 2 councils and for 10 (two plans each, with history)."""
    plans = councils(10, plans_each=2, n_actions=6, seed=3)
    few = overseer_of("Council 1", "Council 2")
    many = overseer_of(*(f"Council {n}" for n in range(1, 11)))
    params = {"as_at": AS_AT.isoformat(), "sort": "-percent_complete"}
    if export:
        params["export"] = export
    counts = []
    for user, n_plans in ((few, 4), (many, 20)):
        client.force_login(user)
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            response = client.get(URL, params)
        assert response.status_code == 200
        if not export:
            assert len(rows_of(response)) == n_plans + 1
        counts.append(len(queries))
    assert counts[0] == counts[1]
    assert len(plans) == 20
    # The session, the user, their roles, the plans with their Board dates, their actions
    # counted; then the page's menu reads the plans it offers (which also name the
    # council in the header), where a download writes its audit record instead.
    client.force_login(many)
    # Every plan's counts are kept now (page_cache.plans_records): no query of actions.
    with django_assert_num_queries(5):
        client.get(URL, params)
    caches["pages"].clear()
    with django_assert_num_queries(6):
        client.get(URL, params)


def test_a_change_to_one_plan_is_counted_on_the_next_view():
    """Each plan's counts are kept per its revision: a new rating in one plan is counted
    at once, and the other plan's counts are found kept, not computed again."""
    plans = councils(2, plans_each=1, n_actions=6, seed=5)
    today = datetime.date.today()

    def reds() -> dict[int, int]:
        standings = plan_standings(Plan.objects.filter(pk__in=[p.pk for p in plans]), today)
        return {s.plan.pk: s.now.counts[Rating.RED] for s in standings}

    first = reds()
    changed, other = plans
    action = changed.actions.exclude(rating=Rating.RED).order_by("pk").first()
    rate(action, today, Rating.RED, "Stopped: the team has no manager.")
    other.refresh_from_db()
    key = f"records:standings:{other.pk}:{other.revision}:{today}:then"
    assert caches["pages"].get(key) is not None, "the unchanged plan's counts are kept"
    assert reds() == {changed.pk: first[changed.pk] + 1, other.pk: first[other.pk]}


def test_other_councils_never_appear(client, world):
    """A plan the overseer is a member of elsewhere is not one they oversee."""
    other = PlanFactory(organisation="Council 9", title="Somewhere else")
    overseer = overseer_of("Council 1")
    other.members.add(overseer)
    page = signed_in(client, overseer).get(URL, {"archived": "yes"}).content.decode()
    assert "Somewhere else" not in page
    assert "Council 9" not in table_rows(page, "app-oversight-table").__repr__()


def test_a_hundred_and_fifty_councils_cost_the_queries_of_two(client):
    """The national programme's size: an adviser of 150 councils (one small plan each, with
    history) gets the summary in the same queries as an adviser of two, with every row."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    councils(150, n_actions=2, seed=11)
    few = overseer_of("Council 1", "Council 2")
    every = overseer_of(*(f"Council {n}" for n in range(1, 151)))
    counts = []
    for user, n_plans in ((few, 2), (every, 150)):
        client.force_login(user)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(URL, {"as_at": AS_AT.isoformat()})
        assert len(rows_of(response)) == n_plans + 1
        counts.append(len(queries))
    assert counts[0] == counts[1] == 6
