"""The places app's paths, below /places/."""

from django.urls import path

from . import views

app_name = "places"

urlpatterns = [
    path("", views.place_list, name="place_list"),
    path("new/", views.place_add, name="place_add"),
    path("<int:pk>/edit/", views.place_edit, name="place_edit"),
    path("<int:pk>/history/", views.place_history, name="place_history"),
    path("map/<slug:kind>/", views.kind_map, name="kind_map"),
]
