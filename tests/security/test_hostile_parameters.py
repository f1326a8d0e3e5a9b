"""Bad input is answered with a 400 or a form error, never a server error (500).

The values the audit found (a NUL byte in ``?plan=``, page numbers of 30 digits or below
1, a 20-digit day in a date, a username of 256 characters), and then values Hypothesis
makes up, in every query parameter the pages read, on every page.
"""

import pytest
from django.db import transaction
from django.test import Client, override_settings
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from actions.models import Action
from tests.security.access_world import build_world
from tests.security.test_access_matrix import POLICY
from tests.security.url_walk import url_for
from tests.urls import plan_url

pytestmark = pytest.mark.django_db

# Every query parameter a page of the service reads (views, filters, tables, forms).
PARAMETERS = [
    "plan",
    "as_at",
    "since",
    "page",
    "per_page",
    "sort",
    "export",
    "q",
    "rating",
    "section",
    "lead",
    "recommendation",
    "overdue",
    "stale",
    "moved",
    "kind",
    "period",
    "next",
]
AUDIT_FINDINGS = [
    "\x00",
    "medway\x00",
    "9" * 30,
    "-1",
    "0",
    "-" + "9" * 30,
    "1e309",
    "NaN",
    "99999999-12-31",
    "2020-13-45",
    "0000-00-00",
    "2020-W53",
    "csv",
    "xlsx",
    "' OR '1'='1",
    "../../etc/passwd",
    "%00",
    "𝟙𝟚",
    "٣",
    "\u202e",
    "x" * 3000,
]


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    hashers = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=hashers),
        transaction.atomic(),
    ):
        yield build_world()
        transaction.set_rollback(True)


def pages(world) -> list[tuple[str, str]]:
    """Every page the plan manager may read (GET answered 200), by URL name."""
    return [
        (name, url_for(name, world, "plan_manager"))
        for name, (get_codes, _) in sorted(POLICY.items())
        if get_codes.split()[-1] == "200"
    ]


def client_for(user) -> Client:
    # The server error is returned as the 500 a browser would get, not raised.
    client = Client(raise_request_exception=False)
    if user is not None:
        client.force_login(user)
    return client


def test_a_control_character_in_any_parameter_is_refused_on_every_page(world):
    client = client_for(world.users["plan_manager"])
    for name, url in pages(world):
        for query in ({"plan": "medway\x00"}, {"q\x00": "1"}, {"as_at": "2020\x01-01-01"}):
            response = client.get(url, query)
            assert response.status_code == 400, (name, query, response.status_code)
    page = client.get(plan_url("reports:dashboard"), {"plan": "\x00"}).content.decode()
    assert "The address has a control character in “plan”" in page


def test_a_page_number_of_any_size_shows_a_page(world):
    client = client_for(world.users["plan_manager"])
    section = world.own_action.section
    for query in (
        {"page": "9" * 30},
        {"page": "-" + "9" * 30},
        {"per_page": "-1"},
        {"per_page": "9" * 30},
        {"per_page": "0", "page": "2"},
        {"page": "9" * 30, "export": "csv"},
    ):
        for url in (
            reverse("reports:section", args=[section.plan.slug, section.pk]),
            plan_url("reports:all_actions"),
            reverse("audit_trail"),
        ):
            response = client.get(url, query)
            assert response.status_code == 200, (url, query, response.status_code)
    html = client.get(plan_url("reports:all_actions"), {"page": "9" * 30}).content.decode()
    assert f"There is no page {'9' * 10}. Showing page 3 instead." in html


@pytest.mark.parametrize("part", ["day", "month", "year"])
def test_a_twenty_digit_date_part_is_a_form_error(world, part):
    owner = world.users["owner_on_own"]
    action = Action.objects.get(pk=world.own_action.pk)
    data = {
        "version": action.version,
        "rating": "green",
        "commentary": "On track.",
        "effective_date-day": "1",
        "effective_date-month": "12",
        "effective_date-year": "2026",
    }
    data[f"effective_date-{part}"] = "9" * 20
    with transaction.atomic():
        response = client_for(owner).post(
            reverse("actions:update", args=[action.plan.slug, action.pk]), data
        )
        transaction.set_rollback(True)
    assert response.status_code == 400  # the form again, with its errors
    page = response.content.decode()
    assert "govuk-error-summary" in page
    assert "must be a real date" in page or "Year must include 4 numbers" in page
    assert "9" * 20 in page  # the input is kept


def test_a_username_of_256_characters_is_a_form_error(world):
    with transaction.atomic():
        response = client_for(None).post(
            reverse("login"), {"username": "a" * 256, "password": "lantern-orchard-vessel"}
        )
        transaction.set_rollback(True)
    assert response.status_code == 200
    assert "Enter a username of 150 characters or fewer." in response.content.decode()


def test_bytes_that_are_not_utf_8_are_read_as_replacement_characters(world):
    client = client_for(world.users["plan_manager"])
    for name, url in pages(world):
        response = client.get(f"{url}?plan=%FF%FE&q=%C0%80&as_at=%ED%A0%80")
        # The API answers a date it cannot read with a 400 that says so; pages show why.
        allowed = (200, 302, 400, 404) if name.startswith("api:") else (200, 302, 404)
        assert response.status_code in allowed, (name, response.status_code)


hostile_text = st.text(
    alphabet=st.characters(exclude_categories=("Cs",)),  # no client can send a lone surrogate
    max_size=40,
)
hostile_value = st.one_of(
    st.sampled_from(AUDIT_FINDINGS),
    hostile_text,
    st.integers(min_value=-(10**40), max_value=10**40).map(str),
    st.dates().map(lambda day: day.isoformat()),
    st.text(alphabet="0123456789-/. ", max_size=25),
)
hostile_query = st.dictionaries(
    st.one_of(st.sampled_from(PARAMETERS), hostile_text.filter(bool)),
    st.one_of(hostile_value, st.lists(hostile_value, min_size=2, max_size=3)),
    min_size=1,
    max_size=4,
)


@pytest.mark.parametrize("role", ["plan_manager", "owner_on_own"])
def test_no_made_up_query_makes_a_server_error(world, role):
    client = client_for(world.users[role])
    anonymous = client_for(None)
    urls = [url for _, url in pages(world)]

    @settings(
        max_examples=len(urls) * 6,
        deadline=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(st.sampled_from(urls), hostile_query)
    def check(url, query):
        for asking in (client, anonymous):
            response = asking.get(url, query)
            assert response.status_code < 500, (url, query)

    check()
    for query in ({"next": "\x00"}, {"next": "//evil.example/"}, {"next": "9" * 300}):
        assert anonymous.get(reverse("login"), query).status_code in (200, 400)
