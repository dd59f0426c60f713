from django.contrib import admin

from .models import CouncilPacket


@admin.register(CouncilPacket)
class CouncilPacketAdmin(admin.ModelAdmin):
    """Published council packets: their dates and moments become public figures (README,
    "Disclosure of small counts")."""

    list_display = ["presented_on", "title", "recorded_at", "illustrative"]
    list_filter = ["illustrative"]
    search_fields = ["title"]
    date_hierarchy = "presented_on"
