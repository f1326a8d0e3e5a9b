from django.urls import path

from . import views

app_name = "risks"
PLAN = "plans/<slug:plan_slug>/"
urlpatterns = [
    path(PLAN + "risks/", views.risk_log_page, name="log"),
    path(PLAN + "risks/new/", views.risk_new, name="new"),
    path(PLAN + "risks/<int:pk>/", views.risk_detail, name="detail"),
    path(PLAN + "risks/<int:pk>/edit/", views.risk_change, name="edit"),
    path(PLAN + "risks/<int:pk>/update/", views.risk_update_page, name="update"),
]
