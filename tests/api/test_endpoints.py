"""What the API reads: each list as flat records, as at a date, paged in the headers,
in JSON or CSV; bad parameters answered with a 400 that says why; never a write."""

import csv
import datetime
import io

import pytest
from django.core.cache import caches
from django.test import Client

from actions.models import Rating
from tests.factories import ActionFactory, IndicatorFactory, IndicatorValueFactory, SectionFactory
from tests.reports.board_fixtures import BOARD_DATE, PREVIOUS_BOARD, rate

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(board_member, rated_plan, meeting, token_for) -> Client:
    return token_for(board_member)


def url(plan, path: str = "", **params) -> str:
    query = "&".join(f"{name}={value}" for name, value in params.items())
    return f"/api/plans/{plan.slug}/{path}" + (f"?{query}" if query else "")


def test_the_plan_list_and_one_plan(api, rated_plan):
    records = api.get("/api/plans/").json()
    assert [record["slug"] for record in records] == [rated_plan.slug]
    assert api.get(url(rated_plan)).json() == records[0]
    assert records[0]["organisation"] == rated_plan.organisation.name


def test_actions_as_at_a_date_with_the_dashboards_state_and_rules(api, rated_plan):
    records = api.get(url(rated_plan, "actions/", as_at=BOARD_DATE)).json()
    by_reference = {record["reference"]: record for record in records}
    assert list(by_reference) == ["1.01", "1.02", "2.01"]
    done, slipping = by_reference["1.01"], by_reference["1.02"]
    assert done["rating"] == "blue" and done["rating_label"] == "Blue – completed"
    assert done["commentary"] == "Tracker live; every child reviewed."
    assert done["since"] == PREVIOUS_BOARD.isoformat()  # the previous Board, as the dashboard
    assert done["rating_since"] == "green" and done["direction"] == "improved"
    assert slipping["rating"] == "amber" and slipping["red_or_amber"] is True
    assert slipping["slippage_reason"] == "external"
    assert slipping["overdue"] is True and slipping["days_overdue"] == 23  # due 31 March
    assert slipping["direction"] == "worsened"  # Amber on 25 March, after the March Board
    assert by_reference["2.01"]["direction"] == "unchanged"
    # Every value is flat: no nested objects or lists for Power BI to expand.
    assert all(not isinstance(value, dict | list) for r in records for value in r.values())


def test_an_earlier_day_shows_what_was_true_then(api, rated_plan):
    records = api.get(url(rated_plan, "actions/", as_at="2020-03-20")).json()
    assert {r["reference"]: r["rating"] for r in records} == {
        "1.01": "green",
        "1.02": "green",
        "2.01": "green",
    }
    assert all(r["as_at"] == "2020-03-20" for r in records)


def test_an_action_added_later_is_not_there_before_it_was(api, rated_plan):
    section = rated_plan.sections.get(number=2)
    ActionFactory(section=section, reference="2.02", added_on=datetime.date(2020, 4, 1))
    before = api.get(url(rated_plan, "actions/", as_at="2020-03-31")).json()
    after = api.get(url(rated_plan, "actions/", as_at="2020-04-01")).json()
    assert "2.02" not in [r["reference"] for r in before]
    assert "2.02" in [r["reference"] for r in after]


def test_the_update_history_stops_at_the_day_asked_for(api, rated_plan):
    all_of_it = api.get(url(rated_plan, "updates/", as_at=BOARD_DATE)).json()
    assert len(all_of_it) == 5
    assert [u["effective_date"] for u in all_of_it] == sorted(
        u["effective_date"] for u in all_of_it
    )
    march = api.get(url(rated_plan, "updates/", as_at="2020-03-31")).json()
    assert len(march) == 4
    assert {u["rating"] for u in march if u["action_reference"] == "1.01"} == {"green"}


def test_sections(api, rated_plan):
    assert [(s["number"], s["title"]) for s in api.get(url(rated_plan, "sections/")).json()] == [
        (1, "Quality of Practice"),
        (2, "Capacity and capability of workforce"),
    ]


def test_indicators_and_their_values_as_at_a_date(api, rated_plan):
    indicator = IndicatorFactory(plan=rated_plan, name="Caseload", target=20, tolerance=2)
    IndicatorValueFactory(indicator=indicator, period=datetime.date(2020, 3, 1), value=19)
    IndicatorValueFactory(indicator=indicator, period=datetime.date(2020, 4, 1), value=25)
    march = api.get(url(rated_plan, "indicators/", as_at="2020-03-31")).json()
    assert march[0]["latest_value"] == 19.0 and march[0]["status"] == "on_target"
    april = api.get(url(rated_plan, "indicators/", as_at=BOARD_DATE)).json()
    assert april[0]["latest_value"] == 25.0 and april[0]["status"] == "off_target"
    assert april[0]["vs_previous_month"] == "worsening"
    values = api.get(url(rated_plan, "indicator-values/", as_at="2020-03-31")).json()
    assert [(v["period"], v["value"]) for v in values] == [("2020-03-01", 19.0)]


def test_the_summary_table(api, rated_plan):
    rows = api.get(url(rated_plan, "summary/", as_at=BOARD_DATE)).json()
    assert [
        (r["section"], r["total"], r["blue"], r["green"], r["amber"], r["red"]) for r in rows
    ] == [
        ("Quality of Practice", 2, 1, 0, 1, 0),
        ("Capacity and capability of workforce", 1, 0, 1, 0, 0),
        ("Total", 3, 1, 1, 1, 0),
    ]
    assert [r["is_total"] for r in rows] == [False, False, True]


def test_csv_is_the_same_records_as_a_table(api, rated_plan):
    response = api.get(url(rated_plan, "actions/", as_at=BOARD_DATE, format="csv"))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))
    json_records = api.get(url(rated_plan, "actions/", as_at=BOARD_DATE)).json()
    assert list(rows[0]) == list(json_records[0])
    assert [r["reference"] for r in rows] == ["1.01", "1.02", "2.01"]
    assert rows[1]["overdue"] == "true"
    accept = api.get(url(rated_plan, "summary/", as_at=BOARD_DATE), HTTP_ACCEPT="text/csv")
    assert accept.content.decode().splitlines()[0].endswith("not_rated,is_total")


def test_csv_neutralises_text_a_spreadsheet_would_run(api, rated_plan):
    action = rated_plan.actions.get(reference="2.01")
    rate(action, datetime.date(2020, 4, 21), Rating.GREEN, '=HYPERLINK("http://evil")')
    text = api.get(url(rated_plan, "actions/", as_at=BOARD_DATE, format="csv")).content.decode()
    assert "'=HYPERLINK" in text


def test_pages_are_told_in_the_headers(api, rated_plan):
    first = api.get(url(rated_plan, "actions/", as_at=BOARD_DATE, page_size=2))
    assert [r["reference"] for r in first.json()] == ["1.01", "1.02"]
    assert first["X-Total-Count"] == "3" and first["X-Page-Count"] == "2"
    assert (
        first["Link"].endswith('page=2&page_size=2>; rel="next"') or 'rel="next"' in first["Link"]
    )
    next_url = first["Link"].split(">")[0].lstrip("<")
    second = api.get(next_url)
    assert [r["reference"] for r in second.json()] == ["2.01"]
    assert 'rel="prev"' in second["Link"] and 'rel="next"' not in second["Link"]


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"as_at": "23/13/2020"}, "as_at", "is not a date"),
        ({"as_at": "yesterday"}, "as_at", "is not a date"),
        ({"as_at": "2019-01-01"}, "as_at", "before the plan started"),
        ({"as_at": "2999-01-01"}, "as_at", "is in the future"),
        ({"page": "0"}, "page", "whole number of 1 or more"),
        ({"page": "two"}, "page", "whole number of 1 or more"),
        ({"page_size": "100000"}, "page_size", "from 1 to 5000"),
        ({"since": "2021-01-01", "as_at": BOARD_DATE}, "since", "must be before"),
        ({"since": "soon"}, "since", "is not a date"),
        ({"format": ""}, "format", "format must be json or csv"),
        ({"format": "xml"}, "format", "format must be json or csv"),
    ],
)
def test_a_bad_parameter_gets_400_saying_why(api, rated_plan, params, field, message):
    response = api.get(url(rated_plan, "actions/", **params))
    assert response.status_code == 400
    assert list(response.json()) == [field]
    assert message in response.json()[field][0]


def test_a_page_past_the_end_is_not_found(api, rated_plan):
    response = api.get(url(rated_plan, "actions/", page=9))
    assert response.status_code == 404
    assert "past the last page" in response.json()["detail"]


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_the_api_never_writes(api, rated_plan, method):
    for path in ["", "actions/", "summary/"]:
        assert getattr(api, method)(url(rated_plan, path)).status_code == 405
    assert api.post("/api/plans/").status_code == 405


def test_another_councils_plan_does_not_exist(api, board_member):
    other = SectionFactory().plan
    response = api.get(url(other, "actions/"))
    assert response.status_code == 404
    assert other.title not in response.content.decode()


def test_a_signed_in_session_reads_the_api_too(client, board_member, rated_plan):
    """For the documentation page's "Try it out"."""
    client.force_login(board_member)
    assert client.get(url(rated_plan, "summary/")).status_code == 200


def test_nothing_read_is_kept_in_a_shared_cache(api, rated_plan):
    response = api.get(url(rated_plan, "actions/"))
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]


def test_the_actions_endpoint_costs_the_same_queries_for_any_number_of_actions(
    api, rated_plan, django_assert_num_queries
):
    path = url(rated_plan, "actions/", as_at=BOARD_DATE)
    api.get(path)  # warm: the content types and the like are cached after a first request
    caches["pages"].clear()
    # Computed: the token and its person; the plan; the previous Board meeting; every
    # action's record (counted and paged from those). Kept (reports/page_cache.py): the
    # token and its person; the plan.
    with django_assert_num_queries(4):
        assert len(api.get(path).json()) == 3
    with django_assert_num_queries(2):
        assert len(api.get(path).json()) == 3
    section = rated_plan.sections.get(number=2)
    for n in range(20):
        action = ActionFactory(section=section, reference=f"2.{n + 10}")
        rate(action, datetime.date(2020, 4, 1), Rating.RED, "Behind.", "capacity")
    # The plan changed: computed afresh, then kept.
    with django_assert_num_queries(4):
        assert len(api.get(path).json()) == 23
    with django_assert_num_queries(2):
        assert len(api.get(path).json()) == 23


def test_the_format_asked_for_wins_over_the_accept_header(api, rated_plan):
    path = url(rated_plan, "summary/", as_at=BOARD_DATE)
    asked = api.get(path + "&format=csv", HTTP_ACCEPT="text/html")
    assert asked.status_code == 200 and asked["Content-Type"].startswith("text/csv")
    browser_like = api.get(path, HTTP_ACCEPT="text/html")
    assert browser_like.status_code == 200 and browser_like["Content-Type"] == "application/json"
