"""Single sign-on with the council's identity provider (OpenID Connect; Microsoft Entra ID).

mozilla-django-oidc does the protocol's moving parts: the authorisation request with state,
nonce and PKCE kept in the session, the code exchange, and picking the provider's signing
key. What it leaves to the app is done here: the provider's endpoints come from its
discovery document (so `OIDC_ISSUER` is the only address to configure), the ID token is
checked in full (signature, issuer, audience, expiry, nonce) rather than for its signature
and nonce only, and people are matched to their accounts by a verified email address.
Anything refused raises ``SignInRefused``, which the callback view shows and audits.
"""

import time
from dataclasses import dataclass

import jwt
import requests
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from .roles import Role

BACKEND = "improvement_board.sso.ProviderBackend"
DISCOVERY_SECONDS = 3600
CLOCK_SKEW_SECONDS = 60
_discovered: dict[str, tuple[float, dict]] = {}


def sso_enabled() -> bool:
    return bool(settings.OIDC_ISSUER)


class SignInRefused(Exception):
    """A sign-in through the provider that must not go ahead.

    ``message`` is shown to the person; ``detail`` (never shown) goes to the audit trail.
    """

    def __init__(self, reason: str, *, detail: str = "", username: str = "", status: int = 403):
        super().__init__(reason)
        self.reason = reason
        self.detail = detail or reason
        self.username = username
        self.status = status


REFUSED_MESSAGES = {
    "failed": "We could not sign you in with your organisation's account.",
    "unknown": "You do not have access to Improvement Board yet.",
    "awaiting_approval": "Your account is waiting for approval.",
    "closed": "This account has been closed.",
    "unverified": "Your organisation's account has no verified email address.",
}


def provider_configuration() -> dict:
    """The provider's discovery document, fetched at most once an hour per process."""
    issuer = settings.OIDC_ISSUER.rstrip("/")
    if issuer in _discovered:
        fetched_at, document = _discovered[issuer]
        if time.monotonic() - fetched_at < DISCOVERY_SECONDS:
            return document
    try:
        response = requests.get(
            f"{issuer}/.well-known/openid-configuration", timeout=settings.OIDC_TIMEOUT
        )
        response.raise_for_status()
        document = response.json()
    except (requests.RequestException, ValueError) as error:
        raise SignInRefused(
            "failed", detail=f"provider discovery failed: {error}", status=502
        ) from error
    if document.get("issuer", "").rstrip("/") != issuer:
        raise SignInRefused(
            "failed",
            detail=f"discovery names issuer {document.get('issuer')!r}, not {issuer!r}",
            status=502,
        )
    _discovered[issuer] = (time.monotonic(), document)
    return document


def provider_logout_url(request, id_token_hint: str = "") -> str:
    """The provider's sign-out page, to offer after the service's own sign-out."""
    if not sso_enabled():
        return ""
    try:
        endpoint = provider_configuration().get("end_session_endpoint", "")
    except SignInRefused:
        return ""
    if not endpoint:
        return ""
    from urllib.parse import urlencode

    params = {
        "client_id": settings.OIDC_CLIENT_ID,
        "post_logout_redirect_uri": request.build_absolute_uri(settings.LOGOUT_REDIRECT_PATH),
    }
    if id_token_hint:
        params["id_token_hint"] = id_token_hint
    return f"{endpoint}?{urlencode(params)}"


@dataclass(frozen=True)
class Person:
    """Who the provider says signed in, from the checked ID token."""

    email: str
    first_name: str
    last_name: str
    groups: frozenset[str]


def role_groups() -> dict[str, Role]:
    """{provider group id: role}, from OIDC_ROLE_GROUPS ("Plan managers=GROUP-ID;...")."""
    mapping = {}
    for role, group_ids in settings.OIDC_ROLE_GROUPS.items():
        for group_id in group_ids:
            mapping[group_id] = role
    return mapping


class ProviderBackend(OIDCAuthenticationBackend):
    """Signs in a person the provider vouches for; matches them by verified email.

    Django keeps this backend's name in the session of everyone who signed in through
    the provider, and asks it for the user on each request (``get_user``, which refuses a
    deactivated account). It answers no username and password.
    """

    def __init__(self, *args, **kwargs):
        # Endpoints are discovered when a sign-in needs them, not for every request that
        # loads the signed-in user.
        self.UserModel = get_user_model()
        self.OIDC_RP_CLIENT_ID = settings.OIDC_CLIENT_ID
        self.OIDC_RP_CLIENT_SECRET = settings.OIDC_CLIENT_SECRET
        self.OIDC_RP_SIGN_ALGO = "RS256"
        self.OIDC_RP_IDP_SIGN_KEY = None

    def authenticate(self, request, nonce=None, code_verifier=None, **kwargs):
        if request is None or nonce is None or "password" in kwargs:
            return None
        document = provider_configuration()
        self.OIDC_OP_TOKEN_ENDPOINT = document["token_endpoint"]
        self.OIDC_OP_JWKS_ENDPOINT = document["jwks_uri"]
        self.OIDC_OP_USER_ENDPOINT = document.get("userinfo_endpoint")
        try:
            return super().authenticate(request, nonce=nonce, code_verifier=code_verifier)
        except SignInRefused:
            raise
        except requests.HTTPError as error:
            raise SignInRefused("failed", detail=f"token request refused: {error}") from error
        except requests.RequestException as error:
            raise SignInRefused(
                "failed", detail=f"provider unreachable: {error}", status=502
            ) from error
        except Exception as error:  # the library's SuspiciousOperation and token errors
            raise SignInRefused("failed", detail=f"{type(error).__name__}: {error}") from error

    def verify_token(self, token, **kwargs):
        """The ID token's signature, issuer, audience, expiry and nonce, all checked."""
        if not token:
            raise SignInRefused("failed", detail="the provider sent no ID token")
        key = self.retrieve_matching_jwk(token)
        try:
            claims = jwt.decode(
                token,
                key,
                algorithms=["RS256"],
                audience=settings.OIDC_CLIENT_ID,
                issuer=settings.OIDC_ISSUER.rstrip("/"),
                leeway=CLOCK_SKEW_SECONDS,
                options={"require": ["exp", "iat", "iss", "aud", "sub"]},
            )
        except jwt.ExpiredSignatureError as error:
            raise SignInRefused("failed", detail="ID token expired") from error
        except jwt.InvalidAudienceError as error:
            raise SignInRefused("failed", detail="ID token is for another client") from error
        except jwt.InvalidIssuerError as error:
            raise SignInRefused("failed", detail="ID token from another issuer") from error
        except jwt.PyJWTError as error:
            raise SignInRefused("failed", detail=f"ID token invalid: {error}") from error
        audiences = claims["aud"] if isinstance(claims["aud"], list) else [claims["aud"]]
        if len(audiences) > 1 and claims.get("azp") != settings.OIDC_CLIENT_ID:
            raise SignInRefused("failed", detail="ID token authorised for another client")
        if claims.get("nonce") != kwargs.get("nonce"):
            raise SignInRefused("failed", detail="ID token nonce does not match")
        return claims

    def get_userinfo(self, access_token, id_token, payload):
        """The ID token's claims; the userinfo endpoint only for an email it lacks."""
        claims = dict(payload)
        if not claims.get("email") and self.OIDC_OP_USER_ENDPOINT:
            extra = super().get_userinfo(access_token, id_token, payload)
            if extra.get("sub") != claims["sub"]:
                raise SignInRefused("failed", detail="userinfo is for another subject")
            claims = {**extra, **claims, "email": extra.get("email")}
            for claim in (settings.OIDC_EMAIL_VERIFIED_CLAIM,):
                if claim in extra:
                    claims[claim] = extra[claim]
        return claims

    def get_or_create_user(self, access_token, id_token, payload):
        claims = self.get_userinfo(access_token, id_token, payload)
        person = person_from_claims(claims)
        return user_for_person(person)


def person_from_claims(claims: dict) -> Person:
    email = (claims.get("email") or "").strip()
    if not email:
        raise SignInRefused("unverified", detail="the provider sent no email address")
    if claims.get(settings.OIDC_EMAIL_VERIFIED_CLAIM) not in (True, "true", "1", 1):
        raise SignInRefused(
            "unverified",
            detail=f"email not verified by the provider ({settings.OIDC_EMAIL_VERIFIED_CLAIM})",
            username=email,
        )
    groups = claims.get(settings.OIDC_GROUPS_CLAIM) or []
    if isinstance(groups, str):
        groups = [groups]
    return Person(
        email=email,
        first_name=(claims.get("given_name") or "").strip(),
        last_name=(claims.get("family_name") or "").strip(),
        groups=frozenset(str(group) for group in groups),
    )


def user_for_person(person: Person):
    """The account for a verified email address: found, or (by setting) made to await
    approval. Roles follow the provider's groups only where OIDC_ROLE_GROUPS maps them."""
    User = get_user_model()
    with transaction.atomic():
        matches = list(User.objects.filter(email__iexact=person.email).select_for_update()[:2])
        if len(matches) == 1 and matches[0].is_active:
            user = matches[0]
            _update_from_person(user, person)
            return user
        if not matches and settings.OIDC_UNKNOWN_USERS == "await_approval":
            User.objects.create_user(
                username=_free_username(person.email),
                email=person.email,
                first_name=person.first_name[:150],
                last_name=person.last_name[:150],
                is_active=False,
            )
    # Refused: said outside the transaction, so an account made to await approval stays.
    if len(matches) > 1:
        raise SignInRefused(
            "unknown", detail="two accounts share this email address", username=person.email
        )
    if not matches and settings.OIDC_UNKNOWN_USERS == "await_approval":
        raise SignInRefused(
            "awaiting_approval",
            detail="account made, inactive, awaiting approval",
            username=person.email,
        )
    if not matches:
        raise SignInRefused("unknown", detail="no account with this email", username=person.email)
    never_used = matches[0].last_login is None and not matches[0].has_usable_password()
    raise SignInRefused(
        "awaiting_approval" if never_used else "closed",
        detail="account inactive",
        username=person.email,
    )


def _update_from_person(user, person: Person) -> None:
    changed = []
    if person.first_name and person.first_name != user.first_name:
        user.first_name = person.first_name[:150]
        changed.append("first_name")
    if person.last_name and person.last_name != user.last_name:
        user.last_name = person.last_name[:150]
        changed.append("last_name")
    if changed:
        user.save(update_fields=changed)
    _apply_role_groups(user, person)


def _apply_role_groups(user, person: Person) -> None:
    mapping = role_groups()
    if not mapping:
        return
    wanted = {mapping[group] for group in person.groups if group in mapping}
    managed = Group.objects.filter(name__in=[role.value for role in set(mapping.values())])
    user.groups.remove(*[group for group in managed if group.name not in wanted])
    user.groups.add(*[group for group in managed if group.name in wanted])


def _free_username(email: str) -> str:
    User = get_user_model()
    base = email.lower()[:140]
    candidate, n = base, 1
    while User.objects.filter(username=candidate).exists():
        n += 1
        candidate = f"{base}-{n}"
    return candidate
