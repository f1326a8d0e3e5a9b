from django.urls import path

from . import views

app_name = "plans"
urlpatterns = [
    path("plans/", views.plan_list, name="plan_list"),
    path("plans/<slug:slug>/", views.plan_manage, name="manage"),
]
