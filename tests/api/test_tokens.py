"""The API tokens page: a token is shown once, stored only as a hash, works until it is
revoked, and reads only what its owner may read."""

import pytest
from django.test import Client
from django.urls import reverse

from api.models import ApiToken, key_hash
from api.services import api_token_create, api_token_revoke

pytestmark = pytest.mark.django_db

PAGE = "/api/tokens/"


def test_it_sends_anonymous_users_to_sign_in(client):
    response = client.get(PAGE)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_a_new_token_is_shown_once_and_stored_only_as_a_hash(client, board_member, rated_plan):
    client.force_login(board_member)
    response = client.post(PAGE, {"name": "Power BI performance report"})
    assert response.status_code == 200
    html = response.content.decode()
    token = ApiToken.objects.get(user=board_member)
    key = html.split('id="new-token" type="text" value="')[1].split('"')[0]
    assert key.startswith("ib_") and len(key) > 40
    assert token.key_hash == key_hash(key) and key not in token.key_hash
    assert token.prefix == key[:10]
    assert "it will not be shown again" in html
    # Never again: the page lists the token by its name and first characters only.
    again = client.get(PAGE).content.decode()
    assert "Power BI performance report" in again and f"{token.prefix}…" in again
    assert key not in again
    # And it works.
    api = Client(HTTP_AUTHORIZATION=f"Token {key}")
    assert api.get("/api/plans/").json()[0]["slug"] == rated_plan.slug


def test_a_missing_or_repeated_name_is_explained_and_the_input_kept(client, board_member):
    client.force_login(board_member)
    response = client.post(PAGE, {"name": "  "})
    html = response.content.decode()
    assert "There is a problem" in html and "Enter what the token is for" in html
    api_token_create(user=board_member, name="Excel")
    response = client.post(PAGE, {"name": "excel"})
    html = response.content.decode()
    assert "You already have a token with this name" in html
    assert 'value="excel"' in html
    assert ApiToken.objects.filter(user=board_member).count() == 1


def test_a_revoked_token_gets_401_and_nothing_else(board_member, rated_plan, token_for):
    key = api_token_create(user=board_member, name="Power BI").key
    api = Client(HTTP_AUTHORIZATION=f"Token {key}")
    assert api.get(f"/api/plans/{rated_plan.slug}/actions/").status_code == 200
    api_token_revoke(token=ApiToken.objects.get(user=board_member))
    response = api.get(f"/api/plans/{rated_plan.slug}/actions/")
    assert response.status_code == 401
    assert response.json() == {"detail": "Invalid token."}
    assert response["WWW-Authenticate"] == "Token"


@pytest.mark.parametrize("header", ["Token not-a-key", "Token ", "Bearer x", "Token a b"])
def test_an_unknown_or_malformed_token_gets_401(rated_plan, header):
    response = Client(HTTP_AUTHORIZATION=header).get(f"/api/plans/{rated_plan.slug}/")
    assert response.status_code == 401
    assert set(response.json()) == {"detail"}


def test_a_deactivated_persons_token_stops_working(board_member, rated_plan, token_for):
    api = token_for(board_member)
    board_member.is_active = False
    board_member.save()
    assert api.get("/api/plans/").status_code == 401


def test_the_owner_revokes_their_token_from_the_page(client, board_member, token_for):
    api = token_for(board_member)
    token = ApiToken.objects.get(user=board_member)
    client.force_login(board_member)
    response = client.post(reverse("api:token_revoke", args=[token.pk]), follow=True)
    assert "is revoked: it no longer works" in response.content.decode()
    assert api.get("/api/plans/").status_code == 401
    token.refresh_from_db()
    assert token.is_revoked
    assert "Revoked" in client.get(PAGE).content.decode()


def test_nobody_else_can_revoke_or_see_a_token(client, board_member, plan_manager, token_for):
    api = token_for(board_member, name="Board member's workbook")
    token = ApiToken.objects.get(user=board_member)
    client.force_login(plan_manager)
    assert client.post(reverse("api:token_revoke", args=[token.pk])).status_code == 404
    assert "workbook" not in client.get(PAGE).content.decode()
    assert api.get("/api/plans/").status_code == 200
    assert client.get(reverse("api:token_revoke", args=[token.pk])).status_code == 405


def test_a_token_reads_only_its_owners_plans(outsider, rated_plan, token_for):
    api = token_for(outsider)
    assert api.get("/api/plans/").json() == []
    for path in ["", "sections/", "actions/", "updates/", "summary/", "indicators/"]:
        response = api.get(f"/api/plans/{rated_plan.slug}/{path}")
        assert response.status_code == 404, path
