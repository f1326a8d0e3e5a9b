"""Making and revoking API tokens."""

import secrets
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from .models import ApiToken, key_hash

KEY_PREFIX = "ib_"


@dataclass(frozen=True)
class NewToken:
    token: ApiToken
    key: str  # shown to its owner once, never stored


def api_token_create(*, user, name: str) -> NewToken:
    """A new token for ``user``; the key is in the result and nowhere else."""
    key = KEY_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(user=user, name=name.strip(), prefix=key[:10], key_hash=key_hash(key))
    token.full_clean()
    with transaction.atomic():
        token.save()
    return NewToken(token=token, key=key)


def api_token_revoke(*, token: ApiToken) -> ApiToken:
    """Stop the token working, for good. It stays listed as revoked."""
    with transaction.atomic():
        ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
    token.refresh_from_db()
    return token
