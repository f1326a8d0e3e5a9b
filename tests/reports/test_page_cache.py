"""The Board's reading pages and the API's lists are kept per plan revision: a second
look costs no more than the page around them (for the API, the token and the plan), and
any saved change shows on the very next view or call."""

import datetime

import pytest
from django.core.cache import caches
from django.test import Client
from django.urls import reverse

from actions.models import Rating
from actions.services import action_update_record
from api.services import api_token_create
from reports.page_cache import kept_part
from reports.services import board_report_update
from tests.factories import ActionFactory, SectionFactory, recorded_on
from tests.html import table_rows
from tests.urls import plan_url

from .board_fixtures import *  # noqa: F403 - the fixtures
from .board_fixtures import rate

pytestmark = pytest.mark.django_db
AS_AT = {"as_at": "2020-04-23"}


def main_content(response) -> str:
    html = response.content.decode()
    return html[html.index("<main") : html.index("</main>")]


@pytest.fixture
def slipping(rated_plan):
    return rated_plan.actions.get(reference="1.02")


def test_a_new_rating_shows_on_the_next_view(client, board_member, slipping):
    client.force_login(board_member)
    before = client.get(plan_url("reports:dashboard"), AS_AT)
    assert [row[0] for row in table_rows(before.content.decode(), "app-red-amber-table")[1:]] == [
        "1.02 Improve assessments Lead: " + str(slipping.lead)
    ]
    rate(slipping, datetime.date(2020, 4, 22), Rating.RED, "Stopped: no assessors.")
    after = client.get(plan_url("reports:dashboard"), AS_AT)
    rows = table_rows(after.content.decode(), "app-red-amber-table")[1:]
    assert [row[1] for row in rows] == ["Red"]
    assert "Stopped: no assessors." in rows[0][2]


def test_a_second_look_is_not_computed_again(
    client, board_member, rated_plan, django_assert_max_num_queries
):
    client.force_login(board_member)
    url = reverse("reports:section", args=[rated_plan.slug, rated_plan.sections.get(number=1).pk])
    first = client.get(url, {**AS_AT, "rating": ["amber", "red"]})
    assert "table" in first.context
    # The same question with its parameters in another order.
    with django_assert_max_num_queries(7):
        again = client.get(url, {"rating": ["amber", "red"], **AS_AT})
    assert again.context.get("table") is None
    assert main_content(again) == main_content(first)
    # Another question is another page.
    other = client.get(url, {**AS_AT, "rating": "blue"})
    assert "table" in other.context
    assert main_content(other) != main_content(first)


def test_the_kept_page_shows_nothing_of_who_asked(client, board_member, plan_manager, slipping):
    client.force_login(plan_manager)
    client.get(plan_url("reports:dashboard"), AS_AT)
    client.force_login(board_member)
    page = client.get(plan_url("reports:dashboard"), AS_AT)
    assert page.context.get("board") is None  # kept from the plan manager's view
    html = page.content.decode()
    assert board_member.get_full_name() in html
    assert plan_manager.get_full_name() not in html
    # The kept part is the same for both; only the page around it differs.
    client.force_login(plan_manager)
    assert main_content(client.get(plan_url("reports:dashboard"), AS_AT)) == main_content(page)


def test_a_new_day_computes_the_page_again(client, board_member, rated_plan, monkeypatch):
    today = datetime.date.today()
    ActionFactory(
        section=rated_plan.sections.get(number=1),
        reference="1.09",
        title="Due today",
        original_due_date=today,
        current_due_date=today,
    )
    client.force_login(board_member)
    first = client.get(plan_url("reports:dashboard"))
    assert first.context.get("board") is not None
    assert client.get(plan_url("reports:dashboard")).context.get("board") is None
    assert "1.09" not in overdue(first)

    tomorrow = today + datetime.timedelta(days=1)
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args, **kwargs: tomorrow)
    next_day = client.get(plan_url("reports:dashboard"))
    assert next_day.context.get("board") is not None
    assert "1.09" in overdue(next_day)


def overdue(response) -> list[str]:
    rows = table_rows(response.content.decode(), "app-overdue-table")[1:]
    return [row[0].split(" ")[0] for row in rows]


def test_the_kept_list_is_drawn_with_nothing_of_who_asked(client, plan_manager, rated_plan):
    client.force_login(plan_manager)
    url = reverse("reports:section", args=[rated_plan.slug, rated_plan.sections.get(number=1).pk])
    response = client.get(url, AS_AT)
    assert "table" in response.context
    kept_part = [
        context for context in response.context if "table" in context or "board" in context
    ]
    assert kept_part
    for context in kept_part:
        for name in ("user", "perms", "csrf_token", "user_is_plan_manager", "navigation"):
            assert name not in context, f"{name} is in scope in the kept part"


def test_nothing_is_kept_when_turned_off(client, board_member, rated_plan, settings):
    settings.PAGE_CACHE_SECONDS = 0
    client.force_login(board_member)
    for _ in range(2):
        assert client.get(plan_url("reports:dashboard"), AS_AT).context.get("board") is not None


def test_an_edited_narrative_and_a_new_action_show_in_the_next_preview(
    client, plan_manager, report, rated_plan
):
    client.force_login(plan_manager)
    url = reverse("reports:board_report", args=[report.plan.slug, report.pk])
    assert "note the progress" in client.get(url).content.decode()
    board_report_update(
        report=report,
        editor=plan_manager,
        expected_version=report.version,
        recommendations="approve the refreshed plan",
    )
    html = client.get(url).content.decode()
    assert "approve the refreshed plan" in html and "note the progress" not in html

    ActionFactory(
        section=SectionFactory(plan=rated_plan, number=3, title="Partnership working"),
        reference="3.01",
        title="Agree the partnership protocol",
    )
    assert "Agree the partnership protocol" in client.get(url).content.decode()


def test_as_known_then_and_as_known_now_are_kept_apart(client, board_member, slipping):
    """The same plan, revision and day as known then and as known now are two pages."""
    client.force_login(board_member)
    # Recorded after the Board, back-dated to before it: a restatement of that day.
    action_update_record(
        action=slipping,
        author=slipping.lead,
        effective_date=datetime.date(2020, 4, 22),
        recorded_at=recorded_on(datetime.date(2020, 5, 3)),
        rating=Rating.RED,
        commentary="Stopped: no assessors.",
        slippage_reason="capacity",
    )
    url = plan_url("reports:dashboard")
    then = client.get(url, AS_AT)
    now = client.get(url, {**AS_AT, "known": "now"})
    assert "board" in then.context and "board" in now.context
    for response, rating in ((then, "Amber"), (now, "Red")):
        rows = table_rows(response.content.decode(), "app-red-amber-table")[1:]
        assert [row[1] for row in rows] == [rating]
    # Each is kept, under its own key.
    again_then = client.get(url, AS_AT)
    again_now = client.get(url, {**AS_AT, "known": "now"})
    assert again_then.context.get("board") is None and again_now.context.get("board") is None
    assert main_content(again_then) == main_content(then)
    assert main_content(again_now) == main_content(now)


# The API's lists are kept by the same rule (reports/page_cache.py, ``plan_records``).


@pytest.fixture
def api(board_member, meeting):
    key = api_token_create(user=board_member, name="Power BI").key
    return Client(HTTP_AUTHORIZATION=f"Token {key}")


def api_url(plan, path: str) -> str:
    return f"/api/plans/{plan.slug}/{path}"


def test_a_new_rating_shows_in_the_apis_next_answer(api, rated_plan, slipping):
    actions, summary, updates = (
        api_url(rated_plan, path) for path in ("actions/", "summary/", "updates/")
    )
    before = {r["reference"]: r for r in api.get(actions, AS_AT).json()}
    assert before["1.02"]["rating"] == "amber"
    assert api.get(summary, AS_AT).json()[0]["red"] == 0
    assert len(api.get(updates, AS_AT).json()) == 5
    assert "Stopped" not in api.get(actions, {**AS_AT, "format": "csv"}).content.decode()

    rate(slipping, datetime.date(2020, 4, 22), Rating.RED, "Stopped: no assessors.")
    after = {r["reference"]: r for r in api.get(actions, AS_AT).json()}
    assert after["1.02"]["rating"] == "red"
    assert after["1.02"]["commentary"] == "Stopped: no assessors."
    assert api.get(summary, AS_AT).json()[0]["red"] == 1
    assert api.get(updates, AS_AT).json()[-1]["commentary"] == "Stopped: no assessors."
    assert "Stopped: no assessors." in api.get(actions, {**AS_AT, "format": "csv"}).content.decode()


def test_the_api_computes_a_list_once_for_json_and_csv(
    api, rated_plan, django_assert_num_queries, monkeypatch
):
    url = api_url(rated_plan, "actions/")
    computed = api.get(url, {**AS_AT, "page_size": 2})
    csv_computed = api.get(url, {**AS_AT, "page_size": 2, "format": "csv"})
    caches["pages"].clear()
    csv_first = api.get(url, {**AS_AT, "page_size": 2, "format": "csv"})
    assert csv_first.content == csv_computed.content

    # Kept: the token and its person, then the plan; no figure is worked out again.
    monkeypatch.setattr("api.views.ActionList.records", None)
    with django_assert_num_queries(2):
        json_kept = api.get(url, {"page_size": 2, **AS_AT})  # the same question reordered
    with django_assert_num_queries(2):
        csv_kept = api.get(url, {**AS_AT, "page_size": 2, "format": "csv"})
    assert json_kept.json() == computed.json()
    assert csv_kept.content == csv_computed.content
    for header in ("X-Total-Count", "X-Page", "X-Page-Count", "Link"):
        assert json_kept[header] == computed[header]
    assert json_kept["X-Total-Count"] == "3" and 'rel="next"' in json_kept["Link"]


def test_each_page_and_day_of_an_api_list_is_its_own_question(api, rated_plan):
    url = api_url(rated_plan, "actions/")
    first = api.get(url, {**AS_AT, "page_size": 2})
    second = api.get(url, {**AS_AT, "page_size": 2, "page": 2})
    assert [r["reference"] for r in first.json()] == ["1.01", "1.02"]
    assert [r["reference"] for r in second.json()] == ["2.01"]
    assert second["X-Page"] == "2" and 'rel="prev"' in second["Link"]
    assert api.get(url, {**AS_AT, "page_size": 2, "page": 3}).status_code == 404
    earlier = api.get(url, {"as_at": "2020-03-20"}).json()
    assert {r["rating"] for r in earlier} == {"green"}


def test_the_api_and_the_dashboard_show_the_day_as_known_then(api, client, board_member, slipping):
    """A change recorded after the Board, back-dated to before it, is not in the API's
    answer for the Board's day, as on the dashboard without ``known=now``."""
    url = api_url(slipping.plan, "actions/")
    assert {r["reference"]: r["rating"] for r in api.get(url, AS_AT).json()}["1.02"] == "amber"
    action_update_record(
        action=slipping,
        author=slipping.lead,
        effective_date=datetime.date(2020, 4, 22),
        recorded_at=recorded_on(datetime.date(2020, 5, 3)),
        rating=Rating.RED,
        commentary="Stopped: no assessors.",
        slippage_reason="capacity",
    )
    records = {r["reference"]: r for r in api.get(url, AS_AT).json()}
    assert records["1.02"]["rating"] == "amber"
    assert records["1.02"]["commentary"] == "Paused for Covid-19."
    client.force_login(board_member)
    rows = table_rows(
        client.get(slipping.plan.get_absolute_url(), AS_AT).content.decode(),
        "app-red-amber-table",
    )[1:]
    assert [row[1] for row in rows] == ["Amber"]
    # As known today the restated day is Red: the API's answer for today shows it.
    today = {r["reference"]: r for r in api.get(url).json()}
    assert today["1.02"]["rating"] == "red"


def test_the_api_keeps_nothing_when_keeping_is_turned_off(
    api, rated_plan, settings, django_assert_num_queries
):
    settings.PAGE_CACHE_SECONDS = 0
    url = api_url(rated_plan, "actions/")
    api.get(url, AS_AT)
    with django_assert_num_queries(4):
        api.get(url, AS_AT)


def test_a_kept_part_is_drawn_with_only_the_query_of_the_request(
    rf, board_member, rated_plan, monkeypatch
):
    """Even a view that hands ``kept_part`` the request, or who asked, cannot draw them."""
    drawn = {}

    def render_to_string(template, context=None, request=None, using=None):
        drawn.update(template=template, context=context, request=request)
        return "<p>kept</p>"

    monkeypatch.setattr("reports.page_cache.render_to_string", render_to_string)
    request = rf.get("/", {"as_at": "2020-04-23", "rating": ["amber", "red"]})
    request.user = board_member
    html = kept_part(
        request,
        plan=rated_plan,
        name="dashboard",
        day=datetime.date(2020, 4, 23),
        mode="known-then",
        template="reports/includes/dashboard_body.html",
        context=lambda: {"plan": rated_plan, "request": request},
    )
    assert html == "<p>kept</p>"
    assert drawn["request"] is None  # no context processors
    given = drawn["context"]["request"]
    assert given is not request and not hasattr(given, "user") and not hasattr(given, "session")
    assert given.GET.getlist("rating") == ["amber", "red"]
    with pytest.raises(ValueError, match="not user"):
        kept_part(
            request,
            plan=rated_plan,
            name="dashboard",
            day=datetime.date(2020, 4, 24),
            mode="known-then",
            template="reports/includes/dashboard_body.html",
            context=lambda: {"plan": rated_plan, "user": board_member},
        )


REDIS_URL = "redis://127.0.0.1:6379/15"


def _redis_reachable() -> bool:
    try:
        import redis

        return bool(redis.Redis.from_url(REDIS_URL, socket_connect_timeout=0.5).ping())
    except Exception:
        return False


@pytest.mark.skipif(not _redis_reachable(), reason=f"no Redis at {REDIS_URL} to share pages in")
def test_app_servers_sharing_redis_find_each_others_pages(client, board_member, slipping, settings):
    from improvement_board.settings import pages_cache

    settings.CACHES = {**settings.CACHES, "pages": pages_cache(REDIS_URL)}
    caches["pages"].clear()
    client.force_login(board_member)
    first = client.get(plan_url("reports:dashboard"), AS_AT)
    assert first.context.get("board") is not None
    # Kept in Redis, where every app server finds it, not in this process's memory.
    import redis

    assert redis.Redis.from_url(REDIS_URL).keys("improvement-board:*:page:dashboard:*")
    again = client.get(plan_url("reports:dashboard"), AS_AT)
    assert again.context.get("board") is None
    assert main_content(again) == main_content(first)
    rate(slipping, datetime.date(2020, 4, 22), Rating.RED, "Stopped: no assessors.")
    after = client.get(plan_url("reports:dashboard"), AS_AT)
    assert "Stopped: no assessors." in main_content(after)
    caches["pages"].clear()


def test_pages_are_drawn_when_the_shared_store_is_down(
    client, board_member, slipping, settings, caplog
):
    from improvement_board.settings import pages_cache

    # Nothing listens on port 9: every read of the store fails at once.
    settings.CACHES = {**settings.CACHES, "pages": pages_cache("redis://127.0.0.1:9/0")}
    client.force_login(board_member)
    page = client.get(plan_url("reports:dashboard"), AS_AT)
    assert page.status_code == 200
    assert table_rows(page.content.decode(), "app-red-amber-table")[1][0].startswith("1.02")
    assert "The page cache could not be read" in caplog.text
