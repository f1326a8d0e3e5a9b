from django.urls import path

from . import views

app_name = "indicators"
urlpatterns = [
    path("indicators/", views.scorecard, name="scorecard"),
    path("indicators/<int:pk>/", views.indicator_detail, name="detail"),
    path("indicators/enter/", views.enter_values, name="enter"),
    path("indicators/import/", views.import_values, name="import"),
    path("indicators/import/template.csv", views.import_template, name="import_template"),
]
