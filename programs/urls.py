"""The program results' staff paths, below /programs/."""

from django.urls import path

from . import views

app_name = "programs"

urlpatterns = [
    path("", views.overview, name="overview"),
    *views.VALUES.url_patterns("values/", views.MeasureValueListView),
]
