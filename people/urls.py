from django.urls import path

from . import views

app_name = "people"
urlpatterns = [
    path("", views.person_list, name="list"),
    path("add/", views.person_add, name="add"),
    path("<int:pk>/", views.person_edit, name="edit"),
    path("<int:pk>/deactivate/", views.person_deactivate, name="deactivate"),
    path("<int:pk>/activate/", views.person_activate, name="activate"),
    path("<int:pk>/password-link/", views.password_link, name="password_link"),
    path("set-password/<uidb64>/<token>/", views.set_password, name="set_password"),
]
