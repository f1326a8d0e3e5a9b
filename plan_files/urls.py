from django.urls import path

from . import import_views, risk_views, views

app_name = "plan_files"
urlpatterns = [
    path("plans/<slug:plan_slug>/import/", import_views.plan_import_existing, name="import"),
    path(
        "plans/<slug:plan_slug>/export.xlsx",
        views.plan_export,
        {"file_format": "xlsx"},
        name="export_xlsx",
    ),
    path(
        "plans/<slug:plan_slug>/export.csv",
        views.plan_export,
        {"file_format": "csv"},
        name="export_csv",
    ),
    path(
        "plans/<slug:plan_slug>/risks/export.xlsx",
        risk_views.risk_log_export,
        {"file_format": "xlsx"},
        name="risk_export_xlsx",
    ),
    path(
        "plans/<slug:plan_slug>/risks/export.csv",
        risk_views.risk_log_export,
        {"file_format": "csv"},
        name="risk_export_csv",
    ),
    path(
        "plans/<slug:plan_slug>/risks/import/",
        risk_views.risk_log_import_view,
        name="risk_import",
    ),
    path("plans/<slug:plan_slug>/refresh/", views.plan_refresh_view, name="refresh"),
    path(
        "plans/<slug:plan_slug>/without-accounts/",
        views.plan_placeholders_view,
        name="placeholders",
    ),
    # Importing a new plan, and the step between upload and confirmation, belong to no
    # plan yet, so they live outside plans/<slug>/.
    path("imports/new/", import_views.plan_import_new, name="import_new"),
    path("imports/template.xlsx", views.import_template, name="import_template"),
    path("imports/<str:token>/", import_views.import_preview, name="import_preview"),
    path("imports/<str:token>/cancel/", import_views.import_cancel, name="import_cancel"),
]
