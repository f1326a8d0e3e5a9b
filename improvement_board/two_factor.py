"""Two-step verification for local accounts: a TOTP authenticator app, and recovery codes.

django-otp keeps the devices: a confirmed ``TOTPDevice`` (its code is good for its
30-second step and one step either side, and never twice) and a ``StaticDevice`` holding
single-use recovery codes. A sign-in whose password was right but whose second step is
still to come is *pending*: the session holds who it is for a few minutes, and nobody is
signed in until the code is right. Wrong codes count towards the same lockout as wrong
passwords (django-axes), per account and address.
"""

import base64
import io
import secrets
import time

from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_login_failed
from django.db import transaction
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.util import random_hex

from .audit import audit_record
from .models import AuditEvent
from .roles import Role, has_role

PENDING_USER = "two_factor_user"
PENDING_BACKEND = "two_factor_backend"
PENDING_AT = "two_factor_started_at"
PENDING_NEXT = "two_factor_next"
SETUP_KEY = "two_factor_setup_key"
NEW_RECOVERY_CODES = "two_factor_new_recovery_codes"
PENDING_SECONDS = 5 * 60
RECOVERY_CODE_COUNT = 10


def two_factor_required(user) -> bool:
    """Plan managers and superusers must use a second step (unless the setting is off)."""
    if not settings.MFA_REQUIRED_FOR_MANAGERS:
        return False
    return user.is_superuser or has_role(user, Role.PLAN_MANAGER)


def totp_device(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


# --- The pending sign-in --------------------------------------------------------------


def pending_start(request, *, user, backend: str, next_url: str) -> None:
    request.session.cycle_key()
    request.session[PENDING_USER] = user.pk
    request.session[PENDING_BACKEND] = backend
    request.session[PENDING_AT] = time.time()
    request.session[PENDING_NEXT] = next_url


def pending_user(request):
    """The account a pending sign-in is for, or None (none, or more than 5 minutes old)."""
    started = request.session.get(PENDING_AT)
    if started is None or time.time() - started > PENDING_SECONDS:
        pending_clear(request)
        return None
    users = get_user_model().objects.filter(is_active=True)
    return users.filter(pk=request.session.get(PENDING_USER)).first()


def pending_clear(request) -> None:
    for key in (PENDING_USER, PENDING_BACKEND, PENDING_AT, PENDING_NEXT, SETUP_KEY):
        request.session.pop(key, None)


def is_locked_out(request, user) -> bool:
    return not AxesProxyHandler.is_allowed(request, credentials={"username": user.get_username()})


def record_failed_code(request, user, what: str) -> None:
    """A wrong or reused code: a failed sign-in for the audit trail and for the lockout."""
    user_login_failed.send(
        sender=__name__,
        credentials={"username": user.get_username()},
        request=request,
        detail=what,
    )


# --- Codes ----------------------------------------------------------------------------


def normalise_code(value: str) -> str:
    return "".join(value.split()).replace("-", "").lower()


def verify_totp(user, code: str) -> str:
    """ "" if ``code`` is the app's code now (or one step either side) and not used
    before; else why it was refused, for the audit trail."""
    device = totp_device(user)
    code = normalise_code(code)
    if device is None:
        return "no authenticator app set up"
    if not (code.isdigit() and len(code) == 6):
        return "code not six digits"
    last_used_step = device.last_t
    if device.verify_token(code):
        return ""
    if last_used_step >= 0 and code == code_for_key(
        device.key, at=device.t0 + last_used_step * device.step
    ):
        return "code already used"
    return "wrong code"


@transaction.atomic
def verify_recovery_code(user, code: str) -> bool:
    """A recovery code is good once: the right one is used up."""
    token = (
        StaticToken.objects.select_for_update()
        .filter(device__user=user, device__confirmed=True, token=normalise_code(code))
        .first()
    )
    if token is None:
        return False
    token.delete()
    return True


def new_setup_key() -> str:
    return random_hex(20)


def setup_secret(key_hex: str) -> str:
    """The key as an authenticator app takes it typed: base32, in groups of four."""
    secret = base64.b32encode(bytes.fromhex(key_hex)).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def setup_uri(user, key_hex: str) -> str:
    return TOTPDevice(user=user, key=key_hex, name="Authenticator app").config_url


def setup_qr_svg(user, key_hex: str) -> str:
    """The otpauth:// address as an SVG QR code, to put in the page as it is."""
    import qrcode
    import qrcode.image.svg

    image = qrcode.make(setup_uri(user, key_hex), image_factory=qrcode.image.svg.SvgPathImage)
    out = io.BytesIO()
    image.save(out)
    svg = out.getvalue().decode()
    return svg[svg.index("<svg") :]


def code_for_key(key_hex: str, at: float | None = None) -> str:
    """The code an authenticator app shows for this key (for checking a setup key)."""
    totp = TOTP(bytes.fromhex(key_hex))
    totp.time = time.time() if at is None else at
    return f"{totp.token():06d}"


# --- Writes ---------------------------------------------------------------------------


@transaction.atomic
def two_factor_enable(*, user, key_hex: str, code: str, request=None) -> list[str] | None:
    """Turns on the authenticator app if ``code`` is right for ``key_hex``.

    Replaces any earlier device, makes new recovery codes and returns them (to be shown
    once), and records the change in the audit trail. None if the code is wrong.
    """
    TOTPDevice.objects.filter(user=user).delete()
    device = TOTPDevice(user=user, key=key_hex, name="Authenticator app", confirmed=True)
    device.full_clean()
    device.save()
    if not device.verify_token(normalise_code(code)):
        transaction.set_rollback(True)
        return None
    codes = _replace_recovery_codes(user)
    audit_record(kind=AuditEvent.Kind.MFA_ON, request=request, user=user)
    return codes


@transaction.atomic
def recovery_codes_renew(*, user, request=None) -> list[str]:
    codes = _replace_recovery_codes(user)
    audit_record(kind=AuditEvent.Kind.RECOVERY_CODES, request=request, user=user)
    return codes


@transaction.atomic
def two_factor_disable(*, user, request=None) -> None:
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    audit_record(kind=AuditEvent.Kind.MFA_OFF, request=request, user=user)


def _replace_recovery_codes(user) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name="Recovery codes", confirmed=True)
    codes = [secrets.token_hex(5) for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return [f"{code[:5]}-{code[5:]}" for code in codes]
