"""The demo's second council: Northbrook Borough Council, fictional and small (three
sections, ten actions, three months of updates and Board meetings), and an adviser who
oversees both councils. It shows what one deployment serving several councils looks
like: Medway's people never see Northbrook's plan, and the adviser reads both.

The data is ``data/northbrook.json``; loading it twice changes nothing.
"""

import datetime
import json
from pathlib import Path
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction

from actions.models import Action, ActionUpdate, Rating
from actions.services import action_update_record
from improvement_board.roles import Role
from plans.models import Organisation, Plan, Section
from reports.models import BoardMeeting

DATA = Path(__file__).resolve().parent / "data" / "northbrook.json"
LONDON = ZoneInfo("Europe/London")


def northbrook_people() -> list[dict]:
    """Northbrook's demo accounts and the adviser, with their role in words (``label``)."""
    data = json.loads(DATA.read_text(encoding="utf-8"))
    labels = {role.value: role.label for role in Role}
    return [spec | {"label": labels[spec["role"]]} for spec in data["people"] + data["overseers"]]


def _day(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text)


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, hour, tzinfo=LONDON)


def _people(specs: list[dict], password: str) -> dict:
    User = get_user_model()
    people = {}
    for spec in specs:
        user, created = User.objects.get_or_create(
            username=spec["username"],
            defaults={
                "first_name": spec["first_name"],
                "last_name": spec["last_name"],
                "job_title": spec["job_title"],
                "email": f"{spec['username']}@example.org",
            },
        )
        if created:
            user.set_password(password)
            user.save(update_fields=["password"])
        user.groups.add(Group.objects.get_or_create(name=spec["role"])[0])
        people[spec["username"]] = user
    return people


def northbrook_load(*, password: str, stdout=None) -> Plan:
    """Load Northbrook's plan and the adviser who oversees both councils, once."""
    data = json.loads(DATA.read_text(encoding="utf-8"))
    with transaction.atomic():
        existing = Plan.objects.filter(slug=data["plan"]["slug"]).first()
        if existing is not None:
            return existing
        council, _ = Organisation.objects.get_or_create(
            name=data["organisation"]["name"], defaults=data["organisation"]
        )
        people = _people(data["people"], password)
        plan = Plan.objects.create(
            organisation=council,
            status=Plan.Status.ACTIVE,
            title=data["plan"]["title"],
            slug=data["plan"]["slug"],
            inspection=data["plan"]["inspection"],
            inspection_date=_day(data["plan"]["inspection_date"]),
            start_date=_day(data["plan"]["start_date"]),
        )
        plan.members.set(people.values())
        sections = {
            number: Section.objects.create(plan=plan, number=number, title=title, lead=people[lead])
            for number, title, lead in data["sections"]
        }
        for day in data["meetings"]:
            BoardMeeting.objects.create(plan=plan, date=_day(day), board_name=council.board_name)
        manager = people["nb-manager"]
        for spec in data["actions"]:
            due = _day(spec["due"])
            # Each action's history as its lead wrote it, each completion signed off by
            # the plan manager.
            action = Action.objects.create(
                plan=plan,
                section=sections[int(spec["ref"].split(".")[0])],
                reference=spec["ref"],
                title=spec["title"],
                lead=people[spec["lead"]],
                added_on=plan.start_date,
                start_date=plan.start_date,
                original_due_date=due,
                current_due_date=due,
            )
            for entry in spec["history"]:
                day, rating, commentary = _day(entry[0]), entry[1], entry[2]
                reason = entry[3] if len(entry) > 3 else ""
                blue = rating == Rating.BLUE
                action_update_record(
                    action=action,
                    author=action.lead,
                    effective_date=day,
                    rating=rating,
                    commentary=commentary,
                    slippage_reason=reason,
                    kind=ActionUpdate.Kind.COMPLETION_PROPOSED
                    if blue
                    else ActionUpdate.Kind.PROGRESS,
                    recorded_at=_at(day, 10),
                )
                if blue:
                    action_update_record(
                        action=action,
                        author=manager,
                        effective_date=day,
                        rating=Rating.BLUE,
                        commentary="Completion signed off.",
                        kind=ActionUpdate.Kind.SIGNED_OFF,
                        recorded_at=_at(day, 16),
                    )
        overseers = _people(data["overseers"], password)
        for spec in data["overseers"]:
            for name in spec["oversees"]:
                organisation = Organisation.objects.filter(name=name).first()
                if organisation is not None:
                    organisation.overseers.add(overseers[spec["username"]])
    if stdout is not None:
        stdout.write(
            f"Loaded '{plan.title}' ({council.name}): {len(sections)} sections, "
            f"{len(data['actions'])} actions; the adviser oversees both councils."
        )
    return plan
