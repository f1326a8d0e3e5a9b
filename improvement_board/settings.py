"""Settings for Improvement Board, read from the environment.

Every value a deployment may change is an environment variable with a safe default;
a bad value stops the app at start-up with a message naming the variable.
"""

import datetime
import os
import urllib.parse
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    lowered = value.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}.")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}.") from None


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if not value:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set when DEBUG is false (on a development copy, set DEBUG=true)."
        )
    SECRET_KEY = "insecure-development-key-only-used-when-DEBUG-is-true"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
# A refused form says what happened in the service's own page.
CSRF_FAILURE_VIEW = "improvement_board.views.csrf_failure"

INSTALLED_APPS = [
    "improvement_board",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.forms",
    "django_tables2",
    "django_filters",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "csp",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "plans",
    "actions",
    "plan_files",
    "people",
    "reports",
    "indicators",
    "risks",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "api",
    "demo",
    "operations",
    "bench",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "improvement_board.middleware.DateQueryMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Before any view reads a parameter or the body; after the user is known, for the
    # page's header.
    "improvement_board.middleware.RejectMalformedQueryMiddleware",
    "improvement_board.middleware.RequestBodyLimitMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "csp.middleware.CSPMiddleware",
    "improvement_board.middleware.SessionLifetimeMiddleware",
    "improvement_board.middleware.NoStoreForSignedInMiddleware",
    "plans.writable.PlanReadOnlyMiddleware",
    "improvement_board.middleware.MethodNotAllowedPageMiddleware",
    # Last, so that a locked-out login is answered before any view runs.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "improvement_board.urls"
WSGI_APPLICATION = "improvement_board.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "improvement_board.context_processors.service",
                "plans.context_processors.plan_navigation",
            ],
        },
    },
]
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'improvement_board.sqlite3'}",
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # No JIT compilation: the app's queries return a page's rows, but the planner's cost
    # estimate for some (an owner's actions across every plan; where each action of many
    # plans stands) passes jit_above_cost at national scale, and compiling then took two
    # seconds for a query that runs in a few milliseconds.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite's default transaction takes the write lock only at its first write, and
    # fails at once with "database is locked" if another request or the task worker is
    # writing by then (a save that reads first, e.g. select_for_update). Taking the lock
    # when the transaction begins makes writers wait their turn instead.
    DATABASES["default"].setdefault("OPTIONS", {}).update(transaction_mode="IMMEDIATE", timeout=20)

# The Board's reading pages are kept per plan revision (reports/page_cache.py) in each app
# process's memory, or with CACHE_URL in a Redis server every app server shares: a write
# to the plan makes the next view compute them afresh, so several app servers need no
# shared store, but may share one. PAGE_CACHE_SECONDS=0 turns it off, as DEBUG does by
# default (an edited template shows at once).
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 0 if DEBUG else 600)


def pages_cache(url: str) -> dict:
    """Where the kept pages are: each process's memory (``CACHE_URL`` empty or
    ``locmem://``), or a Redis server shared by every app server (``redis://HOST:PORT/DB``,
    ``rediss://`` with TLS; Django's own RedisCache, with the ``redis`` package)."""
    if url in ("", "locmem://"):
        return {
            # Values kept as they are, not pickled (improvement_board/cache.py).
            "BACKEND": "improvement_board.cache.ProcessMemoryCache",
            "LOCATION": "pages",
            "OPTIONS": {"MAX_ENTRIES": env_int("PAGE_CACHE_ENTRIES", 200)},
        }
    parts = urllib.parse.urlsplit(url)
    database = parts.path.strip("/")
    try:
        parts.port  # noqa: B018 - raises for a port that is not a number
        well_formed = parts.scheme in ("redis", "rediss") and bool(parts.hostname)
    except ValueError:
        well_formed = False
    if not well_formed or not (database == "" or database.isdigit()):
        raise ImproperlyConfigured(
            "CACHE_URL must be redis://HOST:PORT/DB (or rediss:// with TLS), or empty to "
            f"keep pages in each process's memory, not {url!r}."
        )
    return {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": url,
        "KEY_PREFIX": "improvement-board",
    }


CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "pages": pages_cache(os.environ.get("CACHE_URL", "").strip()),
}

AUTH_USER_MODEL = "improvement_board.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
# Action owners land on My actions, everyone else on the dashboard (actions.views.signed_in).
LOGIN_REDIRECT_URL = "actions:signed_in"
LOGOUT_REDIRECT_URL = "login"
LOGOUT_REDIRECT_PATH = "/accounts/login/"

AUTHENTICATION_BACKENDS = [
    # Axes first: it refuses a locked-out account+address before the password is checked.
    "improvement_board.backends.SignInLockoutBackend",
    # Usernames and passwords; only superusers' when LOCAL_PASSWORD_SIGN_IN is off.
    "improvement_board.backends.LocalPasswordBackend",
    # People who signed in through the organisation's identity provider (sso.py).
    "improvement_board.sso.ProviderBackend",
]

# Single sign-on (README, "Deploying for a council"): on when OIDC_ISSUER is set.
OIDC_ISSUER = os.environ.get("OIDC_ISSUER", "").strip().rstrip("/")
OIDC_CLIENT_ID = os.environ.get("OIDC_CLIENT_ID", "").strip()
OIDC_CLIENT_SECRET = os.environ.get("OIDC_CLIENT_SECRET", "")
if OIDC_ISSUER and not (OIDC_CLIENT_ID and OIDC_CLIENT_SECRET):
    raise ImproperlyConfigured(
        "OIDC_ISSUER is set: OIDC_CLIENT_ID and OIDC_CLIENT_SECRET must be set too."
    )
if OIDC_ISSUER and not (OIDC_ISSUER.startswith("https://") or DEBUG):
    raise ImproperlyConfigured(f"OIDC_ISSUER must be an https:// address, not {OIDC_ISSUER!r}.")
# The button reads "Sign in with <name>".
OIDC_PROVIDER_NAME = os.environ.get("OIDC_PROVIDER_NAME", "Microsoft")
OIDC_SCOPES = os.environ.get("OIDC_SCOPES", "openid email profile")
# The claim that says the provider verified the email address. Entra ID sends none by
# default: add the optional claim xms_edov and set this to it.
OIDC_EMAIL_VERIFIED_CLAIM = os.environ.get("OIDC_EMAIL_VERIFIED_CLAIM", "email_verified")
# Someone the provider vouches for with no account here: "refuse" (ask a plan manager),
# or "await_approval" (an inactive account is made for an administrator to activate).
OIDC_UNKNOWN_USERS = os.environ.get("OIDC_UNKNOWN_USERS", "refuse")
if OIDC_UNKNOWN_USERS not in {"refuse", "await_approval"}:
    raise ImproperlyConfigured(
        f"OIDC_UNKNOWN_USERS must be refuse or await_approval, not {OIDC_UNKNOWN_USERS!r}."
    )
OIDC_GROUPS_CLAIM = os.environ.get("OIDC_GROUPS_CLAIM", "groups")


def _role_groups(value: str) -> dict:
    """OIDC_ROLE_GROUPS: "Plan managers=ID,ID;Action owners=ID;Board members=ID"."""
    from improvement_board.roles import Role

    roles = {role.value.lower(): role for role in Role} | {r.label.lower(): r for r in Role}
    mapping = {}
    for part in filter(None, (p.strip() for p in value.split(";"))):
        name, _, ids = part.partition("=")
        role = roles.get(name.strip().lower())
        if role is None or not ids.strip():
            raise ImproperlyConfigured(
                f"OIDC_ROLE_GROUPS: {part!r} is not ROLE=GROUP-ID (roles: Plan managers, "
                "Action owners, Board members)."
            )
        mapping[role] = [i.strip() for i in ids.split(",") if i.strip()]
    return mapping


# When set, the provider's groups decide each person's roles at every sign-in.
OIDC_ROLE_GROUPS = _role_groups(os.environ.get("OIDC_ROLE_GROUPS", ""))
OIDC_TIMEOUT = env_int("OIDC_TIMEOUT_SECONDS", 10)
# mozilla-django-oidc's own settings: PKCE on top of state and nonce.
OIDC_USE_PKCE = True
OIDC_RP_SCOPES = OIDC_SCOPES
OIDC_RP_CLIENT_ID = OIDC_CLIENT_ID
OIDC_AUTHENTICATION_CALLBACK_URL = "sso_callback"
OIDC_REDIRECT_REQUIRE_HTTPS = not DEBUG

# Local usernames and passwords. Off leaves only superusers' (the emergency account).
LOCAL_PASSWORD_SIGN_IN = env_bool("LOCAL_PASSWORD_SIGN_IN", True)
# Two-step verification (TOTP) for local accounts: required of plan managers and
# superusers unless this is off (the demo turns it off); anyone may turn it on.
MFA_REQUIRED_FOR_MANAGERS = env_bool("MFA_REQUIRED_FOR_MANAGERS", True)
OTP_TOTP_ISSUER = "Improvement Board"
# A code is good for its 30 seconds and one step either side, once. Failed codes count
# towards the sign-in lockout (axes) rather than django-otp's own growing delays.
OTP_TOTP_SYNC = False
OTP_TOTP_THROTTLE_FACTOR = 0
OTP_STATIC_THROTTLE_FACTOR = 0

# Sessions live in the database so several app servers can share them. They end after
# 30 minutes without a request, and 12 hours after sign-in whatever the activity. The
# idle limit is renewed at most once a minute, not on every request, so that reading a
# page writes nothing (improvement_board/middleware.py).
SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_MINUTES", 30) * 60
SESSION_SAVE_EVERY_REQUEST = False
SESSION_RENEW_SECONDS = min(60, SESSION_COOKIE_AGE // 10)
SESSION_ABSOLUTE_SECONDS = env_int("SESSION_ABSOLUTE_HOURS", 12) * 3600
SESSION_COOKIE_HTTPONLY = True
# No script reads the CSRF cookie: every form carries the token in a hidden field.
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG

# Behind a TLS-terminating proxy the app sees plain HTTP; trust its header only if told to.
if env_bool("TRUST_X_FORWARDED_PROTO", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = 0 if DEBUG else env_int("SECURE_HSTS_SECONDS", 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}

# Sign-in throttling: an account+address pair is locked after this many failures, until
# that many minutes pass without another failure.
# The read-only API (api/): per-person tokens, or the signed-in session for the docs
# page's "Try it out"; GET only, flat records paged in the headers, JSON or CSV.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "api.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "api.renderers.CsvRenderer",
    ],
    "DEFAULT_PARSER_CLASSES": [],
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "api.negotiation.StrictFormatNegotiation",
    "DEFAULT_PAGINATION_CLASS": "api.pagination.FlatPagination",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_THROTTLE_CLASSES": [],
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Improvement Board API",
    "DESCRIPTION": (
        "Read-only access to the Improvement Plans you may read, for performance teams' "
        "Power BI and Excel. Send your token (made on the API tokens page) as "
        "`Authorization: Token <key>`. Every list is a flat JSON array of records, paged: "
        "`X-Total-Count` and the `Link` header say where the next page is. Add "
        "`?format=csv` for CSV. Figures as at a date (`as_at`) are as known at the end "
        "of that day, by the same rules as the dashboard."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SERVE_AUTHENTICATION": [],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "SCHEMA_PATH_PREFIX": "/api/",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "RatingEnum": "actions.models.Rating",
        "SlippageReasonEnum": "actions.models.SlippageReason",
        "IndicatorDirectionEnum": "indicators.status.Direction",
        "DirectionOfTravelEnum": "api.serializers.DIRECTIONS",
    },
}

AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 10)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env_int("LOGIN_LOCKOUT_MINUTES", 5))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "improvement_board.views.locked_out"
# Behind the deployment's own proxies (nginx: 1), the browser's address is read from the
# X-Forwarded-For they write (improvement_board.audit.client_address).
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
AXES_CLIENT_IP_CALLABLE = "improvement_board.audit.client_address"
AXES_VERBOSE = False

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "media/"
# Evidence files are read back only through the download view, which checks the reader may
# see the action (actions.views.evidence_download); on disk only the app's user reads them.
FILE_UPLOAD_PERMISSIONS = 0o640
# The largest request body the app reads: the largest upload (an evidence file, 20 MB)
# and the rest of its form. Larger bodies are refused from their Content-Length, unread
# (improvement_board.middleware.RequestBodyLimitMiddleware). Form fields other than
# files stay under Django's own DATA_UPLOAD_MAX_MEMORY_SIZE (2.5 MB).
REQUEST_BODY_MAX_BYTES = env_int("REQUEST_BODY_MAX_MB", 21) * 1024 * 1024
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o750
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# Run by the worker (manage.py db_worker) in a thread of its own, every so many seconds.
TASK_WORKER_HOUSEKEEPING = ["reports.services.pdf_builds_fail_abandoned"]
TASK_WORKER_HOUSEKEEPING_SECONDS = env_int("TASK_WORKER_HOUSEKEEPING_SECONDS", 60)

EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "improvement-board@localhost")
# The address of the service, for links in emails (reminders are sent outside a request).
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

DJANGO_TABLES2_TEMPLATE = "includes/table.html"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}
