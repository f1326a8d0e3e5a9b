"""``manage.py generate_scale_data``: fill an empty database with a large synthetic load.

For benchmarks only (``make bench``): many plans, thousands of actions, a long history of
monthly updates, evidence links and indicator values, with realistic dates ending on
``--today``. The same options, seed and ``--today`` give the same data. Rows go in with
PostgreSQL's COPY (elsewhere ``bulk_create``), so model ``save()`` and ``full_clean()``
are skipped: the generator keeps the invariants itself (ratings follow the history,
versions count the updates, dates are in order). The pieces are in ``bench/scale/``.

Every generated account shares the password ``SCALE_PASSWORD``: never run this against
a database with real people in it (the command refuses a database that already has plans).
"""

import datetime
import random

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from bench.scale import board, history, people
from bench.scale.people import PlanShape
from bench.scale.words import (  # noqa: F401 (the accounts, imported from here by the bench)
    BENCH_ADVISER,
    BENCH_ADVISER_ONE,
    BENCH_BOARD,
    BENCH_MANAGER,
    INDICATORS,
    SCALE_PASSWORD,
    month_start,
    spread,
)
from plans.models import Plan
from plans.revisions import plan_revised


def _span(value: str) -> tuple[int, int]:
    low, _, high = value.partition("-")
    try:
        span = int(low), int(high or low)
    except ValueError:
        raise ValueError(f"{value!r} is not a range such as 100-400") from None
    if not 0 < span[0] <= span[1]:
        raise ValueError(f"{value!r} is not a range such as 100-400")
    return span


class Command(BaseCommand):
    help = (
        "BENCHMARK ONLY: fill an empty database with synthetic plans, actions, updates, "
        "evidence and indicators (defaults: 20 plans, 5,000 actions, 100,000 updates, "
        f"10,000 evidence). All accounts share the password '{SCALE_PASSWORD}'."
    )

    def add_arguments(self, parser):
        parser.add_argument("--plans", type=int, default=20)
        parser.add_argument("--actions", type=int, default=5000)
        parser.add_argument("--updates", type=int, default=100_000)
        parser.add_argument("--evidence", type=int, default=10_000)
        parser.add_argument(
            "--sizes",
            type=_span,
            default=None,
            metavar="LOW-HIGH",
            help="actions per plan, e.g. 100-400 (most plans near the top); by default "
            "0.4x to 1.6x the mean, evenly",
        )
        parser.add_argument(
            "--months",
            type=_span,
            default=(24, 36),
            metavar="LOW-HIGH",
            help="how many months of history each plan has (default 24-36)",
        )
        parser.add_argument(
            "--indicators", type=int, default=10, help=f"per plan, 0 to {len(INDICATORS)}"
        )
        parser.add_argument("--seed", type=int, default=2019)
        parser.add_argument(
            "--today",
            type=datetime.date.fromisoformat,
            default=None,
            help="The last day of history (YYYY-MM-DD); default today.",
        )

    def handle(self, *args, **options):
        n_plans, n_actions = options["plans"], options["actions"]
        if n_plans < 1 or n_actions < n_plans:
            raise CommandError("Need at least one plan and at least one action per plan.")
        if options["updates"] < n_actions:
            raise CommandError("Need at least one update per action.")
        if not 0 <= options["indicators"] <= len(INDICATORS):
            raise CommandError(f"--indicators must be 0 to {len(INDICATORS)}.")
        sizes = options["sizes"]
        if sizes and not sizes[0] * n_plans <= n_actions <= sizes[1] * n_plans:
            raise CommandError(
                f"{n_actions} actions do not fit {n_plans} plans of {sizes[0]} to {sizes[1]}."
            )
        if Plan.objects.exists():
            raise CommandError(
                "This database already has plans. The generator only fills an empty database."
            )
        self.rng = random.Random(options["seed"])
        self.today = options["today"] or datetime.date.today()
        with transaction.atomic():
            counts = self.generate(options)
        if connection.vendor == "postgresql":
            # Fresh statistics, as autovacuum would give a database that grew slowly; without
            # them the planner guesses from an empty table.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        self.stdout.write(
            "Generated {plans} plans, {users} users, {actions} actions, {updates} updates, "
            "{evidence} evidence records, {reports} Board reports, {indicators} indicators "
            "with {values} monthly values (history up to {today}).".format(
                today=self.today, **counts
            )
        )

    def shapes(self, options) -> list[PlanShape]:
        """Each plan's size and start, largest first (so the bench's largest plan is p01)."""
        rng, n = self.rng, options["plans"]
        if options["sizes"]:
            # A national programme: a few small plans, most near the largest.
            low, high = options["sizes"]
            weights = [low + (high - low) * (i / max(1, n - 1)) ** (1 / 3) for i in range(n)]
            sizes = spread(options["actions"], weights, low, rng, maximum=high)
        else:
            # Plans from a small council's to a large one's: 0.4x to 1.6x the mean.
            weights = [0.4 + 1.2 * i / max(1, n - 1) for i in range(n)]
            sizes = spread(options["actions"], weights, 1, rng)
        sizes.sort(reverse=True)
        shortest, longest = options["months"]
        return [
            PlanShape(
                index=i + 1,
                n_actions=size,
                start=month_start(self.today, rng.randint(shortest, longest)),
            )
            for i, size in enumerate(sizes)
        ]

    def generate(self, options) -> dict:
        rng, today = self.rng, self.today
        shapes = self.shapes(options)
        everyone = people.people(shapes)
        plans = people.plans(shapes, everyone)
        recommendations = people.sections_and_recommendations(plans, shapes, rng)
        actions = history.make_actions(plans, shapes, rng, today)
        owners = {plan.pk: shape.owners for plan, shape in zip(plans, shapes, strict=True)}
        history.link_actions(actions, owners, recommendations, rng)
        n_updates = history.write_histories(actions, options["updates"], rng, today)
        history.write_actions(actions)
        n_evidence = history.write_evidence(actions, options["evidence"], rng, today)
        n_reports = board.board_reports(plans, shapes, today)
        n_indicators, n_values = board.indicators(plans, shapes, options["indicators"], rng, today)
        # Written in bulk, which sends no signals: give every plan its first revision.
        plan_revised(plan.pk for plan in plans)
        return {
            "plans": len(plans),
            "reports": n_reports,
            "users": len(everyone),
            "actions": len(actions),
            "updates": n_updates,
            "evidence": n_evidence,
            "indicators": n_indicators,
            "values": n_values,
        }
