from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse


def logo_upload_to(instance: "Organisation", filename: str) -> str:
    return f"organisations/{instance.slug}/logos/{filename}"


class OrganisationQuerySet(models.QuerySet):
    def visible_to(self, user) -> "OrganisationQuerySet":
        """Organisations whose plans the user may read: theirs, and those they oversee."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_superuser:
            return self
        plans = Plan.objects.visible_to(user).values("organisation_id")
        return self.filter(pk__in=plans)

    def overseen_by(self, user) -> "OrganisationQuerySet":
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_superuser:
            return self
        return self.filter(overseers=user)


class Organisation(models.Model):
    """A council or children's services trust: it has its own Board, wording and people,
    and may run several plans at once. People of one organisation never see another's
    plans; an overseer reads (never writes) the plans of the organisations given to them."""

    name = models.CharField(max_length=200, unique=True, help_text="As it appears on Board papers.")
    slug = models.SlugField(max_length=100, unique=True)
    board_name = models.CharField(
        max_length=200,
        default="Children's Improvement Board",
        help_text="The Board's name, printed at the top of its papers.",
    )
    running_header = models.CharField(
        max_length=200,
        blank=True,
        help_text="Printed at the top of every page of a paper, e.g. “Medway Council "
        "Children's Services”. Leave empty to print the organisation's name.",
    )
    logo = models.ImageField(
        upload_to=logo_upload_to,
        blank=True,
        max_length=300,
        help_text="The logo on the cover of the Board's papers, as a PNG or JPEG.",
    )
    overseers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="overseen_organisations",
        help_text="People who read every plan of this organisation and change nothing: "
        "regional or national advisers, commissioners.",
    )

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def paper_header(self) -> str:
        return self.running_header or self.name


class PlanQuerySet(models.QuerySet):
    def visible_to(self, user) -> "PlanQuerySet":
        """Plans a signed-in user may read: all of them for superusers; else the plans they
        are a member of and the plans of the organisations they oversee."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_superuser:
            return self
        # Subqueries rather than joins: no plan is listed twice, so callers need no DISTINCT.
        membership = Plan.members.through.objects.filter(user=user).values("plan_id")
        overseen = Organisation.overseers.through.objects.filter(user=user).values(
            "organisation_id"
        )
        return self.filter(Q(pk__in=membership) | Q(organisation__in=overseen))

    def member_of(self, user) -> "PlanQuerySet":
        """Plans the user is a member of (superusers: all): the only plans anyone may change.
        Overseeing an organisation gives reading, never writing."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_superuser:
            return self
        return self.filter(members=user)

    def in_default_lists(self) -> "PlanQuerySet":
        """Archived plans stay readable but leave the lists people choose from."""
        return self.exclude(status=Plan.Status.ARCHIVED)


class Plan(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        ACTIVE = "active", "Active"
        SUPERSEDED = "superseded", "Superseded"
        ARCHIVED = "archived", "Archived"

    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=100, unique=True)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="plans",
        help_text="The council or trust whose plan this is.",
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
    revision = models.PositiveBigIntegerField(
        default=0,
        editable=False,
        help_text="Raised by every write that changes what the plan's pages show "
        "(plans/revisions.py); pages are kept per revision (reports/page_cache.py).",
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

    def save(self, *args, **kwargs):
        # The revision is only ever raised in the database (plans/revisions.py): saving a
        # plan read earlier must not write back an older number, or a page kept at that
        # number could be shown again.
        if not self._state.adding and kwargs.get("update_fields") is None:
            kwargs["update_fields"] = [
                field.name
                for field in self._meta.concrete_fields
                if not field.primary_key and field.name != "revision"
            ]
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("reports:dashboard", args=[self.slug])

    def carried_over_count(self) -> int:
        """How many of the plan's actions were carried over from the plan it refreshed."""
        return self.actions.filter(carried_from__isnull=False).count()

    @property
    def is_read_only(self) -> bool:
        """A superseded or archived plan is kept as it was: nothing in it changes
        (``plans.writable`` is the check every write makes)."""
        from .writable import is_writable

        return not is_writable(self)


def of_plan(queryset: models.QuerySet, plan: "Plan | int") -> models.QuerySet:
    """``queryset``'s rows of ``plan`` (by their ``plan`` field), each knowing ``plan``
    without a query, as ``plan.<related>.all()`` would: so a list can link every row to
    its page under the plan's address for free."""
    clone = queryset.filter(plan=plan)
    if not isinstance(plan, Plan):
        return clone  # a plan's id: nothing to hand the rows
    clone._known_related_objects = {
        **clone._known_related_objects,
        queryset.model._meta.get_field("plan"): {plan.pk: plan},
    }
    return clone


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
        return reverse("reports:section", args=[self.plan.slug, self.pk])


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
