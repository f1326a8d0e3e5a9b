from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models


class User(AbstractUser):
    """A council officer or Board member. Job title appears beside the name in Board papers."""

    job_title = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["first_name", "last_name", "username"]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @property
    def display_name(self) -> str:
        return str(self)


class AuditKind(models.TextChoices):
    LOGIN = "login", "Signed in"
    LOGIN_FAILED = "login_failed", "Failed sign-in"
    LOCKOUT = "lockout", "Locked out"
    LOGOUT = "logout", "Signed out"
    MFA_ON = "mfa_on", "Two-step verification turned on"
    MFA_OFF = "mfa_off", "Two-step verification turned off"
    RECOVERY_CODES = "recovery_codes", "New recovery codes made"
    RECOVERY_CODE_USED = "recovery_code_used", "Recovery code used"
    DENIED = "denied", "Write refused"
    EXPORT = "export", "Export"
    REPORT_BUILD = "report_build", "Report built"
    IMPORT = "import", "Plan imported"
    PLAN_ARCHIVED = "plan_archived", "Plan archived"
    PLAN_DELETED = "plan_deleted", "Plan deleted"
    PEOPLE = "people", "People and roles changed"
    RISK = "risk", "Risk or issue changed"
    ASSURANCE = "assurance", "Assurance event changed"
    FINDING = "finding", "Finding or recommendation changed"


class AuditEventQuerySet(models.QuerySet):
    def visible_to(self, user) -> "AuditEventQuerySet":
        """Events a plan manager may read: those of the plans they are a member of, and
        those of no plan (sign-ins, refusals outside a plan) by people who are members of
        one of those plans. Superusers read every event; nobody else reads any."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_superuser:
            return self
        members = User.objects.filter(plans__members=user)
        return self.filter(
            models.Q(plan__members=user) | models.Q(plan__isnull=True, user__in=members)
        )


class AuditEvent(models.Model):
    """A security-relevant event: who did what, when and from where. Never changed."""

    Kind = AuditKind

    kind = models.CharField(max_length=20, choices=AuditKind.choices)
    user = models.ForeignKey(
        "User", on_delete=models.PROTECT, null=True, blank=True, related_name="audit_events"
    )
    username = models.CharField(
        max_length=150, blank=True, help_text="As typed, for sign-ins that did not succeed."
    )
    # A string reference: the foundation knows no app below it, but an event of a plan is
    # shown only to the people who manage that plan.
    plan = models.ForeignKey(
        "plans.Plan",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="audit_events",
        help_text="The plan the event concerns; none for sign-ins.",
    )
    # The plan's name as it was, so an event still says which plan it concerned after a
    # draft plan has been deleted (the only way ``plan`` becomes empty later).
    plan_label = models.CharField(max_length=320, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    path = models.CharField(max_length=500, blank=True)
    detail = models.TextField(blank=True)
    occurred_at = models.DateTimeField(auto_now_add=True, db_index=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-occurred_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=AuditKind.values), name="audit_event_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        who = self.username or self.user
        return f"{self.get_kind_display()} {who} {self.occurred_at:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValueError("The audit trail cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("The audit trail cannot be deleted.")


class AppendOnly(models.Model):
    """A record of history: written once, never changed or deleted (not even here).
    ``history_of`` names whose history it is in the refusal ("Action history cannot…")."""

    history_of = "This"

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            raise ValidationError(f"{self.history_of} history cannot be changed once recorded.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(f"{self.history_of} history cannot be deleted.")
