"""People and posts an import named who have no account yet, and handing their actions on.

An import makes a placeholder (an account that cannot sign in) for each lead or delegate
it cannot match, and keeps a post ("Head of Service, MASH") whole rather than guess a
person. A plan manager later gives each one's actions to a member of the plan: the lead
and delegate places move, each change recorded in the actions' history.
"""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q

from actions import services as action_services
from actions.models import Action
from plans.models import Plan
from plans.revisions import revise
from plans.writable import check_plan_writable

from .models import ImportChoices
from .people import people_key


class PlaceholderRefused(Exception):
    """The hand-over is not one that can be made; the message says why."""


@dataclass
class Placeholder:
    user: object
    leads: list[str]
    delegate_on: list[str]


def plan_placeholders(plan: Plan) -> list[Placeholder]:
    """The plan's members who cannot sign in, with the actions they are named on."""
    users = list(plan.members.filter(is_active=False).order_by("first_name", "last_name"))
    if not users:
        return []
    ids = {user.pk for user in users}
    leads: dict[int, list[str]] = {pk: [] for pk in ids}
    delegate_on: dict[int, list[str]] = {pk: [] for pk in ids}
    for reference, lead_id in Action.objects.filter(plan=plan, lead__in=ids).values_list(
        "reference", "lead_id"
    ):
        leads[lead_id].append(reference)
    through = Action.delegates.through.objects.filter(action__plan=plan, user__in=ids)
    for reference, user_id in through.values_list("action__reference", "user_id"):
        delegate_on[user_id].append(reference)
    return [
        Placeholder(user, sorted(leads[user.pk]), sorted(delegate_on[user.pk])) for user in users
    ]


@transaction.atomic
def placeholder_assign(*, plan: Plan, placeholder, person, assigned_by) -> list[Action]:
    """Give every action of ``plan`` that names ``placeholder`` to ``person`` instead.

    The placeholder leaves the plan; their account is kept (it may be named in other
    plans, and an administrator may still activate it). Returns the actions changed.
    """
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    check_plan_writable(plan)
    revise(plan, because="a placeholder's actions given to a person")
    members = plan.members.all()
    if placeholder.is_active or not members.filter(pk=placeholder.pk).exists():
        raise PlaceholderRefused(f"{placeholder} is not waiting for an account in this plan.")
    if not person.is_active or not members.filter(pk=person.pk).exists():
        raise PlaceholderRefused(
            f"{person} cannot take the actions on: choose a member of the plan who can sign in."
        )
    named = Action.objects.filter(plan=plan).filter(Q(lead=placeholder) | Q(delegates=placeholder))
    actions = list(
        Action.objects.select_for_update().filter(pk__in=named.values("pk")).order_by("reference")
    )
    for action in actions:
        before = action_services.action_snapshot(action)
        if action.lead_id == placeholder.pk:
            action.lead = person
            action.save(update_fields=["lead"])
        if action.delegates.filter(pk=placeholder.pk).exists():
            action.delegates.remove(placeholder)
            if action.lead_id != person.pk:
                action.delegates.add(person)
        action_services.action_admin_changes_record(
            action=action, editor=assigned_by, before=before
        )
    plan.members.remove(placeholder)
    # The plan's next file names them the same way: read it as the person now.
    choices, _created = ImportChoices.objects.get_or_create(plan=plan)
    for written in (placeholder.get_full_name(), placeholder.email):
        if written:
            choices.people[people_key(written)] = person.pk
    choices.save(update_fields=["people"])
    return actions


def plan_member(plan: Plan, pk) -> object | None:
    return get_user_model().objects.filter(pk=pk, plans=plan).first()
