"""Fixtures for the action owner's workflow: an action led by ``action_owner`` in ``plan``."""

import datetime

import pytest

from improvement_board.roles import Role
from tests.factories import ActionFactory, SectionFactory, UserFactory


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Uploads land in a fresh folder per test, never in the project's media/."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def section(plan):
    return SectionFactory(plan=plan, number=1, title="Quality of Practice")


@pytest.fixture
def delegate(plan):
    user = UserFactory(username="delegate", role=Role.ACTION_OWNER)
    plan.members.add(user)
    return user


@pytest.fixture
def other_owner(plan):
    """An action owner in the plan who neither leads nor is a delegate on ``action``."""
    user = UserFactory(username="other-owner", role=Role.ACTION_OWNER)
    plan.members.add(user)
    return user


@pytest.fixture
def action(section, action_owner, delegate):
    action = ActionFactory(
        section=section,
        reference="1.02",
        title="Improve the quality of single assessments",
        lead=action_owner,
        original_due_date=datetime.date(2020, 3, 31),
    )
    action.delegates.add(delegate)
    return action
