"""The accounts, councils, plans, their members, sections and recommendations."""

import datetime
import random
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group

from improvement_board.roles import Role
from plans.assurance import starting_inspection_values
from plans.models import AssuranceEvent, Finding, Organisation, Plan, Section

from .rows import BATCH, write_rows
from .words import (
    BENCH_ADVISER,
    BENCH_ADVISER_ONE,
    BENCH_BOARD,
    BENCH_MANAGER,
    OBJECTS,
    SCALE_PASSWORD,
    SECTION_TITLES,
)


@dataclass
class PlanShape:
    index: int
    n_actions: int
    start: datetime.date
    sections: list[Section] = field(default_factory=list)
    owners: list = field(default_factory=list)
    manager: object = None


@dataclass
class Person:
    user: object
    role: Role
    shape: PlanShape | None


def people(shapes: list[PlanShape]) -> list[Person]:
    """Everyone, saved: the bench accounts, and each plan's managers, owners and Board."""
    password = make_password(SCALE_PASSWORD)  # hashed once: hashing is slow by design
    User = get_user_model()
    rows: list[Person] = []

    def person(username: str, first: str, last: str, title: str, role, shape) -> None:
        user = User(
            username=username,
            first_name=first,
            last_name=last,
            email=f"{username}@example.org",
            job_title=title,
            password=password,
        )
        rows.append(Person(user, role, shape))

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
    User.objects.bulk_create([row.user for row in rows], batch_size=BATCH)
    groups = {role: Group.objects.get_or_create(name=role.value)[0] for role in Role}
    write_rows(
        User.groups.through,
        ("user_id", "group_id"),
        ((row.user.pk, groups[row.role].pk) for row in rows),
    )
    for row in rows:
        if row.shape is None:
            continue
        if row.role == Role.ACTION_OWNER:
            row.shape.owners.append(row.user)
        elif row.user.username.endswith("-manager1"):
            row.shape.manager = row.user
    return rows


def plans(shapes: list[PlanShape], everyone: list[Person]) -> list[Plan]:
    """A council and an active plan for each shape, with its members and overseers."""
    organisations = Organisation.objects.bulk_create(
        [
            Organisation(
                name=f"Scale Test Council {shape.index:02d}",
                slug=f"scale-test-council-{shape.index:02d}",
            )
            for shape in shapes
        ],
        batch_size=BATCH,
    )
    made = Plan.objects.bulk_create(
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
        ],
        batch_size=BATCH,
    )
    in_every_plan = [p.user for p in everyone if p.shape is None and p.role != Role.OVERSEER]
    plan_of_shape = {id(shape): plan for shape, plan in zip(shapes, made, strict=True)}
    write_rows(
        Plan.members.through,
        ("plan_id", "user_id"),
        [(plan.pk, user.pk) for plan in made for user in in_every_plan]
        + [(plan_of_shape[id(p.shape)].pk, p.user.pk) for p in everyone if p.shape is not None],
    )
    # Overseers read their councils' plans without being members of them.
    advisers = {p.user.username: p.user for p in everyone if p.role == Role.OVERSEER}
    write_rows(
        Organisation.overseers.through,
        ("organisation_id", "user_id"),
        [(plan.organisation_id, advisers[BENCH_ADVISER].pk) for plan in made]
        + [(made[-1].organisation_id, advisers[BENCH_ADVISER_ONE].pk)],
    )
    return made


def sections_and_recommendations(
    plans_made: list[Plan], shapes: list[PlanShape], rng: random.Random
) -> dict[int, list[Finding]]:
    """Each plan's sections (on its shape) and the eight recommendations of the inspection
    that started it (its findings), by plan."""
    inspections = AssuranceEvent.objects.bulk_create(
        AssuranceEvent(plan=plan, **starting_inspection_values(plan)) for plan in plans_made
    )
    sections, recommendations = [], []
    for plan, shape, inspection in zip(plans_made, shapes, inspections, strict=True):
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
    by_plan: dict[int, list[Finding]] = {}
    for recommendation in recommendations:
        by_plan.setdefault(recommendation.plan_id, []).append(recommendation)
    return by_plan
