"""The incidents app's paths, below /incidents/."""

from django.urls import path

from . import format_views, views

app_name = "incidents"

urlpatterns = [
    *views.INCIDENTS.url_patterns("", views.IncidentListView),
    *views.RECOVERIES.url_patterns("recoveries/", views.RecoveryListView),
    path("map/", views.incident_map, name="incident_map"),
    path("complete-through/", views.complete_through, name="complete_through"),
    path("import/", views.import_upload, name="import"),
    path("import/confirm/", views.import_confirm, name="import_confirm"),
    path("import/formats/", format_views.format_list, name="format_list"),
    path("import/formats/new/", format_views.format_add, name="format_add"),
    path("import/formats/<int:pk>/", format_views.format_edit, name="format_edit"),
    path(
        "import/formats/<int:pk>/download/",
        format_views.format_download,
        name="format_download",
    ),
    path(
        "import/formats/shipped/<slug:name>/",
        format_views.shipped_format,
        name="shipped_format",
    ),
    path(
        "import/formats/build/",
        format_views.builder_sample,
        name="format_builder_sample",
    ),
    path(
        "import/formats/build/columns/",
        format_views.builder,
        name="format_builder",
    ),
]
