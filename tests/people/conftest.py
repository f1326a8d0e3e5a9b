"""Two councils, each with its own plan and people, and people in no plan yet."""

import pytest

from improvement_board.roles import Role
from tests.factories import PlanFactory, UserFactory


@pytest.fixture
def council_a(plan_manager, action_owner, board_member):
    return PlanFactory(
        title="Exampleshire Improvement Plan",
        organisation="Exampleshire County Council",
        members=[plan_manager, action_owner, board_member],
    )


@pytest.fixture
def council_b_manager(db):
    return UserFactory(
        username="b-manager", first_name="Brenda", last_name="Okafor", role=Role.PLAN_MANAGER
    )


@pytest.fixture
def council_b_owner(db):
    return UserFactory(
        username="b-owner", first_name="Bartholomew", last_name="Ng", role=Role.ACTION_OWNER
    )


@pytest.fixture
def council_b(council_b_manager, council_b_owner):
    return PlanFactory(
        title="Otherton Children's Plan",
        organisation="Otherton Borough Council",
        members=[council_b_manager, council_b_owner],
    )


@pytest.fixture
def new_starter(db):
    return UserFactory(username="starter", first_name="Siobhán", last_name="O'Neill")


@pytest.fixture
def manager_client(client, plan_manager, council_a):
    client.force_login(plan_manager)
    return client
