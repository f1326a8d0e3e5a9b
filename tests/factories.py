import datetime
from decimal import Decimal

import factory
from django.contrib.auth.models import Group
from django.utils import timezone
from django.utils.text import slugify

from actions.models import Action, ActionUpdate, Rating
from improvement_board.models import User
from improvement_board.roles import Role
from plans.assurance import starting_inspection
from plans.models import AssuranceEvent, Finding, Organisation, Plan, Section

PLAN_START = datetime.date(2019, 10, 1)


def recorded_on(day: datetime.date) -> datetime.datetime:
    """Noon on ``day``: when a test's history is recorded, unless it is about recording
    late (a back-dated update, a correction)."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password("correct-horse-battery")

    @factory.post_generation
    def role(self, create, extracted: Role | None, **kwargs):
        if create and extracted:
            # get_or_create: a transactional test before this one may have flushed the
            # groups the migration made.
            self.groups.add(Group.objects.get_or_create(name=extracted.value)[0])


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("name",)
        skip_postgeneration_save = True

    name = "Exampleshire County Council"
    slug = factory.LazyAttribute(lambda o: slugify(o.name))

    @factory.post_generation
    def overseers(self, create, extracted, **kwargs):
        if create and extracted:
            self.overseers.add(*extracted)


class PlanFactory(factory.django.DjangoModelFactory):
    """A plan of Exampleshire County Council, unless given an organisation (a record, or
    a council's name: the record of that name, made if need be)."""

    class Meta:
        model = Plan
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Improvement Plan {n}")
    slug = factory.Sequence(lambda n: f"plan-{n}")
    organisation = factory.SubFactory(OrganisationFactory)

    @classmethod
    def _adjust_kwargs(cls, **kwargs):
        if isinstance(kwargs.get("organisation"), str):
            kwargs["organisation"] = OrganisationFactory(name=kwargs["organisation"])
        return kwargs

    status = Plan.Status.ACTIVE
    start_date = PLAN_START

    @factory.post_generation
    def members(self, create, extracted, **kwargs):
        if create and extracted:
            self.members.add(*extracted)


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Section

    plan = factory.SubFactory(PlanFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Section {n + 1}")


class RecommendationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Finding

    plan = factory.SubFactory(PlanFactory)
    event = factory.LazyAttribute(lambda finding: starting_inspection(finding.plan))
    reference = factory.Sequence(lambda n: f"R{n + 1}")
    text = "Improve the quality of assessments."


class AssuranceEventFactory(factory.django.DjangoModelFactory):
    """A done Partner in Practice diagnostic, as recorded the week after it."""

    class Meta:
        model = AssuranceEvent

    plan = factory.SubFactory(PlanFactory)
    kind = AssuranceEvent.Kind.PIP_DIAGNOSTIC
    title = factory.Sequence(
        lambda n: (
            f"Partner in Practice diagnostic {n + 1} of assessment, early help and the "
            "front door, with staff focus groups"
        )
    )
    led_by = "Essex County Council"
    status = AssuranceEvent.Status.DONE
    planned_start = datetime.date(2020, 1, 13)
    planned_end = datetime.date(2020, 1, 17)
    actual_start = factory.SelfAttribute("planned_start")
    actual_end = factory.SelfAttribute("planned_end")
    recorded_at = factory.LazyAttribute(lambda event: recorded_on(event.planned_start))


class FindingFactory(RecommendationFactory):
    """A finding of an event other than the inspection that started the plan."""

    event = factory.SubFactory(AssuranceEventFactory, plan=factory.SelfAttribute("..plan"))
    reference = factory.Sequence(lambda n: f"F{n + 1}")
    text = "Thresholds at the front door are applied inconsistently between teams."


class ActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Action

    section = factory.SubFactory(SectionFactory)
    plan = factory.SelfAttribute("section.plan")
    reference = factory.Sequence(lambda n: f"1.{n + 1:02d}")
    title = factory.Sequence(lambda n: f"Action {n + 1}")
    lead = factory.SubFactory(UserFactory)
    added_on = factory.SelfAttribute("plan.start_date")
    start_date = factory.SelfAttribute("plan.start_date")
    original_due_date = datetime.date(2020, 3, 31)
    current_due_date = factory.SelfAttribute("original_due_date")


class ActionUpdateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActionUpdate

    action = factory.SubFactory(ActionFactory)
    author = factory.SelfAttribute("action.lead")
    effective_date = PLAN_START
    recorded_at = factory.LazyAttribute(lambda update: recorded_on(update.effective_date))
    rating = Rating.GREEN
    commentary = "On track."


# --- Performance indicators ---------------------------------------------------------


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "indicators.Indicator"

    plan = factory.SubFactory(PlanFactory)
    name = factory.Sequence(lambda n: f"Indicator {n + 1}")
    definition = "What is counted, and when."
    unit = "number"
    polarity = "lower"
    target = Decimal("20")
    tolerance = Decimal("2")
    owner = factory.SubFactory(UserFactory)
    position = factory.Sequence(lambda n: n)


class IndicatorValueFactory(factory.django.DjangoModelFactory):
    """A monthly value written straight to the table; use the service to test entry."""

    class Meta:
        model = "indicators.IndicatorValue"

    indicator = factory.SubFactory(IndicatorFactory)
    period = datetime.date(2020, 3, 1)
    value = Decimal("19")
    commentary = "On target."
    entered_by = factory.SelfAttribute("indicator.owner")
    entered_at = factory.LazyAttribute(lambda value: recorded_on(value.period))


# --- Evidence -----------------------------------------------------------------------


class EvidenceFactory(factory.django.DjangoModelFactory):
    """A link as evidence; files go through ``actions.services.evidence_add``."""

    class Meta:
        model = "actions.Evidence"

    action = factory.SubFactory(ActionFactory)
    title = factory.Sequence(lambda n: f"Audit report {n + 1}")
    url = factory.Sequence(lambda n: f"https://example.org/evidence/{n + 1}")
    added_by = factory.SelfAttribute("action.lead")


# --- Board meetings and reports -----------------------------------------------------


class BoardMeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "reports.BoardMeeting"

    plan = factory.SubFactory(PlanFactory)
    date = factory.Sequence(lambda n: datetime.date(2020, 4, 23) - datetime.timedelta(days=28 * n))
    title = "Improvement Board"


class BoardReportFactory(factory.django.DjangoModelFactory):
    """A draft progress update; make it final through ``reports.services``."""

    class Meta:
        model = "reports.BoardReport"

    meeting = factory.SubFactory(BoardMeetingFactory)
    title = "Improvement Plan Progress Update"
    as_at = factory.SelfAttribute("meeting.date")
    period_start = datetime.date(2020, 3, 19)
    authors = "Jean Imray, Assistant Director"
    summary = "The purpose of this report is to update the Board."
    created_by = factory.SubFactory(UserFactory)
