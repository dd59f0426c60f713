"""Staff pages of the program results: every area's measures as of today, and the pages
of the values staff enter month by month (audit.lifecycle)."""

from django.shortcuts import render
from django.utils import timezone

from audit.lifecycle import Lifecycle
from audit.views import RecordListView
from binghamton_safety.roles import viewer_required

from .filters import MeasureValueFilter
from .forms import MeasureValueForm
from .models import MeasureValue
from .results import program_results
from .tables import MeasureValueTable


@viewer_required
def overview(request):
    """Each area's measures: value to date, target and cost per unit."""
    as_of = timezone.localdate()
    return render(
        request,
        "programs/overview.html",
        {"as_of": as_of, "areas": program_results(as_of)},
    )


class MeasureValueListView(RecordListView):
    """Every value entered, newest month first."""

    queryset = MeasureValue.all_objects.select_related(
        "measure__area", "recorded_by"
    ).order_by("-month", "measure__area__position", "measure__position")
    table_class = MeasureValueTable
    filterset_class = MeasureValueFilter
    template_name = "programs/value_list.html"


class MeasureValues(Lifecycle):
    """Entered measure values; the url names are value_list, value_add, value_edit,
    value_void, value_restore and value_history."""

    model = MeasureValue
    noun = "value"
    counts_in = (
        "the measure's value to date on the area pages, the dashboard and the API"
    )
    form_class = MeasureValueForm
    url_stem = "value"
    related = ("measure__area",)
    history_title = "History of the value {record}"
    back_label = "Back to the values"

    def save(self, request, forms: dict):
        value = forms["form"].save(commit=False)
        value.recorded_by = request.user
        value.save()
        return value


VALUES = MeasureValues()
