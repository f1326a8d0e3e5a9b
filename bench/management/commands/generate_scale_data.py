"""``manage.py generate_scale_data``: fill an empty database with a large synthetic load.

For benchmarks only (``make bench``): many plans, thousands of actions, a long history of
monthly updates and evidence links, with realistic dates ending on ``--today``. The same
seed and the same ``--today`` give the same data. Rows are written with ``bulk_create``,
so model ``save()`` and ``full_clean()`` are skipped: the generator keeps the invariants
itself (ratings follow the history, versions count the updates, dates are in order).

Every generated account shares the password ``SCALE_PASSWORD``: never run this against
a database with real people in it (the command refuses a database that already has plans).
"""

import datetime
import random
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from actions.models import Action, ActionUpdate, Evidence, Rating, SlippageReason
from improvement_board.roles import Role
from plans.assurance import starting_inspection_values
from plans.models import AssuranceEvent, Finding, Organisation, Plan, Section
from plans.revisions import plan_revised
from reports.models import BoardMeeting, BoardReport

SCALE_PASSWORD = "scale-benchmark-only"
LONDON = ZoneInfo("Europe/London")
BATCH = 2000

# Accounts every benchmark can rely on; the others are named p01-owner03 and so on.
BENCH_MANAGER = "bench-manager"  # plan manager, member of every plan
BENCH_BOARD = "bench-board"  # Board member, member of every plan
BENCH_ADVISER = "bench-adviser"  # overseer of every council, member of no plan
BENCH_ADVISER_ONE = "bench-adviser-one"  # overseer of the council of the smallest plan

SECTION_TITLES = [
    "Quality of Practice",
    "Capacity and capability of workforce",
    "Effective Leadership and Management",
    "Quality Assurance and Performance Management",
    "Partnership working",
    "Voice of the child",
    "Early Help and the front door",
]
VERBS = ["Embed", "Review", "Strengthen", "Deliver", "Implement", "Audit", "Recruit", "Develop"]
OBJECTS = [
    "the multi-agency front door",
    "supervision for frontline social workers",
    "the quality assurance framework",
    "care planning for children in care",
    "the permanence tracker",
    "return home interviews",
    "pre-proceedings practice",
    "the workforce development plan",
    "management oversight of caseloads",
    "the corporate parenting strategy",
    "the edge of care offer",
    "the performance scorecard",
]
FACTS = [
    "Audit of 40 case files completed; findings shared with team managers.",
    "Two further permanent social workers started this month.",
    "Practice week held with partners; attendance good.",
    "New template in use across all teams since the start of the month.",
    "Dip sample shows improvement in the timeliness of visits.",
    "Training delivered to 85% of the workforce.",
    "Partnership board agreed the revised protocol.",
    "Monthly performance clinic now chaired by the Assistant Director.",
    "Feedback from children and families collected and themed.",
    "Caseloads in the assessment teams down to an average of 18.",
]
SLIPPAGE = {
    SlippageReason.CAPACITY: "Vacancies in the team have delayed the work.",
    SlippageReason.PARTNER: "Awaiting agreement from the health partners.",
    SlippageReason.EXTERNAL: "Work paused while services responded to an external event.",
    SlippageReason.REPHASED: "Timescale re-phased by the Board to follow the restructure.",
    SlippageReason.OTHER: "Dependent on the new case management system going live.",
}
EVIDENCE_KINDS = ["audit report", "Board minutes", "training log", "performance scorecard"]
NEXT_STEPS = [
    "Report progress to the next Board.",
    "Repeat the audit next quarter.",
    "Agree the revised timescale with partners.",
    "Recruit to the remaining posts.",
]


def _month_start(day: datetime.date, months_back: int) -> datetime.date:
    month = day.year * 12 + day.month - 1 - months_back
    return datetime.date(month // 12, month % 12 + 1, 1)


def _spread(total: int, weights: list[float], minimum: int, rng: random.Random) -> list[int]:
    """Split ``total`` into integers proportional to ``weights``, none below ``minimum``."""
    scale = total / sum(weights)
    counts = [max(minimum, round(w * scale)) for w in weights]
    while (difference := total - sum(counts)) != 0:
        i = rng.randrange(len(counts))
        step = 1 if difference > 0 else -1
        if counts[i] + step >= minimum:
            counts[i] += step
    return counts


@dataclass
class PlanShape:
    index: int
    n_actions: int
    start: datetime.date
    sections: list[Section] = field(default_factory=list)
    owners: list = field(default_factory=list)


class Command(BaseCommand):
    help = (
        "BENCHMARK ONLY: fill an empty database with synthetic plans, actions, updates and "
        "evidence (defaults: 20 plans, 5,000 actions, 100,000 updates, 10,000 evidence). "
        f"All accounts share the password '{SCALE_PASSWORD}'."
    )

    def add_arguments(self, parser):
        parser.add_argument("--plans", type=int, default=20)
        parser.add_argument("--actions", type=int, default=5000)
        parser.add_argument("--updates", type=int, default=100_000)
        parser.add_argument("--evidence", type=int, default=10_000)
        parser.add_argument("--seed", type=int, default=2019)
        parser.add_argument(
            "--today",
            type=datetime.date.fromisoformat,
            default=None,
            help="The last day of history (YYYY-MM-DD); default today.",
        )

    def handle(self, *args, **options):
        n_plans = options["plans"]
        n_actions = options["actions"]
        if n_plans < 1 or n_actions < n_plans:
            raise CommandError("Need at least one plan and at least one action per plan.")
        if options["updates"] < n_actions:
            raise CommandError("Need at least one update per action.")
        if Plan.objects.exists():
            raise CommandError(
                "This database already has plans. The generator only fills an empty database."
            )
        self.rng = random.Random(options["seed"])
        self.today = options["today"] or datetime.date.today()
        with transaction.atomic():
            counts = self.generate(n_plans, n_actions, options["updates"], options["evidence"])
        if connection.vendor == "postgresql":
            # Fresh statistics, as autovacuum would give a database that grew slowly; without
            # them the planner guesses from an empty table.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        self.stdout.write(
            "Generated {plans} plans, {users} users, {actions} actions, {updates} updates, "
            "{evidence} evidence records, {reports} Board reports "
            "(history up to {today}).".format(today=self.today, **counts)
        )

    # --- Building blocks ---------------------------------------------------------------

    def generate(self, n_plans: int, n_actions: int, n_updates: int, n_evidence: int) -> dict:
        rng = self.rng
        # Plans from a small council's to a national programme's: 0.4x to 1.6x the mean.
        sizes = _spread(
            n_actions, [0.4 + 1.2 * i / max(1, n_plans - 1) for i in range(n_plans)], 1, rng
        )
        # Largest first, so the benchmark's "largest plan" is p01.
        sizes.sort(reverse=True)
        shapes = [
            PlanShape(
                index=i + 1,
                n_actions=size,
                start=_month_start(self.today, rng.randint(24, 36)),
            )
            for i, size in enumerate(sizes)
        ]

        password = make_password(SCALE_PASSWORD)  # hashed once: hashing is slow by design
        groups = {role: Group.objects.get_or_create(name=role.value)[0] for role in Role}
        User = get_user_model()
        user_rows: list[tuple[User, Role, PlanShape | None]] = []

        def person(username: str, first: str, last: str, title: str, role, shape) -> None:
            user = User(
                username=username,
                first_name=first,
                last_name=last,
                email=f"{username}@example.org",
                job_title=title,
                password=password,
            )
            user_rows.append((user, role, shape))

        person(BENCH_MANAGER, "Bench", "Manager", "Programme Director", Role.PLAN_MANAGER, None)
        person(BENCH_BOARD, "Bench", "Board", "Independent Chair", Role.BOARD_MEMBER, None)
        person(BENCH_ADVISER, "Bench", "Adviser", "Regional Adviser", Role.OVERSEER, None)
        person(BENCH_ADVISER_ONE, "Bench", "Commissioner", "Commissioner", Role.OVERSEER, None)
        for shape in shapes:
            prefix = f"p{shape.index:02d}"
            for k in range(2):
                person(
                    f"{prefix}-manager{k + 1}",
                    "Plan",
                    f"Manager {prefix}-{k + 1}",
                    "Assistant Director",
                    Role.PLAN_MANAGER,
                    shape,
                )
            for k in range(max(8, shape.n_actions // 10)):
                person(
                    f"{prefix}-owner{k + 1:02d}",
                    "Owner",
                    f"{prefix}-{k + 1:02d}",
                    "Head of Service",
                    Role.ACTION_OWNER,
                    shape,
                )
            for k in range(4):
                person(
                    f"{prefix}-board{k + 1}",
                    "Board",
                    f"Member {prefix}-{k + 1}",
                    "Board member",
                    Role.BOARD_MEMBER,
                    shape,
                )
        User.objects.bulk_create([row[0] for row in user_rows], batch_size=BATCH)
        User.groups.through.objects.bulk_create(
            [
                User.groups.through(user_id=user.pk, group_id=groups[role].pk)
                for user, role, _ in user_rows
            ],
            batch_size=BATCH,
        )

        organisations = Organisation.objects.bulk_create(
            [
                Organisation(
                    name=f"Scale Test Council {shape.index:02d}",
                    slug=f"scale-test-council-{shape.index:02d}",
                )
                for shape in shapes
            ]
        )
        plans = Plan.objects.bulk_create(
            [
                Plan(
                    title=f"Children's Services Improvement Plan {shape.index:02d}",
                    slug=f"scale-plan-{shape.index:02d}",
                    organisation=organisation,
                    inspection="Ofsted ILACS inspection",
                    inspection_date=shape.start - datetime.timedelta(days=45),
                    status=Plan.Status.ACTIVE,
                    start_date=shape.start,
                )
                for shape, organisation in zip(shapes, organisations, strict=True)
            ]
        )
        everyone = [
            user for user, role, shape in user_rows if shape is None and role != Role.OVERSEER
        ]
        members = []
        for plan, shape in zip(plans, shapes, strict=True):
            plan_people = [user for user, _, s in user_rows if s is shape]
            shape.owners = [
                user for user, role, s in user_rows if s is shape and role == Role.ACTION_OWNER
            ]
            members += [
                Plan.members.through(plan_id=plan.pk, user_id=user.pk)
                for user in everyone + plan_people
            ]
        Plan.members.through.objects.bulk_create(members, batch_size=BATCH)
        # Overseers read their councils' plans without being members of them.
        advisers = {user.username: user for user, role, _ in user_rows if role == Role.OVERSEER}
        Organisation.overseers.through.objects.bulk_create(
            [
                Organisation.overseers.through(
                    organisation_id=plan.organisation_id, user_id=advisers[BENCH_ADVISER].pk
                )
                for plan in plans
            ]
            + [
                Organisation.overseers.through(
                    organisation_id=plans[-1].organisation_id,
                    user_id=advisers[BENCH_ADVISER_ONE].pk,
                )
            ]
        )

        inspections = AssuranceEvent.objects.bulk_create(
            AssuranceEvent(plan=plan, **starting_inspection_values(plan)) for plan in plans
        )
        sections, recommendations = [], []
        for plan, shape, inspection in zip(plans, shapes, inspections, strict=True):
            n_sections = rng.randint(5, len(SECTION_TITLES))
            for number in range(1, n_sections + 1):
                section = Section(
                    plan=plan,
                    number=number,
                    title=SECTION_TITLES[number - 1],
                    lead=rng.choice(shape.owners),
                )
                shape.sections.append(section)
                sections.append(section)
            for number in range(1, 9):
                recommendations.append(
                    Finding(
                        plan=plan,
                        event=inspection,
                        reference=f"R{number}",
                        text=f"Improve {rng.choice(OBJECTS)} so that children are safer.",
                    )
                )
        Section.objects.bulk_create(sections, batch_size=BATCH)
        Finding.objects.bulk_create(recommendations, batch_size=BATCH)
        recommendations_by_plan: dict[int, list[Finding]] = {}
        for recommendation in recommendations:
            recommendations_by_plan.setdefault(recommendation.plan_id, []).append(recommendation)

        actions = self.actions(plans, shapes)
        Action.objects.bulk_create(actions, batch_size=BATCH)
        owners_by_plan = {plan.pk: shape.owners for plan, shape in zip(plans, shapes, strict=True)}
        delegates, links = [], []
        for action in actions:
            owners = owners_by_plan[action.plan_id]
            if rng.random() < 0.2:
                delegate = rng.choice(owners)
                if delegate.pk != action.lead_id:
                    delegates.append(
                        Action.delegates.through(action_id=action.pk, user_id=delegate.pk)
                    )
            for recommendation in rng.sample(
                recommendations_by_plan[action.plan_id], rng.randint(1, 2)
            ):
                links.append(
                    Action.recommendations.through(
                        action_id=action.pk, finding_id=recommendation.pk
                    )
                )
        Action.delegates.through.objects.bulk_create(delegates, batch_size=BATCH)
        Action.recommendations.through.objects.bulk_create(links, batch_size=BATCH)

        n_written = self.histories(actions, n_updates)
        n_evidence_written = self.evidence(actions, n_evidence)
        managers = {
            shape.index: user
            for user, role, shape in user_rows
            if shape is not None and user.username.endswith("-manager1")
        }
        n_reports = self.board_reports(plans, shapes, managers)
        # Written in bulk, which sends no signals: give every plan its first revision.
        plan_revised(plan.pk for plan in plans)
        return {
            "plans": len(plans),
            "reports": n_reports,
            "users": len(user_rows),
            "actions": len(actions),
            "updates": n_written,
            "evidence": n_evidence_written,
        }

    def actions(self, plans: list[Plan], shapes: list[PlanShape]) -> list[Action]:
        rng = self.rng
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
                    months = (self.today.year - shape.start.year) * 12 + (
                        self.today.month - shape.start.month
                    )
                    added_on = _month_start(self.today, rng.randint(2, max(2, months - 1)))
                    added_on = max(added_on, shape.start)
                due = added_on + datetime.timedelta(days=rng.randint(180, 720))
                actions.append(
                    Action(
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

    def histories(self, actions: list[Action], n_updates: int) -> int:
        """Monthly-ish updates per action, rating a plausible walk, some completed."""
        rng = self.rng
        Kind = ActionUpdate.Kind
        lifetimes = [max(1, (self.today - action.added_on).days) for action in actions]
        counts = _spread(n_updates, [life * rng.uniform(0.7, 1.0) for life in lifetimes], 1, rng)
        batch: list[ActionUpdate] = []
        written = 0
        changed_actions = []
        for action, life, n in zip(actions, lifetimes, counts, strict=True):
            completes = n >= 3 and rng.random() < 0.25
            rating = ""
            due = action.original_due_date
            for k in range(n):
                day = action.added_on + datetime.timedelta(days=life * (k + 1) // (n + 1))
                day = min(self.today, day + datetime.timedelta(days=rng.randint(0, 3)))
                kind = Kind.PROGRESS
                reason = ""
                revised_due = None
                if completes and k == n - 2:
                    kind, new_rating = Kind.COMPLETION_PROPOSED, Rating.BLUE
                elif completes and k == n - 1:
                    kind, new_rating = Kind.SIGNED_OFF, Rating.BLUE
                else:
                    new_rating = self.next_rating(rating)
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
                batch.append(
                    ActionUpdate(
                        action_id=action.pk,
                        kind=kind,
                        author_id=action.lead_id,
                        recorded_at=recorded,
                        effective_date=day,
                        previous_rating=rating,
                        rating=new_rating,
                        commentary=commentary,
                        revised_due_date=revised_due,
                        slippage_reason=reason,
                        next_steps=rng.choice(NEXT_STEPS),
                        action_version=k + 2,
                    )
                )
                if kind in Kind.rated():
                    rating = new_rating
            action.rating = rating
            action.current_due_date = due
            action.version = n + 1
            changed_actions.append(action)
            if len(batch) >= BATCH:
                ActionUpdate.objects.bulk_create(batch)
                written += len(batch)
                batch = []
        ActionUpdate.objects.bulk_create(batch)
        written += len(batch)
        Action.objects.bulk_update(
            changed_actions, ["rating", "current_due_date", "version"], batch_size=BATCH
        )
        return written

    def next_rating(self, rating: str) -> Rating:
        roll = self.rng.random()
        if rating in ("", Rating.GREEN):
            return Rating.GREEN if roll < 0.75 else Rating.AMBER if roll < 0.95 else Rating.RED
        if rating == Rating.AMBER:
            return Rating.AMBER if roll < 0.5 else Rating.GREEN if roll < 0.85 else Rating.RED
        return Rating.RED if roll < 0.4 else Rating.AMBER if roll < 0.9 else Rating.GREEN

    def evidence(self, actions: list[Action], n_evidence: int) -> int:
        rng = self.rng
        rows = []
        for k in range(n_evidence):
            action = rng.choice(actions)
            life = max(1, (self.today - action.added_on).days)
            day = action.added_on + datetime.timedelta(days=rng.randrange(life))
            added_at = datetime.datetime(
                day.year, day.month, day.day, 8, 0, tzinfo=LONDON
            ) + datetime.timedelta(minutes=rng.randint(0, 540))
            removed = rng.random() < 0.05 and day + datetime.timedelta(days=7) < self.today
            rows.append(
                Evidence(
                    action_id=action.pk,
                    title=f"Evidence {k + 1}: {rng.choice(EVIDENCE_KINDS)}",
                    url=f"https://example.org/evidence/{k + 1}",
                    added_by_id=action.lead_id,
                    added_at=added_at,
                    removed_at=added_at + datetime.timedelta(days=7) if removed else None,
                    removed_by_id=action.lead_id if removed else None,
                )
            )
        Evidence.objects.bulk_create(rows, batch_size=BATCH)
        return len(rows)

    def board_reports(self, plans: list[Plan], shapes: list[PlanShape], managers) -> int:
        """A Board meeting every other month; a draft progress report for the latest."""
        meetings, latest = [], {}
        for plan, shape in zip(plans, shapes, strict=True):
            months = (
                (self.today.year - shape.start.year) * 12 + self.today.month - shape.start.month
            )
            dates = [
                _month_start(self.today, months - m) + datetime.timedelta(days=20)
                for m in range(2, months + 1, 2)
            ]
            dates = [day for day in dates if day <= self.today]
            plan_meetings = [BoardMeeting(plan=plan, date=day) for day in dates]
            meetings += plan_meetings
            latest[plan.pk] = plan_meetings[-2:]
        BoardMeeting.objects.bulk_create(meetings, batch_size=BATCH)
        reports = []
        for plan, shape in zip(plans, shapes, strict=True):
            *earlier, meeting = latest[plan.pk]
            manager = managers[shape.index]
            reports.append(
                BoardReport(
                    meeting=meeting,
                    kind=BoardReport.Kind.PROGRESS,
                    title="Improvement Plan progress update",
                    as_at=meeting.date,
                    period_start=earlier[0].date if earlier else plan.start_date,
                    authors=f"{manager.get_full_name()}, {manager.job_title}",
                    include_appendix=True,
                    created_by=manager,
                    summary="Progress continues across the plan; **workforce** remains the "
                    "main risk.",
                    introduction="This report sets out progress since the last Board.",
                    progress="- Audits completed on time\n- Caseloads reduced",
                    issues="Recruitment to social work posts remains difficult.",
                    next_steps="Continue the recruitment campaign.",
                    recommendations="Note the progress made.\nAgree the revised timescales.",
                )
            )
        BoardReport.objects.bulk_create(reports, batch_size=BATCH)
        return len(reports)
