"""Loading the demo's assurance calendar (DEMO ONLY): the inspection that started the
plan, Essex's Partner in Practice diagnostics, the diagnostic with Bracknell Forest and
the Commissioner, the external case audits, and the Ofsted monitoring visit and the
National Implementation Adviser's revisit that Covid-19 postponed, as the Board paper of
23 April 2020 gives them. The data is in ``demo/data/assurance.json``."""

import datetime
import json
from pathlib import Path

from actions.models import Action
from plans.assurance import starting_inspection
from plans.models import AssuranceEvent, Finding, Plan

from .content import LONDON

DATA = json.loads((Path(__file__).parent / "data" / "assurance.json").read_text())
DATE_FIELDS = ("planned_start", "planned_end", "actual_start", "actual_end")


def _event_values(row: dict) -> dict:
    values = {key: value for key, value in row.items() if key not in ("findings", "recorded")}
    for name in DATE_FIELDS:
        if values.get(name):
            values[name] = datetime.date.fromisoformat(values[name])
    day = datetime.date.fromisoformat(row["recorded"])
    values["recorded_at"] = datetime.datetime(day.year, day.month, day.day, 17, tzinfo=LONDON)
    return values


def assurance_demo_load(plan: Plan, *, stdout=None) -> bool:
    """Add the demo's assurance events and their findings if they are missing; the
    inspection that started the plan gets its dates and summary. True if it added any."""
    inspection = starting_inspection(plan)
    if AssuranceEvent.objects.filter(plan=plan, started_plan=False).exists():
        return False
    for name, value in _event_values(DATA["starting_inspection"]).items():
        setattr(inspection, name, value)
    inspection.full_clean()
    inspection.save()
    actions = {action.reference: action for action in Action.objects.filter(plan=plan)}
    n_findings = 0
    for row in DATA["events"]:
        event = AssuranceEvent(plan=plan, **_event_values(row))
        event.full_clean()
        event.save()
        for spec in row["findings"]:
            finding = Finding(
                plan=plan, event=event, reference=spec["reference"], text=spec["text"]
            )
            finding.full_clean()
            finding.save()
            finding.actions.set([actions[ref] for ref in spec["actions"]])
            n_findings += 1
    if stdout is not None:
        stdout.write(f"Added {len(DATA['events'])} assurance events with {n_findings} findings.")
    return True
