from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponsePermanentRedirect,
    HttpResponseServerError,
)
from django.shortcuts import render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.views.decorators.http import require_GET

from .models import AuditEvent
from .roles import is_plan_manager


def locked_out(request: HttpRequest, credentials=None, *args, **kwargs) -> HttpResponse:
    """What someone sees when too many failed sign-ins have locked the account for now."""
    return render(
        request,
        "registration/locked_out.html",
        {
            "minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
            "failure_limit": settings.AXES_FAILURE_LIMIT,
        },
        status=429,
    )


@login_required
def audit_trail(request: HttpRequest) -> HttpResponse:
    """Plan managers read the audit trail of their plans; nobody can change it."""
    if not is_plan_manager(request.user):
        raise PermissionDenied("Only plan managers can read the audit trail.")
    kind = request.GET.get("kind", "")
    events = AuditEvent.objects.visible_to(request.user).select_related("user", "plan")
    if kind in AuditEvent.Kind.values:
        events = events.filter(kind=kind)
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "improvement_board/audit_trail.html",
        {"page": page, "kind": kind, "kinds": AuditEvent.Kind.choices},
    )


def accessibility_statement(request: HttpRequest) -> HttpResponse:
    return render(request, "improvement_board/accessibility.html")


# --- Error pages -------------------------------------------------------------------------
# Every refusal and error is a page in the service's style that says what happened and
# what to do next (improvement_board/urls.py names them as Django's handlers).


def bad_request(request: HttpRequest, exception=None) -> HttpResponse:
    return render(request, "errors/400.html", status=400)


def permission_denied(request: HttpRequest, exception=None) -> HttpResponse:
    # The reasons given with PermissionDenied in this app are written for the reader.
    reason = str(exception) if exception is not None and exception.args else ""
    viewing = request.method in ("GET", "HEAD")
    return render(request, "errors/403.html", {"reason": reason, "viewing": viewing}, status=403)


def page_not_found(request: HttpRequest, exception=None) -> HttpResponse:
    # A 404 meant for people says why (plans.access.NoPlanYet); others stay general.
    context = {
        "heading": getattr(exception, "heading_for_people", "Page not found"),
        "reason": getattr(exception, "reason_for_people", ""),
    }
    return render(request, "errors/404.html", context, status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    # Drawn without the request's context: whatever failed (the database, a context
    # processor) must not stop the error page too.
    return HttpResponseServerError(render_to_string("errors/500.html"))


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form sent without a valid token: usually one open since before a sign-out."""
    return render(request, "errors/csrf.html", status=403)


@require_GET
def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers and other clients ask for /favicon.ico whatever the page says."""
    return HttpResponsePermanentRedirect(static("images/favicon.svg"))
