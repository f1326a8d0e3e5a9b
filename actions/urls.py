from django.urls import path

from . import recommendation_views, views

app_name = "actions"
urlpatterns = [
    path("signed-in/", views.signed_in, name="signed_in"),
    path("my-actions/", views.my_actions, name="my_actions"),
    path("actions/<int:pk>/", views.action_detail, name="detail"),
    path("actions/<int:pk>/update/", views.action_update, name="update"),
    path("actions/<int:pk>/edit/", views.action_change, name="edit"),
    path("actions/<int:pk>/sign-off/", views.completion_decide, name="sign_off"),
    path("actions/<int:pk>/evidence/add/", views.evidence_create, name="evidence_add"),
    path("evidence/<int:pk>/download/", views.evidence_download, name="evidence_download"),
    path("evidence/<int:pk>/remove/", views.evidence_delete, name="evidence_remove"),
    path(
        "plans/<slug:slug>/recommendations/",
        recommendation_views.recommendation_list,
        name="recommendation_list",
    ),
    path(
        "plans/<slug:slug>/recommendations/new/",
        recommendation_views.recommendation_new,
        name="recommendation_new",
    ),
    path(
        "plans/<slug:slug>/recommendations/<int:pk>/edit/",
        recommendation_views.recommendation_edit,
        name="recommendation_edit",
    ),
]
