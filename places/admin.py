"""Admin for places: shown, with their history, never edited here.

Editors add and correct places on the staff pages (/places/), whose form checks the
boundary (valid, polygonal, bounded) and makes its web copy; the admin would store a
boundary as typed.
"""

from django.contrib import admin

from audit.admin import ReadOnlyAdmin

from .models import Place


@admin.register(Place)
class PlaceAdmin(ReadOnlyAdmin):
    edited_on = "places:place_list"
    list_display = ["kind", "code", "name", "population", "population_year"]
    list_filter = ["kind", "illustrative"]
    search_fields = ["code", "name"]
    exclude = ["boundary", "web_boundary"]  # megabytes of coordinates
    readonly_fields = ["boundary_summary"]
