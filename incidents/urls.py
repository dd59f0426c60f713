from django.urls import path

from . import views

app_name = "incidents"

urlpatterns = [
    path("", views.IncidentListView.as_view(), name="incident_list"),
    path("new/", views.incident_add, name="incident_add"),
    path("<int:pk>/", views.incident_detail, name="incident_detail"),
    path("<int:pk>/edit/", views.incident_edit, name="incident_edit"),
    path("<int:pk>/void/", views.incident_void, name="incident_void"),
    path("<int:pk>/restore/", views.incident_restore, name="incident_restore"),
    path("<int:pk>/history/", views.incident_history, name="incident_history"),
    path("recoveries/", views.RecoveryListView.as_view(), name="recovery_list"),
    path("recoveries/new/", views.recovery_add, name="recovery_add"),
    path("recoveries/<int:pk>/edit/", views.recovery_edit, name="recovery_edit"),
    path("recoveries/<int:pk>/void/", views.recovery_void, name="recovery_void"),
    path(
        "recoveries/<int:pk>/restore/", views.recovery_restore, name="recovery_restore"
    ),
    path(
        "recoveries/<int:pk>/history/",
        views.recovery_history,
        name="recovery_history",
    ),
    path("complete-through/", views.complete_through, name="complete_through"),
    path("import/", views.import_upload, name="import"),
    path("import/confirm/", views.import_confirm, name="import_confirm"),
]
