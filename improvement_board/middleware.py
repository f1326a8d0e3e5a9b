import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.utils.cache import patch_cache_control

SIGNED_IN_AT = "signed_in_at"
RENEWED_AT = "renewed_at"


def start_session_clocks(session) -> None:
    """At sign-in: the 12 hours start, and the session, saved new, starts its idle time."""
    session[SIGNED_IN_AT] = session[RENEWED_AT] = time.time()


class SessionLifetimeMiddleware:
    """Ends a session after SESSION_COOKIE_AGE without a request, and at the latest
    SESSION_ABSOLUTE_SECONDS after sign-in, however active it has been.

    The idle limit is the session's expiry, pushed back by saving the session. Saving it
    on every request would make every page read a database write, so it is saved when
    SESSION_RENEW_SECONDS have passed since it last was: a session then ends between
    SESSION_COOKIE_AGE - SESSION_RENEW_SECONDS and SESSION_COOKIE_AGE after the last
    request.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = time.time()
            session = request.session
            signed_in_at = session.setdefault(SIGNED_IN_AT, now)
            if now - signed_in_at > settings.SESSION_ABSOLUTE_SECONDS:
                logout(request)
                messages.info(request, "Your session has ended. Sign in again to carry on.")
                return redirect_to_login(request.get_full_path())
            if now - session.get(RENEWED_AT, 0) >= settings.SESSION_RENEW_SECONDS:
                session[RENEWED_AT] = now  # marks the session changed, so it is saved
        return self.get_response(request)


class NoStoreForSignedInMiddleware:
    """Pages and files shown to a signed-in person are never kept in a shared cache."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.user.is_authenticated:
            patch_cache_control(response, no_store=True, private=True)
        return response
