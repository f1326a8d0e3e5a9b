import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.sessions.backends.db import SessionStore
from django.urls import NoReverseMatch, reverse

from bench import views


def test_reference_pages_are_not_served_outside_a_benchmark_run():
    with pytest.raises(NoReverseMatch):
        reverse("bench:baseline")


@pytest.mark.django_db
def test_baseline_asks_anonymous_people_to_sign_in(rf):
    request = rf.get("/bench/baseline/")
    request.user = AnonymousUser()

    response = views.baseline(request)

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def signed_in(rf, user):
    request = rf.get("/bench/")
    request.user = user
    request.session = SessionStore()
    return request


@pytest.mark.django_db
def test_baseline_is_a_small_page_for_the_signed_in_person(rf, board_member):
    response = views.baseline(signed_in(rf, board_member))

    assert response.status_code == 200
    assert f"Signed in as {board_member.username}" in response.content.decode()
    assert len(response.content) < 500


@pytest.mark.django_db
def test_layout_is_the_page_layout_with_the_person_named(rf, board_member):
    response = views.layout(signed_in(rf, board_member))

    assert response.status_code == 200
    html = response.content.decode()
    assert board_member.get_full_name() in html
    assert "govuk-template__body" in html
