"""The summary's rows written in Python (reports/templatetags/oversight_rows.py) are the
rows django-tables2's own row template writes for OversightTable, to the byte: for every
column, sort, as-at link, a plan not started yet, one without a Board, and no plans."""

import datetime
import random

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse
from django.utils.html import format_html
from django_tables2 import RequestConfig

from actions.models import Rating
from improvement_board.roles import Role
from plans.models import Plan
from reports.across_plans import plan_standings
from reports.tables import OversightTable
from tests.factories import UserFactory
from tests.html import table_rows
from tests.reports.board_fixtures import rate
from tests.reports.oversight_world import AS_AT_DAYS, DAYS, councils, plan_with_history

URL = reverse("reports:oversight")
# Council, Plan, Status, Blue, Green, Amber, Red: the Red count's cell in a row.
RED_COLUMN = 6

pytestmark = pytest.mark.django_db


@pytest.fixture
def plans():
    rng = random.Random(7)
    made = [
        plan_with_history(
            rng,
            organisation="O'Hare & Daughters <Metropolitan> Borough Council",
            n_actions=20,
            title='Children\'s services "Getting to Good" plan & <i>recovery</i>',
        ),
        plan_with_history(rng, organisation="Medway Council", n_actions=0),
        plan_with_history(
            rng,
            organisation="Kent County Council",
            n_actions=12,
            start_date=DAYS[4],
            status=Plan.Status.DRAFT,
        ),
    ]
    made[1].board_meetings.all().delete()
    return Plan.objects.filter(pk__in=[plan.pk for plan in made]).select_related("organisation")


class DrawnByTables2(OversightTable):
    """The summary's table with its cells as django-tables2 drew them before the rows were
    written in Python: the reference the rows are held to."""

    class Meta(OversightTable.Meta):
        pass

    def render_plan(self, record, value):
        url = record.plan.get_absolute_url()
        if self.as_at_query:
            url = f"{url}?{self.as_at_query}"
        return format_html('<a class="govuk-link" href="{}">{}</a>', url, value)

    def render_compared_with(self, record, value):
        return format_html(
            '<span class="app-nowrap">{}</span> <span class="govuk-hint app-cell-hint">{}</span>',
            f"{value:%-d %b %Y}",
            record.comparison.basis,
        )

    def render_changes(self, record):
        if record.not_started:
            return "Plan not started"
        moved = [f"{c.rating.colour} {c.signed}" for c in record.changes if c.delta]
        return ", ".join(moved) or "No change"


def drawn(template: str, standings, query: dict) -> str:
    # A table of its own for each drawing: django-tables2 counts rows for their even and
    # odd classes on the table, across drawings.
    request = RequestFactory().get("/oversight/", query)
    kind = OversightTable if template.startswith("reports/") else DrawnByTables2
    table = kind(standings, as_at_query="as_at=2020-05-01&known=now", caption="Plans")
    RequestConfig(request, paginate=False).configure(table)
    return render_to_string(template, {"table": table, "request": request})


def both_ways(standings, query: dict) -> tuple[str, str]:
    return (
        drawn("reports/includes/oversight_table.html", standings, query),
        drawn("includes/table.html", standings, query),
    )


@pytest.mark.parametrize("sort", [None, "organisation", "-red", "last_board", "-compared_with"])
@pytest.mark.parametrize("day", [DAYS[1], AS_AT_DAYS[-1]])
def test_the_rows_are_django_tables2s(plans, sort, day):
    standings = plan_standings(plans.order_by("organisation__name"), day)
    assert len(standings) == 3
    ours, theirs = both_ways(standings, {"sort": sort} if sort else {})
    assert ours == theirs
    assert "Plan not started" in ours if day < DAYS[4] else "No change" in ours or "+" in ours
    assert "&lt;i&gt;recovery&lt;/i&gt;" in ours and "O&#x27;Hare &amp; Daughters" in ours


def test_no_plans_is_the_empty_text(db):
    ours, theirs = both_ways([], {})
    assert ours == theirs
    assert "There are no plans in the organisations you oversee." in ours


# --- The table kept per the revisions of every plan it shows -----------------------------


def test_the_kept_table_follows_every_plan_and_who_oversees_what(client):
    plans = councils(2, plans_each=1, n_actions=6, seed=5)
    both = UserFactory(role=Role.OVERSEER)
    one = UserFactory(role=Role.OVERSEER)
    for plan in plans:
        plan.organisation.overseers.add(both)
    plans[0].organisation.overseers.add(one)
    today = datetime.date.today().isoformat()

    def rows(user) -> dict[str, list[str]]:
        client.force_login(user)
        html = client.get(URL, {"as_at": today, "sort": "-red"}).content.decode()
        return {row[0]: row for row in table_rows(html, "app-oversight-table")[1:]}

    first = rows(both)
    assert len(first) == 2
    # Another set of plans is another table, though the query is the same.
    assert list(rows(one)) == [plans[0].organisation.name]
    assert len(rows(both)) == 2

    # A new Red rating in one plan is in the next view of every table showing that plan.
    changed = plans[1]
    action = changed.actions.exclude(rating=Rating.RED).order_by("pk").first()
    rate(action, datetime.date.today(), Rating.RED, "Stopped: the team has no manager.")
    red = RED_COLUMN
    after = rows(both)
    name = changed.organisation.name
    assert int(after[name][red]) == int(first[name][red]) + 1
    assert after[plans[0].organisation.name] == first[plans[0].organisation.name]

    # So is a council's new name (the table shows it; the plan's revision follows it).
    organisation = plans[0].organisation
    organisation.name = "Isle of Wight Council (children's services)"
    organisation.save()
    assert "Isle of Wight Council (children's services)" in rows(one)
    assert "Isle of Wight Council (children's services)" in rows(both)
