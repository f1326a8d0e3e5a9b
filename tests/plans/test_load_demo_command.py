"""``manage.py load_demo`` will not put the demo's accounts, which share a published
password, into a database that has real accounts, unless told it is a test copy."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.test import override_settings

from improvement_board.demo import DEMO_USERS, PLAN_SLUG
from plans.models import Plan
from tests.factories import UserFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("fast_hashing"),
]


@pytest.fixture
def fast_hashing():
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


def test_a_database_with_accounts_of_its_own_is_refused_and_left_alone():
    for username in ("a.adebayo", "b.byrne", "c.chen", "d.doyle"):
        UserFactory(username=username)

    with pytest.raises(CommandError) as refused:
        call_command("load_demo", stdout=io.StringIO())

    message = str(refused.value)
    assert "Nothing was loaded" in message
    assert "4 accounts of its own (a.adebayo, b.byrne, c.chen and others)" in message
    assert "--beside-other-accounts" in message
    assert not Plan.objects.exists()
    assert get_user_model().objects.count() == 4


def test_a_test_copy_takes_the_demo_when_told_so():
    UserFactory(username="a.adebayo")
    output = io.StringIO()

    call_command("load_demo", "--beside-other-accounts", stdout=output)

    assert Plan.objects.filter(slug=PLAN_SLUG).exists()
    assert get_user_model().objects.count() == 1 + len(DEMO_USERS)
    assert "DEMO ONLY" in output.getvalue()


def test_an_empty_database_takes_the_demo_and_loading_again_changes_nothing():
    call_command("load_demo", stdout=io.StringIO())
    # Accounts added since, as anyone trying the demo might, do not stop a second run.
    UserFactory(username="a.adebayo")
    output = io.StringIO()

    call_command("load_demo", stdout=output)

    assert "already loaded" in output.getvalue()
    assert Plan.objects.filter(slug=PLAN_SLUG).count() == 1
