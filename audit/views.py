"""The staff list view of voidable records, written once for every kind of record."""

from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from binghamton_safety.paging import BoundedPageSize
from binghamton_safety.roles import is_editor, viewer_required


class RecordListView(BoundedPageSize, SingleTableMixin, FilterView):
    """Every record of one kind, voided ones included and marked (they count in no
    figure): filters, a sortable table (an `audit.tables.RecordTable`) and pages of a
    bounded size. For viewers; editors also get each row's edit and void links.

    Subclasses set `queryset`, `table_class`, `filterset_class` and `template_name`;
    `Lifecycle.url_patterns()` gives each its `lifecycle` (the record's pages)."""

    lifecycle = None

    def dispatch(self, request, *args, **kwargs):
        return viewer_required(super().dispatch)(request, *args, **kwargs)

    def get_table_kwargs(self):
        return {"lifecycle": self.lifecycle, "can_edit": is_editor(self.request.user)}

    def get_context_data(self, **kwargs):
        return super().get_context_data(add_url=self.lifecycle.url("add"), **kwargs)
