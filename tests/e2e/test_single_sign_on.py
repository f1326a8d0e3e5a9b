"""Signing in through the council's identity provider: a real OpenID Connect provider
(tests/oidc_provider.mjs) on 127.0.0.1, in Chromium, with local passwords off."""

import pytest
from django.contrib.auth.models import Group

from improvement_board.models import AuditEvent, User
from improvement_board.roles import Role
from plans.models import Plan
from tests.factories import PlanFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)
CALLBACK = "/accounts/sso/callback/"


def sign_in_at_provider(visitor, login: str, *, check_login_page: bool = True):
    """From the service's sign-in page through the provider's, back to the service."""
    page = visitor.page
    visitor.goto("/accounts/login/", check=check_login_page)
    page.get_by_role("button", name="Sign in with Microsoft").click()
    page.wait_for_load_state()
    # Signed in at the provider already (earlier in this browser), it asks nothing.
    if not page.url.startswith(visitor.base_url):
        page.locator("input[name=login]").fill(login)
        page.locator("input[name=password]").fill("any password the provider accepts")
        page.locator("button[type=submit]").click()
        page.wait_for_load_state()


def heading(visitor) -> str:
    return visitor.page.locator("h1").inner_text()


def refusals(detail: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(kind="login_failed", detail__contains=detail))


@pytest.fixture
def alice(transactional_db):
    user = UserFactory(
        username="asmith", email="Alice.Smith@example.org", first_name="A.", last_name="Smith"
    )
    user.set_unusable_password()
    user.save()
    PlanFactory(members=[user])
    return user


def test_first_and_returning_sign_in(single_sign_on, alice, visitor, browser, settings):
    settings.OIDC_ROLE_GROUPS = {Role.PLAN_MANAGER: ["improvement-board-plan-managers"]}
    # (Browser tests empty the database between tests, the roles' groups too.)
    Group.objects.get_or_create(name=Role.PLAN_MANAGER.value)
    callbacks = []
    visitor.page.on(
        "request", lambda request: callbacks.append(request.url) if CALLBACK in request.url else 0
    )
    visitor.goto("/accounts/login/")
    assert "Emergency administrator sign-in" in visitor.page.content()

    sign_in_at_provider(visitor, "alice", check_login_page=False)
    visitor.check("signed in through the provider")
    assert "Alice Smith" in visitor.page.locator("header").inner_text()
    alice.refresh_from_db()
    # Matched by verified email (case aside); the provider's name and groups taken on.
    assert alice.first_name == "Alice"
    assert alice.groups.filter(name=Role.PLAN_MANAGER.value).exists()
    assert User.objects.count() == 1
    login = AuditEvent.objects.get(kind="login")
    assert login.user == alice

    # The state is used up: the same callback again is refused and audited.
    assert len(callbacks) == 1
    response = visitor.page.goto(callbacks[0])
    assert response.status == 400
    assert heading(visitor) == "We could not sign you in with your organisation's account."
    visitor.check("replayed callback refused")
    assert refusals("state unknown, already used or missing")

    # Sign-out ends the service's session and offers the provider's.
    visitor.page.get_by_role("button", name="Sign out").click()
    visitor.page.wait_for_load_state()
    visitor.check("signed out")
    assert heading(visitor) == "You have signed out of Improvement Board"
    provider_sign_out = visitor.page.get_by_role("link", name="Sign out of Microsoft too")
    assert provider_sign_out.get_attribute("href").startswith(
        f"{single_sign_on.issuer}/session/end?client_id=improvement-board"
    )
    visitor.goto("/", check=False)
    assert visitor.page.url.startswith(visitor.url("/accounts/login/"))

    # A returning sign-in, in a new browser: the same account, no other made.
    context = browser.new_context()
    page = context.new_page()
    page.set_default_timeout(15_000)
    returning = type(visitor)(page, visitor.base_url, visitor.journey + "-returning")
    sign_in_at_provider(returning, "alice", check_login_page=False)
    assert "Alice Smith" in page.locator("header").inner_text()
    assert User.objects.count() == 1
    assert AuditEvent.objects.filter(kind="login", user=alice).count() == 2
    context.close()


def test_someone_with_no_account_is_told_to_ask_for_access(single_sign_on, alice, visitor):
    sign_in_at_provider(visitor, "dan")
    assert heading(visitor) == "You do not have access to Improvement Board yet."
    assert "Ask your plan manager for access" in visitor.page.content()
    visitor.check("no account")
    assert visitor.page.goto(visitor.url("/")).url.startswith(visitor.url("/accounts/login/"))
    assert refusals("no account with this email")[0].username == "dan.green@example.org"
    assert not User.objects.filter(email="dan.green@example.org").exists()


def test_by_setting_a_new_person_waits_for_approval(single_sign_on, alice, visitor, settings):
    settings.OIDC_UNKNOWN_USERS = "await_approval"
    sign_in_at_provider(visitor, "dan")
    assert heading(visitor) == "Your account is waiting for approval."
    visitor.check("awaiting approval")
    dan = User.objects.get(email="dan.green@example.org")
    assert not dan.is_active and dan.get_full_name() == "Dan Green"
    assert not dan.groups.exists()

    # Again before approval: still waiting, and no second account.
    sign_in_at_provider(visitor, "dan", check_login_page=False)
    assert heading(visitor) == "Your account is waiting for approval."
    assert User.objects.filter(email="dan.green@example.org").count() == 1

    dan.is_active = True
    dan.save()
    dan.groups.add(Group.objects.get_or_create(name=Role.BOARD_MEMBER.value)[0])
    Plan.objects.get().members.add(dan)
    sign_in_at_provider(visitor, "dan", check_login_page=False)
    assert "Dan Green" in visitor.page.locator("header").inner_text()


def test_a_closed_account_is_refused(single_sign_on, visitor):
    UserFactory(username="cwhite", email="carol.white@example.org", is_active=False)
    # It had been used before it was closed.
    User.objects.filter(username="cwhite").update(last_login="2026-01-05T09:00:00Z")
    sign_in_at_provider(visitor, "carol")
    assert heading(visitor) == "This account has been closed."
    visitor.check("closed account")
    assert refusals("account inactive")[0].username == "carol.white@example.org"
    assert not AuditEvent.objects.filter(kind="login").exists()


def test_an_account_the_provider_does_not_know_gets_no_further(single_sign_on, visitor):
    # A leaver disabled at the provider: the provider refuses; nobody is signed in here.
    sign_in_at_provider(visitor, "mallory")
    assert visitor.page.url.startswith(single_sign_on.issuer)
    assert not AuditEvent.objects.filter(kind="login").exists()
    assert visitor.page.goto(visitor.url("/")).url.startswith(visitor.url("/accounts/login/"))


def test_an_email_the_provider_has_not_verified_is_refused(single_sign_on, visitor):
    UserFactory(username="bjones", email="bob.jones@example.org")
    sign_in_at_provider(visitor, "bob")
    assert heading(visitor) == "Your organisation's account has no verified email address."
    visitor.check("unverified email")
    assert refusals("email not verified")[0].username == "bob.jones@example.org"
    assert not AuditEvent.objects.filter(kind="login").exists()


@pytest.mark.parametrize(
    "changes, detail",
    [
        ({"aud": "another-service"}, "ID token is for another client"),
        ({"nonce": "forged-nonce"}, "ID token nonce does not match"),
        ({"exp_offset": -7200}, "ID token expired"),
        ({"iss": "https://login.example.net/other"}, "ID token from another issuer"),
    ],
    ids=["wrong-audience", "wrong-nonce", "expired", "wrong-issuer"],
)
def test_a_bad_id_token_is_refused_and_audited(single_sign_on, alice, visitor, changes, detail):
    single_sign_on.next_id_token(**changes)
    sign_in_at_provider(visitor, "alice")
    assert heading(visitor) == "We could not sign you in with your organisation's account."
    assert "Nothing has been changed" in visitor.page.content()
    assert len(refusals(detail)) == 1
    assert not AuditEvent.objects.filter(kind="login").exists()
    alice.refresh_from_db()
    assert alice.first_name == "A."
    # The same person straight after, with a good token, gets in.
    sign_in_at_provider(visitor, "alice", check_login_page=False)
    assert "Alice Smith" in visitor.page.locator("header").inner_text()


def test_a_forged_state_is_refused(single_sign_on, alice, visitor):
    response = visitor.page.goto(visitor.url(f"{CALLBACK}?code=stolen-code&state=forged"))
    assert response.status == 400
    assert heading(visitor) == "We could not sign you in with your organisation's account."
    assert refusals("state unknown")
    assert not AuditEvent.objects.filter(kind="login").exists()
