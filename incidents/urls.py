"""The incidents app's paths, below /incidents/."""

from django.urls import path

from . import views

app_name = "incidents"

urlpatterns = [
    *views.INCIDENTS.url_patterns("", views.IncidentListView),
    *views.RECOVERIES.url_patterns("recoveries/", views.RecoveryListView),
    path("complete-through/", views.complete_through, name="complete_through"),
    path("import/", views.import_upload, name="import"),
    path("import/confirm/", views.import_confirm, name="import_confirm"),
]
