"""The access matrix's rows for the people pages, checked in a small world of their own
(the matrix walks the demo plan): anonymous, deactivated, outsider, Board member, action
owner (twice, as the matrix has two), plan manager; GET and an empty POST."""

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse

from improvement_board.roles import Role
from tests.factories import UserFactory
from tests.security.test_access_matrix import NOT_PLAN_WRITES, PLAN_WRITES, POLICY

pytestmark = pytest.mark.django_db

PEOPLE_URLS = sorted(name for name in POLICY if name.startswith("people:"))


def test_every_people_url_has_a_row_and_says_whether_it_writes_a_plan():
    from tests.security.url_walk import url_names

    names = {name for name in url_names() if name.startswith("people:")}
    assert names == set(PEOPLE_URLS)
    assert names <= PLAN_WRITES | set(NOT_PLAN_WRITES)


@pytest.mark.parametrize("name", PEOPLE_URLS)
def test_the_people_rows_of_the_access_matrix_hold(
    name, council_a, plan_manager, action_owner, board_member
):
    outsider = UserFactory(username="outsider", role=Role.BOARD_MEMBER)
    deactivated = UserFactory(username="deactivated", is_active=False)
    users = [None, deactivated, outsider, board_member, action_owner, action_owner, plan_manager]
    args = ["MQ", "no-such-token"] if name == "people:set_password" else []
    if name in ("people:edit", "people:deactivate", "people:activate", "people:password_link"):
        args = [action_owner.pk]
    url = reverse(name, args=args)
    wrong = []
    for method, codes in zip(("get", "post"), POLICY[name], strict=True):
        for user, code in zip(users, codes.split(), strict=True):
            with transaction.atomic():
                client = Client()
                if user is not None:
                    client.force_login(user)
                status = getattr(client, method)(url).status_code
                if str(status) != code:
                    wrong.append(f"{method.upper()} {url} as {user}: {status}, not {code}")
                transaction.set_rollback(True)
    assert not wrong, "\n".join(wrong)
