"""The reporting month: owners update each action once a month, by the plan's deadline."""

import datetime
from dataclasses import dataclass

from plans.models import Plan

from .models import Action
from .rules import needs_update


@dataclass(frozen=True)
class ReportingMonth:
    """The calendar month an update is due in, seen from ``today``."""

    start: datetime.date
    today: datetime.date

    @classmethod
    def containing(cls, today: datetime.date) -> "ReportingMonth":
        return cls(start=today.replace(day=1), today=today)

    def deadline(self, plan: Plan) -> datetime.date:
        return self.start.replace(day=plan.update_deadline_day)

    def is_past_deadline(self, plan: Plan) -> bool:
        return self.today > self.deadline(plan)

    def needs_update(self, action: Action) -> bool:
        """``rules.needs_update`` on an action annotated by ``with_reporting_month``."""
        return needs_update(action, self.today)
