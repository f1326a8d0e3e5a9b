import pytest
from django.core.cache import caches

from improvement_board.roles import Role

from .factories import PlanFactory, UserFactory
from .static_files import forget_static_files_table, keep_static_files_table


@pytest.fixture(autouse=True, scope="session")
def static_files_read_once():
    # Each test client's middleware would otherwise walk every collected static file.
    keep_static_files_table()
    yield
    forget_static_files_table()


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # Real hashing is deliberately slow; tests create many users.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def empty_page_cache():
    # Each test's database starts afresh (and SQLite reuses ids), so no page kept by an
    # earlier test may be served to this one.
    caches["pages"].clear()


@pytest.fixture
def plan_manager(db):
    return UserFactory(username="pm", role=Role.PLAN_MANAGER, job_title="Assistant Director")


@pytest.fixture
def action_owner(db):
    return UserFactory(username="owner", role=Role.ACTION_OWNER, job_title="Head of Service")


@pytest.fixture
def board_member(db):
    return UserFactory(username="board", role=Role.BOARD_MEMBER)


@pytest.fixture
def outsider(db):
    """A signed-in user who belongs to no plan."""
    return UserFactory(username="outsider", role=Role.BOARD_MEMBER)


@pytest.fixture
def plan(plan_manager, action_owner, board_member):
    return PlanFactory(members=[plan_manager, action_owner, board_member])


@pytest.fixture
def client_for():
    """A signed-in test client for a person: ``client_for(user)``."""
    from django.test import Client

    def make(user) -> "Client":
        client = Client()
        client.force_login(user)
        return client

    return make
