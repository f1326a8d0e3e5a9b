import os

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from . import views
from .forms import SignInForm

admin.site.site_header = "Improvement Board administration"
admin.site.site_title = "Improvement Board"

urlpatterns = [
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(
            authentication_form=SignInForm, redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    path("audit/", views.audit_trail, name="audit_trail"),
    path("accessibility/", views.accessibility_statement, name="accessibility"),
    path("", include("reports.urls")),
    path("", include("plans.urls")),
    path("", include("actions.urls")),
    path("", include("indicators.urls")),
    path("api/", include("api.urls")),
]

# The benchmark's reference pages (bench/views.py) exist only in a benchmark run.
if os.environ.get("BENCHMARK") == "1":
    urlpatterns.append(path("bench/", include("bench.urls")))

# Uploaded evidence is never served as static media, not even under DEBUG: only the
# download view, which checks the reader may see the action, hands files out.
