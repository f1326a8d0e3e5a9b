import pytest
from django.test import Client

from api.services import api_token_create
from tests.reports.board_fixtures import *  # noqa: F403 - a small rated plan and its Board


@pytest.fixture
def token_for():
    """A client that sends a new token of ``user`` as ``Authorization: Token <key>``."""

    def make(user, name="Power BI") -> Client:
        key = api_token_create(user=user, name=name).key
        return Client(HTTP_AUTHORIZATION=f"Token {key}")

    return make


def pytest_collection_modifyitems(items):
    """Schemathesis names each API operation's test (``test_x[GET /api/plans/]``) but gives
    them all the function's node id; pytest-xdist hands out tests by node id, a file at a
    time, and so would run one operation of them. Each gets the id its name says."""
    for item in items:
        if type(item).__name__ != "SchemathesisFunction" or item.nodeid.endswith("]"):
            continue
        operation = item.name.removeprefix(f"{item.originalname}[").removesuffix("]")
        item._id = item.parent.id.child(item.originalname).with_params(operation)
