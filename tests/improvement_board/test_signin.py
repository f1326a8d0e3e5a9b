import datetime
import time

import pytest
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from improvement_board.middleware import RENEWED_AT, SIGNED_IN_AT
from improvement_board.models import AuditEvent
from tests.urls import plan_url

pytestmark = pytest.mark.django_db
LOGIN = reverse("login")
PASSWORD = "correct-horse-battery"


def sign_in(client, username, password=PASSWORD):
    return client.post(LOGIN, {"username": username, "password": password})


def test_signing_in_rotates_the_session_key_and_is_audited(client, board_member, plan):
    client.get(LOGIN)
    before = client.cookies.get("sessionid")
    response = sign_in(client, "board")
    assert response.status_code == 302
    after = client.cookies["sessionid"].value
    assert before is None or before.value != after
    event = AuditEvent.objects.get(kind="login")
    assert event.user == board_member
    assert event.ip_address == "127.0.0.1"


def test_a_wrong_password_is_refused_with_a_message_and_audited(client, board_member):
    response = sign_in(client, "board", "wrong-password")
    assert response.status_code == 200
    assert "Enter a correct username and password" in response.content.decode()
    assert AuditEvent.objects.filter(kind="login_failed", username="board").count() == 1


def test_ten_failures_lock_the_account_from_that_address(client, board_member, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "board", "wrong-password")
    response = sign_in(client, "board")  # even the right password is refused now
    assert response.status_code == 429
    html = response.content.decode()
    assert "Too many sign-in attempts" in html
    assert "Wait 5 minutes" in html
    assert SESSION_KEY not in client.session
    assert AuditEvent.objects.filter(kind="lockout", username="board").exists()


def test_the_lockout_is_per_account_and_address(client, board_member, action_owner, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "board", "wrong-password")
    assert sign_in(client, "owner").status_code == 302
    response = client.post(
        LOGIN, {"username": "board", "password": PASSWORD}, REMOTE_ADDR="10.0.0.2"
    )
    assert response.status_code == 302


def test_nine_failures_do_not_lock(client, board_member, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        sign_in(client, "board", "wrong-password")
    assert sign_in(client, "board").status_code == 302


def test_signing_out_ends_the_session_on_the_server(client, board_member, plan):
    sign_in(client, "board")
    session_key = client.session.session_key
    client.post(reverse("logout"))
    from django.contrib.sessions.models import Session

    assert not Session.objects.filter(session_key=session_key).exists()
    assert client.get(plan_url("reports:dashboard")).status_code == 302


def test_a_deactivated_user_is_out_on_the_next_request(client, board_member, plan):
    client.force_login(board_member)
    assert client.get(plan_url("reports:dashboard")).status_code == 200
    board_member.is_active = False
    board_member.save()
    response = client.get(plan_url("reports:dashboard"))
    assert response.status_code == 302
    assert response.url.startswith(LOGIN)


def test_sessions_end_after_idle_time_and_at_most_twelve_hours(
    client, board_member, plan, settings
):
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_RENEW_SECONDS == 60
    client.force_login(board_member)
    session = client.session
    session[SIGNED_IN_AT] = time.time() - 12 * 3600 - 1
    session.save()
    response = client.get(plan_url("reports:dashboard"))
    assert response.status_code == 302
    assert response.url.startswith(LOGIN)
    assert SESSION_KEY not in client.session


def session_row(client) -> Session:
    return Session.objects.get(session_key=client.session.session_key)


def session_writes(queries) -> list[str]:
    return [
        q["sql"]
        for q in queries
        if "django_session" in q["sql"] and not q["sql"].lstrip().upper().startswith("SELECT")
    ]


def test_reading_pages_writes_the_session_at_most_once_a_minute(client, board_member, plan):
    client.force_login(board_member)  # saves the new session: its idle time starts
    started = session_row(client).expire_date
    with CaptureQueriesContext(connection) as reads:
        for _ in range(3):
            assert client.get(plan_url("reports:dashboard")).status_code == 200
    assert session_writes(reads.captured_queries) == []
    assert session_row(client).expire_date == started


def test_a_request_a_minute_after_the_last_renewal_pushes_the_idle_limit_back(
    client, board_member, plan, settings
):
    client.force_login(board_member)
    session = client.session
    session[RENEWED_AT] = time.time() - settings.SESSION_RENEW_SECONDS
    session.save()
    before = session_row(client).expire_date

    response = client.get(plan_url("reports:dashboard"))

    assert response.status_code == 200
    after = session_row(client).expire_date
    assert after > before
    assert after >= timezone.now() + datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE - 5)
    assert int(response.cookies["sessionid"]["max-age"]) == settings.SESSION_COOKIE_AGE


def test_a_session_idle_past_its_limit_is_signed_out(client, board_member, plan):
    client.force_login(board_member)
    Session.objects.filter(session_key=client.session.session_key).update(
        expire_date=timezone.now() - datetime.timedelta(seconds=1)
    )
    response = client.get(plan_url("reports:dashboard"))
    assert response.status_code == 302
    assert response.url.startswith(LOGIN)


def test_session_cookie_flags(client, board_member, plan, settings):
    response = sign_in(client, "board")
    cookie = response.cookies["sessionid"]
    assert cookie["httponly"]
    assert cookie["secure"]
    assert cookie["samesite"] == "Lax"
    assert int(cookie["max-age"]) == settings.SESSION_COOKIE_AGE


def test_passwords_need_twelve_characters_and_not_a_common_one(board_member):
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="at least 12 characters"):
        validate_password("Sh0rt-pass!", board_member)
    with pytest.raises(ValidationError, match="too common"):
        validate_password("password1234", board_member)
    validate_password("lantern-orchard-vessel", board_member)


def test_the_csrf_cookie_is_not_readable_by_scripts(client):
    response = client.get(reverse("login"))
    assert response.cookies["csrftoken"]["httponly"]


@pytest.mark.parametrize(
    "forwarded_for",
    # nginx's $remote_addr, or $proxy_add_x_forwarded_for after a browser sent its own.
    ["81.2.69.160", "10.9.9.9, 81.2.69.160"],
)
def test_behind_the_councils_proxy_the_browsers_address_is_audited_and_locked(
    client, board_member, plan, settings, forwarded_for
):
    settings.TRUSTED_PROXY_COUNT = 1
    behind_proxy = {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": forwarded_for}
    client.post(LOGIN, {"username": "board", "password": PASSWORD}, **behind_proxy)
    assert AuditEvent.objects.get(kind="login").ip_address == "81.2.69.160"
    client.post(reverse("logout"))

    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(LOGIN, {"username": "board", "password": "wrong"}, **behind_proxy)
    assert (
        client.post(LOGIN, {"username": "board", "password": PASSWORD}, **behind_proxy).status_code
        == 429
    )
    # Someone else, through the same proxy, is not locked out with them.
    elsewhere = {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "81.2.69.161"}
    response = client.post(LOGIN, {"username": "board", "password": PASSWORD}, **elsewhere)
    assert response.status_code == 302
