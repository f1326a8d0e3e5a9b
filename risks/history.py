"""A risk's details (reference, title, description, owner, the actions it affects) as
they stood on a day, from its ``RiskChange`` rows: one query for any number of risks.

As known then, a detail changed after the day shows its value before the first such
change; as known now (``known_now``), it shows today's value, marked as restated since.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable

from actions.rules import end_of_day

from .models import Risk, RiskChange

SHOWN = ("reference", "title", "description", "owner", "actions")


def first_changes_after(changes: Iterable[RiskChange]) -> dict[str, RiskChange]:
    """For each field, the first of ``changes`` (all made after the day shown): its
    ``before`` is the value the field had on that day."""
    first: dict[str, RiskChange] = {}
    for change in sorted(changes, key=lambda c: (c.changed_at, c.pk)):
        first.setdefault(change.field, change)
    return first


def details_then(risk: Risk, later: dict[str, RiskChange], *, known_now: bool) -> dict:
    """What the risk's page and row show of its details. ``actions`` is ``None`` when the
    links are as they are today, else the references linked then."""
    if known_now:
        later = {}
    shown = {name: getattr(risk, name) for name in SHOWN if name != "actions"}
    shown["actions"] = None
    for name, change in later.items():
        if name == "actions":
            shown["actions"] = change.before.splitlines()
        elif name in shown:
            shown[name] = change.before
    return shown


def attach_details(risks: list[Risk], day: datetime.date, *, known_now: bool = False) -> None:
    """Give each risk ``shown`` (its details as at ``day``) and ``restated`` (with
    ``known_now``, the details changed since, shown as they are now)."""
    if not risks:
        return
    later = defaultdict(list)
    for change in RiskChange.objects.filter(
        risk__in=[risk.pk for risk in risks], changed_at__gte=end_of_day(day)
    ):
        later[change.risk_id].append(change)
    for risk in risks:
        first = first_changes_after(later[risk.pk])
        risk.shown = details_then(risk, first, known_now=known_now)
        risk.restated = sorted(first) if known_now else []
