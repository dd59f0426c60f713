"""Documents in the admin: shown only, since a file's content is checked on the staff pages
(/documents/), where documents are added, replaced and voided."""

from django.contrib import admin

from audit.admin import ReadOnlyAdmin

from .models import Document


@admin.register(Document)
class DocumentAdmin(ReadOnlyAdmin):
    edited_on = "documents:document_list"
    list_display = ["title", "kind", "dated", "public", "file_kind", "voided_at"]
    list_filter = ["kind", "public", "illustrative"]
    readonly_fields = ["voided_at", "voided_by", "void_reason"]
