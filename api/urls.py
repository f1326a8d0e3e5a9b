from django.urls import path
from drf_spectacular.views import SpectacularAPIView

from . import log_views, token_views, views
from .docs import ApiDocs

app_name = "api"
urlpatterns = [
    path("tokens/", token_views.tokens, name="tokens"),
    path("tokens/<int:pk>/revoke/", token_views.token_revoke, name="token_revoke"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", ApiDocs.as_view(url_name="api:schema"), name="docs"),
    path("plans/", views.PlanList.as_view(), name="plans"),
    path("plans/<slug:slug>/", views.PlanDetail.as_view(), name="plan"),
    path("plans/<slug:slug>/sections/", views.SectionList.as_view(), name="sections"),
    path("plans/<slug:slug>/actions/", views.ActionList.as_view(), name="actions"),
    path("plans/<slug:slug>/updates/", views.ActionUpdateList.as_view(), name="updates"),
    path("plans/<slug:slug>/indicators/", views.IndicatorList.as_view(), name="indicators"),
    path(
        "plans/<slug:slug>/indicator-values/",
        views.IndicatorValueList.as_view(),
        name="indicator_values",
    ),
    path("plans/<slug:slug>/summary/", views.SummaryList.as_view(), name="summary"),
    path("plans/<slug:slug>/risks/", log_views.RiskList.as_view(), name="risks"),
    path(
        "plans/<slug:slug>/assurance-events/",
        log_views.AssuranceEventList.as_view(),
        name="assurance_events",
    ),
]
