import datetime

import factory
from django.contrib.auth.models import Group

from actions.models import Action, ActionUpdate, Rating
from improvement_board.models import User
from improvement_board.roles import Role
from plans.models import Plan, Recommendation, Section

PLAN_START = datetime.date(2019, 10, 1)


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
            self.groups.add(Group.objects.get(name=extracted.value))


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Plan
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Improvement Plan {n}")
    slug = factory.Sequence(lambda n: f"plan-{n}")
    organisation = "Exampleshire County Council"
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
        model = Recommendation

    plan = factory.SubFactory(PlanFactory)
    reference = factory.Sequence(lambda n: f"R{n + 1}")
    text = "Improve the quality of assessments."


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
    rating = Rating.GREEN
    commentary = "On track."
