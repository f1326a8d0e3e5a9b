"""Signing in and out: local passwords with a second step, and the identity provider.

Everything here ends in Django's ``login()`` or refuses, so the session limits, the audit
trail (audit.py) and the lockout (django-axes) apply to every way in.
"""

from django.conf import settings
from django.contrib import auth, messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_POST
from mozilla_django_oidc.views import OIDCAuthenticationRequestView

from . import sso, two_factor
from .audit import audit_record
from .forms import CodeForm, RecoveryCodeForm, ReplaceAppForm, SignInForm
from .models import AuditEvent
from .views import locked_out

PROVIDER_SESSION = "signed_in_through_provider"


def _sign_in_context() -> dict:
    return {
        "sso_enabled": sso.sso_enabled(),
        "provider_name": settings.OIDC_PROVIDER_NAME,
        "local_password_sign_in": settings.LOCAL_PASSWORD_SIGN_IN,
    }


class SignInView(auth_views.LoginView):
    """Username and password; then, for an account with two-step verification (or one
    that must have it), the code before anyone is signed in."""

    authentication_form = SignInForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | _sign_in_context()

    def form_valid(self, form):
        user = form.get_user()
        if two_factor.totp_device(user) is None and not two_factor.two_factor_required(user):
            return super().form_valid(form)
        two_factor.pending_start(
            self.request, user=user, backend=user.backend, next_url=self.get_success_url()
        )
        if two_factor.totp_device(user) is None:
            return redirect("two_factor_setup")
        return redirect("two_factor_verify")


def _finish_pending_sign_in(request, user) -> HttpResponse:
    backend = request.session.get(two_factor.PENDING_BACKEND)
    next_url = request.session.get(two_factor.PENDING_NEXT) or resolve_url(
        settings.LOGIN_REDIRECT_URL
    )
    two_factor.pending_clear(request)
    auth.login(request, user, backend=backend)
    return HttpResponseRedirect(next_url)


def _pending_or_restart(request):
    """The account of the sign-in under way; None (with a word why) if it lapsed."""
    started = two_factor.PENDING_AT in request.session
    user = two_factor.pending_user(request)
    if user is None and started:
        messages.info(request, "Your sign-in timed out. Sign in again to carry on.")
    return user


def _pending_user(request) -> tuple[object, HttpResponse | None]:
    """The account of the sign-in under way, or the page to go to instead: back to sign
    in if it lapsed, the locked-out page if too many codes were wrong."""
    user = _pending_or_restart(request)
    if user is None:
        return None, redirect("login")
    if two_factor.is_locked_out(request, user):
        two_factor.pending_clear(request)
        return None, locked_out(request)
    return user, None


@never_cache
@sensitive_post_parameters("code")
def two_factor_verify(request: HttpRequest, recovery: bool = False) -> HttpResponse:
    """The second step: the code from the authenticator app, or a recovery code."""
    user, stop = _pending_user(request)
    if stop is not None:
        return stop
    form_class = RecoveryCodeForm if recovery else CodeForm
    form = form_class(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["code"]
        if recovery:
            refused = "" if two_factor.verify_recovery_code(user, code) else "wrong recovery code"
        else:
            refused = two_factor.verify_totp(user, code)
        if not refused:
            if recovery:
                audit_record(
                    kind=AuditEvent.Kind.RECOVERY_CODE_USED,
                    request=request,
                    user=user,
                    detail=f"{two_factor.recovery_codes_left(user)} left",
                )
            return _finish_pending_sign_in(request, user)
        two_factor.record_failed_code(request, user, f"second step refused: {refused}")
        if getattr(request, "axes_locked_out", False):
            two_factor.pending_clear(request)
            return locked_out(request)
        form.add_error("code", form.refused_message)
    template = "two_factor_recovery" if recovery else "two_factor_verify"
    status = 400 if form.errors else 200
    return render(request, f"registration/{template}.html", {"form": form}, status=status)


@never_cache
@sensitive_post_parameters("code")
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    """Setting up an authenticator app: at a required first sign-in, or from Account
    security by someone signed in."""
    if request.user.is_authenticated:
        user = request.user
    else:
        user, stop = _pending_user(request)
        if stop is not None:
            return stop
    key = request.session.get(two_factor.SETUP_KEY)
    if key is None:
        key = request.session[two_factor.SETUP_KEY] = two_factor.new_setup_key()
    replacing = request.user.is_authenticated and two_factor.totp_device(user) is not None
    form_class = ReplaceAppForm if replacing else CodeForm
    form = form_class(request.POST if request.method == "POST" else None)
    if replacing and request.method == "POST" and form.is_valid():
        refused = two_factor.verify_totp(user, form.cleaned_data["current_code"])
        if refused:
            two_factor.record_failed_code(request, user, f"moving the app refused: {refused}")
            form.add_error("current_code", form.current_refused_message)
    if request.method == "POST" and form.is_valid():
        codes = two_factor.two_factor_enable(
            user=user, key_hex=key, code=form.cleaned_data["code"], request=request
        )
        if codes is not None:
            request.session.pop(two_factor.SETUP_KEY, None)
            request.session[two_factor.NEW_RECOVERY_CODES] = codes
            if not request.user.is_authenticated:
                response = _finish_pending_sign_in(request, user)
                request.session["after_recovery_codes"] = response.url
            return redirect("two_factor_recovery_codes")
        if not request.user.is_authenticated:
            two_factor.record_failed_code(request, user, "second step refused: setup code wrong")
            if getattr(request, "axes_locked_out", False):
                two_factor.pending_clear(request)
                return locked_out(request)
        form.add_error("code", form.refused_message)
    return render(
        request,
        "registration/two_factor_setup.html",
        {
            "form": form,
            "required": two_factor.two_factor_required(user),
            "signing_in": not request.user.is_authenticated,
            "replacing": replacing,
            "secret": two_factor.setup_secret(key),
            "qr_svg": two_factor.setup_qr_svg(user, key),
        },
        status=400 if form.errors else 200,
    )


@never_cache
@login_required
def two_factor_recovery_codes(request: HttpRequest) -> HttpResponse:
    """New recovery codes, shown once; a GET shows how many are left."""
    if request.method == "POST":
        if two_factor.totp_device(request.user) is None:
            return redirect("account_security")
        codes = two_factor.recovery_codes_renew(user=request.user, request=request)
        request.session[two_factor.NEW_RECOVERY_CODES] = codes
        return redirect("two_factor_recovery_codes")
    codes = request.session.pop(two_factor.NEW_RECOVERY_CODES, None)
    return render(
        request,
        "registration/recovery_codes.html",
        {
            "codes": codes,
            "continue_url": request.session.pop("after_recovery_codes", None)
            or resolve_url("account_security"),
            "has_device": two_factor.totp_device(request.user) is not None,
            "left": two_factor.recovery_codes_left(request.user),
        },
    )


@never_cache
@login_required
@require_GET
def account_security(request: HttpRequest) -> HttpResponse:
    user = request.user
    return render(
        request,
        "registration/account_security.html",
        {
            "device": two_factor.totp_device(user),
            "required": two_factor.two_factor_required(user),
            "recovery_codes_left": two_factor.recovery_codes_left(user),
            "through_provider": request.session.get(PROVIDER_SESSION, False),
        },
    )


@login_required
@require_POST
def two_factor_turn_off(request: HttpRequest) -> HttpResponse:
    if two_factor.two_factor_required(request.user):
        raise PermissionDenied(
            "Plan managers and administrators must keep two-step verification on."
        )
    if two_factor.totp_device(request.user) is not None:
        two_factor.two_factor_disable(user=request.user, request=request)
        messages.success(request, "Two-step verification is off.")
    return redirect("account_security")


# --- The identity provider -----------------------------------------------------------


class SSOStartView(OIDCAuthenticationRequestView):
    """Sends the browser to the provider with a fresh state, nonce and PKCE challenge."""

    def __init__(self, *args, **kwargs):
        super(OIDCAuthenticationRequestView, self).__init__(*args, **kwargs)

    def get(self, request):
        if not sso.sso_enabled():
            raise Http404("Single sign-on is not set up.")
        try:
            self.OIDC_OP_AUTH_ENDPOINT = sso.provider_configuration()["authorization_endpoint"]
        except sso.SignInRefused as refused:
            return _refused(request, refused)
        self.OIDC_RP_CLIENT_ID = settings.OIDC_CLIENT_ID
        return super().get(request)


@never_cache
@require_GET
def sso_callback(request: HttpRequest) -> HttpResponse:
    """Where the provider sends the browser back: the code is exchanged and checked.

    The state must be one this browser's session was given and not yet used; it is
    used up here whatever happens next, so a replayed or forged callback is refused.
    """
    if not sso.sso_enabled():
        raise Http404("Single sign-on is not set up.")
    state = request.GET.get("state", "")
    states = request.session.get("oidc_states", {})
    pending = states.pop(state, None) if state else None
    if "oidc_states" in request.session:
        request.session["oidc_states"] = states
    if pending is None:
        return _refused(
            request,
            sso.SignInRefused(
                "failed",
                detail="state unknown, already used or missing (a replayed or forged callback)",
                status=400,
            ),
        )
    if request.GET.get("error"):
        error = request.GET.get("error", "")[:100]
        description = request.GET.get("error_description", "")[:300]
        return _refused(
            request, sso.SignInRefused("failed", detail=f"provider said {error}: {description}")
        )
    if not request.GET.get("code"):
        return _refused(request, sso.SignInRefused("failed", detail="no code", status=400))
    next_url = request.session.pop("oidc_login_next", None)
    try:
        user = sso.ProviderBackend().authenticate(
            request, nonce=pending.get("nonce"), code_verifier=pending.get("code_verifier")
        )
    except sso.SignInRefused as refused:
        return _refused(request, refused)
    if user is None:
        return _refused(request, sso.SignInRefused("failed", detail="no user"))
    auth.login(request, user, backend=sso.BACKEND)
    request.session[PROVIDER_SESSION] = True
    if not (next_url and url_has_allowed_host_and_scheme(next_url, {request.get_host()})):
        next_url = resolve_url(settings.LOGIN_REDIRECT_URL)
    return HttpResponseRedirect(next_url)


def _refused(request, refused: sso.SignInRefused) -> HttpResponse:
    audit_record(
        kind=AuditEvent.Kind.LOGIN_FAILED,
        request=request,
        username=refused.username,
        detail=f"Single sign-on refused: {refused.detail}",
    )
    return render(
        request,
        "registration/sso_refused.html",
        {
            "reason": refused.reason,
            "title": sso.REFUSED_MESSAGES[refused.reason],
            "unknown_users": settings.OIDC_UNKNOWN_USERS,
        }
        | _sign_in_context(),
        status=refused.status,
    )


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    """Ends the session here; after a provider sign-in, offers the provider's sign-out."""
    through_provider = request.session.get(PROVIDER_SESSION, False)
    auth.logout(request)
    if not through_provider:
        return redirect(settings.LOGOUT_REDIRECT_URL)
    return render(
        request,
        "registration/signed_out.html",
        {"provider_logout_url": sso.provider_logout_url(request)} | _sign_in_context(),
    )
