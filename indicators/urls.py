from django.urls import path

from plans.addresses import moved_object_page, moved_plan_page

from . import access, views

app_name = "indicators"
PLAN = "plans/<slug:plan_slug>/"
urlpatterns = [
    path(PLAN + "indicators/", views.scorecard, name="scorecard"),
    path(PLAN + "indicators/<int:pk>/", views.indicator_detail, name="detail"),
    path(PLAN + "indicators/enter/", views.enter_values, name="enter"),
    path(PLAN + "indicators/import/", views.import_values, name="import"),
    path(PLAN + "indicators/import/template.csv", views.import_template, name="import_template"),
    # Old addresses (plans/addresses.py).
    path("indicators/", moved_plan_page("indicators:scorecard"), name="old_scorecard"),
    path("indicators/enter/", moved_plan_page("indicators:enter"), name="old_enter"),
    path("indicators/import/", moved_plan_page("indicators:import"), name="old_import"),
    path(
        "indicators/<int:pk>/",
        moved_object_page("indicators:detail", access.plan_slug_of_indicator),
        name="old_detail",
    ),
]
