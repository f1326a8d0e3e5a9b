"""People and posts an import named without an account: their actions handed to a member."""

import pytest
from django.urls import reverse

from actions.models import Action
from improvement_board.roles import Role
from plan_files.changes import plan_import_changes
from plan_files.layout import parse_plan_file
from plan_files.services import plan_import
from plans.models import Plan
from tests.factories import UserFactory

from .sheets import action_row, xlsx

pytestmark = pytest.mark.django_db


@pytest.fixture
def imported(plan, plan_manager):
    rows = [
        action_row("1.01", lead="Head of Service, MASH"),
        action_row("1.02", lead="Jo Bloggs / Head of Service, MASH"),
    ]
    plan_import(parsed=parse_plan_file(xlsx(rows), "p.xlsx"), plan=plan, imported_by=plan_manager)
    return plan


def url(plan) -> str:
    return reverse("plan_files:placeholders", args=[plan.slug])


def test_a_post_is_kept_whole_and_its_actions_are_given_to_a_member(
    client, imported, plan_manager, action_owner
):
    post = imported.members.get(first_name="Head of Service, MASH")
    assert not post.is_active and post.last_name == ""
    client.force_login(plan_manager)
    html = client.get(url(imported)).content.decode()
    assert "Head of Service, MASH" in html and "Jo Bloggs" in html

    response = client.post(
        url(imported), {"placeholder": post.pk, f"p{post.pk}-person": action_owner.pk}
    )
    assert response.status_code == 302
    first, second = Action.objects.filter(plan=imported).order_by("reference")
    assert first.lead == action_owner
    assert action_owner in second.delegates.all() and post not in second.delegates.all()
    assert not imported.members.filter(pk=post.pk).exists()
    change = first.changes.get(field="lead")
    assert (change.before, change.after, change.changed_by) == (
        "Head of Service, MASH",
        str(action_owner),
        plan_manager,
    )

    # The next file that names the post reads it as the person now.
    data = xlsx([action_row("1.03", lead="Head of Service, MASH")])
    changes = plan_import_changes(parsed=parse_plan_file(data, "p.xlsx"), plan=imported)
    assert [c.lead for c in changes.actions_new] == [action_owner]
    assert changes.new_leads == []


def test_only_a_member_who_can_sign_in_can_take_them_on(client, imported, plan_manager):
    post = imported.members.get(first_name="Head of Service, MASH")
    jo = imported.members.get(first_name="Jo")
    outsider = UserFactory()
    client.force_login(plan_manager)
    for person in (jo, outsider):
        response = client.post(
            url(imported), {"placeholder": post.pk, f"p{post.pk}-person": person.pk}
        )
        assert response.status_code == 400
        assert "Choose a member of the plan who can sign in." in response.content.decode()
    assert Action.objects.get(plan=imported, reference="1.01").lead == post


def test_who_may_see_and_use_it(client, imported, action_owner, board_member, outsider):
    for user, code in ((action_owner, 403), (board_member, 403), (outsider, 404)):
        client.force_login(user)
        assert client.get(url(imported)).status_code == code
    client.logout()
    assert client.get(url(imported)).url.startswith(reverse("login"))


def test_a_superseded_plan_keeps_its_names(client, imported, plan_manager, action_owner):
    imported.status = Plan.Status.SUPERSEDED
    imported.save()
    post = imported.members.get(first_name="Head of Service, MASH")
    client.force_login(plan_manager)
    assert client.get(url(imported)).status_code == 403
    response = client.post(
        url(imported), {"placeholder": post.pk, f"p{post.pk}-person": action_owner.pk}
    )
    assert response.status_code == 403
    assert Action.objects.get(plan=imported, reference="1.01").lead == post


def test_another_plan_managers_placeholder_is_not_found(client, imported, plan_manager):
    other_plan_person = UserFactory(role=Role.ACTION_OWNER, is_active=False)
    client.force_login(plan_manager)
    response = client.post(
        url(imported),
        {"placeholder": other_plan_person.pk, f"p{other_plan_person.pk}-person": plan_manager.pk},
    )
    assert response.status_code == 302
    assert "no longer waiting for an account" in str(
        list(client.get(response.url).context["messages"])[0]
    )
