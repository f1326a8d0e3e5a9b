"""The dashboard's risks and issues: the open issues and the high risks (score 15 or
more) as at the day shown, beside the exceptions. One query, whatever their number."""

import datetime
from dataclasses import dataclass, field

from django.db.models import F, Q

from plans.models import Plan
from risks import rules
from risks.log import decorate, log_queryset
from risks.models import Risk


@dataclass
class RiskPanel:
    issues: list[Risk] = field(default_factory=list)
    high_risks: list[Risk] = field(default_factory=list)


def risk_panel(plan: Plan, as_at: datetime.date, *, known_now: bool = False) -> RiskPanel:
    rows = (
        log_queryset(plan, as_at, known_now=known_now)
        .filter(
            (rules.open_q() & Q(kind=Risk.Kind.ISSUE))
            | (rules.high_risk_q() & Q(kind=Risk.Kind.RISK))
        )
        .order_by(F("score_as_at").desc(nulls_last=True), "reference")
    )
    panel = RiskPanel()
    for risk in rows:
        decorate(risk, as_at)
        (panel.issues if risk.kind == Risk.Kind.ISSUE else panel.high_risks).append(risk)
    return panel
