"""The words an action's progress is recorded in: its rating (BRAG) and why it slipped."""

from django.db import models


class Rating(models.TextChoices):
    """BRAG ratings, labelled with the exact wording used in Board papers."""

    BLUE = "blue", "Blue – completed"
    GREEN = "green", "Green – on track"
    AMBER = "amber", "Amber – some progress but slippage"
    RED = "red", "Red – not progressed as planned"

    @property
    def colour(self) -> str:
        return self.value.capitalize()

    @property
    def meaning(self) -> str:
        return self.label.split(" – ", 1)[1]


class SlippageReason(models.TextChoices):
    CAPACITY = "capacity", "Capacity and recruitment"
    PARTNER = "partner", "Partner dependency"
    EXTERNAL = "external", "External event (e.g. Covid-19)"
    REPHASED = "rephased", "Re-phased by decision"
    OTHER = "other", "Other"
