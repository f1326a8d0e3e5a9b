"""Reading across versions of a plan: what a carried-over action did before."""

import datetime
from dataclasses import dataclass

from actions.models import Action, ActionUpdate
from actions.rules import counts_as_at_q
from plans.models import Plan

# Plans are refreshed a few times in their life; the bound only guards against a cycle.
MAX_VERSIONS = 50


@dataclass
class EarlierVersion:
    """An action in an earlier version of the plan, with its history there (newest first)."""

    action: Action
    updates: list[ActionUpdate]

    @property
    def plan(self) -> Plan:
        return self.action.plan


def action_predecessors(action: Action) -> list[Action]:
    """The actions this one continues, nearest first (one query per plan version)."""
    chain = []
    seen = {action.pk}
    previous_id = action.carried_from_id
    while previous_id and previous_id not in seen and len(chain) < MAX_VERSIONS:
        previous = Action.objects.select_related("plan", "lead").get(pk=previous_id)
        chain.append(previous)
        seen.add(previous.pk)
        previous_id = previous.carried_from_id
    return chain


def action_earlier_history(
    action: Action, *, as_at: datetime.date | None = None, known_now: bool = False
) -> list[EarlierVersion]:
    """The history the action had in earlier versions of the plan, nearest version first.

    With ``as_at``, only updates that count on that day (``actions.rules``: effective by
    then and, unless ``known_now``, recorded by then), so an action page taken as at a
    past date shows what was known then. Versions with no updates by then are still
    listed (with an empty list), so the link back is never lost.
    """
    chain = action_predecessors(action)
    if not chain:
        return []
    updates = ActionUpdate.objects.filter(action__in=chain).select_related("author")
    if as_at is not None:
        updates = updates.filter(counts_as_at_q(as_at, known_now=known_now))
    by_action: dict[int, list[ActionUpdate]] = {previous.pk: [] for previous in chain}
    for update in updates.latest_first():
        by_action[update.action_id].append(update)
    return [EarlierVersion(action=previous, updates=by_action[previous.pk]) for previous in chain]
