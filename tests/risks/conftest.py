import pytest
from django.test import RequestFactory

from tests.factories import ActionFactory, PlanFactory, SectionFactory


@pytest.fixture
def request_of():
    """A request made by ``user``, as the services are given it by a view."""

    def make(user):
        request = RequestFactory().post("/")
        request.user = user
        return request

    return make


@pytest.fixture
def plan_actions(plan):
    section = SectionFactory(plan=plan, title="Quality of Practice")
    return [
        ActionFactory(
            section=section,
            reference="1.02",
            title="Improve the quality and timeliness of single assessments",
        ),
        ActionFactory(
            section=section,
            reference="1.13",
            title="Visit children in care within timescales and more often where plans need it",
        ),
    ]


@pytest.fixture
def other_plan_action(db):
    other = PlanFactory(organisation="Northbrook Borough Council")
    return ActionFactory(section=SectionFactory(plan=other), reference="1.02")
