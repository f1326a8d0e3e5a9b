import re
import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import HttpResponse, HttpResponseBadRequest, HttpResponseRedirect
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.cache import patch_cache_control

from .forms import date_from_parts

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


# C0 control characters other than tab, line feed and carriage return, and DEL: no link or
# form of the service puts them in a query string, and PostgreSQL refuses NUL in any text.
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class RejectMalformedQueryMiddleware:
    """Answers 400, with a page saying why, for a query string that no page could mean:
    a control character (a NUL above all) in a parameter's name or value.

    Checked once here rather than in each view, so that no parameter a view reads, now or
    later, can carry one into a database query or a template.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        for name, values in request.GET.lists():
            if any(_CONTROL_CHARACTERS.search(text) for text in (name, *values)):
                return bad_request(
                    request,
                    f"The address has a control character in “{_shown(name)}”. "
                    "Go back and follow a link, or type the address again.",
                )
        return self.get_response(request)


def bad_request(request, message: str) -> HttpResponseBadRequest:
    return HttpResponseBadRequest(
        render_to_string("bad_request.html", {"message": message}, request=request)
    )


def _shown(name: str) -> str:
    return _CONTROL_CHARACTERS.sub("\N{REPLACEMENT CHARACTER}", name)[:40]


class RequestBodyLimitMiddleware:
    """Answers 413 for a request whose body is larger than REQUEST_BODY_MAX_BYTES, from its
    Content-Length, before anything reads the body: a 200 MB upload is refused at once
    instead of being read (and written to a temporary file) first.

    The limit is the largest legitimate upload (evidence, 20 MB) with room for the rest of
    its form; the web server in front should have the same limit (README, "Updating
    actions").
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return bad_request(request, "The request's length is not a number.")
        if length > settings.REQUEST_BODY_MAX_BYTES:
            limit = settings.REQUEST_BODY_MAX_BYTES // (1024 * 1024)
            response = render_to_string(
                "request_too_large.html", {"limit_mb": limit}, request=request
            )
            return HttpResponse(response, status=413)
        return self.get_response(request)


DATE_PART_SUFFIXES = ("-day", "-month", "-year")


class DateQueryMiddleware:
    """Turns the three boxes of a date in a GET form back into one parameter.

    The reading pages' dates are GOV.UK date inputs (``as_at-day``, ``as_at-month``,
    ``as_at-year``), but a page's address keeps one ``as_at=2020-04-23``, so a link
    always means the same thing. A GET with boxes is sent to that address; a date that is
    not real goes as typed ("31/2/2020") for the page to say so and show it again.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in ("GET", "HEAD"):
            names = {
                key.removesuffix(suffix)
                for key in request.GET
                for suffix in DATE_PART_SUFFIXES
                if key.endswith(suffix) and key != suffix
            }
            if names:
                return HttpResponseRedirect(_address_with_dates(request, sorted(names)))
        return self.get_response(request)


def _address_with_dates(request, names: list[str]) -> str:
    query = request.GET.copy()
    for name in names:
        parts = {
            suffix[1:]: query.pop(f"{name}{suffix}", [""])[-1].strip()
            for suffix in DATE_PART_SUFFIXES
        }
        query.pop(name, None)
        if not any(parts.values()):
            continue
        try:
            date = date_from_parts(parts, name)
        except ValidationError:
            date = None
        typed = f"{parts['day']}/{parts['month']}/{parts['year']}"
        query[name] = date.isoformat() if date else typed
    encoded = query.urlencode(safe="/")
    return f"{request.path}?{encoded}" if encoded else request.path


class MethodNotAllowedPageMiddleware:
    """A page in the service's style for a 405: Django's is empty. Someone who opens a
    button's address (a sign-off, a removal) as a link is told what to do instead."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 405 and not response.content:
            page = render(request, "errors/405.html", status=405)
            page["Allow"] = response.get("Allow", "")
            return page
        return response
