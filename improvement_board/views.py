from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

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
