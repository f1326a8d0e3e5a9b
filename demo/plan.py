"""Loading the demo plan: its people, sections, recommendations and actions with six
months of history, then its indicators and Board papers (DEMO ONLY).

The content is in ``demo/data/`` (``demo.content`` reads it). Monthly commentary is
composed here from each action's own notes (one short fact per month where there is
one), its reason for slipping and the rating it moves to.

DEMO ONLY: the demo users share a published password.
"""

import calendar
import datetime
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils.text import slugify

from actions.models import Action, ActionUpdate, Evidence, Rating, SlippageReason
from actions.services import action_update_record
from plans.assurance import starting_inspection
from plans.models import Finding, Organisation, Plan, Section
from reports.paper_figures import ReportError

from .assurance import assurance_demo_load
from .board_papers import board_report_demo_final_pdf, board_reports_demo_load
from .content import (
    ACTIONS,
    DEMO_PASSWORD,
    DEMO_USERS,
    LONDON,
    MONTH_KEYS,
    MONTHS,
    PLAN,
    PLAN_SLUG,
    PLAN_START,
    RECOMMENDATIONS,
    SECTIONS,
    DemoAction,
)
from .indicators import indicators_demo_load
from .risks import risks_demo_load

MARCH = 5  # index of March 2020: Covid-19 slippage counts from here

LETTERS = {"B": Rating.BLUE, "G": Rating.GREEN, "A": Rating.AMBER, "R": Rating.RED}


# --- Building the history -----------------------------------------------------------


def _month_start(value: str) -> datetime.date:
    year, month = (int(part) for part in value.split("-"))
    return datetime.date(year, month, 1)


def _month_end(year: int, month: int) -> datetime.date:
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def _months_after(day: datetime.date, months: int) -> datetime.date:
    """The last day of the month ``months`` after the month of ``day``."""
    index = day.year * 12 + day.month - 1 + months
    return _month_end(index // 12, index % 12 + 1)


def _original_due(spec: DemoAction) -> datetime.date:
    return _months_after(_month_start(spec.due), 0)


def _long_date(day: datetime.date) -> str:
    return f"{day.day} {day:%B %Y}"


def _effective_date(month: int, position: int) -> datetime.date:
    """A working day between the 20th and 23rd of the month, spread across the actions."""
    year, number = MONTHS[month]
    days = [
        datetime.date(year, number, day)
        for day in range(20, 24)
        if datetime.date(year, number, day).weekday() < 5
    ]
    return days[position % len(days)]


GREEN_NOTES = [
    "On track against the plan timescale.",
    "Progressing as planned; nothing to escalate.",
    "On track; no change to the timescale.",
    "Work continuing to plan.",
]
DUE_AT_RISK = datetime.timedelta(days=183)
STILL = {
    Rating.AMBER: ["Still some slippage: {}.", "Remains Amber: {}.", "Slippage continues: {}."],
    Rating.RED: [
        "Still not progressed as planned: {}.",
        "Remains Red: {}.",
        "No real progress yet: {}.",
    ],
}
STILL_SHORT = {Rating.AMBER: ["Still Amber.", "Remains Amber."], Rating.RED: ["Still Red."]}
STILL_SHORT_COVID = {
    Rating.AMBER: [
        "Still Amber while Covid-19 restrictions last.",
        "Remains Amber because of Covid-19.",
    ],
    Rating.RED: ["Still Red while Covid-19 restrictions last.", "Remains Red because of Covid-19."],
}
STILL_COMPLETE = ["Complete.", "Remains complete.", "Complete; impact being monitored."]


@dataclass
class _Entry:
    """One monthly update, worked out before anything is written."""

    effective_date: datetime.date
    rating: Rating
    commentary: str
    slippage_reason: str = ""
    revised_due_date: datetime.date | None = None


def action_history(spec: DemoAction, position: int) -> list[_Entry]:
    """The seven monthly updates for one action, October 2019 to April 2020."""
    original_due = _original_due(spec)
    revised: datetime.date | None = None
    covid_applied = False
    last_reason = ""
    fact_stated_at = -10
    previous: Rating | None = None
    entries = []
    for month, letter in enumerate(spec.path):
        rating = LETTERS[letter]
        effective = _effective_date(month, position)
        note = spec.notes.get(MONTH_KEYS[month], "")
        parts: list[str] = []
        entry = _Entry(effective_date=effective, rating=rating, commentary="")

        if rating == Rating.BLUE:
            if previous != Rating.BLUE:
                parts += ["Completed.", note, f"Evidence: {spec.evidence}."]
            else:
                parts += [STILL_COMPLETE[month % len(STILL_COMPLETE)], note]
        elif rating == Rating.GREEN:
            if previous in (Rating.AMBER, Rating.RED):
                parts.append("Back on track.")
            parts.append(note or GREEN_NOTES[(month + position) % len(GREEN_NOTES)])
        else:
            if month >= MARCH and spec.covid:
                reason, fact = SlippageReason.EXTERNAL, spec.covid
            elif spec.slip:
                reason, fact = spec.slip
            else:  # pragma: no cover - _check_content() reports this first
                raise ValueError(f"{spec.ref}: {rating.label} in month {month} needs a reason")

            # Revised due date: later than the original, never moved earlier, pushed out
            # three months more the first time Covid-19 is the reason. Slippage more than
            # six months before the due date is absorbed: the date stands.
            at_risk = revised is not None or original_due - effective < DUE_AT_RISK
            if reason == SlippageReason.EXTERNAL and not covid_applied:
                base = max(d for d in (revised, original_due, effective) if d)
                candidate = _months_after(base, 3)
                covid_applied = True
            elif revised is None:
                candidate = _months_after(original_due, 3) if at_risk else None
            else:
                candidate = revised
            if candidate is not None and candidate <= effective:
                candidate = _months_after(effective, 3)
            changed_date = candidate is not None and candidate != revised
            if candidate is not None:
                revised = max(revised or candidate, candidate)

            colour = rating.colour
            if previous is None:
                opening = f"{colour} at baseline: {fact}."
            elif previous == Rating.GREEN:
                opening = f"Moved to {colour}: {fact}."
            elif previous == Rating.AMBER and rating == Rating.RED:
                opening = f"Now Red: {fact}."
            elif previous == Rating.RED and rating == Rating.AMBER:
                opening = f"Improved to Amber but still behind: {fact}."
            elif reason != last_reason:
                opening = f"Still {colour}, and now {fact}."
            elif note and month - fact_stated_at < 2:
                covid = reason == SlippageReason.EXTERNAL
                pool = (STILL_SHORT_COVID if covid else STILL_SHORT)[rating]
                opening = pool[(month + position) % len(pool)]
            else:
                pool = STILL[rating]
                opening = pool[(month + position) % len(pool)].format(fact)
            if fact in opening:
                fact_stated_at = month
            parts += [opening, note]
            if changed_date:
                parts.append(f"Revised due date {_long_date(revised)}.")
            entry.slippage_reason = reason
            entry.revised_due_date = revised
            last_reason = reason

        entry.commentary = " ".join(part for part in parts if part)
        entries.append(entry)
        previous = rating
    return entries


def _check_content() -> None:
    """Fail loudly if the demo data contradicts itself (cheap; runs on every load)."""
    problems = []
    sections = {str(number) for number, _title, _lead in SECTIONS}
    refs = {ref for ref, _text in RECOMMENDATIONS}
    usernames = {user.username for user in DEMO_USERS}
    seen = set()
    for spec in ACTIONS:
        if spec.ref in seen:
            problems.append(f"{spec.ref} appears twice")
        seen.add(spec.ref)
        if spec.ref.split(".")[0] not in sections:
            problems.append(f"{spec.ref} has no section")
        if len(spec.path) != len(MONTHS) or set(spec.path) - set(LETTERS):
            problems.append(f"{spec.ref} needs one of B/G/A/R for each of {len(MONTHS)} months")
        if not spec.recs or set(spec.recs) - refs:
            problems.append(f"{spec.ref} must answer known recommendations")
        if spec.lead not in usernames:
            problems.append(f"{spec.ref} is led by an unknown user")
        if set(spec.notes) - set(MONTH_KEYS):
            problems.append(f"{spec.ref} has notes for unknown months")
        if "B" in spec.path:
            if set(spec.path[spec.path.index("B") :]) != {"B"}:
                problems.append(f"{spec.ref} goes Blue and back")
            if not spec.evidence:
                problems.append(f"{spec.ref} is completed without evidence")
        for month, letter in enumerate(spec.path):
            if letter in "AR" and not spec.slip and not (month >= MARCH and spec.covid):
                problems.append(f"{spec.ref} has no reason for slipping in {MONTH_KEYS[month]}")
    if unused := refs - {rec for spec in ACTIONS for rec in spec.recs}:
        problems.append(f"recommendations without actions: {sorted(unused)}")
    if problems:
        raise ValueError("The demo content is inconsistent: " + "; ".join(problems))


# --- Loading ------------------------------------------------------------------------


def _say(stdout, message: str) -> None:
    if stdout is not None:
        stdout.write(message)


def _recorded_at(day: datetime.date, position: int) -> datetime.datetime:
    minutes = (position * 37) % 420
    return datetime.datetime(day.year, day.month, day.day, 9, 0, tzinfo=LONDON) + (
        datetime.timedelta(minutes=minutes)
    )


def demo_users() -> dict:
    """Get or create the demo users, each in their role group. Returns them by username."""
    User = get_user_model()
    users = {}
    for spec in DEMO_USERS:
        user, created = User.objects.get_or_create(
            username=spec.username,
            defaults={
                "first_name": spec.first_name,
                "last_name": spec.last_name,
                "email": spec.email,
                "job_title": spec.job_title,
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        group, _ = Group.objects.get_or_create(name=spec.role.value)
        user.groups.add(group)
        users[spec.username] = user
    return users


class DemoPaperError(Exception):
    """The demo's final Board paper could not be built."""


def demo_final_paper_build(plan: Plan, *, stdout=None) -> None:
    """Build the final Board paper's PDF of a loaded demo, if it has none yet. Run outside
    the data's transaction, as a PDF build runs in real use."""
    try:
        board_report_demo_final_pdf(plan, stdout=stdout)
    except ReportError as error:
        raise DemoPaperError(str(error)) from error


def demo_load(*, stdout=None) -> Plan:
    """Load the demo plan with its history; if it is already there, change nothing."""
    _check_content()
    with transaction.atomic():
        existing = Plan.objects.filter(slug=PLAN_SLUG).first()
        if existing is not None:
            # A demo loaded before plans had indicators or Board papers gets them now; else
            # nothing changes.
            added_indicators = indicators_demo_load(existing, stdout=stdout)
            added_assurance = assurance_demo_load(existing, stdout=stdout)
            added_board_papers = board_reports_demo_load(existing, stdout=stdout)
            added_risks = risks_demo_load(existing, stdout=stdout)
            if not (added_indicators or added_assurance or added_board_papers or added_risks):
                _say(
                    stdout,
                    f"The demo is already loaded: plan '{existing.slug}'. Its data is unchanged.",
                )
            return existing

        users = demo_users()
        fields = dict(PLAN)
        name = fields.pop("organisation")  # the council's name, as the data gives it
        organisation, _ = Organisation.objects.get_or_create(
            name=name, defaults={"slug": slugify(name)}
        )
        plan = Plan(slug=PLAN_SLUG, organisation=organisation, **fields)
        plan.full_clean()
        plan.save()
        plan.members.set(users.values())

        sections = {}
        for number, title, lead in SECTIONS:
            sections[str(number)] = Section.objects.create(
                plan=plan, number=number, title=title, lead=users[lead]
            )
        recommendations = {
            reference: Finding.objects.create(
                plan=plan, event=starting_inspection(plan), reference=reference, text=text
            )
            for reference, text in RECOMMENDATIONS
        }

        n_updates = n_evidence = n_signed_off = 0
        for position, spec in enumerate(ACTIONS):
            lead = users[spec.lead]
            # Nobody signs off their own completion.
            signer = users["manager"] if spec.lead != "manager" else users["improvement"]
            original_due = _original_due(spec)
            action = Action(
                plan=plan,
                section=sections[spec.ref.split(".")[0]],
                reference=spec.ref,
                title=spec.title,
                description=spec.description,
                success_measures=spec.impact,
                lead=lead,
                partners=spec.partners,
                added_on=PLAN_START,
                start_date=_month_start(spec.start),
                original_due_date=original_due,
                current_due_date=original_due,
            )
            action.full_clean()
            action.save()
            action.recommendations.set([recommendations[ref] for ref in spec.recs])

            evidence_added = False
            for entry in action_history(spec, position):
                # The lead proposes completion; it counts once a plan manager signs it off.
                completing = entry.rating == Rating.BLUE and not evidence_added
                if completing:
                    # Attached the morning the completion is reported, before the update.
                    day = entry.effective_date
                    Evidence.objects.create(
                        action=action,
                        title=spec.evidence,
                        url=f"https://example.org/evidence/{slugify(spec.evidence)}",
                        added_by=lead,
                        added_at=datetime.datetime(
                            day.year, day.month, day.day, 8, 30, tzinfo=LONDON
                        ),
                    )
                    n_evidence += 1
                    evidence_added = True
                action_update_record(
                    action=action,
                    author=lead,
                    effective_date=entry.effective_date,
                    rating=entry.rating,
                    commentary=entry.commentary,
                    revised_due_date=entry.revised_due_date,
                    slippage_reason=entry.slippage_reason,
                    kind=(
                        ActionUpdate.Kind.COMPLETION_PROPOSED
                        if completing
                        else ActionUpdate.Kind.PROGRESS
                    ),
                    recorded_at=_recorded_at(entry.effective_date, position),
                )
                n_updates += 1
                if completing:
                    # Signed off the afternoon of the same day, so every month-end count
                    # (and the Board's table of 23 April 2020) is what the report shows.
                    day = entry.effective_date
                    action_update_record(
                        action=action,
                        author=signer,
                        effective_date=day,
                        rating=Rating.BLUE,
                        commentary=f"Completion signed off against the evidence: {spec.evidence}.",
                        kind=ActionUpdate.Kind.SIGNED_OFF,
                        recorded_at=datetime.datetime(
                            day.year, day.month, day.day, 16, 30, tzinfo=LONDON
                        ),
                    )
                    n_signed_off += 1

        _say(
            stdout,
            f"Loaded '{plan.title}' ({plan.organisation}): {len(sections)} sections, "
            f"{len(recommendations)} recommendations, {len(ACTIONS)} actions, "
            f"{n_updates} updates, {n_evidence} evidence links, "
            f"{n_signed_off} completions signed off.",
        )
        indicators_demo_load(plan, stdout=stdout)
        assurance_demo_load(plan, stdout=stdout)
        risks_demo_load(plan, stdout=stdout)
        board_reports_demo_load(plan, stdout=stdout)
        return plan
