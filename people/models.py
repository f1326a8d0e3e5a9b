from django.conf import settings
from django.db import models


class Deactivation(models.Model):
    """A leaver's account closed by a plan manager.

    An inactive account is either a placeholder (made by an import, or by single sign-on
    awaiting approval, for someone who has never signed in) or a leaver's closed account;
    the account alone cannot tell a closed account that was never used from a placeholder,
    so closing one leaves this row. Reactivating removes it; the audit trail keeps both.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="deactivation"
    )
    deactivated_at = models.DateTimeField(auto_now_add=True)
    deactivated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    def __str__(self) -> str:
        return f"{self.user} deactivated {self.deactivated_at:%Y-%m-%d}"


class PersonStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    PLACEHOLDER = "placeholder", "Placeholder"
    DEACTIVATED = "deactivated", "Deactivated"


# A person's status, in its query form and its Python form: an inactive account that was
# closed, or was ever signed in to, is a leaver's; any other inactive account is waiting
# to be activated (a placeholder an import made, or a sign-on awaiting approval).
def status_q(status: PersonStatus) -> models.Q:
    closed = models.Q(deactivation__isnull=False) | models.Q(last_login__isnull=False)
    if status == PersonStatus.ACTIVE:
        return models.Q(is_active=True)
    if status == PersonStatus.DEACTIVATED:
        return models.Q(is_active=False) & closed
    return models.Q(is_active=False) & ~closed


def person_status(user) -> PersonStatus:
    if user.is_active:
        return PersonStatus.ACTIVE
    if user.last_login is not None or Deactivation.objects.filter(user=user).exists():
        return PersonStatus.DEACTIVATED
    return PersonStatus.PLACEHOLDER
