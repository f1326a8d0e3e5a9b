"""Refusals and errors answer with a page in the service's style that says what happened
and what to do (the browser tests look at them; these pin what each says)."""

import pytest
from django.test import Client

from tests.factories import PlanFactory

pytestmark = pytest.mark.django_db


def test_a_refused_page_says_so_and_names_the_council(client, action_owner, plan):
    client.force_login(action_owner)
    response = client.get("/plans/")
    html = response.content.decode()
    assert response.status_code == 403
    assert "You do not have permission to see this page" in html
    assert "Only plan managers can do this." in html
    assert 'class="app-header__organisation">Exampleshire County Council<' in html


def test_a_refused_change_says_nothing_changed(client, board_member, plan):
    client.force_login(board_member)
    response = client.post(f"/plans/{plan.slug}/board-reports/new/", {})
    html = response.content.decode()
    assert response.status_code == 403
    assert "You do not have permission to do this" in html and "Nothing has been changed" in html


def test_a_missing_page_says_what_to_check(client, board_member, plan):
    client.force_login(board_member)
    response = client.get("/actions/999999/")
    assert response.status_code == 404
    assert "check you copied the entire address" in response.content.decode()


def test_someone_in_no_plan_is_told_so(client, outsider):
    client.force_login(outsider)
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "You are not a member of any plan yet" in html
    assert "Ask a plan manager to add you" in html


def test_the_council_is_not_named_for_someone_reading_several(client, board_member):
    PlanFactory(members=[board_member], organisation="Kent County Council")
    PlanFactory(members=[board_member], organisation="Medway Council")
    client.force_login(board_member)
    html = client.get("/audit/").content.decode()
    assert "app-header__organisation" not in html


def test_a_form_sent_without_its_token_explains(board_member, plan):
    client = Client(enforce_csrf_checks=True)
    client.force_login(board_member)
    response = client.post("/accounts/logout/")
    html = response.content.decode()
    assert response.status_code == 403
    assert "Your form could not be sent" in html and "Nothing was saved" in html


def test_a_buttons_address_opened_as_a_link_explains(client, plan_manager, plan):
    client.force_login(plan_manager)
    response = client.get("/accounts/logout/")
    assert response.status_code == 405
    assert "POST" in response["Allow"].split(", ")
    assert "This address is for a button, not a link" in response.content.decode()


def test_a_failure_gets_the_services_page(client, settings, plan_manager):
    settings.ROOT_URLCONF = "tests.e2e.error_urls"
    client.raise_request_exception = False
    client.force_login(plan_manager)
    response = client.get("/test-errors/500/")
    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in response.content.decode()
    response = client.get("/test-errors/400/")
    assert response.status_code == 400
    assert "Sorry, there is a problem with the request" in response.content.decode()


def test_the_favicon_is_the_services_own(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response.url.endswith(".svg")


def test_pages_without_a_plan_name_the_council_in_the_header(client, plan_manager, plan):
    client.force_login(plan_manager)
    for path in ("/plans/", "/imports/new/", "/audit/", f"/plans/{plan.slug}/board-reports/"):
        html = client.get(path).content.decode()
        assert 'class="app-header__organisation">Exampleshire County Council<' in html, path
