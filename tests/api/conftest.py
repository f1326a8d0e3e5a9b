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
