"""``Authorization: Token <key>``, checked against the stored hashes of live tokens."""

from rest_framework import authentication, exceptions

from .models import ApiToken, key_hash


class ApiTokenAuthentication(authentication.TokenAuthentication):
    keyword = "Token"

    def authenticate_credentials(self, key: str):
        token = (
            ApiToken.objects.live()
            .select_related("user")
            .filter(key_hash=key_hash(key), user__is_active=True)
            .first()
        )
        if token is None:
            # The same answer for a key never issued, revoked, or of a deactivated person.
            raise exceptions.AuthenticationFailed("Invalid token.")
        return token.user, token
