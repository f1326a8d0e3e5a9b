"""Actions, their monthly updates (the rating history) and their evidence.

The history is written as it is made, a row at a time, so a national dataset's million
and a half updates never sit in memory together. Actions get their keys before they are
written: their updates, links and evidence name them, and the actions themselves go in
last, with the rating, due date and version their history ended on.
"""

import datetime
import random
from collections.abc import Iterator

from django.core.management.color import no_style
from django.db import connection
from django.db.models import Max

from actions.models import Action, ActionUpdate, Evidence, Rating, SlippageReason
from plans.models import Finding, Plan

from .people import PlanShape
from .rows import write_rows
from .words import (
    EVIDENCE_KINDS,
    FACTS,
    LONDON,
    NEXT_STEPS,
    OBJECTS,
    SLIPPAGE,
    VERBS,
    month_start,
    months_between,
    spread,
)

UPDATE_FIELDS = (
    "action_id",
    "kind",
    "author_id",
    "recorded_at",
    "effective_date",
    "previous_rating",
    "rating",
    "commentary",
    "revised_due_date",
    "slippage_reason",
    "next_steps",
    "action_version",
)


def make_actions(
    plans: list[Plan], shapes: list[PlanShape], rng: random.Random, today: datetime.date
) -> list[Action]:
    """Each plan's actions, keyed but not yet written."""
    first = (Action.objects.aggregate(top=Max("pk"))["top"] or 0) + 1
    actions = []
    for plan, shape in zip(plans, shapes, strict=True):
        per_section = [0] * len(shape.sections)
        for _ in range(shape.n_actions):
            s = rng.randrange(len(shape.sections))
            per_section[s] += 1
            # Most actions start with the plan; some join at a later refresh.
            if rng.random() < 0.85:
                added_on = shape.start
            else:
                months = months_between(shape.start, today)
                added_on = month_start(today, rng.randint(2, max(2, months - 1)))
                added_on = max(added_on, shape.start)
            due = added_on + datetime.timedelta(days=rng.randint(180, 720))
            actions.append(
                Action(
                    pk=first + len(actions),
                    plan=plan,
                    section=shape.sections[s],
                    reference=f"{s + 1}.{per_section[s]:02d}",
                    title=f"{rng.choice(VERBS)} {rng.choice(OBJECTS)}",
                    description="Generated for the benchmark.",
                    success_measures="Children receive timely, good-quality help.",
                    lead=rng.choice(shape.owners),
                    partners="Health; Police; Education",
                    added_on=added_on,
                    start_date=added_on,
                    original_due_date=due,
                    current_due_date=due,
                )
            )
    return actions


def link_actions(
    actions: list[Action],
    owners_by_plan: dict[int, list],
    recommendations_by_plan: dict[int, list[Finding]],
    rng: random.Random,
) -> None:
    """A delegate for one action in five; one or two recommendations for each."""
    delegates, links = [], []
    for action in actions:
        owners = owners_by_plan[action.plan_id]
        if rng.random() < 0.2:
            delegate = rng.choice(owners)
            if delegate.pk != action.lead_id:
                delegates.append((action.pk, delegate.pk))
        for recommendation in rng.sample(
            recommendations_by_plan[action.plan_id], rng.randint(1, 2)
        ):
            links.append((action.pk, recommendation.pk))
    write_rows(Action.delegates.through, ("action_id", "user_id"), delegates)
    write_rows(Action.recommendations.through, ("action_id", "finding_id"), links)


def write_actions(actions: list[Action]) -> None:
    """The actions themselves, after their history; then the key sequence past them."""
    names = [field.attname for field in Action._meta.concrete_fields]
    write_rows(Action, names, ([getattr(a, name) for name in names] for a in actions))
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), [Action]):
            cursor.execute(statement)


def write_histories(
    actions: list[Action], n_updates: int, rng: random.Random, today: datetime.date
) -> int:
    """Monthly-ish updates per action, rating a plausible walk, some completed; each
    action is left with the rating, due date and version its history ends on."""
    return write_rows(ActionUpdate, UPDATE_FIELDS, _histories(actions, n_updates, rng, today))


def _histories(actions, n_updates, rng, today) -> Iterator[tuple]:
    Kind = ActionUpdate.Kind
    rated = Kind.rated()
    lifetimes = [max(1, (today - action.added_on).days) for action in actions]
    counts = spread(n_updates, [life * rng.uniform(0.7, 1.0) for life in lifetimes], 1, rng)
    for action, life, n in zip(actions, lifetimes, counts, strict=True):
        completes = n >= 3 and rng.random() < 0.25
        rating = ""
        due = action.original_due_date
        for k in range(n):
            day = action.added_on + datetime.timedelta(days=life * (k + 1) // (n + 1))
            day = min(today, day + datetime.timedelta(days=rng.randint(0, 3)))
            kind = Kind.PROGRESS
            reason = ""
            revised_due = None
            if completes and k == n - 2:
                kind, new_rating = Kind.COMPLETION_PROPOSED, Rating.BLUE
            elif completes and k == n - 1:
                kind, new_rating = Kind.SIGNED_OFF, Rating.BLUE
            else:
                new_rating = _next_rating(rating, rng)
                if new_rating in (Rating.AMBER, Rating.RED):
                    reason = rng.choice(list(SlippageReason))
                    if rng.random() < 0.3:
                        due = due + datetime.timedelta(days=rng.choice([30, 61, 91]))
                        revised_due = due
            commentary = " ".join(
                [rng.choice(FACTS), SLIPPAGE[reason] if reason else rng.choice(FACTS)]
            )
            recorded = datetime.datetime(
                day.year, day.month, day.day, 9, 0, tzinfo=LONDON
            ) + datetime.timedelta(minutes=rng.randint(0, 480))
            yield (
                action.pk,
                kind,
                action.lead_id,
                recorded,
                day,
                rating,
                new_rating,
                commentary,
                revised_due,
                reason,
                rng.choice(NEXT_STEPS),
                k + 2,
            )
            if kind in rated:
                rating = new_rating
        action.rating = rating
        action.current_due_date = due
        action.version = n + 1


def _next_rating(rating: str, rng: random.Random) -> Rating:
    roll = rng.random()
    if rating in ("", Rating.GREEN):
        return Rating.GREEN if roll < 0.75 else Rating.AMBER if roll < 0.95 else Rating.RED
    if rating == Rating.AMBER:
        return Rating.AMBER if roll < 0.5 else Rating.GREEN if roll < 0.85 else Rating.RED
    return Rating.RED if roll < 0.4 else Rating.AMBER if roll < 0.9 else Rating.GREEN


def write_evidence(
    actions: list[Action], n_evidence: int, rng: random.Random, today: datetime.date
) -> int:
    def rows() -> Iterator[tuple]:
        for k in range(n_evidence):
            action = rng.choice(actions)
            life = max(1, (today - action.added_on).days)
            day = action.added_on + datetime.timedelta(days=rng.randrange(life))
            added_at = datetime.datetime(
                day.year, day.month, day.day, 8, 0, tzinfo=LONDON
            ) + datetime.timedelta(minutes=rng.randint(0, 540))
            removed = rng.random() < 0.05 and day + datetime.timedelta(days=7) < today
            yield (
                action.pk,
                f"Evidence {k + 1}: {rng.choice(EVIDENCE_KINDS)}",
                f"https://example.org/evidence/{k + 1}",
                action.lead_id,
                added_at,
                added_at + datetime.timedelta(days=7) if removed else None,
                action.lead_id if removed else None,
            )

    names = ("action_id", "title", "url", "added_by_id", "added_at", "removed_at", "removed_by_id")
    return write_rows(Evidence, names, rows())
