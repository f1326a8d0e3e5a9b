"""Writes to plans that concern the plan alone.

Importing, exporting and refreshing a plan create actions, so they live in
``plan_files``; recommendations are linked to actions, so their writes live in
``actions.recommendations``.
"""

from .models import Plan


class PlanReadOnlyError(Exception):
    """The plan has been superseded by a refreshed version; it is kept as it was."""

    def __init__(self, plan: Plan):
        super().__init__(f"{plan.title} has been superseded and cannot be changed.")
        self.plan = plan
