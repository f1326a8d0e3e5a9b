"""The demo dashboard tells the story of the demo history: the Board's table on 23 April
2020, and the March moves (Covid-19 slippage and completions) a month before."""

import datetime
from collections import Counter

import pytest

from demo.content import ACTIONS, MONTHS
from demo.plan import demo_load
from improvement_board.models import User
from tests.html import table_rows
from tests.urls import plan_url

from .test_reference_table import REFERENCE_TABLE

LETTER = {"B": "Blue", "G": "Green", "A": "Amber", "R": "Red"}


@pytest.fixture
def demo(db):
    return demo_load()


@pytest.fixture
def board(client, demo):
    client.force_login(User.objects.get(username="board"))
    return client


def moves_in(month: int) -> dict[str, tuple[str, str]]:
    """What the demo's monthly paths say moved in a month: {reference: (from, to)}."""
    return {
        spec.ref: (LETTER[spec.path[month - 1]], LETTER[spec.path[month]])
        for spec in ACTIONS
        if spec.path[month - 1] != spec.path[month]
    }


def moved_rows(html) -> dict[str, tuple[str, str]]:
    rows = table_rows(html, "app-moved-table")[1:]
    return {row[0].split(" ")[0]: (row[1], row[2].split(" ")[0]) for row in rows}


def test_the_board_date_and_the_month_before(board):
    """One test, as loading the demo takes a while."""
    response = board.get(
        plan_url("reports:dashboard"), {"as_at": "2020-04-23", "since": "2020-03-23"}
    )
    html = response.content.decode()
    assert table_rows(html, "app-summary-table") == REFERENCE_TABLE
    assert moved_rows(html) == moves_in(MONTHS.index((2020, 4)))

    response = board.get(
        plan_url("reports:dashboard"), {"as_at": "2020-03-23", "since": "2020-02-23"}
    )
    assert response.context["comparison"].date == datetime.date(2020, 2, 23)
    html = response.content.decode()
    moved = moved_rows(html)
    assert moved == moves_in(MONTHS.index((2020, 3)))
    kinds = Counter(moved.values())
    # Covid-19 in March: nine actions off track, and five completions signed off.
    assert kinds[("Green", "Amber")] + kinds[("Green", "Red")] == 9
    assert kinds[("Green", "Blue")] == 5
    # The commentary beside each of the nine says why.
    commentary = {row[0].split(" ")[0]: row[3] for row in table_rows(html, "app-moved-table")[1:]}
    slipped = [ref for ref, (was, now) in moved.items() if was == "Green" and now != "Blue"]
    assert all("Covid-19" in commentary[ref] for ref in slipped)
    # The per-section table adds up to the same moves.
    total = table_rows(html, "app-changes-table")[-1]
    assert total[0] == "Total"
    assert total[1].split(" ")[0] == "+5"
