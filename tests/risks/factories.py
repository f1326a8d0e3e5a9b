import datetime

import factory

from risks.models import Risk, RiskStatus, RiskUpdate
from tests.factories import PLAN_START, PlanFactory, UserFactory, recorded_on


class RiskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Risk
        skip_postgeneration_save = True

    plan = factory.SubFactory(PlanFactory)
    kind = Risk.Kind.RISK
    reference = factory.Sequence(lambda n: f"R{n + 1}")
    title = factory.Sequence(
        lambda n: f"Agency social workers leave before the training programme ends ({n})"
    )
    description = "High turnover undoes training and breaks relationships with children."
    owner = factory.SubFactory(UserFactory)
    raised_on = PLAN_START
    created_at = factory.LazyAttribute(lambda risk: recorded_on(risk.raised_on))

    @factory.post_generation
    def actions(self, create, extracted, **kwargs):
        if create and extracted:
            self.actions.add(*extracted)


class RiskUpdateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RiskUpdate

    risk = factory.SubFactory(RiskFactory)
    effective_date = factory.SelfAttribute("risk.raised_on")
    recorded_at = factory.LazyAttribute(lambda update: recorded_on(update.effective_date))
    recorded_by = factory.SelfAttribute("risk.owner")
    likelihood = factory.LazyAttribute(lambda u: 4 if u.risk.kind == Risk.Kind.RISK else None)
    impact = factory.LazyAttribute(lambda u: 4 if u.risk.kind == Risk.Kind.RISK else None)
    status = RiskStatus.OPEN
    mitigation = "Recruitment campaign with a market supplement for hard-to-fill teams."
    note = "Eleven permanent appointments since November, but nine leavers."
    review_date = factory.LazyAttribute(lambda u: u.effective_date + datetime.timedelta(days=60))
