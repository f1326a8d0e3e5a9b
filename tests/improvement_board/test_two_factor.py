"""Two-step verification for local accounts: enrolment, codes, recovery codes, lockout."""

import time

import pytest
from django.contrib.auth import SESSION_KEY
from django.urls import reverse

from improvement_board import two_factor
from improvement_board.models import AuditEvent
from tests.factories import UserFactory
from tests.urls import plan_url

pytestmark = pytest.mark.django_db
LOGIN = reverse("login")
VERIFY = reverse("two_factor_verify")
RECOVERY = reverse("two_factor_recovery")
SETUP = reverse("two_factor_setup")
PASSWORD = "correct-horse-battery"
KEY = "3132333435363738393031323334353637383930"


def sign_in(client, username, password=PASSWORD):
    return client.post(LOGIN, {"username": username, "password": password})


def signed_in(client) -> bool:
    return SESSION_KEY in client.session


def with_app(user, key=KEY) -> list[str]:
    """Sets up an authenticator app as the setup page would; returns the recovery codes.

    The code used to set it up is spent, as a real app's would be."""
    codes = two_factor.two_factor_enable(
        user=user, key_hex=key, code=two_factor.code_for_key(key, at=time.time() - 30)
    )
    assert codes is not None
    return codes


def failures(username, detail_contains=""):
    return AuditEvent.objects.filter(
        kind="login_failed", username=username, detail__contains=detail_contains
    ).count()


def test_a_plan_manager_sets_up_an_app_at_first_sign_in(client, plan_manager, plan):
    response = sign_in(client, "pm")
    assert response.status_code == 302 and response.url == SETUP
    assert not signed_in(client)
    assert client.get(plan_url("reports:dashboard")).status_code == 302

    page = client.get(SETUP)
    html = page.content.decode()
    assert "Set up two-step verification" in html and "<svg" in html
    key = client.session[two_factor.SETUP_KEY]
    assert two_factor.setup_secret(key) in html

    wrong = client.post(SETUP, {"code": "000000"})
    assert wrong.status_code == 400
    assert "There is a problem" in wrong.content.decode()
    assert 'value="000000"' in wrong.content.decode()
    assert not signed_in(client)
    assert failures("pm", "setup code wrong") == 1

    response = client.post(SETUP, {"code": two_factor.code_for_key(key)})
    assert response.status_code == 302 and response.url == reverse("two_factor_recovery_codes")
    assert signed_in(client)
    codes_page = client.get(response.url).content.decode()
    assert "Save your recovery codes" in codes_page
    assert codes_page.count("<code>") == two_factor.RECOVERY_CODE_COUNT
    # Shown once only.
    assert "Save your recovery codes" not in client.get(response.url).content.decode()
    kinds = list(AuditEvent.objects.filter(user=plan_manager).values_list("kind", flat=True))
    assert "mfa_on" in kinds and "login" in kinds


def test_a_board_member_without_an_app_signs_in_with_a_password(client, board_member, plan):
    response = sign_in(client, "board")
    assert response.status_code == 302 and response.url == reverse("actions:signed_in")
    assert signed_in(client)


def test_with_an_app_the_code_is_asked_for_before_anyone_is_signed_in(client, board_member):
    with_app(board_member)
    response = sign_in(client, "board")
    assert response.url == VERIFY
    assert not signed_in(client)

    response = client.post(VERIFY, {"code": two_factor.code_for_key(KEY)})
    assert response.status_code == 302
    assert signed_in(client)
    assert AuditEvent.objects.filter(kind="login", user=board_member).count() == 1


def test_a_code_one_step_either_side_is_accepted(client, board_member):
    with_app(board_member)
    sign_in(client, "board")
    late = two_factor.code_for_key(KEY, at=time.time() + 30)
    assert client.post(VERIFY, {"code": late}).status_code == 302
    assert signed_in(client)


# Two or more steps off (a code computed just before a step ends is still three off
# the step after, or two).
@pytest.mark.parametrize("steps", [-3, -2, 3])
def test_a_code_further_off_is_refused_and_audited(client, board_member, steps):
    with_app(board_member, key="ab" * 20)
    sign_in(client, "board")
    code = two_factor.code_for_key("ab" * 20, at=time.time() + 30 * steps)
    response = client.post(VERIFY, {"code": code})
    assert response.status_code == 400
    assert "Enter the 6-digit code your authenticator app shows now" in response.content.decode()
    assert not signed_in(client)
    assert failures("board", "wrong code") == 1


def test_a_code_used_once_is_refused_the_second_time(client, board_member):
    with_app(board_member)
    code = two_factor.code_for_key(KEY)
    sign_in(client, "board")
    assert client.post(VERIFY, {"code": code}).status_code == 302
    client.post(reverse("logout"))

    sign_in(client, "board")
    response = client.post(VERIFY, {"code": code})
    assert response.status_code == 400
    assert not signed_in(client)
    assert failures("board", "code already used") == 1


def test_a_code_that_is_not_six_digits_gets_a_clear_message(client, board_member):
    with_app(board_member)
    sign_in(client, "board")
    response = client.post(VERIFY, {"code": "12ab"})
    assert response.status_code == 400
    assert "The code must be 6 digits" in response.content.decode()


def test_wrong_codes_count_towards_the_lockout(client, board_member, settings):
    settings.AXES_FAILURE_LIMIT = 3
    with_app(board_member)
    sign_in(client, "board")
    assert client.post(VERIFY, {"code": "000000"}).status_code == 400
    assert client.post(VERIFY, {"code": "000001"}).status_code == 400
    response = client.post(VERIFY, {"code": "000002"})
    assert response.status_code == 429
    assert "Too many sign-in attempts" in response.content.decode()
    assert AuditEvent.objects.filter(kind="lockout", username="board").exists()
    # The password is refused now too, and so is the right code.
    assert sign_in(client, "board").status_code == 429
    assert client.post(VERIFY, {"code": two_factor.code_for_key(KEY)}).status_code == 302
    assert not signed_in(client)


def test_password_failures_and_code_failures_add_up(client, board_member, settings):
    settings.AXES_FAILURE_LIMIT = 3
    with_app(board_member)
    sign_in(client, "board", "wrong-password")
    sign_in(client, "board", "wrong-password")
    sign_in(client, "board")
    response = client.post(VERIFY, {"code": "000000"})
    assert response.status_code == 429


def test_a_recovery_code_works_once(client, board_member):
    codes = with_app(board_member)
    sign_in(client, "board")
    response = client.post(RECOVERY, {"code": codes[0].upper()})
    assert response.status_code == 302
    assert signed_in(client)
    assert AuditEvent.objects.filter(kind="recovery_code_used", detail="9 left").exists()
    client.post(reverse("logout"))

    sign_in(client, "board")
    response = client.post(RECOVERY, {"code": codes[0]})
    assert response.status_code == 400
    assert "has been used" in response.content.decode()
    assert failures("board", "wrong recovery code") == 1


def test_a_pending_sign_in_lapses_after_five_minutes(client, board_member):
    with_app(board_member)
    sign_in(client, "board")
    session = client.session
    session[two_factor.PENDING_AT] = time.time() - two_factor.PENDING_SECONDS - 1
    session.save()
    response = client.post(VERIFY, {"code": two_factor.code_for_key(KEY)})
    assert response.status_code == 302 and response.url == LOGIN
    assert not signed_in(client)
    assert "Your sign-in timed out" in client.get(LOGIN).content.decode()


def test_plan_managers_cannot_turn_it_off_others_can(client, plan_manager, board_member):
    with_app(plan_manager)
    with_app(board_member, key="cd" * 20)
    client.force_login(plan_manager)
    assert client.post(reverse("two_factor_turn_off")).status_code == 403
    assert two_factor.totp_device(plan_manager) is not None

    client.force_login(board_member)
    page = client.get(reverse("account_security")).content.decode()
    assert "Turn off two-step verification" in page
    assert client.post(reverse("two_factor_turn_off")).status_code == 302
    assert two_factor.totp_device(board_member) is None
    assert two_factor.recovery_codes_left(board_member) == 0
    assert AuditEvent.objects.filter(kind="mfa_off", user=board_member).exists()


def test_new_recovery_codes_replace_the_old_ones(client, board_member):
    old = with_app(board_member)
    client.force_login(board_member)
    response = client.post(reverse("two_factor_recovery_codes"))
    new_page = client.get(response.url).content.decode()
    assert all(code not in new_page for code in old)
    assert two_factor.recovery_codes_left(board_member) == two_factor.RECOVERY_CODE_COUNT
    assert AuditEvent.objects.filter(kind="recovery_codes", user=board_member).exists()


def test_with_local_passwords_off_only_the_superuser_signs_in(client, board_member, settings):
    settings.LOCAL_PASSWORD_SIGN_IN = False
    settings.OIDC_ISSUER = "https://login.example.org/tenant/v2.0"
    admin = UserFactory(username="admin", is_superuser=True, is_staff=True)
    page = client.get(LOGIN).content.decode()
    assert "Emergency administrator sign-in" in page
    response = sign_in(client, "board")
    assert response.status_code == 200
    assert "Enter a correct username and password" in response.content.decode()
    assert not signed_in(client)
    # The superuser gets in, by way of the second step it must have.
    assert sign_in(client, "admin").url == SETUP
    client.get(SETUP)
    assert (
        client.post(
            SETUP, {"code": two_factor.code_for_key(client.session[two_factor.SETUP_KEY])}
        ).status_code
        == 302
    )
    assert client.session[SESSION_KEY] == str(admin.pk)


def test_the_admin_sign_in_page_sends_people_to_the_service_sign_in(client):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response.url == LOGIN + "?next=/admin/"


def test_managers_need_no_second_step_when_the_setting_is_off(client, plan_manager, settings):
    settings.MFA_REQUIRED_FOR_MANAGERS = False
    assert sign_in(client, "pm").url == reverse("actions:signed_in")


def test_moving_to_a_new_phone_needs_a_code_from_the_old_one(client, board_member):
    with_app(board_member)
    client.force_login(board_member)
    client.get(SETUP)
    new_key = client.session[two_factor.SETUP_KEY]
    new_code = two_factor.code_for_key(new_key)

    response = client.post(SETUP, {"current_code": "000000", "code": new_code})
    assert response.status_code == 400
    assert "Enter the 6-digit code the app you use now shows" in response.content.decode()
    assert two_factor.totp_device(board_member).key == KEY
    assert failures("board", "moving the app refused: wrong code") == 1

    response = client.post(SETUP, {"current_code": two_factor.code_for_key(KEY), "code": new_code})
    assert response.status_code == 302
    assert two_factor.totp_device(board_member).key == new_key
