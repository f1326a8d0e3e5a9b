from django.urls import path

from . import views

app_name = "plans"
PLAN = "plans/<slug:plan_slug>/"
urlpatterns = [
    path("plans/", views.plan_list, name="plan_list"),
    path(PLAN + "manage/", views.plan_manage, name="manage"),
    path(PLAN + "manage/activate/", views.plan_activate, name="activate"),
    path(PLAN + "manage/archive/", views.plan_archive, name="archive"),
    path(PLAN + "manage/delete/", views.plan_delete, name="delete"),
]
