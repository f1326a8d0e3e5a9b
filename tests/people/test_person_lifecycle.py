"""Deactivating a leaver, reactivating them, activating a placeholder an import made, and
the set-password link."""

import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from actions.models import Rating
from improvement_board.models import AuditEvent, User
from people.models import Deactivation
from tests.factories import ActionFactory, SectionFactory, UserFactory

pytestmark = pytest.mark.django_db


def url(name: str, person) -> str:
    return reverse(f"people:{name}", args=[person.pk])


def people_events() -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(kind=AuditEvent.Kind.PEOPLE).order_by("pk"))


@pytest.fixture
def placeholder(council_a):
    """As an import makes one: inactive, no password, no email, never signed in."""
    user = User(username="head-of-service-mash", first_name="Head of Service, MASH")
    user.is_active = False
    user.set_unusable_password()
    user.save()
    council_a.members.add(user)
    return user


# --- Deactivating ----------------------------------------------------------------------


def test_deactivating_a_leaver_keeps_their_plans_and_lists_their_open_actions(
    manager_client, action_owner, council_a, plan_manager
):
    section = SectionFactory(plan=council_a)
    open_action = ActionFactory(section=section, lead=action_owner, title="Audit MASH referrals")
    ActionFactory(section=section, lead=action_owner, rating=Rating.BLUE, title="Finished one")
    page = manager_client.get(url("deactivate", action_owner))
    html = page.content.decode()
    assert "Audit MASH referrals" in html
    assert "Finished one" not in html
    assert reverse("plan_files:placeholders", args=[council_a.slug]) in html
    assert page.context["open_actions"][0]["actions"] == [open_action]

    response = manager_client.post(url("deactivate", action_owner))
    assert response.status_code == 302
    action_owner.refresh_from_db()
    assert not action_owner.is_active
    assert list(action_owner.plans.all()) == [council_a]
    assert Deactivation.objects.get(user=action_owner).deactivated_by == plan_manager
    (event,) = people_events()
    assert event.detail == f"{action_owner.get_full_name()} (owner) deactivated"
    listed = manager_client.get(reverse("people:list"), {"status": "deactivated"})
    assert [p.username for p in listed.context["page"].object_list] == ["owner"]


def test_a_deactivated_person_can_no_longer_sign_in(client, manager_client, action_owner):
    manager_client.post(url("deactivate", action_owner))
    assert not client.login(username="owner", password="correct-horse-battery")


def test_a_manager_cannot_deactivate_themselves(manager_client, plan_manager):
    assert (
        "You cannot deactivate your own account"
        in manager_client.get(url("deactivate", plan_manager)).content.decode()
    )
    response = manager_client.post(url("deactivate", plan_manager))
    assert response.status_code == 400
    assert "You cannot deactivate your own account" in response.content.decode()
    plan_manager.refresh_from_db()
    assert plan_manager.is_active
    assert people_events() == []


def test_a_manager_cannot_deactivate_a_superuser(manager_client, council_a):
    root = UserFactory(username="root", is_superuser=True)
    council_a.members.add(root)
    assert manager_client.post(url("deactivate", root)).status_code == 403
    root.refresh_from_db()
    assert root.is_active


def test_another_councils_person_cannot_be_deactivated(manager_client, council_b, council_b_owner):
    assert manager_client.post(url("deactivate", council_b_owner)).status_code == 404
    council_b_owner.refresh_from_db()
    assert council_b_owner.is_active


# --- Reactivating and activating -------------------------------------------------------


def test_a_leaver_is_reactivated(manager_client, action_owner):
    manager_client.post(url("deactivate", action_owner))
    response = manager_client.post(url("activate", action_owner), {"email": action_owner.email})
    assert response.status_code == 302
    action_owner.refresh_from_db()
    assert action_owner.is_active
    assert not Deactivation.objects.filter(user=action_owner).exists()
    assert "reactivated" in people_events()[1].detail


def test_a_placeholder_is_activated_with_an_email_address(manager_client, placeholder, council_a):
    section = SectionFactory(plan=council_a)
    action = ActionFactory(section=section, lead=placeholder)
    page = manager_client.get(url("activate", placeholder)).content.decode()
    assert "An import named" in page
    response = manager_client.post(
        url("activate", placeholder), {"email": "mash.lead@exampleshire.gov.uk"}, follow=True
    )
    assert response.status_code == 200
    placeholder.refresh_from_db()
    assert placeholder.is_active
    assert placeholder.email == "mash.lead@exampleshire.gov.uk"
    action.refresh_from_db()
    assert action.lead == placeholder  # their actions stay theirs
    activated, link_sent = people_events()
    assert "activated (was a placeholder)" in activated.detail
    assert "set-password link sent" in link_sent.detail
    (message,) = mail.outbox
    assert message.to == ["mash.lead@exampleshire.gov.uk"]


def test_a_placeholders_page_links_to_handing_on_their_actions(
    manager_client, placeholder, council_a
):
    html = manager_client.get(url("edit", placeholder)).content.decode()
    assert reverse("plan_files:placeholders", args=[council_a.slug]) in html
    assert reverse("people:activate", args=[placeholder.pk]) in html


def test_a_placeholder_needs_an_email_address(manager_client, placeholder):
    response = manager_client.post(url("activate", placeholder), {"email": ""})
    assert response.status_code == 400
    assert "There is a problem" in response.content.decode()
    placeholder.refresh_from_db()
    assert not placeholder.is_active


def test_a_placeholder_is_not_given_an_address_in_use(manager_client, placeholder, board_member):
    response = manager_client.post(url("activate", placeholder), {"email": board_member.email})
    assert response.status_code == 400
    assert "An account with the email address" in response.content.decode()
    assert board_member.email in response.content.decode()
    placeholder.refresh_from_db()
    assert not placeholder.is_active


def test_the_list_shows_a_placeholder_as_one(manager_client, placeholder):
    listed = manager_client.get(reverse("people:list"), {"status": "placeholder"})
    assert [p.username for p in listed.context["page"].object_list] == [placeholder.username]


def test_an_account_closed_before_it_was_used_is_not_shown_as_a_placeholder(
    manager_client, council_a
):
    added = UserFactory(username="added-by-mistake", last_login=None)
    council_a.members.add(added)
    manager_client.post(url("deactivate", added))
    listed = manager_client.get(reverse("people:list"), {"status": "deactivated"})
    assert [p.username for p in listed.context["page"].object_list] == ["added-by-mistake"]


# --- Setting a password with the link --------------------------------------------------


def link_path(message) -> str:
    """The path of the set-password link in an email."""
    return urlsplit(re.search(r"http\S+/people/set-password/\S+/", message.body).group(0)).path


def test_the_link_sets_a_password_once(client, manager_client, council_a):
    manager_client.post(
        reverse("people:add"),
        {"first_name": "Kwame", "last_name": "Mensah", "email": "k.mensah@exampleshire.gov.uk"},
    )
    path = link_path(mail.outbox[0])
    client.logout()
    page = client.get(path, follow=True)
    assert "Set your password" in page.content.decode()
    password = "a-long-kingfisher-evening"
    response = client.post(
        page.redirect_chain[-1][0], {"new_password1": password, "new_password2": password}
    )
    assert response.status_code == 302
    assert response.url == reverse("login")
    person = User.objects.get(email="k.mensah@exampleshire.gov.uk")
    assert person.check_password(password)
    assert "set their password with a link" in people_events()[-1].detail
    again = client.get(path, follow=True)
    assert "This link no longer works" in again.content.decode()


def test_the_link_does_not_open_a_deactivated_account(client, manager_client, action_owner):
    manager_client.post(url("password_link", action_owner))
    path = link_path(mail.outbox[0])
    manager_client.post(url("deactivate", action_owner))
    client.logout()
    assert "This link no longer works" in client.get(path, follow=True).content.decode()


def test_a_new_link_can_be_sent(manager_client, action_owner):
    response = manager_client.post(url("password_link", action_owner))
    assert response.status_code == 302
    (message,) = mail.outbox
    assert message.to == [action_owner.email]
    assert "set-password link sent" in people_events()[-1].detail


def test_no_link_is_sent_where_only_single_sign_on_lets_people_in(
    manager_client, action_owner, settings
):
    settings.OIDC_ISSUER = "https://login.example.org/tenant/v2.0"
    settings.LOCAL_PASSWORD_SIGN_IN = False
    manager_client.post(url("password_link", action_owner))
    assert mail.outbox == []
    assert people_events() == []


# --- Who may -----------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["deactivate", "activate", "password_link"])
@pytest.mark.parametrize("who", ["action_owner", "board_member"])
def test_non_managers_are_refused(client, council_a, plan_manager, name, who, request):
    client.force_login(request.getfixturevalue(who))
    assert client.post(url(name, plan_manager), {"email": "x@example.org"}).status_code == 403
    plan_manager.refresh_from_db()
    assert plan_manager.is_active
    assert people_events() == []
    assert mail.outbox == []


def test_last_sign_in_is_shown(manager_client, action_owner):
    action_owner.last_login = timezone.make_aware(timezone.datetime(2020, 4, 23, 9, 15))
    action_owner.save()
    assert "23 Apr 2020 09:15" in manager_client.get(reverse("people:list")).content.decode()
