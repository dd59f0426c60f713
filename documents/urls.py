"""The documents' paths, below /documents/."""

from django.urls import path

from . import views

app_name = "documents"

urlpatterns = [
    *views.DOCUMENTS.url_patterns("", views.DocumentListView),
    path("<int:pk>/file/", views.document_file, name="file"),
    path(
        "<int:pk>/versions/<int:history_id>/file/",
        views.version_file,
        name="version_file",
    ),
]
