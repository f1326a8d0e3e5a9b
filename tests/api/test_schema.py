"""The whole API against its own OpenAPI schema, with Schemathesis: every operation, with
valid and invalid parameters and methods, must answer without a server error and with a
status, content type, headers and body that the schema allows.

The plan in the path is replaced by one the token may read for valid cases, so the
responses checked hold real records (actions, updates, indicators and their values).
"""

import datetime

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, settings
from schemathesis.config import SchemathesisConfig

from actions.models import Rating
from tests.factories import AssuranceEventFactory, IndicatorFactory, IndicatorValueFactory
from tests.reports.board_fixtures import rate
from tests.risks.factories import RiskFactory, RiskUpdateFactory

CONFIG = {
    "checks": {
        # A valid date before the plan started, or a page past the last, is refused
        # with a 400 or a 404 that says why: valid by the schema, but not accepted.
        "positive_data_acceptance": {"expected-statuses": ["2xx", "400", "404"]},
    },
}


@pytest.fixture(autouse=True)
def keep_the_test_connection():
    """Schemathesis calls the WSGI app itself, not Django's test client, so the request's
    end would close the database connection the test's transaction runs in (PostgreSQL
    then refuses the next query). The test client makes the same exception."""
    from django.core import signals
    from django.db import close_old_connections

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def readable_plan(rated_plan, meeting):
    indicator = IndicatorFactory(plan=rated_plan, name="Caseload")
    for month, value in [(2, 23), (3, 19), (4, 25)]:
        IndicatorValueFactory(
            indicator=indicator, period=datetime.date(2020, month, 1), value=value
        )
    rate(rated_plan.actions.get(reference="2.01"), datetime.date(2020, 4, 2), Rating.RED, "Late.")
    risk = RiskFactory(plan=rated_plan, reference="R1")
    RiskUpdateFactory(risk=risk, likelihood=4, impact=5)
    RiskUpdateFactory(risk=RiskFactory(plan=rated_plan, kind="issue", reference="I1"))
    AssuranceEventFactory(plan=rated_plan)
    return rated_plan


@pytest.fixture
def key(board_member):
    from api.services import api_token_create

    return api_token_create(user=board_member, name="Schemathesis").key


def served_schema() -> dict:
    """The schema /api/schema/ serves, made without a request (none may reach the
    database while tests are collected)."""
    from drf_spectacular.generators import SchemaGenerator

    return SchemaGenerator().get_schema(request=None, public=True)


schema = schemathesis.openapi.from_dict(
    served_schema(), config=SchemathesisConfig.from_dict(CONFIG)
)
schema.app = get_wsgi_application()


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_the_api_keeps_to_its_schema(case, readable_plan, key, settings):
    settings.ALLOWED_HOSTS = ["localhost"]  # Schemathesis's WSGI requests name this host
    negative = case.meta is not None and case.meta.generation.mode.is_negative
    if case.path_parameters and "slug" in case.path_parameters and not negative:
        case.path_parameters["slug"] = readable_plan.slug
    case.call_and_validate(headers={"Authorization": f"Token {key}"})


@pytest.mark.django_db
def test_the_schema_tested_is_the_one_served(client):
    served = client.get("/api/schema/?format=json")
    assert served.status_code == 200
    assert served.json() == served_schema()
    paths = set(served.json()["paths"])
    assert {"/api/plans/", "/api/plans/{slug}/actions/", "/api/plans/{slug}/summary/"} <= paths
    assert {"/api/plans/{slug}/risks/", "/api/plans/{slug}/assurance-events/"} <= paths
