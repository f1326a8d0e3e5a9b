import pytest
from django.urls import reverse

from tests.factories import ActionFactory, SectionFactory
from tests.urls import plan_url

pytestmark = pytest.mark.django_db

CSP_DIRECTIVES = [
    "default-src 'self'",
    "script-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'self'",
]


def assert_security_headers(response):
    csp = response["Content-Security-Policy"]
    for directive in CSP_DIRECTIVES:
        assert directive in csp
    assert "unsafe-inline" not in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


def test_the_sign_in_page_has_the_security_headers(client):
    response = client.get(reverse("login"))
    assert_security_headers(response)


def test_signed_in_pages_are_not_stored(client, board_member, plan):
    action = ActionFactory(section=SectionFactory(plan=plan))
    client.force_login(board_member)
    for url in [
        plan_url("reports:dashboard"),
        action.section.get_absolute_url(),
        action.get_absolute_url(),
    ]:
        response = client.get(url)
        assert response.status_code == 200
        assert_security_headers(response)
        assert "no-store" in response["Cache-Control"]


def test_pages_carry_no_inline_script_or_style(client, board_member, plan):
    action = ActionFactory(section=SectionFactory(plan=plan))
    client.force_login(board_member)
    for url in [reverse("login"), plan_url("reports:dashboard"), action.get_absolute_url()]:
        html = client.get(url).content.decode()
        assert " style=" not in html
        assert "<style" not in html
        for chunk in html.split("<script")[1:]:
            assert chunk.lstrip().startswith(('type="module" src=', "src="))


def test_the_accessibility_statement_is_public_and_linked_from_every_page(client):
    response = client.get(reverse("accessibility"))
    assert response.status_code == 200
    assert "WCAG" in response.content.decode()
    assert reverse("accessibility") in client.get(reverse("login")).content.decode()
