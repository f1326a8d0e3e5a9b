"""Two-step verification in the browser: a plan manager sets up an authenticator app at
first sign-in (the test reads the key off the page and computes the codes, as a phone
would), signs in again with a code, is refused a reused code, and uses a recovery code."""

import pytest

from improvement_board.models import AuditEvent

pytestmark = pytest.mark.django_db(transaction=True)


def sign_in_with_password(visitor, username: str):
    visitor.goto("/accounts/login/")
    visitor.page.get_by_label("Username").fill(username)
    visitor.page.get_by_label("Password", exact=True).fill("improvement-demo")
    visitor.submit("Sign in")


@pytest.mark.parametrize("visitor", [True, False], ids=["with-js", "without-js"], indirect=True)
def test_plan_manager_sets_up_and_uses_two_step_verification(demo, visitor):
    page = visitor.page
    sign_in_with_password(visitor, "manager")
    assert page.locator("h1").inner_text() == "Set up two-step verification"
    visitor.check("set up two-step verification")
    # Not signed in yet: the service's pages still send the visitor to sign in.
    visitor.goto("/", check=False)
    assert "/accounts/login/" in page.url
    page.go_back()

    # A wrong code first: a GOV.UK error summary, and the code typed kept.
    page.get_by_label("Code from your authenticator app").fill("12345")
    visitor.submit("Turn on two-step verification", check="setup code wrong length")
    assert "The code must be 6 digits" in page.locator(".govuk-error-summary").inner_text()
    assert page.get_by_label("Code from your authenticator app").input_value() == "12345"

    visitor.set_up_authenticator("manager", check=True)
    assert page.locator("h1").inner_text() == "Save your recovery codes"
    codes = page.locator("#recovery-codes code").all_inner_texts()
    assert len(codes) == 10
    visitor.follow("I have saved my recovery codes", check="my actions")
    assert "Jean Imray" in page.locator("header").inner_text()
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_load_state()

    # Signing in again: the code the app showed at setup is spent; the next one works.
    sign_in_with_password(visitor, "manager")
    assert page.locator("h1").inner_text() == "Enter your verification code"
    visitor.check("enter your verification code")
    page.get_by_label("Code from your authenticator app").fill(visitor.last_code["manager"])
    visitor.submit("Continue", check="reused code refused")
    assert "Each code works once" in page.locator(".govuk-error-summary").inner_text()
    assert AuditEvent.objects.filter(
        kind="login_failed", username="manager", detail__contains="code already used"
    ).exists()
    page.get_by_label("Code from your authenticator app").fill(
        visitor.authenticator_code("manager")
    )
    visitor.submit("Continue")
    assert "Jean Imray" in page.locator("header").inner_text()

    # Account security: the app is on, and plan managers cannot turn it off.
    visitor.follow("Account security", check="account security")
    assert "Plan managers and administrators must keep two-step verification on" in (
        page.locator("main").inner_text()
    )
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_load_state()

    # No phone to hand: a recovery code, once.
    sign_in_with_password(visitor, "manager")
    visitor.follow("I cannot use my authenticator app", check="use a recovery code")
    page.get_by_label("Recovery code").fill(codes[0])
    visitor.submit("Continue")
    assert "Jean Imray" in page.locator("header").inner_text()
    assert AuditEvent.objects.filter(kind="recovery_code_used", detail="9 left").exists()
