"""Adding a person: their account, roles and plans, how they will sign in, and refusals."""

import pytest
from django.core import mail
from django.urls import reverse

from improvement_board.models import AuditEvent, User
from improvement_board.roles import Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ADD = reverse("people:add")


def form(**changes) -> dict:
    data = {
        "first_name": "Adaeze",
        "last_name": "Nwosu-Hartley",
        "email": "Adaeze.Nwosu-Hartley@Exampleshire.gov.uk",
        "username": "",
        "job_title": "Head of Service, Children in Care",
        "roles": [Role.ACTION_OWNER.value],
        "plans": [],
    }
    data.update(changes)
    return data


def test_a_manager_adds_a_person_to_their_plan(manager_client, council_a, plan_manager):
    response = manager_client.post(ADD, form(plans=[council_a.pk]))
    person = User.objects.get(email__iexact="Adaeze.Nwosu-Hartley@Exampleshire.gov.uk")
    assert response.status_code == 302
    assert response.url == reverse("people:edit", args=[person.pk])
    assert person.username == "adaeze.nwosu-hartley@exampleshire.gov.uk"
    assert person.is_active
    assert not person.has_usable_password()
    assert person.job_title == "Head of Service, Children in Care"
    assert list(person.groups.values_list("name", flat=True)) == [Role.ACTION_OWNER.value]
    assert list(person.plans.all()) == [council_a]
    events = AuditEvent.objects.filter(kind=AuditEvent.Kind.PEOPLE)
    assert {(event.plan, event.user) for event in events} == {
        (None, plan_manager),
        (council_a, plan_manager),
    }
    added, link_sent = [e.detail for e in events.order_by("pk") if e.plan is None]
    assert "Adaeze Nwosu-Hartley" in added
    assert "Action owner" in added
    assert "set-password link sent" in link_sent


def test_the_new_person_is_sent_a_link_to_set_their_password(manager_client, council_a):
    response = manager_client.post(ADD, form(), follow=True)
    (message,) = mail.outbox
    assert message.to == ["Adaeze.Nwosu-Hartley@exampleshire.gov.uk"]
    assert "/people/set-password/" in message.body
    assert "emailed" in response.content.decode()


def test_with_single_sign_on_only_no_link_is_sent_and_the_page_says_how(
    manager_client, council_a, settings
):
    settings.OIDC_ISSUER = "https://login.example.org/tenant/v2.0"
    settings.OIDC_PROVIDER_NAME = "Microsoft"
    settings.LOCAL_PASSWORD_SIGN_IN = False
    assert "They sign in with Microsoft" in manager_client.get(ADD).content.decode()
    response = manager_client.post(ADD, form(), follow=True)
    assert mail.outbox == []
    assert "They sign in with Microsoft, using their work account" in response.content.decode()


def test_the_page_says_how_people_sign_in_with_passwords(manager_client):
    html = manager_client.get(ADD).content.decode()
    assert "We email them a link to set their own password" in html


def test_a_username_may_be_chosen(manager_client):
    manager_client.post(ADD, form(username="anwosu"))
    assert User.objects.filter(username="anwosu").exists()


def test_an_email_address_in_use_is_refused_in_any_case(manager_client, action_owner):
    response = manager_client.post(ADD, form(email=action_owner.email.upper()))
    assert response.status_code == 400
    html = response.content.decode()
    assert "An account with the email address" in html
    assert "There is a problem" in html
    # The user's input is shown back.
    assert "Nwosu-Hartley" in html
    assert not User.objects.filter(first_name="Adaeze").exists()


def test_an_email_of_another_councils_person_is_refused_too(manager_client, council_b_owner):
    response = manager_client.post(ADD, form(email=council_b_owner.email))
    assert response.status_code == 400
    assert not User.objects.filter(first_name="Adaeze").exists()


def test_a_taken_username_is_refused(manager_client, action_owner):
    response = manager_client.post(ADD, form(username="OWNER"))
    assert response.status_code == 400
    assert "The username OWNER is taken" in response.content.decode()


def test_the_default_username_avoids_one_taken(manager_client):
    UserFactory(username="adaeze.nwosu-hartley@exampleshire.gov.uk", email="old@example.org")
    manager_client.post(ADD, form())
    person = User.objects.get(email__iexact="Adaeze.Nwosu-Hartley@Exampleshire.gov.uk")
    assert person.username == "adaeze.nwosu-hartley@exampleshire.gov.uk-2"


def test_missing_names_and_email_are_errors(manager_client):
    response = manager_client.post(ADD, form(first_name="", email=""))
    assert response.status_code == 400
    assert set(response.context["form"].errors) == {"first_name", "email"}


def test_another_councils_plan_cannot_be_chosen(manager_client, council_b):
    response = manager_client.post(ADD, form(plans=[council_b.pk]))
    assert response.status_code == 400
    assert "plans you are a member of" in response.content.decode()
    assert not User.objects.filter(first_name="Adaeze").exists()


def test_only_the_managers_plans_are_offered(manager_client, council_a, council_b):
    html = manager_client.get(ADD).content.decode()
    assert council_a.title in html
    assert council_b.title not in html


def test_a_manager_cannot_make_an_overseer(manager_client):
    html = manager_client.get(ADD).content.decode()
    assert "Overseer" not in html
    assert "Organisations they oversee" not in html
    response = manager_client.post(ADD, form(roles=[Role.OVERSEER.value]))
    assert response.status_code == 400
    assert not User.objects.filter(first_name="Adaeze").exists()


def test_a_manager_cannot_choose_organisations_overseen(manager_client, council_b):
    manager_client.post(
        ADD, form(roles=[Role.BOARD_MEMBER.value], overseen=[council_b.organisation.pk])
    )
    person = User.objects.get(first_name="Adaeze")
    assert not person.overseen_organisations.exists()


def test_a_superuser_makes_an_overseer_of_an_organisation(client, council_b):
    client.force_login(UserFactory(username="root", is_superuser=True))
    html = client.get(ADD).content.decode()
    assert "Organisations they oversee" in html
    response = client.post(
        ADD, form(roles=[Role.OVERSEER.value], overseen=[council_b.organisation.pk])
    )
    assert response.status_code == 302
    person = User.objects.get(first_name="Adaeze")
    assert list(person.overseen_organisations.all()) == [council_b.organisation]
    assert list(person.groups.values_list("name", flat=True)) == [Role.OVERSEER.value]


@pytest.mark.parametrize("write_role", [Role.PLAN_MANAGER, Role.ACTION_OWNER])
def test_an_overseer_is_never_given_a_writing_role(client, write_role):
    client.force_login(UserFactory(username="root", is_superuser=True))
    response = client.post(ADD, form(roles=[Role.OVERSEER.value, write_role.value]))
    assert response.status_code == 400
    assert "An overseer reads plans and never changes them" in response.content.decode()
    assert not User.objects.filter(first_name="Adaeze").exists()


@pytest.mark.parametrize("who", ["action_owner", "board_member"])
def test_non_managers_are_refused(client, council_a, who, request):
    client.force_login(request.getfixturevalue(who))
    assert client.get(ADD).status_code == 403
    assert client.post(ADD, form()).status_code == 403
    assert not User.objects.filter(first_name="Adaeze").exists()


def test_the_default_username_leaves_out_what_a_username_cannot_hold(manager_client):
    manager_client.post(ADD, form(email="siobhan.o'neill@exampleshire.gov.uk"))
    person = User.objects.get(first_name="Adaeze")
    assert person.username == "siobhan.oneill@exampleshire.gov.uk"
    assert person.email == "siobhan.o'neill@exampleshire.gov.uk"
