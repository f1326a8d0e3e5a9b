import os

from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from . import signin, views

admin.site.site_header = "Improvement Board administration"
admin.site.site_title = "Improvement Board"

urlpatterns = [
    path("accounts/login/", signin.SignInView.as_view(), name="login"),
    path("accounts/logout/", signin.sign_out, name="logout"),
    path("accounts/verify/", signin.two_factor_verify, name="two_factor_verify"),
    path(
        "accounts/verify/recovery-code/",
        signin.two_factor_verify,
        {"recovery": True},
        name="two_factor_recovery",
    ),
    path("accounts/security/", signin.account_security, name="account_security"),
    path("accounts/security/set-up/", signin.two_factor_setup, name="two_factor_setup"),
    path(
        "accounts/security/recovery-codes/",
        signin.two_factor_recovery_codes,
        name="two_factor_recovery_codes",
    ),
    path("accounts/security/turn-off/", signin.two_factor_turn_off, name="two_factor_turn_off"),
    path("accounts/sso/start/", signin.SSOStartView.as_view(), name="sso_start"),
    path("accounts/sso/callback/", signin.sso_callback, name="sso_callback"),
    # The admin's own sign-in page would skip the second step and the provider: everyone
    # signs in through the service's page.
    path(
        "admin/login/",
        RedirectView.as_view(pattern_name="login", query_string=True),
        name="admin_login_redirect",
    ),
    path("admin/", admin.site.urls),
    path("audit/", views.audit_trail, name="audit_trail"),
    path("accessibility/", views.accessibility_statement, name="accessibility"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("", include("reports.urls")),
    path("", include("plans.urls")),
    path("", include("actions.urls")),
    path("", include("plan_files.urls")),
    path("", include("indicators.urls")),
    path("", include("risks.urls")),
    path("api/", include("api.urls")),
    path("people/", include("people.urls")),
]

handler400 = "improvement_board.views.bad_request"
handler403 = "improvement_board.views.permission_denied"
handler404 = "improvement_board.views.page_not_found"
handler500 = "improvement_board.views.server_error"

# The benchmark's reference pages (bench/views.py) exist only in a benchmark run.
if os.environ.get("BENCHMARK") == "1":
    urlpatterns.append(path("bench/", include("bench.urls")))

# Uploaded evidence is never served as static media, not even under DEBUG: only the
# download view, which checks the reader may see the action, hands files out.
