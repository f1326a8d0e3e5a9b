"""Recording security-relevant events in the audit trail (``AuditEvent``)."""

import logging

from axes.signals import user_locked_out
from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from .middleware import start_session_clocks
from .models import AuditEvent, User

logger = logging.getLogger("improvement_board.audit")
security_log = logging.getLogger("improvement_board.security")


def client_address(request) -> str | None:
    """The browser's address: REMOTE_ADDR, unless the deployment says how many proxies of
    its own stand in front (TRUSTED_PROXY_COUNT). Then it is the address the outermost of
    them saw, which it wrote into X-Forwarded-For: with N proxies, the Nth entry from the
    right. Entries further left came from the browser and prove nothing. The lockout
    (django-axes) reads addresses the same way (AXES_CLIENT_IP_CALLABLE)."""
    if request is None:
        return None
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies:
        forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [address for address in forwarded if address]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR") or None


# Query parameters never written down: an identity provider's one-time code and state.
_SECRET_PARAMETERS = {"code", "state", "session_state", "id_token", "access_token"}


def _path(request) -> str:
    query = request.GET.copy()
    for name in _SECRET_PARAMETERS & set(query):
        query[name] = "removed"
    return f"{request.path}?{query.urlencode()}" if query else request.path


def audit_record(
    *,
    kind: AuditEvent.Kind,
    request=None,
    user=None,
    username: str = "",
    plan=None,
    detail: str = "",
) -> AuditEvent:
    """Add an event to the audit trail and the log.

    ``plan`` is the plan the event concerns: only the people who manage that plan (and
    superusers) see it. An event of no plan is shown to the managers of the plans its
    ``user`` is a member of.
    """
    if user is None and request is not None and request.user.is_authenticated:
        user = request.user
    event = AuditEvent.objects.create(
        kind=kind,
        user=user if user is not None and user.pk else None,
        username=(username or (user.get_username() if user is not None else ""))[:150],
        plan=plan,
        plan_label=f"{plan.title} ({plan.slug})"[:320] if plan is not None else "",
        ip_address=client_address(request),
        path=_path(request)[:500] if request is not None else "",
        detail=detail,
    )
    logger.info(
        "%s user=%s address=%s path=%s plan=%s %s",
        kind,
        event.username or "-",
        event.ip_address or "-",
        event.path or "-",
        getattr(plan, "slug", "-"),
        detail,
    )
    return event


def _account_named(username: str) -> User | None:
    """The account a sign-in attempt named, if there is one, so that the managers of its
    plans see the failed attempts on it. A name no account has stays with superusers."""
    if not username or len(username) > 150 or "\x00" in username:
        return None
    return User.objects.filter(username=username).first()


@receiver(user_logged_in)
def _on_login(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        start_session_clocks(request.session)
    audit_record(kind=AuditEvent.Kind.LOGIN, request=request, user=user)


@receiver(user_logged_out)
def _on_logout(sender, request, user, **kwargs):
    if user is not None:
        audit_record(kind=AuditEvent.Kind.LOGOUT, request=request, user=user)


@receiver(user_login_failed)
def _on_login_failed(sender, credentials, request=None, detail: str = "", **kwargs):
    username = credentials.get("username") or ""
    audit_record(
        kind=AuditEvent.Kind.LOGIN_FAILED,
        request=request,
        user=_account_named(username),
        username=username,
        detail=detail,
    )


@receiver(user_locked_out)
def _on_lockout(sender, request, username, ip_address, **kwargs):
    username = username or ""
    audit_record(
        kind=AuditEvent.Kind.LOCKOUT,
        request=request,
        user=_account_named(username),
        username=username,
    )


def record_refused_write(request, what: str, plan=None) -> None:
    """A write someone was refused: logged, and kept in the audit trail with its plan."""
    security_log.warning(
        "write refused: user=%s method=%s path=%s %s",
        request.user.get_username(),
        request.method,
        request.path,
        what,
    )
    audit_record(
        kind=AuditEvent.Kind.DENIED, request=request, plan=plan, detail=f"{request.method} {what}"
    )
