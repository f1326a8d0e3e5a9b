import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.utils.cache import patch_cache_control

SIGNED_IN_AT = "signed_in_at"


class SessionLifetimeMiddleware:
    """Ends a session a fixed time after sign-in, however active it has been.

    The idle limit is SESSION_COOKIE_AGE, renewed on every request; this is the other
    half of the rule: no session outlives SESSION_ABSOLUTE_SECONDS.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            signed_in_at = request.session.setdefault(SIGNED_IN_AT, time.time())
            if time.time() - signed_in_at > settings.SESSION_ABSOLUTE_SECONDS:
                logout(request)
                messages.info(request, "Your session has ended. Sign in again to carry on.")
                return redirect_to_login(request.get_full_path())
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
