"""The app's URLs and two that fail on purpose, so the browser tests can see the pages
people get when a request is bad (400) or the service fails (500)."""

from django.core.exceptions import SuspiciousOperation
from django.urls import path

from improvement_board.urls import handler400, handler403, handler404, handler500  # noqa: F401
from improvement_board.urls import urlpatterns as app_urlpatterns


def bad_request(request):
    raise SuspiciousOperation("A request the service cannot read.")


def broken(request):
    raise RuntimeError("The service failed, as this test asks.")


urlpatterns = [
    path("test-errors/400/", bad_request),
    path("test-errors/500/", broken),
    *app_urlpatterns,
]
