"""Per-person API tokens: the key a performance team's Power BI or Excel sends.

A token stands for the person who made it: it reads what they may read (the plans they
are a member of), nothing more, and only ever reads. Only a hash of the key is stored;
the key itself is shown once, when it is made.
"""

import hashlib

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


def key_hash(key: str) -> str:
    """The stored form of a key. Keys are 256 random bits, so a plain SHA-256 is as hard
    to reverse as the key is to guess; no salt or slow hash is needed."""
    return hashlib.sha256(key.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet):
    def live(self) -> "ApiTokenQuerySet":
        return self.filter(revoked_at__isnull=True)


class ApiToken(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(
        max_length=100, help_text="What the token is for, e.g. “Power BI performance report”."
    )
    prefix = models.CharField(
        max_length=12, help_text="The key's first characters, to tell tokens apart."
    )
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "name"],
                condition=Q(revoked_at__isnull=True),
                name="api_token_live_name_unique_per_user",
                violation_error_message="You already have a token with this name.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None
