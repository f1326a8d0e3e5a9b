"""Loading the demo's risk and issue log (DEMO ONLY): the issues section 3 of the
reference Board paper reports (the Partner in Practice false start, Bracknell Forest's
delays, Covid-19 and what it postponed) and a few risks scored on the 5×5 scale, each
with its history from October 2019 to April 2020 and the demo actions it affects. The
data is ``demo/data/risks.json``; each update is recorded at noon on its day."""

import datetime
import json

from django.contrib.auth import get_user_model

from actions.models import Action
from plans.models import Plan
from risks.models import Risk
from risks.services import risk_create, risk_update

from .content import DATA, LONDON


def _noon(day: datetime.date) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, 12, 0, tzinfo=LONDON)


def _assessment(entry: dict) -> dict:
    review = entry.get("review_date")
    return {
        "status": entry["status"],
        "likelihood": entry.get("likelihood"),
        "impact": entry.get("impact"),
        "mitigation": entry.get("mitigation", ""),
        "review_date": datetime.date.fromisoformat(review) if review else None,
        "note": entry["note"],
    }


def risks_demo_load(plan: Plan, *, stdout=None) -> bool:
    """Add the demo's risks and issues if the plan has none. True if it added any."""
    if Risk.objects.filter(plan=plan).exists():
        return False
    rows = json.loads((DATA / "risks.json").read_text(encoding="utf-8"))
    users = {user.username: user for user in get_user_model().objects.all()}
    actions = {action.reference: action for action in Action.objects.in_plan(plan)}
    n_updates = 0
    for row in rows:
        first, *later = row["updates"]
        raised_on = datetime.date.fromisoformat(row["raised_on"])
        risk = risk_create(
            plan=plan,
            request=None,
            kind=row["kind"],
            reference=row["ref"],
            title=row["title"],
            description=row["description"],
            owner=users[row["owner"]],
            raised_on=raised_on,
            actions=[actions[ref] for ref in row["actions"]],
            recorded_at=_noon(raised_on),
            recorded_by=users[row["owner"]],
            **_assessment(first),
        )
        for entry in later:
            day = datetime.date.fromisoformat(entry["date"])
            risk_update(
                risk=risk,
                request=None,
                effective_date=day,
                recorded_at=_noon(day),
                recorded_by=users[row["owner"]],
                **_assessment(entry),
            )
        n_updates += len(row["updates"])
    if stdout is not None:
        stdout.write(f"Loaded {len(rows)} risks and issues with {n_updates} updates.")
    return True
