"""The monthly reminder: one email per owner with stale actions, a digest for plan managers."""

import datetime
import io

import pytest
from django.core import mail
from django.core.management import call_command

from actions.models import Rating
from actions.services import action_update_record
from improvement_board.roles import Role
from tests.factories import ActionFactory, PlanFactory, SectionFactory, UserFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2020, 5, 16)


def updated(action, day: datetime.date, rating=Rating.GREEN):
    action_update_record(
        action=action, author=action.lead, effective_date=day, rating=rating, commentary="Update"
    )


@pytest.fixture
def people(plan, plan_manager, board_member):
    def owner(username):
        user = UserFactory(username=username, role=Role.ACTION_OWNER)
        plan.members.add(user)
        return user

    return {
        "ann": owner("ann"),
        "ben": owner("ben"),
        "cat": owner("cat"),
        "manager": plan_manager,
        "board": board_member,
    }


@pytest.fixture
def actions(plan, people):
    plan.update_deadline_day = 23
    plan.save()
    section = SectionFactory(plan=plan, number=1)
    x = ActionFactory(
        section=section, reference="1.01", title="Ann's stale action", lead=people["ann"]
    )
    updated(x, datetime.date(2020, 4, 20))
    y = ActionFactory(
        section=section, reference="1.02", title="Cat's stale action", lead=people["cat"]
    )
    y.delegates.add(people["ann"])
    z = ActionFactory(
        section=section, reference="1.03", title="Ben's fresh action", lead=people["ben"]
    )
    updated(z, datetime.date(2020, 5, 10))
    done = ActionFactory(
        section=section, reference="1.04", title="Ann's completed action", lead=people["ann"]
    )
    updated(done, datetime.date(2020, 4, 20), rating=Rating.BLUE)
    return {"x": x, "y": y, "z": z, "done": done}


def send(**options) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("send_update_reminders", date=TODAY.isoformat(), stdout=out, stderr=err, **options)
    return out.getvalue(), err.getvalue()


def test_owners_with_stale_actions_get_exactly_one_email_listing_them(actions, people):
    output, _ = send()
    by_recipient = {}
    for message in mail.outbox:
        (recipient,) = message.to
        assert recipient not in by_recipient, "one email per person"
        by_recipient[recipient] = message

    assert set(by_recipient) == {"ann@example.org", "cat@example.org", "pm@example.org"}
    ann = by_recipient["ann@example.org"]
    assert ann.subject == "2 actions to update by 23 May 2020"
    assert "1.01 Ann's stale action" in ann.body
    assert "1.02 Cat's stale action" in ann.body  # as a delegate
    assert "completed action" not in ann.body
    assert "Ben's fresh action" not in ann.body
    assert f"/plans/{actions['x'].plan.slug}/actions/{actions['x'].pk}/update/" in ann.body
    cat = by_recipient["cat@example.org"]
    assert "1.02 Cat's stale action" in cat.body and "1.01" not in cat.body
    assert "Sent 2 reminders to action owners and 1 digest to plan managers" in output


def test_owners_who_are_up_to_date_get_none(actions, people):
    send()
    recipients = {address for message in mail.outbox for address in message.to}
    assert "ben@example.org" not in recipients
    assert "board@example.org" not in recipients


def test_plan_managers_get_a_digest_of_who_has_not_updated(actions, people):
    send()
    (digest,) = [m for m in mail.outbox if m.to == ["pm@example.org"]]
    assert digest.subject == "Updates outstanding for May 2020: 2 people"
    body = digest.body
    assert "updates due by 23 May 2020" in body
    ann_part = body.split(str(people["ann"]), 1)[1].split(str(people["cat"]), 1)[0]
    assert "2 actions" in ann_part
    assert str(people["ben"]) not in body
    assert "Ben's fresh action" not in body


def test_an_update_this_month_of_any_kind_counts_and_last_month_does_not(actions, people):
    updated(actions["x"], datetime.date(2020, 5, 1))
    send()
    ann = next(m for m in mail.outbox if m.to == ["ann@example.org"])
    assert "1.01" not in ann.body and "1.02" in ann.body


def test_inactive_people_superseded_plans_and_missing_addresses(actions, people, plan):
    people["cat"].is_active = False
    people["cat"].save()
    people["ann"].email = ""
    people["ann"].save()
    old = PlanFactory(status="superseded", members=[people["ben"]])
    ActionFactory(section=SectionFactory(plan=old), lead=people["ben"])
    output, errors = send()
    recipients = {address for message in mail.outbox for address in message.to}
    assert recipients == {"pm@example.org"}
    assert f"No email address for {people['ann']}" in errors


def test_a_dry_run_sends_nothing(actions):
    output, _ = send(dry_run=True)
    assert not mail.outbox
    assert output.startswith("Would send 2 reminders")


def test_nothing_to_send_when_everyone_is_up_to_date(actions):
    for key in ("x", "y"):
        updated(actions[key], datetime.date(2020, 5, 2))
    output, _ = send()
    assert not mail.outbox
    assert "Sent 0 reminders" in output
