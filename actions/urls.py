from django.urls import path

from plans.addresses import moved_object_page

from . import access, recommendation_views, views

app_name = "actions"
PLAN = "plans/<slug:plan_slug>/"
urlpatterns = [
    path("signed-in/", views.signed_in, name="signed_in"),
    # Every action the person leads or helps with, in all their plans.
    path("my-actions/", views.my_actions, name="my_actions"),
    path(PLAN + "actions/<int:pk>/", views.action_detail, name="detail"),
    path(PLAN + "actions/<int:pk>/update/", views.action_update, name="update"),
    path(PLAN + "actions/<int:pk>/edit/", views.action_change, name="edit"),
    path(PLAN + "actions/<int:pk>/sign-off/", views.completion_decide, name="sign_off"),
    path(PLAN + "actions/<int:pk>/evidence/add/", views.evidence_create, name="evidence_add"),
    path(PLAN + "evidence/<int:pk>/download/", views.evidence_download, name="evidence_download"),
    path(PLAN + "evidence/<int:pk>/remove/", views.evidence_delete, name="evidence_remove"),
    path(
        PLAN + "manage/recommendations/",
        recommendation_views.recommendation_list,
        name="recommendation_list",
    ),
    path(
        PLAN + "manage/recommendations/new/",
        recommendation_views.recommendation_new,
        name="recommendation_new",
    ),
    path(
        PLAN + "manage/recommendations/<int:pk>/edit/",
        recommendation_views.recommendation_edit,
        name="recommendation_edit",
    ),
    # Old addresses (plans/addresses.py).
    path(
        "actions/<int:pk>/",
        moved_object_page("actions:detail", access.plan_slug_of_action),
        name="old_detail",
    ),
    path(
        "actions/<int:pk>/update/",
        moved_object_page("actions:update", access.plan_slug_of_action),
        name="old_update",
    ),
    path(
        "actions/<int:pk>/edit/",
        moved_object_page("actions:edit", access.plan_slug_of_action),
        name="old_edit",
    ),
    path(
        "actions/<int:pk>/sign-off/",
        moved_object_page("actions:sign_off", access.plan_slug_of_action),
        name="old_sign_off",
    ),
    path(
        "evidence/<int:pk>/download/",
        moved_object_page("actions:evidence_download", access.plan_slug_of_evidence),
        name="old_evidence_download",
    ),
]
