"""Proof by replay: the risk log as at a past date equals a replay of its history.

Hypothesis generates histories of a few risks (updates, some back-dated or typed in
late, and edits of their details: title, owner, the actions they affect), stores them
through the app's own writes, and compares the log as at random days, in both modes ("as
known then", "as known now"), with ``replay``: the same history read the obvious way.
The seed is fixed, so CI runs the same cases every time.
"""

import datetime
from dataclasses import dataclass

from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from risks import rules
from risks.history import attach_details
from risks.log import risk_log
from risks.models import Risk
from risks.services import risk_edit, risk_update
from tests.factories import PLAN_START, ActionFactory, PlanFactory, UserFactory

from .factories import RiskFactory

REPLAY = settings(
    max_examples=80,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    database=None,
)
RISKS = 3
LAST_DAY = 150


def day(n: int) -> datetime.date:
    return PLAN_START + datetime.timedelta(days=n)


def noon(on: datetime.date, seq: int) -> datetime.datetime:
    return timezone.make_aware(
        datetime.datetime.combine(on, datetime.time(12)) + datetime.timedelta(seconds=seq)
    )


@dataclass(frozen=True)
class Entry:
    seq: int
    risk: int
    effective: datetime.date
    recorded: datetime.date
    likelihood: int
    impact: int
    status: str
    review: datetime.date | None


entries = st.lists(
    st.tuples(
        st.integers(0, RISKS - 1),
        st.integers(0, LAST_DAY),  # effective day
        st.sampled_from([0, 0, 0, 3, 40]),  # typed in on the day, or later
        st.integers(1, 5),
        st.integers(1, 5),
        st.sampled_from(["open", "open", "managed", "closed"]),
        st.one_of(st.none(), st.integers(0, LAST_DAY + 30)),
    ),
    max_size=12,
)


TITLES = [
    "Agency social workers leave before the training programme ends",
    "Partner in Practice support with Ealing and Oxfordshire does not start – a false start",
    "Covid-19 postpones the Ofsted monitoring visit & the peer review ('for now')",
]

# (risk, day it was made, title, owner, actions linked): made in order of their day.
edits = st.lists(
    st.tuples(
        st.integers(0, RISKS - 1),
        st.integers(0, LAST_DAY),
        st.sampled_from(range(len(TITLES))),
        st.integers(0, 1),
        st.sets(st.integers(0, 2), max_size=3),
    ),
    max_size=5,
).map(lambda made: sorted(made, key=lambda edit: edit[1]))


def replay_details(original: dict, made: list, on, known_now) -> dict:
    """Per risk: (title, owner's name, references of the actions linked) as at ``on``:
    the last edit made by the end of ``on`` (as known now, the last of all)."""
    shown = dict(original)
    for index, when, *details in made:
        if known_now or when <= on:
            shown[index] = tuple(details)
    return shown


def replay(history: list[Entry], raised: list[tuple[datetime.date, datetime.date]], on, known_now):
    """Per risk known on ``on``: (status, score, review date, score of the update before)."""
    shown = {}
    for index, (raised_on, entered) in enumerate(raised):
        if raised_on > on or (not known_now and entered > on):
            continue
        counted = sorted(
            (
                e
                for e in history
                if e.risk == index and e.effective <= on and (known_now or e.recorded <= on)
            ),
            key=lambda e: (e.effective, e.seq),
            reverse=True,
        )
        latest = counted[0] if counted else None
        before = counted[1] if len(counted) > 1 else None
        shown[index] = (
            latest.status if latest else None,
            latest.likelihood * latest.impact if latest else None,
            latest.review if latest else None,
            before.likelihood * before.impact if before else None,
        )
    return shown


class TestRiskLogReplay(TestCase):
    @REPLAY
    @given(
        history=entries,
        raised_days=st.lists(st.integers(0, 60), min_size=RISKS, max_size=RISKS),
        entered_late=st.lists(st.sampled_from([0, 0, 20]), min_size=RISKS, max_size=RISKS),
        looks=st.lists(st.tuples(st.integers(0, LAST_DAY + 45), st.booleans()), min_size=3),
        details=edits,
    )
    def test_the_log_as_at_any_day_is_its_history_replayed(
        self, history, raised_days, entered_late, looks, details
    ):
        owner = UserFactory(first_name="Siobhán", last_name="O'Neill-Adebayo")
        deputy = UserFactory(first_name="Marcus", last_name="Chen")
        plan = PlanFactory(members=[owner, deputy])
        actions = [ActionFactory(plan=plan, reference=f"{n}.{n + 2}") for n in (1, 2, 3)]
        raised = [
            (day(n), day(n + late)) for n, late in zip(raised_days, entered_late, strict=True)
        ]
        risks = [
            RiskFactory(
                plan=plan,
                owner=owner,
                reference=f"R{index + 1}",
                raised_on=raised_on,
                created_at=noon(entered, 0),
            )
            for index, (raised_on, entered) in enumerate(raised)
        ]
        stored = []
        for seq, (index, effective, late, likelihood, impact, status, review) in enumerate(
            history, start=1
        ):
            raised_on = raised[index][0]
            effective_on = max(day(effective), raised_on)
            review_on = max(day(review), raised_on) if review is not None else None
            entry = Entry(
                seq,
                index,
                effective_on,
                effective_on + datetime.timedelta(days=late),
                likelihood,
                impact,
                status,
                review_on,
            )
            risk_update(
                risk=risks[index],
                request=None,
                effective_date=entry.effective,
                status=status,
                likelihood=likelihood,
                impact=impact,
                review_date=review_on,
                note=f"Entry {seq}",
                recorded_at=noon(entry.recorded, seq),
                recorded_by=owner,
            )
            stored.append(entry)
        original = {index: (risk.title, str(owner), "") for index, risk in enumerate(risks)}
        made = _edit(risks, details, [owner, deputy], actions)

        for look, known_now in looks:
            on = day(look)
            expected = replay(stored, raised, on, known_now)
            log = risk_log(plan, on, known_now=known_now)
            got = {
                int(risk.reference[1:]) - 1: (
                    risk.status_as_at,
                    risk.score_as_at,
                    risk.review_date_as_at,
                    risk.score_before,
                )
                for risk in log
            }
            assert got == expected, (on, known_now)
            for risk in log:
                status, _, review, _ = expected[int(risk.reference[1:]) - 1]
                overdue = review is not None and review < on and status != "closed"
                assert risk.review_overdue == overdue
                assert risk.trend == rules.trend(risk.score_as_at, risk.score_before)
            expected_details = replay_details(original, made, on, known_now)
            fresh = list(Risk.objects.filter(plan=plan).select_related("owner"))
            attach_details(fresh, on, known_now=known_now)
            for risk in fresh:
                index = int(risk.reference[1:]) - 1
                actions_then = risk.shown["actions"]
                if actions_then is None:
                    actions_then = sorted(action.reference for action in risk.actions.all())
                got_details = (risk.shown["title"], str(risk.shown["owner"]), actions_then)
                title, who, linked = expected_details[index]
                assert got_details == (title, who, sorted(linked.splitlines())), (on, known_now)
            for risk in log:
                assert risk.shown["title"] == expected_details[int(risk.reference[1:]) - 1][0]


def _edit(risks, details, people, actions) -> list:
    """Make the generated edits through ``risk_edit``; return them as the replay reads
    them: (risk, day, title, owner's name, references linked, one a line)."""
    made = []
    for seq, (index, when, title, who, linked) in enumerate(details, start=1):
        risk = risks[index]
        risk.refresh_from_db()
        chosen = [actions[n] for n in sorted(linked)]
        on = max(day(when), risk.raised_on)
        values = {
            "reference": risk.reference,
            "title": TITLES[title],
            "description": risk.description,
            "owner": people[who],
            "raised_on": risk.raised_on,
        }
        risk_edit(
            risk=risk,
            request=None,
            values=values,
            actions=chosen,
            expected_version=risk.version,
            changed_at=noon(on, 1000 + seq),
            changed_by=people[0],
        )
        references = "\n".join(sorted(action.reference for action in chosen))
        made.append((index, on, TITLES[title], str(people[who]), references))
    return made
