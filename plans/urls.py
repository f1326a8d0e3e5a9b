from django.urls import path

from . import views

app_name = "plans"
urlpatterns = [
    path("plans/", views.plan_list, name="plan_list"),
    path("plans/<slug:slug>/", views.plan_manage, name="manage"),
    path("plans/<slug:slug>/import/", views.plan_import_existing, name="import"),
    path(
        "plans/<slug:slug>/export.xlsx",
        views.plan_export,
        {"file_format": "xlsx"},
        name="export_xlsx",
    ),
    path(
        "plans/<slug:slug>/export.csv", views.plan_export, {"file_format": "csv"}, name="export_csv"
    ),
    path("plans/<slug:slug>/refresh/", views.plan_refresh_view, name="refresh"),
    path(
        "plans/<slug:slug>/recommendations/",
        views.recommendation_list,
        name="recommendation_list",
    ),
    path(
        "plans/<slug:slug>/recommendations/new/",
        views.recommendation_new,
        name="recommendation_new",
    ),
    path(
        "plans/<slug:slug>/recommendations/<int:pk>/edit/",
        views.recommendation_edit,
        name="recommendation_edit",
    ),
    # Importing a new plan, and the step between upload and confirmation, belong to no
    # plan yet, so they live outside plans/<slug>/.
    path("imports/new/", views.plan_import_new, name="import_new"),
    path("imports/template.xlsx", views.import_template, name="import_template"),
    path("imports/<str:token>/", views.import_preview, name="import_preview"),
    path("imports/<str:token>/cancel/", views.import_cancel, name="import_cancel"),
]
