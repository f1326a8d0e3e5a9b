"""Proof by replay: the risk log as at a past date equals a replay of its history.

Hypothesis generates histories of a few risks (updates, some back-dated or typed in
late), stores them through the app's own writes, and compares the log as at random days,
in both modes ("as known then", "as known now"), with ``replay``: the same history read
the obvious way. The seed is fixed, so CI runs the same cases every time.
"""

import datetime
from dataclasses import dataclass

from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from risks import rules
from risks.log import risk_log
from risks.services import risk_update
from tests.factories import PLAN_START, PlanFactory, UserFactory

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
    )
    def test_the_log_as_at_any_day_is_its_history_replayed(
        self, history, raised_days, entered_late, looks
    ):
        owner = UserFactory()
        plan = PlanFactory(members=[owner])
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
