"""Every URL of the project, for every kind of person, GET and POST, against a policy.

A URL with no row in POLICY fails the test, so a new page cannot skip the question of who
may use it. Codes are in the order of ROLES: anonymous, deactivated, outsider (signed in,
not a member of the plan), Board member, action owner on their own action, action owner
on someone else's action, plan manager. 302 for the first two is the redirect to sign in.
POSTs carry no form data: a permitted write answers 400 or re-shows its form (200); a
refused one 403, or 404 for someone who may not even know the object exists.
"""

import pytest
from django.db import transaction
from django.test import Client, override_settings

from tests.db import row_counts
from tests.security.access_world import ROLES, build_world
from tests.security.test_headers import assert_security_headers
from tests.security.url_walk import API_PLAN_RECORDS, url_for, url_names

pytestmark = pytest.mark.django_db

# The API answers 401 (not a redirect) to anyone not signed in and without a token, and
# 405 to every write; a plan the person may not read does not exist for them (404).
API_PLAN_RECORDS_POLICY = ("401 401 404 200 200 200 200", "401 401 405 405 405 405 405")

POLICY = {
    "api:tokens": ("302 302 200 200 200 200 200", "302 302 200 200 200 200 200"),
    "api:token_revoke": ("302 302 405 405 405 405 405", "302 302 404 404 404 404 302"),
    "api:schema": ("200 200 200 200 200 200 200", "405 405 405 405 405 405 405"),
    "api:docs": ("200 200 200 200 200 200 200", "405 405 405 405 405 405 405"),
    "api:plans": ("401 401 200 200 200 200 200", "401 401 405 405 405 405 405"),
    **{f"api:{name}": API_PLAN_RECORDS_POLICY for name in API_PLAN_RECORDS},
    "accessibility": ("200 200 200 200 200 200 200", "200 200 200 200 200 200 200"),
    "actions:detail": ("302 302 404 200 200 200 200", "302 302 405 405 405 405 405"),
    "actions:edit": ("302 302 404 403 403 403 200", "302 302 404 403 403 403 400"),
    "actions:evidence_add": ("302 302 404 403 200 403 200", "302 302 404 403 400 403 400"),
    "actions:evidence_download": ("302 302 404 200 200 200 200", "302 302 405 405 405 405 405"),
    "actions:evidence_remove": ("302 302 404 403 200 200 200", "302 302 404 403 302 302 302"),
    "actions:my_actions": ("302 302 200 200 200 200 200", "302 302 405 405 405 405 405"),
    "actions:sign_off": ("302 302 404 403 403 403 302", "302 302 404 403 403 403 400"),
    "actions:signed_in": ("302 302 302 302 302 302 302", "302 302 405 405 405 405 405"),
    "actions:update": ("302 302 404 403 200 403 200", "302 302 404 403 400 403 400"),
    "audit_trail": ("302 302 403 403 403 403 200", "302 302 403 403 403 403 200"),
    "indicators:detail": ("302 302 404 200 200 200 200", "302 302 404 200 200 200 200"),
    "indicators:enter": ("302 302 404 403 200 200 200", "302 302 404 403 302 302 302"),
    "indicators:import": ("302 302 404 403 200 200 200", "302 302 404 403 200 200 200"),
    "indicators:import_template": ("302 302 404 403 200 200 200", "302 302 404 403 200 200 200"),
    "indicators:scorecard": ("302 302 404 200 200 200 200", "302 302 404 200 200 200 200"),
    "login": ("200 200 302 302 302 302 302", "200 200 302 302 302 302 302"),
    "logout": ("405 405 405 405 405 405 405", "302 302 302 302 302 302 302"),
    "plans:export_csv": ("302 302 404 403 403 403 200", "302 302 404 403 403 403 200"),
    "plans:export_xlsx": ("302 302 404 403 403 403 200", "302 302 404 403 403 403 200"),
    "plans:import": ("302 302 404 403 403 403 200", "302 302 404 403 403 403 200"),
    "plans:import_cancel": ("302 302 405 405 405 405 405", "302 302 302 302 302 302 302"),
    "plans:import_new": ("302 302 403 403 403 403 200", "302 302 403 403 403 403 200"),
    "plans:import_preview": ("302 302 404 404 404 404 404", "302 302 404 404 404 404 404"),
    "plans:import_template": ("302 302 200 200 200 200 200", "302 302 200 200 200 200 200"),
    "plans:manage": ("302 302 404 403 403 403 200", "302 302 404 403 403 403 200"),
    "plans:plan_list": ("302 302 403 403 403 403 200", "302 302 403 403 403 403 200"),
    "plans:recommendation_edit": ("302 302 404 403 403 403 200", "302 302 404 403 403 403 200"),
    "plans:recommendation_list": ("302 302 404 403 403 403 200", "302 302 404 403 403 403 200"),
    "plans:recommendation_new": ("302 302 404 403 403 403 200", "302 302 404 403 403 403 200"),
    "plans:refresh": ("302 302 404 403 403 403 200", "302 302 404 403 403 403 200"),
    "reports:all_actions": ("302 302 404 200 200 200 200", "302 302 404 200 200 200 200"),
    "reports:board_meeting_add": ("302 302 404 403 403 403 200", "302 302 404 403 403 403 200"),
    "reports:board_report": ("302 302 404 200 200 200 200", "302 302 404 200 200 200 200"),
    "reports:board_report_add": ("302 302 404 403 403 403 200", "302 302 404 403 403 403 200"),
    "reports:board_report_edit": ("302 302 404 404 404 404 200", "302 302 404 404 404 404 200"),
    "reports:board_report_export": ("302 302 405 405 405 405 405", "302 302 404 403 403 403 302"),
    "reports:board_report_finalise": ("302 302 404 404 404 404 200", "302 302 404 404 404 404 200"),
    "reports:board_report_word": ("302 302 404 200 200 200 200", "302 302 405 405 405 405 405"),
    "reports:board_report_logo": ("302 302 404 404 404 404 404", "302 302 404 404 404 404 404"),
    "reports:dashboard": ("302 302 404 200 200 200 200", "302 302 404 200 200 200 200"),
    "reports:pdf_build": ("302 302 404 200 200 200 200", "302 302 404 200 200 200 200"),
    "reports:pdf_build_download": ("302 302 404 200 200 200 200", "302 302 404 200 200 200 200"),
    "reports:recommendations": ("302 302 404 200 200 200 200", "302 302 404 200 200 200 200"),
    "reports:report_list": ("302 302 404 200 200 200 200", "302 302 404 200 200 200 200"),
    "reports:section": ("302 302 404 200 200 200 200", "302 302 404 200 200 200 200"),
}


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


def client_for(world, role, **kwargs) -> Client:
    client = Client(**kwargs)
    if world.users[role] is not None:
        client.force_login(world.users[role])
    return client


def test_every_url_has_a_row_in_the_policy():
    missing = sorted(set(url_names()) - set(POLICY))
    assert not missing, f"URLs with no row in the access policy: {missing}"
    stale = sorted(set(POLICY) - set(url_names()))
    assert not stale, f"Policy rows for URLs that no longer exist: {stale}"


@pytest.mark.parametrize("name", sorted(POLICY))
def test_access_matches_the_policy(world, name):
    expected_get, expected_post = (codes.split() for codes in POLICY[name])
    wrong = []
    for role, get_code, post_code in zip(ROLES, expected_get, expected_post, strict=True):
        for method, code in (("get", get_code), ("post", post_code)):
            # Each request in a savepoint rolled back after it: a permitted POST must not
            # change what the next role sees.
            with transaction.atomic():
                url = url_for(name, world, role)
                response = getattr(client_for(world, role), method)(url)
                if str(response.status_code) != code:
                    wrong.append(
                        f"{method.upper()} {url} as {role}: {response.status_code}, not {code}"
                    )
                if method == "get" and response.get("Content-Type", "").startswith("text/html"):
                    assert_security_headers(response)
                transaction.set_rollback(True)
    assert not wrong, "\n".join(wrong)


def test_no_get_changes_anything(world):
    before = row_counts()
    for name in POLICY:
        for role in ("plan_manager", "owner_on_own"):
            client_for(world, role).get(url_for(name, world, role))
    assert row_counts() == before


@pytest.mark.parametrize("name", sorted(POLICY))
def test_posts_without_a_csrf_token_are_refused(world, name):
    if POLICY[name][1].split()[-1] == "405":
        pytest.skip(f"{name} takes no POST")
    for role in ("plan_manager", "owner_on_own"):
        with transaction.atomic():
            client = client_for(world, role, enforce_csrf_checks=True)
            response = client.post(url_for(name, world, role))
            assert response.status_code == 403, (name, role, response.status_code)
            transaction.set_rollback(True)


API_READS = ["api:plans", *(f"api:{name}" for name in API_PLAN_RECORDS)]


@pytest.mark.parametrize("name", API_READS)
def test_api_tokens_read_what_their_owner_may_read(world, name):
    """The same policy as with a session, for a token of each role (the deactivated
    person's token stops working with their account) and for no token at all."""
    from api.services import api_token_create

    expected = POLICY[name][0].split()
    wrong = []
    for role, code in zip(ROLES, expected, strict=True):
        with transaction.atomic():
            user = world.users[role]
            headers = {}
            if user is not None:
                key = api_token_create(user=user, name=f"matrix {name}").key
                headers["HTTP_AUTHORIZATION"] = f"Token {key}"
            response = Client(**headers).get(url_for(name, world, role))
            if str(response.status_code) != code:
                wrong.append(f"GET {name} with {role}'s token: {response.status_code}, not {code}")
            transaction.set_rollback(True)
    assert not wrong, "\n".join(wrong)
