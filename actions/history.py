"""An action's history and details as they stood on a day, from rows already fetched.

The action page reads its updates, field changes and evidence once each; everything
here works on those lists, so the page costs the same number of queries however long
the history is.
"""

import datetime
from dataclasses import dataclass, field
from itertools import groupby

from django.db.models import prefetch_related_objects
from django.utils import timezone

from plans.models import Finding

from . import rules
from .models import Action, ActionChange, ActionUpdate, Evidence, Rating


@dataclass
class HistoryEntry:
    """One line of the history: an update, an edit (several fields), or evidence."""

    kind: str  # an ActionUpdate.Kind value, "edit", "evidence_added" or "evidence_removed"
    on: datetime.date
    at: datetime.datetime
    who: object
    update: ActionUpdate | None = None
    changes: list[ActionChange] = field(default_factory=list)
    evidence: Evidence | None = None


def local_date(moment: datetime.datetime) -> datetime.date:
    return timezone.localtime(moment).date()


# Recorded by the end of the day, in the service's time zone (``rules.known_on``).
known_by = rules.known_on


def evidence_present_as_at(evidence: list[Evidence], as_at: datetime.date) -> list[Evidence]:
    return [
        item
        for item in evidence
        if known_by(item.added_at, as_at) and not known_by(item.removed_at, as_at)
    ]


def history_as_at(
    updates: list[ActionUpdate],
    changes: list[ActionChange],
    evidence: list[Evidence],
    as_at: datetime.date,
    *,
    known_now: bool = False,
) -> list[HistoryEntry]:
    """Everything that happened to the action up to ``as_at``, newest first.

    Updates are placed by the day they describe (their effective date); edits and
    evidence by the day they were made. Within a day, the later recording comes first.
    With ``known_now``, updates back-dated into the period since are included, marked
    ``restated``.
    """
    entries = [
        HistoryEntry(kind=u.kind, on=u.effective_date, at=u.recorded_at, who=u.author, update=u)
        for u in updates
        if rules.counts_as_at(u, as_at, known_now=known_now)
    ]
    for entry in entries:
        entry.update.restated = rules.is_restatement(entry.update, as_at)
    known_changes = sorted(
        (c for c in changes if known_by(c.changed_at, as_at)),
        key=lambda c: (c.action_version, c.pk),
    )
    for _version, group in groupby(known_changes, key=lambda c: c.action_version):
        group = list(group)
        first = group[0]
        entries.append(
            HistoryEntry(
                kind="edit",
                on=local_date(first.changed_at),
                at=first.changed_at,
                who=first.changed_by,
                changes=group,
            )
        )
    for item in evidence:
        if known_by(item.added_at, as_at):
            entries.append(
                HistoryEntry(
                    kind="evidence_added",
                    on=local_date(item.added_at),
                    at=item.added_at,
                    who=item.added_by,
                    evidence=item,
                )
            )
        if known_by(item.removed_at, as_at):
            entries.append(
                HistoryEntry(
                    kind="evidence_removed",
                    on=local_date(item.removed_at),
                    at=item.removed_at,
                    who=item.removed_by,
                    evidence=item,
                )
            )
    entries.sort(key=lambda e: (e.on, e.at), reverse=True)
    return entries


def values_as_at(changes: list[ActionChange], as_at: datetime.date) -> dict[str, ActionChange]:
    """For each field edited after ``as_at``, the first such edit: its ``before`` is the
    value the field had on that day."""
    later = sorted(
        (c for c in changes if not known_by(c.changed_at, as_at)),
        key=lambda c: (c.changed_at, c.pk),
    )
    first_after: dict[str, ActionChange] = {}
    for change in later:
        first_after.setdefault(change.field, change)
    return first_after


def action_as_at(action: Action, day: datetime.date, *, known_now: bool = False) -> dict:
    """Everything the action page shows for ``day``, as it was known at the end of it
    (or, with ``known_now``, as known today about that day).

    Five queries whatever the history's length: updates, edits, evidence, delegates and
    recommendations. Details edited after the day are shown as they were before the edit.
    """
    updates = [
        update
        for update in action.updates.filter(effective_date__lte=day).select_related("author")
        if rules.counts_as_at(update, day, known_now=known_now)
    ]
    changes = list(action.changes.select_related("changed_by"))
    evidence = list(action.evidence.select_related("added_by", "removed_by"))
    prefetch_related_objects([action], "delegates")

    # As known now, the details are as corrected since; as known then, as they stood.
    later = {} if known_now else values_as_at(changes, day)

    def then(name: str, now):
        return later[name].before if name in later else now

    shown = {
        name: then(name, getattr(action, name))
        for name in ("title", "description", "success_measures", "partners")
    }
    original_due = action.original_due_date
    if "original_due_date" in later:
        before = later["original_due_date"].before
        original_due = datetime.date.fromisoformat(before) if before else None
    delegates = (
        later["delegates"].before.splitlines()
        if "delegates" in later
        else [str(user) for user in action.delegates.all()]
    )
    if "recommendations" in later:
        references = later["recommendations"].before.splitlines()
        recommendations = Finding.objects.filter(plan=action.plan, reference__in=references)
    else:
        recommendations = action.recommendations.all()

    rated = [u for u in updates if u.kind in ActionUpdate.Kind.rated()]
    said = [u for u in updates if u.kind in ActionUpdate.Kind.commentary()]
    decided = [u for u in updates if u.kind in ActionUpdate.Kind.decision()]
    rating = Rating(rated[0].rating) if rated else None
    due_date = next((u.revised_due_date for u in updates if u.revised_due_date), original_due)
    return {
        "in_plan": action.added_on <= day,
        "shown": shown,
        "lead": then("lead", action.lead),
        "delegates": delegates,
        "recommendations": recommendations,
        "rating": rating,
        "proposal": rules.pending_completion_in(updates),
        "latest": updates[0] if updates else None,
        # The owner's latest account of progress, and a plan manager's latest decision on
        # a completion beside it (never in its place).
        "commentary": said[0] if said else None,
        "decision": decided[0] if decided else None,
        "completed_on": rules.completed_on(updates, day, known_now=known_now)
        if rating == Rating.BLUE
        else None,
        "restated": [u for u in updates if rules.is_restatement(u, day)],
        "original_due": original_due,
        "due_date": due_date,
        "slippage_days": (due_date - original_due).days if due_date and original_due else 0,
        "is_overdue": rules.is_overdue_on(due_date, rating, day),
        "updates": updates,
        "history": history_as_at(updates, changes, evidence, day, known_now=known_now),
        "evidence": evidence_present_as_at(evidence, day),
        "all_evidence": evidence,
    }
