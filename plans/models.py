from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse


class PlanQuerySet(models.QuerySet):
    def visible_to(self, user) -> "PlanQuerySet":
        """Plans a signed-in user may read: all of them for superusers, else their own."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_superuser:
            return self
        return self.filter(members=user)


class Plan(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        ACTIVE = "active", "Active"
        SUPERSEDED = "superseded", "Superseded"

    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=100, unique=True)
    organisation = models.CharField(
        max_length=200, help_text="The council, as it appears on Board papers."
    )
    inspection = models.CharField(
        max_length=300,
        blank=True,
        help_text="The inspection the plan answers, e.g. Ofsted ILACS inspection.",
    )
    inspection_date = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    start_date = models.DateField(help_text="Ratings cannot be dated before this day.")
    predecessor = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="successors",
        help_text="The plan this one refreshed, if any.",
    )
    update_deadline_day = models.PositiveSmallIntegerField(
        default=20,
        help_text="Day of the month by which action owners update their actions.",
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="plans",
        help_text="People who may see this plan. What they may do depends on their role.",
    )

    objects = PlanQuerySet.as_manager()

    class Meta:
        ordering = ["-start_date", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(update_deadline_day__gte=1, update_deadline_day__lte=28),
                name="plan_update_deadline_day_in_month",
                violation_error_message="The update deadline must be a day from 1 to 28.",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("reports:dashboard") + f"?plan={self.slug}"

    @property
    def is_read_only(self) -> bool:
        """A superseded plan is kept as it was when it was refreshed: nothing in it changes."""
        return self.status == self.Status.SUPERSEDED


class Section(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="sections")
    number = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=200)
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="led_sections",
    )

    class Meta:
        ordering = ["plan", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "number"], name="section_number_unique_in_plan"
            ),
            models.CheckConstraint(condition=Q(number__gte=1), name="section_number_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("reports:section", args=[self.pk])


class Recommendation(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="recommendations")
    reference = models.CharField(max_length=20)
    text = models.TextField()

    class Meta:
        ordering = ["plan", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "reference"], name="recommendation_reference_unique_in_plan"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference}: {self.text[:80]}"


class PlanRevision(models.Model):
    """A change to something the plan's pages show: an action, a rating, a section, a
    Board meeting, a report, an indicator's value, a lead's name...

    Rows are only added, one per write, in the writer's transaction (plans/revisions.py),
    so they become visible with the change itself and never contend for a lock. The
    newest row's id is the plan's revision: a page computed at one revision can be shown
    again until the next (reports/page_cache.py).
    """

    # Indexed by plan_revision_latest_idx, which starts with the plan.
    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, related_name="revisions", db_index=False
    )
    source = models.CharField(max_length=60, help_text="What changed, e.g. actions.actionupdate.")
    made_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["plan", "-id"], name="plan_revision_latest_idx")]

    def __str__(self) -> str:
        return f"{self.plan} revision {self.pk} ({self.source})"
